"""Realistic delivery rows: Dutch names, valid BSNs, several appointments per teacher, some
teachers at two boards, and a chosen share of faulty rows, each with the one code it must get."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from lr_intake.devdata import names
from lr_intake.domain import codes
from lr_intake.domain.reference import GRONDSLAG_LISTS_OF_SECTOR, ReferenceSet, School


@dataclass
class GeneratedRow:
    """One row (column -> text) and what intake must say about it."""

    values: dict[str, str]
    board: str  # the board whose delivery file holds the row
    expected_error: str | None = None  # the row's code when it must be rejected
    expected_warnings: tuple[str, ...] = ()


def make_bsn(rng: random.Random) -> str:
    """A random nine-digit number passing the 11-proof."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


@dataclass
class _Teacher:
    bsn: str
    achternaam: str
    tussenvoegsel: str
    voorletters: str
    geslacht: str
    geboortedatum: date
    email: str


class _Generator:
    def __init__(self, reference: ReferenceSet, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.schools_of: dict[str, list[School]] = {}
        for school in reference.schools:
            self.schools_of.setdefault(school.bevoegd_gezag, []).append(school)
        self.grondslagen: dict[str, list[tuple[str, bool]]] = {}
        for sector, lists in GRONDSLAG_LISTS_OF_SECTOR.items():
            self.grondslagen[sector] = [
                (g.code, g.qualified) for g in reference.grondslagen if g.list_sector == lists[0]
            ]
        self.terreinen = [t.code for t in reference.onderwijsterreinen]
        self.bsns: set[str] = set()

    def teacher(self) -> _Teacher:
        rng = self.rng
        bsn = make_bsn(rng)
        while bsn in self.bsns:
            bsn = make_bsn(rng)
        self.bsns.add(bsn)
        achternaam = rng.choice(names.ACHTERNAMEN)
        voorletters = "".join(f"{rng.choice(names.INITIALEN)}." for _ in range(rng.randint(1, 3)))
        birth = self.today - timedelta(days=rng.randint(25 * 365, 64 * 365))
        domain = rng.choice(names.EMAIL_DOMEINEN)
        email = f"{voorletters[0].lower()}.{achternaam.lower()}{rng.randint(1, 999)}@{domain}"
        return _Teacher(
            bsn,
            achternaam,
            rng.choice(names.TUSSENVOEGSELS),
            voorletters,
            rng.choice("MMVVVVVVXO"),
            birth,
            email if rng.random() < 0.85 else "",
        )

    def appointment(self, teacher: _Teacher, board: str, school: School) -> GeneratedRow:
        rng = self.rng
        code, qualified = rng.choice(self.grondslagen[school.sector])
        late = rng.random() < 0.1
        begin = self.today - timedelta(days=rng.randint(40, 3000) if late else rng.randint(0, 25))
        end: date | None = None
        short = rng.random() < 0.02
        if short:
            end = begin + timedelta(days=rng.randint(7, 25))
        elif not qualified or rng.random() < 0.2:
            end = begin + timedelta(days=rng.choice((180, 364, 729)))
        dienst_begin = begin - timedelta(days=rng.choice((0, 0, 0, 365, 1000)))
        values = {
            "bevoegd_gezag": board,
            "bsn": teacher.bsn,
            "achternaam": teacher.achternaam,
            "tussenvoegsel": teacher.tussenvoegsel,
            "voorletters": teacher.voorletters,
            "geslacht": teacher.geslacht,
            "geboortedatum": teacher.geboortedatum.isoformat(),
            "email": teacher.email,
            "brin": school.brin,
            "brin_volgnummer": school.brin_volgnummer,
            "functie": rng.choice(("leraar",) * 18 + ("lio", "uitzendkracht")),
            "benoemingsgrondslag": code,
            "onderwijsterrein": "" if qualified else rng.choice(self.terreinen),
            "benoeming_begindatum": begin.isoformat(),
            "benoeming_einddatum": end.isoformat() if end else "",
            "dienstverband_begindatum": dienst_begin.isoformat(),
            "dienstverband_einddatum": "",
        }
        warnings = ((codes.SHORT_CONTRACT,) if short else ()) + (
            (codes.LATE_DELIVERY,) if late else ()
        )
        return GeneratedRow(values, board, None, warnings)


def generate_rows(
    reference: ReferenceSet,
    *,
    rows: int,
    seed: int = 1,
    error_share: float = 0.05,
    boards: list[str] | None = None,
    two_board_share: float = 0.05,
    today: date | None = None,
) -> list[GeneratedRow]:
    """About `rows` rows (exactly, unless a teacher's appointments straddle the end), grouped by
    board in the order of `boards` (default: every board with schools)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not cryptography
    gen = _Generator(reference, rng, today or date.today())
    board_list = boards or sorted(gen.schools_of)
    board_list = [b for b in board_list if b in gen.schools_of]
    others = sorted(gen.schools_of)
    per_board: dict[str, list[GeneratedRow]] = {board: [] for board in board_list}
    produced = 0
    while produced < rows:
        board = rng.choice(board_list)
        teacher = gen.teacher()
        schools = rng.sample(gen.schools_of[board], min(len(gen.schools_of[board]), 3))
        for school in schools[: rng.choice((1, 1, 1, 2, 2, 3))]:
            per_board[board].append(gen.appointment(teacher, board, school))
            produced += 1
        if len(board_list) > 1 and rng.random() < two_board_share:
            second = rng.choice(board_list)
            if second != board:
                school = rng.choice(gen.schools_of[second])
                per_board[second].append(gen.appointment(teacher, second, school))
                produced += 1
    result = [row for board in board_list for row in per_board[board]][:rows]
    _spoil(result, rng, error_share, gen, others)
    return result


Fault = Callable[[GeneratedRow, random.Random, "_Generator", list[str]], str | None]


def _spoil(
    rows: list[GeneratedRow], rng: random.Random, share: float, gen: _Generator, boards: list[str]
) -> None:
    """Make `share` of the rows faulty, cycling through the kinds of fault."""
    count = round(len(rows) * share)
    if not count:
        return
    victims = rng.sample(range(len(rows)), count)
    kinds = list(FAULTS.items())
    for n, index in enumerate(sorted(victims)):
        code, fault = kinds[n % len(kinds)]
        row = rows[index]
        if code == codes.ROW_DUPLICATE:
            earlier = _earlier_valid(rows, index)
            if earlier is None:
                continue
            rows[index] = GeneratedRow(dict(earlier.values), earlier.board, codes.ROW_DUPLICATE)
            continue
        if fault(row, rng, gen, boards) is None:
            continue
        row.expected_error = code
        row.expected_warnings = ()


def _earlier_valid(rows: list[GeneratedRow], index: int) -> GeneratedRow | None:
    for earlier in reversed(rows[max(0, index - 50) : index]):
        if earlier.expected_error is None and earlier.board == rows[index].board:
            return earlier
    return None


def _set(column: str, value: str) -> Fault:
    def fault(row: GeneratedRow, *_: object) -> str:
        row.values[column] = value
        return value

    return fault


def _bad_check_digit(row: GeneratedRow, *_: object) -> str:
    bsn = row.values["bsn"]
    row.values["bsn"] = bsn[:-1] + str((int(bsn[-1]) + 1) % 10)
    return "x"


def _other_board(row: GeneratedRow, rng: random.Random, gen: _Generator, boards: list[str]) -> str:
    row.values["bevoegd_gezag"] = rng.choice([b for b in boards if b != row.board])
    return "x"


def _school_of_other_board(
    row: GeneratedRow, rng: random.Random, gen: _Generator, boards: list[str]
) -> str | None:
    sector = _sector_of(row, gen)
    for _ in range(50):
        other = rng.choice(boards)
        school = gen.schools_of[other][0]
        if other != row.board and school.sector == sector:
            row.values["brin"], row.values["brin_volgnummer"] = school.brin, school.brin_volgnummer
            return "x"
    return None


def _sector_of(row: GeneratedRow, gen: _Generator) -> str:
    for school in gen.schools_of[row.board]:
        if school.brin == row.values["brin"]:
            return school.sector
    return "PO"


def _grondslag(row: GeneratedRow, gen: _Generator, qualified: bool) -> None:
    code = next(c for c, q in gen.grondslagen[_sector_of(row, gen)] if q is qualified)
    row.values["benoemingsgrondslag"] = code


def _terrein_missing(row: GeneratedRow, rng: random.Random, gen: _Generator, *_: object) -> str:
    _grondslag(row, gen, qualified=False)
    row.values["onderwijsterrein"] = ""
    begin = date.fromisoformat(row.values["benoeming_begindatum"])
    row.values["benoeming_einddatum"] = (begin + timedelta(days=364)).isoformat()
    return "x"


def _terrein_forbidden(row: GeneratedRow, rng: random.Random, gen: _Generator, *_: object) -> str:
    _grondslag(row, gen, qualified=True)
    row.values["onderwijsterrein"] = gen.terreinen[0]
    return "x"


def _end_date_missing(row: GeneratedRow, rng: random.Random, gen: _Generator, *_: object) -> str:
    _grondslag(row, gen, qualified=False)
    row.values["onderwijsterrein"] = gen.terreinen[0]
    row.values["benoeming_einddatum"] = ""
    return "x"


def _end_before_begin(row: GeneratedRow, *_: object) -> str:
    begin = date.fromisoformat(row.values["benoeming_begindatum"])
    row.values["benoeming_einddatum"] = (begin - timedelta(days=1)).isoformat()
    return "x"


def _too_young(row: GeneratedRow, *_: object) -> str:
    begin = date.fromisoformat(row.values["benoeming_begindatum"])
    row.values["geboortedatum"] = (begin - timedelta(days=10 * 365)).isoformat()
    return "x"


FAULTS: dict[str, Fault] = {
    codes.BSN_ELEVEN_PROOF: _bad_check_digit,
    codes.BSN_FORMAT: _set("bsn", "12345"),
    codes.BG_NOT_ALLOWED: _other_board,
    codes.BRIN_FORMAT: _set("brin", "1AB2"),
    codes.SCHOOL_UNKNOWN: _set("brin", "99ZZ"),
    codes.SCHOOL_OTHER_BOARD: _school_of_other_board,
    codes.DATE_INVALID: _set("geboortedatum", "31-02-1980"),
    codes.BENOEMING_ORDER: _end_before_begin,
    codes.AGE_IMPLAUSIBLE: _too_young,
    codes.GESLACHT_INVALID: _set("geslacht", "Q"),
    codes.EMAIL_INVALID: _set("email", "j.jansen.at.school.nl"),
    codes.FUNCTIE_OUT_OF_SCOPE: _set("functie", "onderwijsassistent"),
    codes.GRONDSLAG_UNKNOWN: _set("benoemingsgrondslag", "XX-ONBEKEND"),
    codes.TERREIN_REQUIRED: _terrein_missing,
    codes.TERREIN_FORBIDDEN: _terrein_forbidden,
    codes.END_DATE_REQUIRED: _end_date_missing,
    codes.REQUIRED: _set("achternaam", ""),
    codes.ROW_DUPLICATE: _set("bsn", ""),  # handled in _spoil: a copy of an earlier row
}


def by_board(rows: list[GeneratedRow]) -> Iterator[tuple[str, list[GeneratedRow]]]:
    """Rows grouped per delivering board, in first-seen order."""
    groups: dict[str, list[GeneratedRow]] = {}
    for row in rows:
        groups.setdefault(row.board, []).append(row)
    yield from groups.items()
