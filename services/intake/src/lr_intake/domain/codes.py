"""Stable issue codes with their Dutch messages (documented in docs/intake-codes.md).

A message never quotes the value it is about: values may be personal data. It names the row
(by number) and the column instead.
"""

from __future__ import annotations

from typing import Final, Literal

Severity = Literal["error", "warning"]

# Whole-file problems: the delivery is rejected with one of these.
FILE_NOT_UTF8: Final = "BESTAND_GEEN_UTF8"
FILE_EMPTY: Final = "BESTAND_LEEG"
FILE_NO_HEADER: Final = "BESTAND_GEEN_KOPREGEL"
FILE_UNKNOWN_COLUMNS: Final = "KOLOM_ONBEKEND"
FILE_MISSING_COLUMNS: Final = "KOLOM_ONTBREEKT"
FILE_DUPLICATE_COLUMNS: Final = "KOLOM_DUBBEL"
FILE_TOO_LARGE: Final = "BESTAND_TE_GROOT"
NO_MANDATE: Final = "GEEN_MANDAAT"
SUBMITTER_NOT_SENDER: Final = "INZENDER_ONJUIST"
REFERENCE_REUSED: Final = "REFERENTIE_HERGEBRUIKT"

FILE_MESSAGES: Final[dict[str, str]] = {
    FILE_NOT_UTF8: "Het bestand is geen geldige UTF-8-tekst (fout in of vlak na regel {row}). "
    "Sla het bestand op als UTF-8 (CSV UTF-8) en lever opnieuw.",
    FILE_EMPTY: "Het bestand is leeg of bevat alleen een kopregel.",
    FILE_NO_HEADER: "De eerste regel is geen kopregel met de verwachte kolomnamen.",
    FILE_UNKNOWN_COLUMNS: "Onbekende kolom(men) in de kopregel: {columns}.",
    FILE_MISSING_COLUMNS: "Verplichte kolom(men) ontbreken in de kopregel: {columns}.",
    FILE_DUPLICATE_COLUMNS: "Kolom(men) komen meer dan eens voor in de kopregel: {columns}.",
    FILE_TOO_LARGE: "Het bestand is groter dan toegestaan ({limit} MB).",
    NO_MANDATE: "De inzender mag niet leveren voor dit bevoegd gezag.",
    SUBMITTER_NOT_SENDER: "De inzender (submitted_by) is niet de organisatie van het token "
    "waarmee deze levering is verstuurd. Deze levering is niet verwerkt.",
    REFERENCE_REUSED: "Deze leveringsreferentie is al gebruikt voor een andere levering (met "
    "andere rijen, of via een ander kanaal). Deze levering is niet verwerkt. Geef elke nieuwe "
    "levering een eigen referentie; stuur dezelfde referentie alleen mee met precies dezelfde "
    "levering.",
}

# Row problems.
REQUIRED: Final = "VERPLICHT"
TOO_LONG: Final = "TE_LANG"
ROW_FIELD_COUNT: Final = "RIJ_AANTAL_VELDEN"
ROW_UNREADABLE: Final = "RIJ_ONLEESBAAR"
ROW_UNKNOWN_FIELD: Final = "RIJ_ONBEKEND_VELD"
ROW_DUPLICATE: Final = "RIJ_DUBBEL"
APPOINTMENT_DUPLICATE: Final = "BENOEMING_DUBBEL"
BG_FORMAT: Final = "BG_FORMAAT"
BG_NOT_ALLOWED: Final = "BG_NIET_TOEGESTAAN"
BSN_FORMAT: Final = "BSN_FORMAAT"
BSN_ELEVEN_PROOF: Final = "BSN_ELFPROEF"
GESLACHT_INVALID: Final = "GESLACHT_ONGELDIG"
DATE_INVALID: Final = "DATUM_ONGELDIG"
AGE_IMPLAUSIBLE: Final = "LEEFTIJD_ONAANNEMELIJK"
EMAIL_INVALID: Final = "EMAIL_ONGELDIG"
BRIN_FORMAT: Final = "BRIN_FORMAAT"
VOLGNUMMER_FORMAT: Final = "VOLGNUMMER_FORMAAT"
SCHOOL_UNKNOWN: Final = "SCHOOL_ONBEKEND"
SCHOOL_OTHER_BOARD: Final = "SCHOOL_ANDER_BESTUUR"
FUNCTIE_OUT_OF_SCOPE: Final = "FUNCTIE_BUITEN_SCOPE"
FUNCTIE_UNKNOWN: Final = "FUNCTIE_ONBEKEND"
GRONDSLAG_UNKNOWN: Final = "GRONDSLAG_ONBEKEND"
TERREIN_REQUIRED: Final = "TERREIN_VERPLICHT"
TERREIN_FORBIDDEN: Final = "TERREIN_NIET_TOEGESTAAN"
TERREIN_UNKNOWN: Final = "TERREIN_ONBEKEND"
END_DATE_REQUIRED: Final = "EINDDATUM_VERPLICHT"
BENOEMING_ORDER: Final = "BENOEMING_VOLGORDE"
DIENSTVERBAND_ORDER: Final = "DIENSTVERBAND_VOLGORDE"
BENOEMING_BEFORE_DIENSTVERBAND: Final = "BENOEMING_VOOR_DIENSTVERBAND"
BENOEMING_AFTER_DIENSTVERBAND: Final = "BENOEMING_NA_DIENSTVERBAND"
# Warnings: the row is accepted.
SHORT_CONTRACT: Final = "KORT_CONTRACT"
LATE_DELIVERY: Final = "LATE_LEVERING"
# Accepted as delivered, not passed on: the teacher had her data erased (docs/privacy.md,
# "Redelivery after erasure").
ERASED_TEACHER: Final = "LERAAR_GEGEVENS_VERWIJDERD"

ROW_MESSAGES: Final[dict[str, str]] = {
    REQUIRED: "Verplicht veld {column} is leeg.",
    TOO_LONG: "Veld {column} is te lang.",
    ROW_FIELD_COUNT: "De regel heeft {count} velden; verwacht worden er {expected}.",
    ROW_UNREADABLE: "De regel kan niet worden gelezen "
    "(geen geldige CSV-regel of geen JSON-object).",
    ROW_UNKNOWN_FIELD: "De regel bevat een onbekend veld of een veld dat geen tekst is.",
    ROW_DUPLICATE: "Deze regel is gelijk aan regel {first} en is daarom niet verwerkt.",
    APPOINTMENT_DUPLICATE: "Deze benoeming komt al voor in regel {first} (zelfde BSN, school, "
    "benoemingsgrondslag en begindatum) met andere gegevens.",
    BG_FORMAT: "Bevoegd gezag moet uit 5 cijfers bestaan.",
    BG_NOT_ALLOWED: "U mag niet leveren voor dit bevoegd gezag.",
    BSN_FORMAT: "BSN moet uit 9 cijfers bestaan (8 cijfers mag: er komt een 0 voor).",
    BSN_ELEVEN_PROOF: "BSN voldoet niet aan de elfproef.",
    GESLACHT_INVALID: "Geslacht moet M, V, X of O zijn.",
    DATE_INVALID: "Veld {column} is geen geldige datum (JJJJ-MM-DD of DD-MM-JJJJ).",
    AGE_IMPLAUSIBLE: "De leeftijd bij de begindatum van de benoeming is niet aannemelijk "
    "(verwacht 15 tot 80 jaar).",
    EMAIL_INVALID: "E-mailadres is ongeldig.",
    BRIN_FORMAT: "BRIN moet bestaan uit 2 cijfers en 2 hoofdletters (bijvoorbeeld 12AB).",
    VOLGNUMMER_FORMAT: "BRIN-volgnummer moet uit 2 cijfers bestaan of leeg zijn.",
    SCHOOL_UNKNOWN: "Deze school (BRIN en volgnummer) is niet bekend.",
    SCHOOL_OTHER_BOARD: "Deze school valt niet onder dit bevoegd gezag.",
    FUNCTIE_OUT_OF_SCOPE: "Deze functie valt buiten het lerarenregister (stagiair, "
    "onderwijsassistent en intern begeleider worden niet geregistreerd).",
    FUNCTIE_UNKNOWN: "Functie moet leraar, lio of uitzendkracht zijn.",
    GRONDSLAG_UNKNOWN: "Benoemingsgrondslag is geen bekende code voor de sector van deze school.",
    TERREIN_REQUIRED: "Onderwijsterrein is verplicht bij een onbevoegde benoeming.",
    TERREIN_FORBIDDEN: "Onderwijsterrein hoort leeg te zijn bij een bevoegde benoeming.",
    TERREIN_UNKNOWN: "Onderwijsterrein is geen bekende code.",
    END_DATE_REQUIRED: "Een onbevoegde benoeming moet een einddatum hebben.",
    BENOEMING_ORDER: "De einddatum van de benoeming ligt voor de begindatum.",
    DIENSTVERBAND_ORDER: "De einddatum van het dienstverband ligt voor de begindatum.",
    BENOEMING_BEFORE_DIENSTVERBAND: "De benoeming begint voor het dienstverband.",
    BENOEMING_AFTER_DIENSTVERBAND: "De benoeming loopt langer door dan het dienstverband.",
    SHORT_CONTRACT: "De benoeming duurt korter dan een maand.",
    LATE_DELIVERY: "Geleverd meer dan een maand na de begindatum van de benoeming.",
    ERASED_TEACHER: "Deze leraar heeft zijn of haar gegevens uit het lerarenregister laten "
    "verwijderen (AVG). De rij is ontvangen en telt als aangeleverd, maar wordt niet in het "
    "register opgenomen en de leraar krijgt geen uitnodiging. U hoeft niets te doen.",
}

WARNINGS: Final = frozenset({SHORT_CONTRACT, LATE_DELIVERY, ERASED_TEACHER})


def file_message(code: str, **params: object) -> str:
    return FILE_MESSAGES[code].format(**params)


def row_message(code: str, column: str | None = None, **params: object) -> str:
    return ROW_MESSAGES[code].format(column=column, **params)
