"""The row rules of DESIGN.md "Deliveries", one call per row: the specification of intake's checks.

The ordinary row is checked by the compiled copy of these rules (services/intake/native, held
equal to this by tests); this runs for the rows it leaves to Python, and for every row when
`LR_COMPILED_ROW_CHECKS` is off. The identifiers are python-stdnum's (`lr_shared.bsn` for the
BSN's 11-proof, `stdnum.nl.brin` for the BRIN's form). Still written for speed: the common case
is a dictionary hit (school, board, code lists, cached dates), and a format is only examined
closely once the fast lookup has failed, to say precisely what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from stdnum.nl import brin as stdnum_brin

from lr_intake.domain import codes
from lr_intake.domain.appointment import Appointment, Issue
from lr_intake.domain.dates import add_month, age_on, parse_date
from lr_intake.domain.email import normalize_email
from lr_intake.domain.reference import ReferenceData
from lr_shared import bsn as bsn_numbers

_BG = re.compile(r"[0-9]{5}")
_VOLGNUMMER = re.compile(r"[0-9]{2}")

FUNCTIES_IN_SCOPE = frozenset({"leraar", "lio", "uitzendkracht"})
FUNCTIES_OUT_OF_SCOPE = frozenset({"stagiair", "onderwijsassistent", "intern_begeleider"})
GESLACHTEN = frozenset({"M", "V", "X", "O"})
MIN_AGE, MAX_AGE = 15, 80
MAX_LENGTHS = {"achternaam": 200, "tussenvoegsel": 20, "voorletters": 20}

# (column, code, message) before the row number is known.
Problem = tuple[str | None, str, str]

_INVALID = date.min  # what an unparseable date is cached as

# Builds a NamedTuple from a tuple in C; its generated keyword constructor costs a Python call.
_new = tuple.__new__


def _problem(code: str, column: str) -> Problem:
    return (column, code, codes.row_message(code, column))


_REQUIRED = {
    name: _problem(codes.REQUIRED, name)
    for name in (
        "bevoegd_gezag",
        "bsn",
        "achternaam",
        "voorletters",
        "geslacht",
        "geboortedatum",
        "brin",
        "functie",
        "benoemingsgrondslag",
        "benoeming_begindatum",
        "dienstverband_begindatum",
    )
}
_DATE_INVALID = {
    name: _problem(codes.DATE_INVALID, name)
    for name in (
        "geboortedatum",
        "benoeming_begindatum",
        "benoeming_einddatum",
        "dienstverband_begindatum",
        "dienstverband_einddatum",
    )
}
_TOO_LONG = {name: _problem(codes.TOO_LONG, name) for name in MAX_LENGTHS}
P = {
    code: _problem(code, column)
    for code, column in (
        (codes.BG_FORMAT, "bevoegd_gezag"),
        (codes.BG_NOT_ALLOWED, "bevoegd_gezag"),
        (codes.BSN_FORMAT, "bsn"),
        (codes.BSN_ELEVEN_PROOF, "bsn"),
        (codes.GESLACHT_INVALID, "geslacht"),
        (codes.AGE_IMPLAUSIBLE, "geboortedatum"),
        (codes.EMAIL_INVALID, "email"),
        (codes.BRIN_FORMAT, "brin"),
        (codes.VOLGNUMMER_FORMAT, "brin_volgnummer"),
        (codes.SCHOOL_UNKNOWN, "brin"),
        (codes.SCHOOL_OTHER_BOARD, "brin"),
        (codes.FUNCTIE_OUT_OF_SCOPE, "functie"),
        (codes.FUNCTIE_UNKNOWN, "functie"),
        (codes.GRONDSLAG_UNKNOWN, "benoemingsgrondslag"),
        (codes.TERREIN_REQUIRED, "onderwijsterrein"),
        (codes.TERREIN_FORBIDDEN, "onderwijsterrein"),
        (codes.TERREIN_UNKNOWN, "onderwijsterrein"),
        (codes.END_DATE_REQUIRED, "benoeming_einddatum"),
        (codes.BENOEMING_ORDER, "benoeming_einddatum"),
        (codes.DIENSTVERBAND_ORDER, "dienstverband_einddatum"),
        (codes.BENOEMING_BEFORE_DIENSTVERBAND, "benoeming_begindatum"),
        (codes.BENOEMING_AFTER_DIENSTVERBAND, "benoeming_einddatum"),
        (codes.SHORT_CONTRACT, "benoeming_einddatum"),
        (codes.LATE_DELIVERY, "benoeming_begindatum"),
    )
}


def bsn_problem(value: str) -> str | None:
    """None for a valid BSN (nine digits, or eight padded), else the code of what is wrong."""
    normalized = bsn_numbers.normalize(value)  # digits only: no separators
    if normalized is None:
        return codes.BSN_FORMAT
    return None if bsn_numbers.is_valid(normalized) else codes.BSN_ELEVEN_PROOF


class RowValidator:
    """Checks rows of one delivery. Holds caches, so make one per delivery (or per batch)."""

    def __init__(
        self, reference: ReferenceData, allowed_boards: frozenset[str], today: date
    ) -> None:
        self._schools = reference.schools
        self._grondslagen = reference.grondslagen_by_sector()
        self._all_grondslagen = frozenset(g.code for g in reference.grondslagen)
        self._terreinen = reference.onderwijsterreinen
        self._allowed = allowed_boards
        self._today = today
        self._dates: dict[str, date] = {}
        self._months: dict[date, date] = {}
        self._emails: dict[str, str] = {}  # invalid: the empty string

    def _date(self, text: str) -> date:
        """Parse and cache; an invalid date is cached as `_INVALID`."""
        day = self._dates[text] = parse_date(text) or _INVALID
        return day

    def _month_after(self, day: date) -> date:
        later = self._months[day] = add_month(day)
        return later

    def validate(
        self, row_number: int, values: Sequence[str]
    ) -> tuple[Appointment | None, list[Issue]]:
        """The appointment (None when the row has errors) and the row's issues (warnings only,
        when it is accepted). `values` are the 17 raw fields in `COLUMNS` order."""
        (bg, bsn, achternaam, tussenvoegsel, voorletters, geslacht, geb, email, brin, volgnr,
         functie, grondslag, terrein, bb, be, db, de) = map(str.strip, values)  # fmt: skip
        problems: list[Problem] = []
        add = problems.append

        if bg not in self._allowed:
            if not bg:
                add(_REQUIRED["bevoegd_gezag"])
            else:
                add(P[codes.BG_FORMAT] if _BG.fullmatch(bg) is None else P[codes.BG_NOT_ALLOWED])
        if not bsn:
            add(_REQUIRED["bsn"])
        else:
            wrong = bsn_problem(bsn)
            if wrong is not None:
                add(P[wrong])
            else:
                bsn = bsn.zfill(9)
        if not 0 < len(achternaam) <= 200:
            add(_TOO_LONG["achternaam"] if achternaam else _REQUIRED["achternaam"])
        if len(tussenvoegsel) > 20:
            add(_TOO_LONG["tussenvoegsel"])
        if not 0 < len(voorletters) <= 20:
            add(_TOO_LONG["voorletters"] if voorletters else _REQUIRED["voorletters"])
        if geslacht not in GESLACHTEN:
            geslacht = geslacht.upper()
            if geslacht not in GESLACHTEN:
                add(_REQUIRED["geslacht"] if not geslacht else P[codes.GESLACHT_INVALID])
        normalized_email: str | None = None
        if email:
            normalized_email = self._emails.get(email)
            if normalized_email is None:
                normalized_email = self._emails[email] = normalize_email(email) or ""
            if not normalized_email:
                add(P[codes.EMAIL_INVALID])

        # Dates: most values repeat (a school year's start), so parsed ones are cached.
        dates, parse = self._dates, self._date
        birth = (dates.get(geb) or parse(geb)) if geb else None
        benoeming_begin = (dates.get(bb) or parse(bb)) if bb else None
        benoeming_end = (dates.get(be) or parse(be)) if be else None
        dienst_begin = (dates.get(db) or parse(db)) if db else None
        dienst_end = (dates.get(de) or parse(de)) if de else None
        if birth is None or birth is _INVALID:
            add(_DATE_INVALID["geboortedatum"] if geb else _REQUIRED["geboortedatum"])
            birth = None
        if benoeming_begin is None or benoeming_begin is _INVALID:
            add(_DATE_INVALID["benoeming_begindatum"] if bb else _REQUIRED["benoeming_begindatum"])
            benoeming_begin = None
        if benoeming_end is _INVALID:
            add(_DATE_INVALID["benoeming_einddatum"])
            benoeming_end = None
        if dienst_begin is None or dienst_begin is _INVALID:
            add(
                _DATE_INVALID["dienstverband_begindatum"]
                if db
                else _REQUIRED["dienstverband_begindatum"]
            )
            dienst_begin = None
        if dienst_end is _INVALID:
            add(_DATE_INVALID["dienstverband_einddatum"])
            dienst_end = None
        if benoeming_begin is not None:
            if benoeming_end is not None and benoeming_end < benoeming_begin:
                add(P[codes.BENOEMING_ORDER])
            if birth is not None and not MIN_AGE <= age_on(birth, benoeming_begin) <= MAX_AGE:
                add(P[codes.AGE_IMPLAUSIBLE])
            if dienst_begin is not None and benoeming_begin < dienst_begin:
                add(P[codes.BENOEMING_BEFORE_DIENSTVERBAND])
        if dienst_begin is not None and dienst_end is not None and dienst_end < dienst_begin:
            add(P[codes.DIENSTVERBAND_ORDER])
        if dienst_end is not None and (
            benoeming_end > dienst_end
            if benoeming_end is not None
            # an open appointment begun after its employment ended (unless that is reversed)
            else benoeming_begin is not None
            and benoeming_begin > dienst_end
            and (dienst_begin is None or dienst_begin <= dienst_end)
        ):
            add(P[codes.BENOEMING_AFTER_DIENSTVERBAND])

        # School, board and the code lists of its sector.
        school = self._schools.get(brin + volgnr) if len(brin) == 4 else None
        if school is None:
            brin = brin.upper()
            if len(brin) == 4:
                school = self._schools.get(brin + (volgnr or "00"))
        if school is None:
            if not brin:
                add(_REQUIRED["brin"])
            elif len(brin) != 4 or not stdnum_brin.is_valid(brin):
                add(P[codes.BRIN_FORMAT])
            elif volgnr and _VOLGNUMMER.fullmatch(volgnr) is None:
                add(P[codes.VOLGNUMMER_FORMAT])
            else:
                add(P[codes.SCHOOL_UNKNOWN])
        elif school.bevoegd_gezag != bg and bg in self._allowed:
            add(P[codes.SCHOOL_OTHER_BOARD])

        if functie not in FUNCTIES_IN_SCOPE:
            functie = functie.lower()
            if functie in FUNCTIES_IN_SCOPE:
                pass
            elif not functie:
                add(_REQUIRED["functie"])
            elif functie in FUNCTIES_OUT_OF_SCOPE:
                add(P[codes.FUNCTIE_OUT_OF_SCOPE])
            else:
                add(P[codes.FUNCTIE_UNKNOWN])

        qualified: bool | None = None
        if not grondslag:
            add(_REQUIRED["benoemingsgrondslag"])
        elif school is not None:
            of_sector = self._grondslagen[school.sector]
            qualified = of_sector.get(grondslag)
            if qualified is None:
                grondslag = grondslag.upper()
                qualified = of_sector.get(grondslag)
                if qualified is None:
                    add(P[codes.GRONDSLAG_UNKNOWN])
        elif grondslag.upper() not in self._all_grondslagen:
            add(P[codes.GRONDSLAG_UNKNOWN])

        if terrein:
            terrein = terrein.upper()
        if qualified is True and terrein:
            add(P[codes.TERREIN_FORBIDDEN])
        elif qualified is False and not terrein:
            add(P[codes.TERREIN_REQUIRED])
        elif terrein and terrein not in self._terreinen:
            add(P[codes.TERREIN_UNKNOWN])
        if qualified is False and not be:
            add(P[codes.END_DATE_REQUIRED])

        if problems:
            return None, [Issue(row_number, c, code, "error", m) for c, code, m in problems]
        # No problems: everything below was found and parsed.
        assert school is not None
        assert qualified is not None
        assert birth is not None
        assert benoeming_begin is not None
        assert dienst_begin is not None

        warnings: list[Issue] = []
        month_later = self._months.get(benoeming_begin) or self._month_after(benoeming_begin)
        if benoeming_end is not None and benoeming_end < month_later:
            warnings.append(Issue(row_number, *_warning(codes.SHORT_CONTRACT)))
        if self._today > month_later:
            warnings.append(Issue(row_number, *_warning(codes.LATE_DELIVERY)))
        appointment = _new(
            Appointment,
            (
                row_number,
                bg,
                bsn,
                achternaam,
                tussenvoegsel,
                voorletters,
                geslacht,
                birth,
                normalized_email,
                school.brin,
                school.brin_volgnummer,
                school.sector,
                functie,
                grondslag,
                qualified,
                terrein or None,
                benoeming_begin,
                benoeming_end,
                dienst_begin,
                dienst_end,
            ),
        )
        return appointment, warnings


def _warning(code: str) -> tuple[str | None, str, codes.Severity, str]:
    column, _, message = P[code]
    return column, code, "warning", message
