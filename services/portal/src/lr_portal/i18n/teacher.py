"""Mijn registratie: overview, my data, corrections, preferences, privacy."""

MESSAGES: dict[str, tuple[str, str]] = {
    "teacher.overview_title": ("Mijn registratie", "My registration"),
    "teacher.nav_label": ("Mijn registratie", "My registration"),
    "teacher.nav_overview": ("Overzicht", "Overview"),
    "teacher.nav_data": ("Mijn gegevens", "My data"),
    "teacher.nav_corrections": ("Mijn correctieverzoeken", "My correction requests"),
    "teacher.nav_portfolio": ("Portfolio", "Portfolio"),
    "teacher.nav_shares": ("Delen", "Share"),
    "teacher.nav_export": ("Exporteren", "Export"),
    "teacher.nav_preferences": ("Voorkeuren", "Preferences"),
    "teacher.nav_privacy": ("Privacy", "Privacy"),
    "teacher.registration_number": ("Registratienummer", "Registration number"),
    "teacher.name": ("Naam", "Name"),
    "teacher.state": ("Status", "Status"),
    "teacher.period": ("Registratieperiode", "Registration period"),
    "teacher.period_start": ("Begin van de periode", "Period starts"),
    "teacher.period_end": ("Einde van de periode", "Period ends"),
    "teacher.period_none": (
        "Uw registratieperiode begint zodra u uw gegevens heeft bevestigd.",
        "Your registration period starts once you have confirmed your data.",
    ),
    "teacher.next_reminder": ("Volgende herinnering", "Next reminder"),
    "teacher.next_reminder_none": ("Geen herinnering gepland", "No reminder planned"),
    "teacher.progress_title": ("Voortgang naar de norm", "Progress to the norm"),
    "teacher.progress_label": (
        "{total} van {norm} uur professionalisering",
        "{total} of {norm} hours of professional development",
    ),
    "teacher.progress_core_label": (
        "{core} van {norm} uur in het primaire proces",
        "{core} of {norm} hours in the core of teaching",
    ),
    "teacher.progress_missing": (
        "Nog nodig: {total} uur, waarvan {core} uur in het primaire proces.",
        "Still needed: {total} hours, of which {core} hours in the core of teaching.",
    ),
    "teacher.progress_met": (
        "U voldoet aan de norm voor deze periode.",
        "You meet the norm for this period.",
    ),
    "teacher.progress_none": (
        "Nog geen voortgang: die verschijnt zodra uw registratieperiode loopt.",
        "No progress yet: it appears once your registration period runs.",
    ),
    "teacher.pending_title": ("Controleer uw gegevens", "Check your data"),
    "teacher.pending_text": (
        "Uw schoolbestuur heeft uw benoeming aangeleverd. Controleer uw gegevens en bevestig ze.",
        "Your school board delivered your appointment. Check your data and confirm it.",
    ),
    "teacher.pending_link": ("Naar mijn gegevens", "To my data"),
}
