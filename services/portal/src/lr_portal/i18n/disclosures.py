"""Who looked at my data (`/mijn-registratie/privacy/bekeken`)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "disclosures.title": ("Wie heeft mijn gegevens bekeken", "Who looked at my data"),
    "disclosures.link": ("Wie heeft mijn gegevens bekeken", "Who looked at my data"),
    "disclosures.intro": (
        "Hier ziet u wanneer uw gegevens aan anderen zijn getoond: aan een schoolbestuur dat "
        "u in zijn lijst van leraren zag, of aan iemand die een deellink van uw portfolio "
        "opende. Het nieuwste staat bovenaan. Wat er getoond werd, bewaren wij niet nog eens.",
        "Here you see when your data was shown to others: to a school board that saw you in "
        "its list of teachers, or to someone who opened a share link to your portfolio. The "
        "newest is at the top. We do not keep another copy of what was shown.",
    ),
    "disclosures.caption": (
        "Getoond aan anderen ({total} keer)",
        "Shown to others ({total} times)",
    ),
    "disclosures.when": ("Wanneer", "When"),
    "disclosures.who": ("Wie", "Who"),
    "disclosures.what": ("Wat", "What"),
    "disclosures.who_board": ("Schoolbestuur {board}", "School board {board}"),
    "disclosures.who_board_schools": ("van {schools}", "of {schools}"),
    "disclosures.who_share": ("Iemand met een deellink", "Someone with a share link"),
    "disclosures.kind_board_list": (
        "Uw naam, scholen en status in de lijst van leraren van het schoolbestuur",
        "Your name, schools and status in the school board's list of teachers",
    ),
    "disclosures.kind_board_csv": (
        "Uw naam, scholen en status in een download van alle leraren van het schoolbestuur",
        "Your name, schools and status in a download of all the school board's teachers",
    ),
    "disclosures.kind_board_check": (
        "Uw registratienummer gecontroleerd in een lijst van het schoolbestuur",
        "Your registration number checked in a list of the school board",
    ),
    "disclosures.kind_share_all": (
        "Uw hele portfolio, via een deellink",
        "Your whole portfolio, through a share link",
    ),
    "disclosures.kind_share_period": (
        "Uw portfolio van de periode vanaf {start}, via een deellink",
        "Your portfolio of the period from {start}, through a share link",
    ),
    "disclosures.none": (
        "Uw gegevens zijn nog aan niemand getoond.",
        "Your data has not been shown to anyone yet.",
    ),
    "disclosures.not_listed_title": ("Niet in deze lijst", "Not in this list"),
    "disclosures.not_listed_public": (
        "Wie u opzoekt in het openbare register: uw naam, scholen en registratiestatus zijn "
        "voor iedereen te zien.",
        "Who looks you up in the public register: your name, schools and registration status "
        "are there for everyone to see.",
    ),
    "disclosures.not_listed_systems": (
        "De vaste levering aan andere overheidssystemen (zonder BSN, geboortedatum of portfolio).",
        "The standing supply to other government systems (without BSN, birth date or portfolio).",
    ),
    "disclosures.erasure": (
        "Laat u uw gegevens verwijderen, dan verdwijnt ook deze lijst.",
        "If you have your data erased, this list goes too.",
    ),
    "disclosures.back": ("Terug naar Privacy", "Back to Privacy"),
}
