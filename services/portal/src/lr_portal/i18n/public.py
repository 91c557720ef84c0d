"""Zoek een leraar: the public search and the page per registration."""

MESSAGES: dict[str, tuple[str, str]] = {
    "public.title": ("Zoek een leraar", "Find a teacher"),
    "public.intro": (
        "Zoek op achternaam (en eventueel voorletters) of op registratienummer. U ziet alleen "
        "leraren die in het openbare register staan.",
        "Search by surname (and initials if you like) or by registration number. You see only "
        "teachers in the public register.",
    ),
    "public.by_name": ("Zoeken op naam", "Search by name"),
    "public.by_number": ("Zoeken op registratienummer", "Search by registration number"),
    "public.surname": ("Achternaam", "Surname"),
    "public.surname_hint": (
        "Ten minste de eerste 2 letters, zonder tussenvoegsel.",
        "At least the first 2 letters, without a prefix such as 'van'.",
    ),
    "public.initials": ("Voorletters", "Initials"),
    "public.number": ("Registratienummer", "Registration number"),
    "public.number_hint": (
        "LR gevolgd door 8 cijfers, bijvoorbeeld LR00012345.",
        "LR followed by 8 digits, for example LR00012345.",
    ),
    "public.submit": ("Zoeken", "Search"),
    "public.error_surname": (
        "Vul ten minste de eerste 2 letters van de achternaam in.",
        "Enter at least the first 2 letters of the surname.",
    ),
    "public.error_number": (
        "Een registratienummer is LR gevolgd door 8 cijfers.",
        "A registration number is LR followed by 8 digits.",
    ),
    "public.results": ("Zoekresultaten", "Search results"),
    "public.results_none": ("Geen leraren gevonden.", "No teachers found."),
    "public.results_caption": ("Leraren, pagina {page}", "Teachers, page {page}"),
    "public.name": ("Naam", "Name"),
    "public.label": ("Registratie", "Registration"),
    "public.schools": ("Scholen", "Schools"),
    "public.qualifications": ("Bevoegdheden", "Qualifications"),
    "public.qualifications_hidden": (
        "De leraar toont de bevoegdheden niet.",
        "The teacher does not show the qualifications.",
    ),
    "public.registration_number": ("Registratienummer", "Registration number"),
    "public.details": ("Bekijk {name}", "View {name}"),
    "public.back": ("Terug naar zoeken", "Back to search"),
}
