"""The board's pages ("Aanleveren"): sign-in, choice of board, deliveries, feedback, correction
requests. Intake's own messages (row feedback, a file's rejection) are Dutch only; the pages
mark them `lang="nl"` on an English page."""

MESSAGES: dict[str, tuple[str, str]] = {
    # navigation
    "boards.nav_label": ("Aanleveren", "Deliveries"),
    "boards.nav_deliveries": ("Leveringen", "Deliveries"),
    "boards.nav_upload": ("Bestand aanleveren", "Deliver a file"),
    "boards.nav_corrections": ("Correctieverzoeken", "Correction requests"),
    "boards.nav_teachers": ("Mijn leraren", "My teachers"),
    "boards.nav_check": ("Nummers controleren", "Check numbers"),
    "boards.nav_choose": ("Ander bestuur kiezen", "Choose another board"),
    "boards.acting_for": (
        "U levert aan voor bevoegd gezag {board}",
        "You deliver for board {board}",
    ),
    # sign-in
    "boards.signin.title": ("Inloggen voor schoolbesturen", "Sign in for school boards"),
    "boards.signin.intro": (
        "Schoolbesturen en administratiekantoren leveren hier de gegevens van hun leraren aan.",
        "School boards and payroll bureaus deliver their teachers' data here.",
    ),
    "boards.signin.eherkenning_later": (
        "Inloggen met eHerkenning is nog niet beschikbaar.",
        "Signing in with eHerkenning is not available yet.",
    ),
    "boards.signin.dev": (
        "Inloggen voor ontwikkeling (geen eHerkenning)",
        "Development sign-in (no eHerkenning)",
    ),
    "boards.signin.teacher": ("Bent u leraar?", "Are you a teacher?"),
    "boards.signin.teacher_link": ("Log in met DigiD", "Sign in with DigiD"),
    "boards.dev.title": (
        "Inloggen voor ontwikkeling: schoolbestuur",
        "Development sign-in: school board",
    ),
    "boards.dev.warning": (
        "Dit is een ontwikkelomgeving. Deze pagina vervangt eHerkenning en bestaat niet in "
        "productie.",
        "This is a development environment. This page stands in for eHerkenning and does not "
        "exist in production.",
    ),
    "boards.dev.intro": (
        "Kies een bestuur of administratiekantoor uit de referentiegegevens, of typ het nummer. "
        "Het portaal maakt een ontwikkeltoken voor u, zoals lr dev-token board dat doet.",
        "Pick a board or payroll bureau from the reference data, or type its number. The "
        "portal makes a development token for you, as lr dev-token board does.",
    ),
    "boards.dev.pick": ("Kies uit de referentiegegevens", "Pick from the reference data"),
    "boards.dev.pick_hint": (
        "Een keuze hier gaat voor wat u hieronder typt.",
        "A choice here wins over what you type below.",
    ),
    "boards.dev.pick_none": ("Niets gekozen: ik typ het nummer", "Nothing: I type the number"),
    "boards.dev.pick_bureau": (
        "Administratiekantoor {number} {name} ({boards} besturen)",
        "Payroll bureau {number} {name} ({boards} boards)",
    ),
    "boards.dev.pick_board": ("Bestuur {number} {name}", "Board {number} {name}"),
    "boards.dev.kind": ("Ik log in als", "I sign in as"),
    "boards.dev.kind_board": ("Schoolbestuur (bevoegd gezag)", "School board (bevoegd gezag)"),
    "boards.dev.kind_bureau": (
        "Administratiekantoor dat levert voor besturen",
        "Payroll bureau delivering for boards",
    ),
    "boards.dev.number": ("Nummer", "Number"),
    "boards.dev.number_hint": (
        "Het nummer van het bevoegd gezag of van het administratiekantoor: 5 cijfers.",
        "The number of the board (bevoegd gezag) or of the payroll bureau: 5 digits.",
    ),
    "boards.dev.boards": (
        "Besturen waarvoor het administratiekantoor levert",
        "Boards the payroll bureau delivers for",
    ),
    "boards.dev.boards_hint": (
        "Nummers van 5 cijfers, gescheiden door spaties of komma's. Leeg: de mandaten van het "
        "kantoor in de referentiegegevens.",
        "Numbers of 5 digits, separated by spaces or commas. Empty: the bureau's mandates in "
        "the reference data.",
    ),
    "boards.dev.submit": ("Inloggen", "Sign in"),
    "boards.dev.error_kind": (
        "Kies of u inlogt als schoolbestuur of als administratiekantoor.",
        "Choose whether you sign in as a school board or as a payroll bureau.",
    ),
    "boards.dev.error_number": (
        "Vul een nummer van 5 cijfers in.",
        "Enter a number of 5 digits.",
    ),
    "boards.dev.error_boards": (
        "Vul bij de besturen alleen nummers van 5 cijfers in, gescheiden door spaties of komma's.",
        "Enter only numbers of 5 digits for the boards, separated by spaces or commas.",
    ),
    "boards.dev.error_no_mandates": (
        "Vul de besturen in waarvoor dit administratiekantoor levert: de referentiegegevens "
        "kennen geen mandaten van dit kantoor.",
        "Enter the boards this payroll bureau delivers for: the reference data has no "
        "mandates of this bureau.",
    ),
    # the choice of board
    "boards.choose.title": ("Voor welk bestuur levert u aan?", "Which board do you deliver for?"),
    "boards.choose.intro": (
        "U bent ingelogd als {number}{name}, dat voor {count} besturen mag aanleveren.",
        "You are signed in as {number}{name}, which may deliver for {count} boards.",
    ),
    "boards.choose.legend": ("Bestuur", "Board"),
    "boards.choose.option": ("Bevoegd gezag {number}", "Board {number}"),
    "boards.choose.typed": ("Of typ het nummer van het bestuur", "Or type the board's number"),
    "boards.choose.typed_hint": (
        "5 cijfers; gaat voor de keuze hierboven.",
        "5 digits; wins over the choice above.",
    ),
    "boards.choose.submit": ("Verder", "Continue"),
    "boards.choose.error_none": ("Kies een bestuur.", "Choose a board."),
    "boards.choose.error_number": (
        "Vul een nummer van 5 cijfers in.",
        "Enter a number of 5 digits.",
    ),
    "boards.choose.error_not_yours": (
        "U mag niet aanleveren voor dit bestuur.",
        "You may not deliver for this board.",
    ),
    # deliveries
    "boards.deliveries.title": ("Leveringen", "Deliveries"),
    "boards.deliveries.intro": (
        "Alle leveringen van dit bestuur, de nieuwste eerst.",
        "All deliveries of this board, newest first.",
    ),
    "boards.deliveries.caption": ("Leveringen, pagina {page}", "Deliveries, page {page}"),
    "boards.deliveries.none": (
        "Er zijn nog geen leveringen voor dit bestuur.",
        "There are no deliveries for this board yet.",
    ),
    "boards.deliveries.none_here": (
        "Op deze pagina staan geen leveringen meer.",
        "There are no more deliveries on this page.",
    ),
    "boards.col.received": ("Ontvangen", "Received"),
    "boards.col.processed": ("Gecontroleerd", "Checked"),
    "boards.col.completed": ("Afgerond", "Completed"),
    "boards.col.status": ("Status", "Status"),
    "boards.col.board": ("Bevoegd gezag", "Board"),
    "boards.col.submitted_by": ("Aangeleverd door", "Delivered by"),
    "boards.col.format": ("Soort bestand", "File type"),
    "boards.col.total": ("Rijen", "Rows"),
    "boards.col.accepted": ("Geaccepteerd", "Accepted"),
    "boards.col.unchanged": ("Waarvan ongewijzigd", "Of which unchanged"),
    "boards.col.rejected": ("Afgewezen", "Rejected"),
    "boards.col.warned": ("Met waarschuwing", "With a warning"),
    "boards.col.row": ("Rij", "Row"),
    "boards.col.column": ("Kolom", "Column"),
    "boards.col.code": ("Code", "Code"),
    "boards.col.message": ("Melding", "Message"),
    "boards.col.severity": ("Ernst", "Severity"),
    "boards.status.received": ("Wordt gelezen", "Being read"),
    "boards.status.processing": ("Wordt verwerkt", "Being processed"),
    "boards.status.completed": ("Verwerkt", "Completed"),
    "boards.status.rejected": ("Afgewezen", "Rejected"),
    "boards.status_text.received": (
        "Het bestand wordt gelezen en gecontroleerd.",
        "The file is being read and checked.",
    ),
    "boards.status_text.processing": (
        "Alle {total} rijen zijn gecontroleerd; de goedgekeurde gegevens gaan nu naar het "
        "register.",
        "All {total} rows have been checked; the accepted data is now going to the register.",
    ),
    "boards.status_text.completed": (
        "De levering is verwerkt: {accepted} van {total} rijen geaccepteerd, {rejected} "
        "afgewezen, {warned} met een waarschuwing.",
        "The delivery is completed: {accepted} of {total} rows accepted, {rejected} rejected, "
        "{warned} with a warning.",
    ),
    "boards.status_text.rejected": (
        "Het bestand is als geheel afgewezen.",
        "The file was rejected as a whole.",
    ),
    "boards.severity.error": ("Fout", "Error"),
    "boards.severity.warning": ("Waarschuwing", "Warning"),
    # upload
    "boards.upload.title": ("Bestand aanleveren", "Deliver a file"),
    "boards.upload.intro": (
        "Lever de benoemingen van uw leraren aan voor bevoegd gezag {board}. Elke rij wordt "
        "gecontroleerd; goede rijen gaan naar het register, over de andere krijgt u een melding.",
        "Deliver your teachers' appointments for board {board}. Every row is checked; good rows "
        "go to the register, the others get a message.",
    ),
    "boards.upload.file": ("Bestand", "File"),
    "boards.upload.file_hint": (
        "Een CSV-bestand (.csv) of NDJSON-bestand (.ndjson), UTF-8, hoogstens {mb} MB.",
        "A CSV file (.csv) or NDJSON file (.ndjson), UTF-8, at most {mb} MB.",
    ),
    "boards.upload.submit": ("Aanleveren", "Deliver"),
    "boards.upload.progress": ("Voortgang van het uploaden", "Upload progress"),
    "boards.upload.progress_text": ("{percent}% verzonden", "{percent}% sent"),
    "boards.upload.progress_done": (
        "Verzonden. De rijen worden gecontroleerd; even geduld.",
        "Sent. The rows are being checked; please wait.",
    ),
    "boards.upload.progress_failed": (
        "Het verzenden is mislukt. Probeer het opnieuw.",
        "Sending failed. Please try again.",
    ),
    "boards.upload.error_none": (
        "Kies een bestand om aan te leveren.",
        "Choose a file to deliver.",
    ),
    "boards.upload.error_type": (
        "Kies een CSV-bestand (.csv) of een NDJSON-bestand (.ndjson).",
        "Choose a CSV file (.csv) or an NDJSON file (.ndjson).",
    ),
    "boards.upload.error_too_large": (
        "Het bestand is groter dan {mb} MB. Splits het in kleinere bestanden.",
        "The file is larger than {mb} MB. Split it into smaller files.",
    ),
    "boards.upload.error_refused": (
        "Intake heeft dit verzoek geweigerd (zie hierboven). Kies het bestand opnieuw en lever "
        "het aan.",
        "Intake refused this request (see above). Choose the file again and deliver it.",
    ),
    "boards.upload.format_title": ("Welke kolommen?", "Which columns?"),
    "boards.upload.format_text": (
        "Eén kopregel met bevoegd_gezag, bsn, achternaam, tussenvoegsel, voorletters, geslacht, "
        "geboortedatum, email, brin, brin_volgnummer, functie, benoemingsgrondslag, "
        "onderwijsterrein, benoeming_begindatum, benoeming_einddatum, dienstverband_begindatum "
        "en dienstverband_einddatum; gescheiden door ; of ,. Datums als JJJJ-MM-DD of DD-MM-JJJJ.",
        "One header row with bevoegd_gezag, bsn, achternaam, tussenvoegsel, voorletters, "
        "geslacht, geboortedatum, email, brin, brin_volgnummer, functie, benoemingsgrondslag, "
        "onderwijsterrein, benoeming_begindatum, benoeming_einddatum, dienstverband_begindatum "
        "and dienstverband_einddatum; separated by ; or ,. Dates as YYYY-MM-DD or DD-MM-YYYY.",
    ),
    # one delivery
    "boards.delivery.title": ("Levering van {moment}", "Delivery of {moment}"),
    "boards.delivery.note_ontvangen": ("Uw bestand is ontvangen.", "Your file was received."),
    "boards.delivery.note_herhaald": (
        "Dit formulier was al verzonden. U ziet de levering van toen; er is niets dubbel "
        "aangeleverd.",
        "This form had been sent before. You see the delivery of then; nothing was delivered "
        "twice.",
    ),
    "boards.delivery.busy": (
        "Deze pagina ververst niet vanzelf zonder JavaScript.",
        "Without JavaScript this page does not refresh itself.",
    ),
    "boards.delivery.refresh": ("Bekijk de stand van nu", "See where it stands now"),
    "boards.delivery.feedback": (
        "Bekijk de meldingen bij {count} rijen",
        "See the messages about {count} rows",
    ),
    "boards.delivery.another": ("Nog een bestand aanleveren", "Deliver another file"),
    "boards.delivery.all": ("Alle leveringen", "All deliveries"),
    "boards.rejected.title": ("Bestand afgewezen", "File rejected"),
    "boards.rejected.heading": ("Waarom het bestand is afgewezen", "Why the file was rejected"),
    "boards.rejected.code": ("Code:", "Code:"),
    "boards.rejected.text": (
        "Er is niets uit dit bestand verwerkt. Pas het bestand aan en lever het opnieuw aan.",
        "Nothing of this file was processed. Correct the file and deliver it again.",
    ),
    "boards.rejected.again": ("Opnieuw aanleveren", "Deliver again"),
    "boards.rejected.delivery": ("Bekijk deze levering", "See this delivery"),
    # feedback
    "boards.feedback.title": ("Meldingen per rij", "Messages per row"),
    "boards.feedback.back": (
        "Terug naar de levering van {moment}",
        "Back to the delivery of {moment}",
    ),
    "boards.feedback.summary": (
        "{total} meldingen: {rejected} rijen afgewezen, {warned} met een waarschuwing.",
        "{total} messages: {rejected} rows rejected, {warned} with a warning.",
    ),
    "boards.feedback.csv": ("Download alle meldingen (CSV)", "Download all messages (CSV)"),
    "boards.feedback.partial": (
        "De tabel en het filter tonen de eerste {scanned} van de {total} meldingen. Het "
        "CSV-bestand heeft ze allemaal.",
        "The table and the filter show the first {scanned} of the {total} messages. The CSV "
        "file has all of them.",
    ),
    "boards.feedback.filter": ("Filter", "Filter"),
    "boards.feedback.all_codes": ("Alle codes", "All codes"),
    "boards.feedback.code_count": ("{code} ({count})", "{code} ({count})"),
    "boards.feedback.all_severities": ("Fouten en waarschuwingen", "Errors and warnings"),
    "boards.feedback.apply": ("Toon", "Show"),
    "boards.feedback.clear": ("Toon alles", "Show everything"),
    "boards.feedback.caption": (
        "Meldingen {first} tot en met {last} van {matching}",
        "Messages {first} to {last} of {matching}",
    ),
    "boards.feedback.none": (
        "Deze levering heeft geen meldingen.",
        "This delivery has no messages.",
    ),
    "boards.feedback.none_matching": (
        "Geen meldingen met dit filter.",
        "No messages match this filter.",
    ),
    # correction requests: i18n/board_corrections.py
    # the board's teachers in the registry
    "boards.teachers.title": ("Mijn leraren", "My teachers"),
    "boards.teachers.intro": (
        "De leraren met een lopende benoeming die bevoegd gezag {board} heeft aangeleverd, "
        "zoals het lerarenregister ze kent.",
        "The teachers with a current appointment that board {board} delivered, as the "
        "teachers' register knows them.",
    ),
    "boards.teachers.csv": (
        "Download alle leraren (CSV)",
        "Download all teachers (CSV)",
    ),
    "boards.teachers.school": ("School (BRIN)", "School (BRIN)"),
    "boards.teachers.school_hint": (
        "Vier tekens, bijvoorbeeld 12AB. Leeg: alle scholen.",
        "Four characters, for example 12AB. Empty: every school.",
    ),
    "boards.teachers.error_brin": (
        "Vul een BRIN-nummer in van 2 cijfers en 2 letters, zoals 12AB",
        "Enter a BRIN number of 2 digits and 2 letters, such as 12AB",
    ),
    "boards.teachers.all_states": ("Alle statussen", "Every state"),
    "boards.teachers.caption": (
        "Leraren {first} tot en met {last} van {total}",
        "Teachers {first} to {last} of {total}",
    ),
    "boards.teachers.none": (
        "Het register kent nog geen leraren met een lopende benoeming bij dit bevoegd gezag.",
        "The register knows no teachers with a current appointment at this board yet.",
    ),
    "boards.teachers.none_matching": (
        "Geen leraren die aan dit filter voldoen.",
        "No teachers match this filter.",
    ),
    "boards.teachers.col.number": ("Registratienummer", "Registration number"),
    "boards.teachers.col.name": ("Naam", "Name"),
    "boards.teachers.col.schools": ("Scholen", "Schools"),
    "boards.teachers.col.state": ("Status", "State"),
    "boards.teachers.col.period_end": ("Einde periode", "Period ends"),
    "boards.teachers.col.norm": ("Norm behaald", "Norm met"),
    "boards.teachers.norm.true": ("ja", "yes"),
    "boards.teachers.norm.false": ("nee", "no"),
    "boards.teachers.norm.none": ("-", "-"),
    "boards.teachers.state.pending_confirmation": ("Wacht op bevestiging", "Awaiting confirmation"),
    "boards.teachers.state.registered": ("Geregistreerd", "Registered"),
    "boards.teachers.state.pre_registered": ("Registervoorportaal", "Pre-registered"),
    "boards.teachers.state.conditional": ("Onder voorwaarden", "Conditional"),
    "boards.teachers.state.lapsed": ("Herregistratie verlopen", "Re-registration lapsed"),
    "boards.teachers.state.deregistered": ("Uitgeschreven", "Deregistered"),
    # checking registration numbers
    "boards.check.title": ("Registratienummers controleren", "Check registration numbers"),
    "boards.check.intro": (
        "Stuur een CSV-bestand met in één kolom registratienummers (LR en 8 cijfers), één per "
        "regel; een kopregel registratienummer mag. U ziet per regel of het een leraar van dit "
        "bevoegd gezag is. Er wordt niets aangeleverd.",
        "Send a CSV file with registration numbers (LR and 8 digits) in one column, one a "
        "line; a header line registratienummer may be there. You see per line whether it is a "
        "teacher of this board. Nothing is delivered.",
    ),
    "boards.check.file": ("Bestand met registratienummers", "File of registration numbers"),
    "boards.check.file_hint": (
        "CSV, UTF-8, ten hoogste 5.000 nummers.",
        "CSV, UTF-8, at most 5,000 numbers.",
    ),
    "boards.check.submit": ("Controleren", "Check"),
    "boards.check.submit_csv": ("Controleren en downloaden (CSV)", "Check and download (CSV)"),
    "boards.check.error_none": ("Kies een bestand", "Choose a file"),
    "boards.check.error_too_large": (
        "Het bestand is te groot: ten hoogste 5.000 nummers",
        "The file is too large: at most 5,000 numbers",
    ),
    "boards.check.error_refused": (
        "Het register kon dit bestand niet controleren",
        "The register could not check this file",
    ),
    "boards.check.result": ("Resultaat", "Result"),
    "boards.check.summary": (
        "{checked} regels gecontroleerd: {found} gevonden bij dit bevoegd gezag, {not_found} "
        "niet gevonden, {invalid} geen geldig registratienummer.",
        "{checked} lines checked: {found} found at this board, {not_found} not found, "
        "{invalid} not a valid registration number.",
    ),
    "boards.check.caption": (
        "De eerste {shown} van {checked} regels",
        "The first {shown} of {checked} lines",
    ),
    "boards.check.more": (
        "Alle regels staan in de download: kies Controleren en downloaden (CSV).",
        "Every line is in the download: choose Check and download (CSV).",
    ),
    "boards.check.again": ("Nog een bestand controleren", "Check another file"),
    "boards.check.col.line": ("Regel", "Line"),
    "boards.check.col.number": ("Registratienummer", "Registration number"),
    "boards.check.col.outcome": ("Uitkomst", "Outcome"),
    "boards.check.col.name": ("Naam", "Name"),
    "boards.check.col.state": ("Status", "State"),
    "boards.check.outcome.found": ("gevonden", "found"),
    "boards.check.outcome.not_found": (
        "niet gevonden bij dit bevoegd gezag",
        "not found at this board",
    ),
    "boards.check.outcome.invalid": (
        "geen geldig registratienummer",
        "not a valid registration number",
    ),
    # what a delivery changed; checking without delivering
    "field.bevoegd_gezag": ("Bevoegd gezag", "Board"),
    "boards.changes.title": ("Wat is er veranderd", "What changed"),
    "boards.changes.new": ("Nieuwe benoemingen", "New appointments"),
    "boards.changes.changed": ("Gewijzigde benoemingen", "Changed appointments"),
    "boards.changes.unchanged": ("Ongewijzigde benoemingen", "Unchanged appointments"),
    "boards.changes.absent": ("Niet meer aangeleverd", "No longer delivered"),
    "boards.changes.fields": ("Gewijzigde velden:", "Changed fields:"),
    "boards.changes.fields_unknown": (
        "Van {count} gewijzigde benoemingen is niet bekend welk veld veranderde (aangeleverd "
        "voordat het register dat bijhield).",
        "For {count} changed appointments it is not known which field changed (delivered "
        "before the register kept track).",
    ),
    "boards.changes.absent_caption": (
        "De eerste {shown} van {total} benoemingen die niet meer zijn aangeleverd",
        "The first {shown} of {total} appointments no longer delivered",
    ),
    "boards.changes.absent_note": (
        "Er is niets mee gedaan: een rij die ontbreekt beëindigt geen benoeming. Geef een "
        "einddatum op om een benoeming te beëindigen.",
        "Nothing was done with them: a missing row does not end an appointment. Deliver an "
        "end date to end an appointment.",
    ),
    "boards.changes.col.school": ("School", "School"),
    "boards.changes.col.grondslag": ("Benoemingsgrondslag", "Basis of appointment"),
    "boards.changes.col.begin": ("Begindatum", "Start date"),
    "boards.changes.col.row": ("Rij in laatste levering", "Row in last delivery"),
    "boards.dry.link": ("Controleren zonder aanleveren", "Check without delivering"),
    "boards.dry.title": ("Controleren zonder aanleveren", "Check without delivering"),
    "boards.dry.intro": (
        "Het register controleert het bestand zoals bij aanleveren, maar bewaart niets en geeft "
        "niets door. U ziet wat een levering van dit bestand zou opleveren.",
        "The register checks the file as a delivery would, but keeps nothing and passes "
        "nothing on. You see what delivering this file would give.",
    ),
    "boards.dry.submit": ("Controleren", "Check"),
    "boards.dry.nothing_delivered": (
        "Er is niets aangeleverd.",
        "Nothing was delivered.",
    ),
    "boards.dry.summary_checked": (
        "Bij aanleveren zouden {accepted} van {total} rijen worden geaccepteerd, {rejected} "
        "afgewezen, {warned} met een waarschuwing.",
        "Delivered, {accepted} of {total} rows would be accepted, {rejected} rejected, "
        "{warned} with a warning.",
    ),
    "boards.dry.summary_rejected": (
        "Bij aanleveren zou het bestand als geheel worden afgewezen.",
        "Delivered, the file would be rejected as a whole.",
    ),
    "boards.dry.issues": ("Meldingen per rij", "Messages per row"),
    "boards.dry.codes": ("Per code:", "Per code:"),
    "boards.dry.issues_caption": (
        "De eerste {shown} van {total} meldingen",
        "The first {shown} of {total} messages",
    ),
    "boards.dry.issues_more": (
        "Na aanleveren staan alle meldingen bij de levering, ook als CSV.",
        "Once delivered, every message is with the delivery, also as CSV.",
    ),
    "boards.dry.no_issues": (
        "Geen meldingen: elke rij is in orde.",
        "No messages: every row is fine.",
    ),
    "boards.dry.deliver_now": ("Nu aanleveren", "Deliver now"),
    "boards.dry.again": ("Nog een bestand controleren", "Check another file"),
}
