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
    "teacher.done_bevestigd": (
        "Bedankt. U heeft uw gegevens bevestigd.",
        "Thank you. You have confirmed your data.",
    ),
    "teacher.done_ingediend": (
        "Uw correctieverzoek is naar uw schoolbestuur gestuurd.",
        "Your correction request has been sent to your school board.",
    ),
    "teacher.done_opgeslagen": ("Uw voorkeuren zijn opgeslagen.", "Your preferences are saved."),
    "data.title": ("Mijn gegevens", "My data"),
    "data.confirm_title": ("Controleer en bevestig uw gegevens", "Check and confirm your data"),
    "data.intro": (
        "Dit zijn de gegevens zoals uw schoolbestuur ze heeft aangeleverd.",
        "This is your data as your school board delivered it.",
    ),
    "data.personal": ("Persoonsgegevens", "Personal data"),
    "data.birth_date": ("Geboortedatum", "Date of birth"),
    "data.gender": ("Geslacht", "Gender"),
    "data.email": ("E-mailadres", "E-mail address"),
    "data.appointments": ("Benoemingen", "Appointments"),
    "data.appointments_caption": ("Benoemingen bij {school}", "Appointments at {school}"),
    "data.school": ("School", "School"),
    "data.board": ("Schoolbestuur (bevoegd gezag)", "School board"),
    "data.brin": ("BRIN en volgnummer", "BRIN and number"),
    "data.grondslag": ("Benoemingsgrondslag", "Basis of appointment"),
    "data.functie": ("Functie", "Position"),
    "data.start": ("Begin benoeming", "Appointment starts"),
    "data.end": ("Einde benoeming", "Appointment ends"),
    "data.dispute": ("Klopt iets niet?", "Something wrong?"),
    "data.dispute_link": (
        "Vraag een correctie aan voor de benoeming vanaf {start}",
        "Request a correction of the appointment from {start}",
    ),
    "data.confirm_text": (
        "Kloppen uw gegevens? Bevestig ze dan. Klopt er iets niet, vraag dan per gegeven een "
        "correctie aan bij uw schoolbestuur.",
        "Is your data right? Then confirm it. If something is wrong, request a correction "
        "from your school board, one field at a time.",
    ),
    "data.confirm_button": ("Mijn gegevens kloppen", "My data is right"),
    "data.confirmed_on": (
        "U heeft uw gegevens bevestigd op {date}.",
        "You confirmed your data on {date}.",
    ),
    "data.no_appointments": (
        "Er zijn geen benoemingen aangeleverd.",
        "No appointments were delivered.",
    ),
    "corrections.title": ("Mijn correctieverzoeken", "My correction requests"),
    "corrections.none": (
        "U heeft nog geen correctieverzoeken ingediend.",
        "You have not requested any corrections yet.",
    ),
    "corrections.caption": (
        "Uw correctieverzoeken, nieuwste eerst",
        "Your correction requests, newest first",
    ),
    "corrections.date": ("Ingediend op", "Requested on"),
    "corrections.field": ("Gegeven", "Field"),
    "corrections.appointment": ("Benoeming", "Appointment"),
    "corrections.explanation": ("Toelichting", "Explanation"),
    "corrections.status": ("Status", "Status"),
    "corrections.status_sent": ("Bij uw schoolbestuur", "With your school board"),
    "corrections.status_accepted": (
        "Geaccepteerd: uw schoolbestuur levert de gecorrigeerde gegevens aan",
        "Accepted: your school board delivers the corrected data",
    ),
    "corrections.status_rejected": ("Afgewezen", "Rejected"),
    "corrections.status_resolved": ("Opgelost", "Resolved"),
    "corrections.answered_on": ("Beantwoord op {date}.", "Answered on {date}."),
    "corrections.answered_before": (
        "Uw schoolbestuur antwoordde op {date}: {decision}.",
        "Your school board answered on {date}: {decision}.",
    ),
    "corrections.decision_accepted": ("akkoord", "agreed"),
    "corrections.decision_rejected": ("afgewezen", "rejected"),
    "corrections.reason_rejected": ("Reden van uw schoolbestuur:", "Your school board's reason:"),
    "corrections.reason_accepted": (
        "Toelichting van uw schoolbestuur:",
        "Your school board's explanation:",
    ),
    "corrections.resolved_since": (
        "Opgelost sinds {date}: uw schoolbestuur heeft de gegevens inmiddels anders aangeleverd.",
        "Resolved since {date}: your school board has since delivered the data differently.",
    ),
    "corrections.new_hint": (
        "Een nieuw correctieverzoek dient u in bij Mijn gegevens, bij de benoeming waar het "
        "om gaat.",
        "You request a new correction in My data, at the appointment it concerns.",
    ),
    "correction.title": ("Correctie aanvragen", "Request a correction"),
    "correction.intro": (
        "Uw schoolbestuur krijgt uw verzoek en levert de benoeming daarna opnieuw aan.",
        "Your school board receives your request and then delivers the appointment again.",
    ),
    "correction.about": (
        "Het gaat om de benoeming bij {school} vanaf {start}.",
        "It concerns the appointment at {school} from {start}.",
    ),
    "correction.field": ("Welk gegeven klopt niet?", "Which field is wrong?"),
    "correction.field_choose": ("Kies een gegeven", "Choose a field"),
    "correction.explanation": ("Wat moet het zijn, en waarom?", "What should it be, and why?"),
    "correction.explanation_hint": ("Hooguit 2000 tekens.", "At most 2000 characters."),
    "correction.submit": ("Verstuur het correctieverzoek", "Send the correction request"),
    "correction.error_field": (
        "Kies het gegeven dat niet klopt.",
        "Choose the field that is wrong.",
    ),
    "correction.error_explanation": ("Schrijf wat het moet zijn.", "Write what it should be."),
    "correction.error_explanation_long": (
        "De toelichting is te lang.",
        "The explanation is too long.",
    ),
    "field.achternaam": ("Achternaam", "Surname"),
    "field.tussenvoegsel": ("Tussenvoegsel", "Surname prefix"),
    "field.voorletters": ("Voorletters", "Initials"),
    "field.geslacht": ("Geslacht", "Gender"),
    "field.geboortedatum": ("Geboortedatum", "Date of birth"),
    "field.email": ("E-mailadres", "E-mail address"),
    "field.brin": ("BRIN van de school", "School's BRIN"),
    "field.brin_volgnummer": ("Volgnummer van de vestiging", "Branch number"),
    "field.functie": ("Functie", "Position"),
    "field.benoemingsgrondslag": ("Benoemingsgrondslag", "Basis of appointment"),
    "field.onderwijsterrein": ("Onderwijsterrein", "Field of education"),
    "field.benoeming_begindatum": ("Begindatum benoeming", "Appointment start date"),
    "field.benoeming_einddatum": ("Einddatum benoeming", "Appointment end date"),
    "field.dienstverband_begindatum": ("Begindatum dienstverband", "Employment start date"),
    "field.dienstverband_einddatum": ("Einddatum dienstverband", "Employment end date"),
    "prefs.title": ("Voorkeuren", "Preferences"),
    "prefs.language": ("Taal van de website en de e-mails", "Language of the website and e-mails"),
    "prefs.email": ("E-mailadres voor berichten", "E-mail address for messages"),
    "prefs.email_hint": (
        "Laat leeg om het adres te gebruiken dat uw schoolbestuur heeft aangeleverd.",
        "Leave empty to use the address your school board delivered.",
    ),
    "prefs.show_qualifications": (
        "Toon mijn bevoegdheden in het openbare register",
        "Show my qualifications in the public register",
    ),
    "prefs.show_qualifications_hint": (
        "Iedereen die u opzoekt, ziet dan voor welke sectoren u bevoegd bent.",
        "Anyone who looks you up then sees the sectors you are qualified for.",
    ),
    "prefs.submit": ("Voorkeuren opslaan", "Save preferences"),
    "prefs.error_email": (
        "Vul een geldig e-mailadres in, zoals naam@school.nl.",
        "Enter a valid e-mail address, such as name@school.nl.",
    ),
    "prefs.error_language": ("Kies Nederlands of Engels.", "Choose Dutch or English."),
    "prefs.dutch": ("Nederlands", "Dutch"),
    "prefs.english": ("Engels", "English"),
    "privacy.title": ("Privacy", "Privacy"),
    "privacy.intro": (
        "Het Lerarenregister bewaart uw gegevens om uw registratie bij te houden. U kunt vragen "
        "om al uw gegevens te verwijderen: uw registratie, uw portfolio en uw berichten.",
        "The Teachers' Register keeps your data to maintain your registration. You can ask for "
        "all your data to be erased: your registration, your portfolio and your messages.",
    ),
    "privacy.erase_link": ("Mijn gegevens laten verwijderen", "Have my data erased"),
    "privacy.status_link": (
        "Bekijk de voortgang van een verwijderverzoek",
        "See the progress of an erasure request",
    ),
    "privacy.confirm_title": ("Weet u het zeker?", "Are you sure?"),
    "privacy.confirm_text": (
        "Als u doorgaat, verwijdert het Lerarenregister uw registratie, uw portfolio met "
        "bewijsstukken en uw berichten. Dit kan niet ongedaan worden gemaakt. U wordt daarna "
        "uitgelogd en kunt niet meer inloggen, tot uw schoolbestuur u opnieuw aanmeldt.",
        "If you go on, the Teachers' Register erases your registration, your portfolio with its "
        "evidence and your messages. This cannot be undone. You are then signed out and cannot "
        "sign in again until your school board registers you again.",
    ),
    "privacy.confirm_check": (
        "Ik begrijp dat al mijn gegevens worden verwijderd",
        "I understand that all my data will be erased",
    ),
    "privacy.confirm_button": ("Verwijder al mijn gegevens", "Erase all my data"),
    "privacy.cancel": ("Nee, terug naar Privacy", "No, back to Privacy"),
    "privacy.error_confirm": (
        "Vink aan dat u begrijpt dat al uw gegevens worden verwijderd.",
        "Tick that you understand all your data will be erased.",
    ),
    "erasure.title": ("Uw verwijderverzoek", "Your erasure request"),
    "erasure.none": (
        "Op dit apparaat is geen verwijderverzoek bekend.",
        "No erasure request is known on this device.",
    ),
    "erasure.requested": ("Aangevraagd op {date}.", "Requested on {date}."),
    "erasure.in_progress": (
        "Uw gegevens worden verwijderd. Uw registratie is al verwijderd; de andere onderdelen "
        "volgen.",
        "Your data is being erased. Your registration is already erased; the other parts follow.",
    ),
    "erasure.completed": (
        "Al uw gegevens zijn verwijderd (voltooid op {date}).",
        "All your data has been erased (completed on {date}).",
    ),
    "erasure.caption": ("Voortgang per onderdeel", "Progress per part"),
    "erasure.part": ("Onderdeel", "Part"),
    "erasure.state": ("Verwijderd", "Erased"),
    "erasure.pending": ("Nog bezig", "In progress"),
    "erasure.service_portfolio": ("Portfolio en bewijsstukken", "Portfolio and evidence"),
    "erasure.service_notifications": ("Berichten en e-mailadres", "Messages and e-mail address"),
    "erasure.service_registry": ("Registratie", "Registration"),
    "erasure.service_intake": (
        "Aanleveringen van uw werkgever en uw correctieverzoeken",
        "Your employer's deliveries and your correction requests",
    ),
    "erasure.service_profession": (
        "Beoordelingspanels en stemmen",
        "Review panels and votes",
    ),
    "erasure.refresh": ("Ververs deze pagina", "Refresh this page"),
}
