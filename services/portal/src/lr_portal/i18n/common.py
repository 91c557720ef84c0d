"""The layout, sign-in, errors and what every page shares."""

MESSAGES: dict[str, tuple[str, str]] = {
    "common.site_name": ("Lerarenregister", "Teachers' Register"),
    "common.skip_link": ("Direct naar de inhoud", "Skip to content"),
    "common.nav_label": ("Hoofdmenu", "Main menu"),
    "common.nav_home": ("Home", "Home"),
    "common.nav_mine": ("Mijn registratie", "My registration"),
    "common.nav_search": ("Zoek een leraar", "Find a teacher"),
    "common.nav_boards": ("Aanleveren", "Deliveries"),
    "common.nav_providers": ("Aanbieders", "Providers"),
    "common.nav_criteria": ("Criteria en aanbod", "Criteria and offer"),
    "common.sign_in": ("Inloggen", "Sign in"),
    "common.sign_out": ("Uitloggen", "Sign out"),
    "common.signed_in_as": (
        "Ingelogd met registratie {number}",
        "Signed in, registration {number}",
    ),
    "common.language_switch": ("English", "Nederlands"),
    "common.language_switch_label": (
        "Read this page in English",
        "Lees deze pagina in het Nederlands",
    ),
    "common.footer": (
        "Het Lerarenregister is het register van, voor en door leraren.",
        "The Teachers' Register is the register of, for and by teachers.",
    ),
    "common.footer_privacy": ("Privacy", "Privacy"),
    "common.error_summary": ("Er ging iets mis", "Something went wrong"),
    "common.error_prefix": ("Fout:", "Error:"),
    "common.required": ("(verplicht)", "(required)"),
    "common.yes": ("Ja", "Yes"),
    "common.no": ("Nee", "No"),
    "common.none": ("Geen", "None"),
    "common.unknown": ("Onbekend", "Unknown"),
    "common.back": ("Terug", "Back"),
    "common.save": ("Opslaan", "Save"),
    "common.previous_page": ("Vorige pagina", "Previous page"),
    "common.next_page": ("Volgende pagina", "Next page"),
    "common.pagination": ("Paginering", "Pagination"),
    "common.page_n": ("Pagina {page}", "Page {page}"),
    "common.open_ended": ("geen einddatum", "no end date"),
    "home.title": ("Welkom bij het Lerarenregister", "Welcome to the Teachers' Register"),
    "home.intro": (
        "Leraren zien hier hun registratie, houden hun portfolio bij en laten zien dat zij "
        "bevoegd en bekwaam zijn. Iedereen kan opzoeken of een leraar geregistreerd is.",
        "Teachers see their registration here, keep their portfolio and show that they are "
        "qualified and competent. Anyone can look up whether a teacher is registered.",
    ),
    "home.mine_title": ("Bent u leraar?", "Are you a teacher?"),
    "home.mine_text": (
        "Log in om uw gegevens te controleren en uw portfolio bij te houden.",
        "Sign in to check your data and keep your portfolio.",
    ),
    "home.boards_title": ("Levert u gegevens aan?", "Do you deliver data?"),
    "home.boards_text": (
        "Schoolbesturen en administratiekantoren leveren hier de gegevens van hun leraren aan "
        "en zien wat er met elke rij is gebeurd.",
        "School boards and payroll bureaus deliver their teachers' data here and see what "
        "became of every row.",
    ),
    "home.search_title": ("Zoekt u een leraar?", "Looking for a teacher?"),
    "home.search_text": (
        "Zoek op achternaam of registratienummer, zonder in te loggen.",
        "Search by surname or registration number, without signing in.",
    ),
    "signin.title": ("Inloggen", "Sign in"),
    "signin.intro": (
        "Log in met DigiD om uw registratie te bekijken.",
        "Sign in with DigiD to see your registration.",
    ),
    "signin.digid": ("Inloggen met DigiD", "Sign in with DigiD"),
    "signin.dev": ("Inloggen voor ontwikkeling (geen DigiD)", "Development sign-in (no DigiD)"),
    "signin.unknown_title": ("Wij vinden geen registratie", "We find no registration"),
    "signin.unknown_text": (
        "Het Lerarenregister kent geen registratie bij deze inlog. Uw schoolbestuur meldt uw "
        "benoeming aan; neem contact op met uw schoolbestuur als u denkt dat dit niet klopt.",
        "The Teachers' Register has no registration for this sign-in. Your school board "
        "reports your appointment; contact your school board if you think this is wrong.",
    ),
    "signin.expired": (
        "U bent uitgelogd omdat u een tijd niets heeft gedaan. Log opnieuw in.",
        "You were signed out after a while without activity. Please sign in again.",
    ),
    "signout.title": ("U bent uitgelogd", "You are signed out"),
    "signout.text": ("U bent veilig uitgelogd.", "You have been signed out safely."),
    "dev.title": ("Inloggen voor ontwikkeling", "Development sign-in"),
    "dev.warning": (
        "Dit is een ontwikkelomgeving. Deze pagina vervangt DigiD en bestaat niet in productie.",
        "This is a development environment. This page stands in for DigiD and does not exist "
        "in production.",
    ),
    "dev.bsn": ("BSN", "BSN"),
    "dev.bsn_hint": (
        "Een BSN uit de aangeleverde testgegevens (9 cijfers, voldoet aan de elfproef).",
        "A BSN from the delivered test data (9 digits, passing the 11-proof).",
    ),
    "dev.pick": ("Of kies een BSN uit de testgegevens", "Or pick a BSN from the test data"),
    "dev.pick_none": ("Typ zelf een BSN", "Type a BSN yourself"),
    "dev.submit": ("Inloggen", "Sign in"),
    "dev.error_bsn": (
        "Vul een geldig BSN in: 9 cijfers die voldoen aan de elfproef.",
        "Enter a valid BSN: 9 digits that pass the 11-proof.",
    ),
    "error.title_404": ("Pagina niet gevonden", "Page not found"),
    "error.text_404": (
        "Deze pagina bestaat niet (meer), of u heeft er geen toegang toe.",
        "This page does not exist (any more), or you have no access to it.",
    ),
    "error.title_403": ("Formulier verlopen", "Form expired"),
    "error.text_403": (
        "Het formulier kon niet worden verwerkt, omdat het verlopen is of niet van deze site "
        "komt. Ga terug, laad de pagina opnieuw en probeer het nog eens.",
        "The form could not be processed because it expired or did not come from this site. "
        "Go back, reload the page and try again.",
    ),
    "error.title_503": ("Probeer het later opnieuw", "Please try again later"),
    "error.text_503": (
        "Het Lerarenregister is even niet bereikbaar. Probeer het over enkele minuten opnieuw.",
        "The Teachers' Register cannot be reached right now. Please try again in a few minutes.",
    ),
    "error.title_429": ("Even geduld", "Please wait a moment"),
    "error.text_429": (
        "U heeft in korte tijd veel gezocht. Probeer het over {seconds} seconden opnieuw.",
        "You searched a lot in a short time. Please try again in {seconds} seconds.",
    ),
    "error.title_400": ("Dat ging niet goed", "That did not work"),
    "error.text_400": (
        "Uw verzoek kon niet worden verwerkt. Ga terug en probeer het opnieuw.",
        "Your request could not be processed. Go back and try again.",
    ),
    "error.title_500": ("Er ging iets mis", "Something went wrong"),
    "error.text_500": (
        "Er ging aan onze kant iets mis. Probeer het later opnieuw.",
        "Something went wrong on our side. Please try again later.",
    ),
    "error.home": ("Naar de startpagina", "To the home page"),
}
