"""Teacher panels (docs/profession.md): the providers' pages (`providers.`), a teacher on a panel
(`panel.`) and the public criteria and catalogue (`criteria.`), and the shared error texts
(`profession.`)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the provider's sign-in
    "providers.signin.title": ("Inloggen voor aanbieders", "Sign in for providers"),
    "providers.signin.intro": (
        "Aanbieders van professionaliseringsactiviteiten vragen hier accreditatie aan: een "
        "panel van geregistreerde leraren beoordeelt het aanbod en kent registeruren toe.",
        "Providers of professional development activities apply for accreditation here: a "
        "panel of registered teachers reviews the offer and awards register hours.",
    ),
    "providers.signin.later": (
        "Inloggen met eHerkenning voor aanbieders is nog niet beschikbaar.",
        "Signing in with eHerkenning for providers is not available yet.",
    ),
    "providers.signin.dev": ("Inloggen voor ontwikkeling", "Development sign-in"),
    "providers.dev.title": (
        "Inloggen als aanbieder (ontwikkeling)",
        "Sign in as a provider (development)",
    ),
    "providers.dev.warning": (
        "Alleen voor ontwikkeling en testen. Deze pagina vervangt eHerkenning en bestaat niet "
        "in productie.",
        "For development and testing only. This page stands in for eHerkenning and does not "
        "exist in production.",
    ),
    "providers.dev.intro": (
        "Vul in voor welke aanbieder u inlogt. De portal maakt daarmee een aanbiederstoken met "
        "de ontwikkelsleutel.",
        "Fill in the provider you sign in for. The portal mints a provider token with the "
        "development key.",
    ),
    "providers.dev.provider": ("Aanbieder-id", "Provider id"),
    "providers.dev.provider_hint": (
        "Zoals in aanwezigheidsmeldingen, bijvoorbeeld P0042: letters, cijfers, punt, streepje.",
        "As in attendance reports, for example P0042: letters, digits, dot, dash.",
    ),
    "providers.dev.name": ("Naam van de aanbieder", "Provider's name"),
    "providers.dev.board": (
        "Bevoegd gezag (als de aanbieder een schoolbestuur is)",
        "Bevoegd gezag (when the provider is a school board)",
    ),
    "providers.dev.board_hint": (
        "Vijf cijfers. Leraren die bij dit bestuur werken, beoordelen uw aanbod niet.",
        "Five digits. Teachers who work for this board do not review your offer.",
    ),
    "providers.dev.submit": ("Inloggen", "Sign in"),
    "providers.dev.error_provider": (
        "Vul een aanbieder-id in van 1 tot 50 letters, cijfers, punten, streepjes of lage "
        "streepjes, beginnend met een letter of cijfer.",
        "Fill in a provider id of 1 to 50 letters, digits, dots, dashes or underscores, "
        "starting with a letter or digit.",
    ),
    "providers.dev.error_name": (
        "Vul de naam van de aanbieder in (ten hoogste 200 tekens).",
        "Fill in the provider's name (at most 200 characters).",
    ),
    "providers.dev.error_board": (
        "Een bevoegd gezag heeft een nummer van vijf cijfers.",
        "A bevoegd gezag has a five-digit number.",
    ),
    # the provider's pages
    "providers.nav_label": ("Aanbieders", "Providers"),
    "providers.nav_requests": ("Mijn aanvragen", "My requests"),
    "providers.nav_new": ("Nieuwe aanvraag", "New request"),
    "providers.back": ("Terug naar mijn aanvragen", "Back to my requests"),
    "providers.requests.title": ("Mijn aanvragen", "My requests"),
    "providers.requests.signed_in_as": (
        "Ingelogd als {name} ({id}).",
        "Signed in as {name} ({id}).",
    ),
    "providers.requests.caption": (
        "Uw aanvragen tot accreditatie, nieuwste eerst",
        "Your accreditation requests, newest first",
    ),
    "providers.requests.col_title": ("Titel", "Title"),
    "providers.requests.col_reference": ("Kenmerk", "Reference"),
    "providers.requests.col_submitted": ("Ingediend", "Submitted"),
    "providers.requests.col_state": ("Status", "Status"),
    "providers.requests.col_hours": ("Registeruren", "Register hours"),
    "providers.requests.none": (
        "U heeft nog geen aanvragen ingediend.",
        "You have not submitted any requests yet.",
    ),
    "providers.requests.none_here": (
        "Op deze pagina staan geen aanvragen meer.",
        "There are no more requests on this page.",
    ),
    "providers.state.awaiting_panel": ("Wacht op een panel", "Waiting for a panel"),
    "providers.state.in_review": ("In beoordeling", "Under review"),
    "providers.state.accepted": ("Geaccrediteerd", "Accredited"),
    "providers.state.rejected": ("Afgewezen", "Rejected"),
    "providers.new.title": ("Nieuwe aanvraag tot accreditatie", "New accreditation request"),
    "providers.new.submit": ("Aanvraag indienen", "Submit request"),
    "providers.field_title": ("Titel", "Title"),
    "providers.field_description": ("Omschrijving", "Description"),
    "providers.hint_description": (
        "Doelen, opzet, werkvormen en wie het geeft.",
        "Aims, design, methods and who gives it.",
    ),
    "providers.kind_choose": ("Kies de soort activiteit", "Choose the kind of activity"),
    "providers.field_kind": ("Soort activiteit", "Kind of activity"),
    "providers.field_sectors": ("Sectoren", "Sectors"),
    "providers.hint_sectors": ("Kies een of meer sectoren.", "Choose one or more sectors."),
    "providers.sector.PO": ("Primair onderwijs (PO)", "Primary education (PO)"),
    "providers.sector.VO": ("Voortgezet onderwijs (VO)", "Secondary education (VO)"),
    "providers.sector.MBO": ("Middelbaar beroepsonderwijs (MBO)", "Vocational education (MBO)"),
    "providers.field_hours": ("Geplande uren", "Planned hours"),
    "providers.hint_hours": (
        "In halve uren, van 0,5 tot 1000, bijvoorbeeld 12,5.",
        "In half hours, from 0.5 to 1000, for example 12.5.",
    ),
    "providers.field_core": ("Over het primaire proces", "About the core of teaching"),
    "providers.field_planning": ("Wanneer", "When"),
    "providers.planning_dates": ("Op vaste data", "On set dates"),
    "providers.on_demand": ("Op aanvraag", "On demand"),
    "providers.field_start_date": ("Begindatum", "Start date"),
    "providers.field_end_date": ("Einddatum", "End date"),
    "providers.hint_dates": (
        "Alleen bij vaste data. Bijvoorbeeld 15-03-2027.",
        "On set dates only. For example 15-03-2027.",
    ),
    "providers.field_reference_short": ("Kenmerk", "Reference"),
    "providers.field_when": ("Wanneer", "When"),
    "providers.done_ingediend": (
        "Uw aanvraag is ingediend. Zodra het panel compleet is, beoordelen de leraren uw aanbod.",
        "Your request has been submitted. Once the panel is complete, the teachers review "
        "your offer.",
    ),
    "providers.done_bezwaar": (
        "Uw bezwaar is ingediend: een nieuw panel van andere leraren beoordeelt uw aanbod opnieuw.",
        "Your appeal has been submitted: a new panel of other teachers reviews your offer again.",
    ),
    "providers.appeal_refused_title": ("Geen bezwaar ingediend", "No appeal submitted"),
    "providers.appeal_refused": (
        "Bezwaar kan één keer, en alleen tegen een afwijzing. U ziet de aanvraag zoals die nu is.",
        "An appeal is possible once, and only against a rejection. You see the request as it "
        "is now.",
    ),
    "providers.request.state": ("Status", "Status"),
    "providers.request.accepted": (
        "Het panel heeft uw aanbod geaccrediteerd met {hours} registeruren (criteria versie "
        "{version}). Leraren en u melden deelname met activiteitcode {code}.",
        "The panel accredited your offer with {hours} register hours (criteria version "
        "{version}). Attendance is reported with activity code {code}.",
    ),
    "providers.request.in_catalogue": (
        "Bekijk uw aanbod in het overzicht van geaccrediteerde activiteiten",
        "See your offer among the accredited activities",
    ),
    "providers.request.rejected_appealable": (
        "Het panel heeft uw aanbod afgewezen. U kunt één keer bezwaar maken: dan beoordeelt een "
        "nieuw panel van andere leraren het opnieuw.",
        "The panel rejected your offer. You may appeal once: a new panel of other teachers "
        "then reviews it again.",
    ),
    "providers.request.rejected_final": (
        "Het panel heeft uw aanbod afgewezen. Bezwaar is niet meer mogelijk.",
        "The panel rejected your offer. An appeal is no longer possible.",
    ),
    "providers.request.appeal": ("Bezwaar maken (één keer)", "Appeal (once)"),
    "providers.request.awaiting": (
        "Er zijn nog niet genoeg leraren beschikbaar voor het panel: {assigned} van {size}. Uw "
        "aanvraag wacht tot er meer zijn.",
        "Not enough teachers are available for the panel yet: {assigned} of {size}. Your "
        "request waits until there are more.",
    ),
    "providers.request.in_review": (
        "Het panel beoordeelt uw aanbod: {submitted} van {size} beoordelingen zijn binnen.",
        "The panel is reviewing your offer: {submitted} of {size} reviews are in.",
    ),
    "providers.request.offer": ("Uw aanbod", "Your offer"),
    "providers.request.round": ("Ronde", "Round"),
    "providers.request.outcome": ("Besluit", "Decision"),
    "providers.request.decided_at": ("Besloten op", "Decided on"),
    "providers.request.decisions_caption": ("Besluiten per ronde", "Decisions per round"),
    "providers.request.reviews": (
        "Beoordelingen van het panel (ronde {round})",
        "The panel's reviews (round {round})",
    ),
    "providers.request.reviewer": ("Beoordelaar {n}", "Reviewer {n}"),
    "providers.request.reviewer_col": ("Beoordelaar", "Reviewer"),
    "providers.request.reasons": ("Scores en toelichting", "Scores and reasons"),
    "providers.request.reasons_of": (
        "Toelichting van beoordelaar {n}",
        "Reasons of reviewer {n}",
    ),
    "providers.request.back": ("Terug naar {title}", "Back to {title}"),
    "providers.request.scores_caption": (
        "Score en toelichting per criterium",
        "Score and reason per criterion",
    ),
    "providers.request.scores_of": (
        "Scores en toelichting van beoordelaar {n}",
        "Scores and reasons of reviewer {n}",
    ),
    # a teacher on a panel
    "teacher.nav_reviews": ("Mijn beoordelingen", "My reviews"),
    "teacher.done_aangemeld": (
        "U doet mee in het lerarenpanel.",
        "You take part in the teacher panel.",
    ),
    "teacher.done_afgemeld": (
        "U doet niet meer mee in het lerarenpanel. Uw openstaande beoordelingen gaan naar "
        "andere leraren.",
        "You no longer take part in the teacher panel. Your open reviews go to other teachers.",
    ),
    "panel.title": ("Meedoen in een lerarenpanel", "Take part in a teacher panel"),
    "panel.intro": (
        "Lerarenpanels beoordelen het aanbod van opleiders met de criteria van de beroepsgroep "
        "en kennen registeruren toe. U krijgt ten hoogste een paar aanvragen tegelijk, nooit van "
        "het bestuur waar u werkt.",
        "Teacher panels review providers' offers with the profession's criteria and award "
        "register hours. You get a few requests at a time at most, never of the board you "
        "work for.",
    ),
    "panel.unavailable": (
        "De lerarenpanels zijn nu niet bereikbaar. Probeer het later opnieuw.",
        "The teacher panels cannot be reached now. Please try again later.",
    ),
    "panel.member": (
        "U doet mee voor {sector}, sinds {since}. Openstaande beoordelingen: {open}.",
        "You take part for {sector}, since {since}. Open reviews: {open}.",
    ),
    "panel.not_registered": (
        "Meedoen kan zodra u geregistreerd bent: bevestig eerst uw gegevens.",
        "You can take part once you are registered: confirm your data first.",
    ),
    "panel.field_sector": ("Sector", "Sector"),
    "panel.hint_sector": (
        "Een sector van uw eigen registratie.",
        "A sector of your own registration.",
    ),
    "panel.field_subjects": ("Vakken (niet verplicht)", "Subjects (optional)"),
    "panel.hint_subjects": (
        "Gescheiden door komma's, bijvoorbeeld: rekenen, taal.",
        "Separated by commas, for example: arithmetic, language.",
    ),
    "panel.join": ("Meedoen", "Take part"),
    "panel.change": ("Wijzigen", "Change"),
    "panel.leave": ("Stoppen met het lerarenpanel", "Stop taking part"),
    "panel.error.sector_required": ("Kies een sector.", "Choose a sector."),
    "panel.error.sector": (
        "Kies een sector van uw eigen registratie.",
        "Choose a sector of your own registration.",
    ),
    "panel.error.not_registered": (
        "Meedoen kan alleen als u geregistreerd bent. Heeft u net bevestigd? Probeer het over "
        "een minuut opnieuw.",
        "Only registered teachers can take part. Did you just confirm? Try again in a minute.",
    ),
    "panel.error.subjects": (
        "Noem ten hoogste 20 vakken van elk ten hoogste 100 tekens.",
        "Name at most 20 subjects of at most 100 characters each.",
    ),
    "panel.reviews.title": ("Mijn beoordelingen", "My reviews"),
    "panel.reviews.intro": (
        "De aanvragen die u als lid van een lerarenpanel beoordeelt.",
        "The requests you review as a member of a teacher panel.",
    ),
    "panel.reviews.open": ("Te beoordelen", "To review"),
    "panel.reviews.submitted": ("Beoordeeld", "Reviewed"),
    "panel.reviews.withdrawn": ("Ingetrokken", "Withdrawn"),
    "panel.reviews.to_do": ("Nog te doen", "To do"),
    "panel.reviews.none_open": (
        "U heeft nu niets te beoordelen.",
        "You have nothing to review now.",
    ),
    "panel.reviews.none_submitted": (
        "U heeft nog niets beoordeeld.",
        "You have not reviewed anything yet.",
    ),
    "panel.reviews.none_withdrawn": (
        "Er zijn geen beoordelingen ingetrokken.",
        "No reviews were withdrawn.",
    ),
    "panel.col_provider": ("Aanbieder", "Provider"),
    "panel.col_assigned": ("Toegewezen", "Assigned"),
    "panel.col_open": ("Stand", "Status"),
    "panel.col_submitted": ("Verstuurd", "Sent"),
    "panel.col_withdrawn": ("Waarom", "Why"),
    "panel.col_score": ("Score", "Score"),
    "panel.col_reason": ("Toelichting", "Reason"),
    "panel.appeal_badge": ("Bezwaar (tweede ronde)", "Appeal (second round)"),
    "panel.withdrawn.stalled": (
        "Te lang open: een andere leraar beoordeelt het",
        "Open too long: another teacher reviews it",
    ),
    "panel.withdrawn.left_panel": ("U stopte met het panel", "You left the panel"),
    "panel.withdrawn.not_registered": ("U bent niet meer geregistreerd", "No longer registered"),
    "panel.withdrawn.erased": ("Uw gegevens zijn verwijderd", "Your data was erased"),
    "panel.withdrawn.employer_conflict": (
        "U werkt bij het bestuur van de aanbieder",
        "You work for the provider's board",
    ),
    "panel.withdrawn.other": ("Ingetrokken", "Withdrawn"),
    "panel.verdict.approve": ("Goedkeuren", "Approve"),
    "panel.verdict.reject": ("Afwijzen", "Reject"),
    "panel.back": ("Terug naar mijn beoordelingen", "Back to my reviews"),
    "panel.review.title": ("Beoordeling: {title}", "Review: {title}"),
    "panel.review.offer": ("Het aanbod", "The offer"),
    "panel.review.criteria": ("Criteria (versie {version})", "Criteria (version {version})"),
    "panel.review.scale": (
        "Per criterium een score van 1 (onvoldoende) tot 5 (uitstekend) en een toelichting.",
        "Per criterion a score from 1 (insufficient) to 5 (excellent) and a reason.",
    ),
    "panel.review.verdict": ("Uw oordeel", "Your verdict"),
    "panel.review.submit": ("Beoordeling versturen", "Send review"),
    "panel.review.start": ("Beoordeling invullen", "Fill in the review"),
    "panel.review.form_title": ("Beoordelen: {title}", "Review: {title}"),
    "panel.review.back_to_offer": ("Terug naar het aanbod", "Back to the offer"),
    "panel.review.summary": (
        "{provider}, {hours} geplande uren, {sectors}.",
        "{provider}, {hours} planned hours, {sectors}.",
    ),
    "panel.review.done_title": ("Verstuurd", "Sent"),
    "panel.review.done": (
        "Uw beoordeling is verstuurd. Dank u wel. Zodra het hele panel klaar is, besluit het "
        "register.",
        "Your review has been sent. Thank you. Once the whole panel is done, the register decides.",
    ),
    "panel.review.refused_title": ("Niet opnieuw verstuurd", "Not sent again"),
    "panel.review.refused_submitted": (
        "U heeft deze beoordeling al verstuurd. Een beoordeling kan één keer; er is niets "
        "veranderd.",
        "You already sent this review. A review can be sent once; nothing has changed.",
    ),
    "panel.review.refused_withdrawn": (
        "Deze beoordeling is ingetrokken en gaat naar een andere leraar; er is niets verstuurd.",
        "This review was withdrawn and goes to another teacher; nothing was sent.",
    ),
    "panel.review.refused_open": (
        "Uw beoordeling is niet verstuurd. Probeer het opnieuw.",
        "Your review was not sent. Please try again.",
    ),
    "panel.review.yours": ("Uw beoordeling", "Your review"),
    "panel.review.sent_at": ("Verstuurd op", "Sent on"),
    "panel.review.withdrawn": (
        "Deze beoordeling is ingetrokken; een andere leraar beoordeelt het aanbod.",
        "This review was withdrawn; another teacher reviews the offer.",
    ),
    "panel.field_reason": ("Toelichting", "Reason"),
    "panel.field_reason_of": ("Toelichting bij {criterion}", "Reason for {criterion}"),
    "panel.field_verdict": ("Oordeel", "Verdict"),
    "panel.field_hours": ("Voorgestelde registeruren", "Proposed register hours"),
    "panel.hint_hours": (
        "Bij goedkeuren, in halve uren.",
        "When approving, in half hours.",
    ),
    "panel.error.criterion_here": (
        "Kies een score en licht die toe.",
        "Choose a score and explain it.",
    ),
    "panel.error.criterion": (
        "Geef {criterion} een score en licht die toe.",
        "Give {criterion} a score and explain it.",
    ),
    "panel.error.reason_long": (
        "De toelichting bij {criterion} is langer dan 500 tekens.",
        "The reason for {criterion} is longer than 500 characters.",
    ),
    "panel.error.verdict": ("Kies goedkeuren of afwijzen.", "Choose approve or reject."),
    "panel.error.hours_required": (
        "Vul bij goedkeuren de registeruren in die u voorstelt.",
        "When approving, fill in the register hours you propose.",
    ),
    # the public page
    "criteria.title": ("Criteria en aanbod", "Criteria and offer"),
    "criteria.intro": (
        "Lerarenpanels beoordelen activiteiten op kwaliteit en waarde voor het onderwijs. De "
        "beroepsgroep houdt de criteria zelf bij. Geaccrediteerde activiteiten tellen met hun "
        "registeruren mee voor de registratie.",
        "Teacher panels review activities on their quality and value for education. The "
        "profession keeps the criteria itself. Accredited activities count towards the "
        "registration with their register hours.",
    ),
    "criteria.set_title": ("De criteria", "The criteria"),
    "criteria.version": (
        "Versie {version}, geldig sinds {since}.",
        "Version {version}, in force since {since}.",
    ),
    "criteria.version_short": ("Versie", "Version"),
    "criteria.join": ("Bent u geregistreerd leraar?", "Are you a registered teacher?"),
    "criteria.catalogue_title": ("Geaccrediteerd aanbod", "Accredited activities"),
    "criteria.catalogue_caption": (
        "Geaccrediteerde activiteiten met hun registeruren",
        "Accredited activities with their register hours",
    ),
    "criteria.col_criterion": ("Criterium", "Criterion"),
    "criteria.col_activity": ("Activiteit", "Activity"),
    "criteria.col_provider": ("Aanbieder", "Provider"),
    "criteria.col_kind": ("Soort", "Kind"),
    "criteria.col_hours": ("Registeruren", "Register hours"),
    "criteria.col_core": ("Primair proces", "Core of teaching"),
    "criteria.col_code": ("Code", "Code"),
    "criteria.none": ("Er is nog geen geaccrediteerd aanbod.", "No activities are accredited yet."),
    "criteria.none_here": (
        "Op deze pagina staan geen activiteiten meer.",
        "There are no more activities on this page.",
    ),
    "criteria.filter_provider": ("Aanbieder-id", "Provider id"),
    "criteria.filter_provider_hint": (
        "Alleen het aanbod van deze aanbieder, bijvoorbeeld P0042.",
        "Only this provider's activities, for example P0042.",
    ),
    "criteria.filter_submit": ("Toon aanbod", "Show activities"),
    "criteria.error_provider": (
        "Een aanbieder-id bestaat uit letters, cijfers, punten en streepjes.",
        "A provider id consists of letters, digits, dots and dashes.",
    ),
    # the offer form's errors
    "profession.error.form": (
        "Het formulier is niet goed ingevuld. Controleer de gegevens en probeer het opnieuw.",
        "The form is not filled in correctly. Check the data and try again.",
    ),
    "profession.error.title_required": ("Vul een titel in.", "Fill in a title."),
    "profession.error.description_required": (
        "Vul een omschrijving in.",
        "Fill in a description.",
    ),
    "profession.error.text_too_long": ("Deze tekst is te lang.", "This text is too long."),
    "profession.error.kind": (
        "Kies een soort activiteit uit de lijst.",
        "Choose a kind of activity from the list.",
    ),
    "profession.error.sectors_required": ("Kies ten minste één sector.", "Choose a sector."),
    "profession.error.sectors": ("Kies sectoren uit de lijst.", "Choose sectors from the list."),
    "profession.error.hours_required": (
        "Vul het aantal geplande uren in.",
        "Fill in the planned hours.",
    ),
    "profession.error.hours_format": (
        "Vul de uren in als getal, bijvoorbeeld 12,5.",
        "Fill in the hours as a number, for example 12.5.",
    ),
    "profession.error.hours_min": ("Het minimum is 0,5 uur.", "The minimum is 0.5 hours."),
    "profession.error.hours_max": ("Het maximum is 1000 uur.", "The maximum is 1000 hours."),
    "profession.error.hours_half": (
        "Vul de uren in halve uren in, bijvoorbeeld 12 of 12,5.",
        "Fill in the hours in half hours, for example 12 or 12.5.",
    ),
    "profession.error.planning_required": (
        "Kies of het aanbod op vaste data of op aanvraag is.",
        "Choose whether the offer is on set dates or on demand.",
    ),
    "profession.error.planning": (
        "Kies of het aanbod op vaste data of op aanvraag is.",
        "Choose whether the offer is on set dates or on demand.",
    ),
    "profession.error.start_required": (
        "Vul bij vaste data de begindatum in.",
        "With set dates, fill in the start date.",
    ),
    "profession.error.sent_before": (
        "Dit formulier was al verzonden, met een ander aanbod. Er is niets dubbel ingediend: "
        "controleer de gegevens en verstuur het formulier opnieuw.",
        "This form was sent before, with another offer. Nothing was submitted twice: check "
        "the data and send the form again.",
    ),
}
