"""The board's correction requests: the list (`boards.corrections.`) and one request with its
answer form (`boards.correction.`). The teacher's own words (her explanation) and the board's
reason are shown as written."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the list
    "boards.corrections.title": ("Correctieverzoeken", "Correction requests"),
    "boards.corrections.intro": (
        "Wat leraren betwisten aan de benoemingen die dit bestuur aanleverde, de nieuwste eerst. "
        "Open een verzoek om het te beantwoorden. Een verzoek waarvan een nieuwe levering elk "
        "betwist gegeven heeft veranderd, is vanzelf opgelost.",
        "What teachers dispute about the appointments this board delivered, newest first. Open "
        "a request to answer it. A request whose disputed fields a new delivery has all changed "
        "is resolved by itself.",
    ),
    "boards.corrections.filter_status": ("Status", "Status"),
    "boards.corrections.filter.open": ("Te beantwoorden", "To be answered"),
    "boards.corrections.filter.geaccepteerd": ("Geaccepteerd", "Accepted"),
    "boards.corrections.filter.afgewezen": ("Afgewezen", "Rejected"),
    "boards.corrections.filter.opgelost": ("Opgelost", "Resolved"),
    "boards.corrections.filter.alle": ("Alle verzoeken", "All requests"),
    "boards.corrections.caption": (
        "{which}: verzoeken {first} tot en met {last} van {total}",
        "{which}: requests {first} to {last} of {total}",
    ),
    "boards.corrections.col_requested": ("Ingediend", "Filed"),
    "boards.corrections.col_teacher": ("Leraar", "Teacher"),
    "boards.corrections.col_appointment": ("Benoeming", "Appointment"),
    "boards.corrections.col_fields": ("Betwist", "Disputed"),
    "boards.corrections.col_explanation": ("Toelichting", "Explanation"),
    "boards.corrections.col_status": ("Status", "Status"),
    "boards.corrections.appointment": (
        "{brin} {volgnummer}, {grondslag}, vanaf {begin}",
        "{brin} {volgnummer}, {grondslag}, from {begin}",
    ),
    "boards.corrections.state.open": ("Te beantwoorden", "To be answered"),
    "boards.corrections.state.accepted": ("Geaccepteerd", "Accepted"),
    "boards.corrections.state.rejected": ("Afgewezen", "Rejected"),
    "boards.corrections.state.resolved": ("Opgelost", "Resolved"),
    "boards.corrections.none": (
        "Er zijn geen correctieverzoeken voor dit bestuur.",
        "There are no correction requests for this board.",
    ),
    "boards.corrections.none_open": (
        "Er wachten geen correctieverzoeken op uw antwoord.",
        "No correction requests are waiting for your answer.",
    ),
    "boards.corrections.none_status": (
        "Er zijn geen correctieverzoeken met deze status.",
        "There are no correction requests with this status.",
    ),
    "boards.corrections.none_here": (
        "Op deze pagina staan geen correctieverzoeken meer.",
        "There are no more correction requests on this page.",
    ),
    # one request
    "boards.correction.title": ("Correctieverzoek", "Correction request"),
    "boards.correction.back": ("Alle correctieverzoeken", "All correction requests"),
    "boards.correction.status_label": ("Status", "Status"),
    "boards.correction.status.open": (
        "Te beantwoorden: de leraar wacht op uw antwoord",
        "To be answered: the teacher is waiting for your answer",
    ),
    "boards.correction.status.accepted": (
        "Geaccepteerd: u levert de gecorrigeerde gegevens aan",
        "Accepted: you deliver the corrected data",
    ),
    "boards.correction.status.rejected": ("Afgewezen", "Rejected"),
    "boards.correction.status.resolved": ("Opgelost door levering", "Resolved by a delivery"),
    "boards.correction.teacher": ("De leraar", "The teacher"),
    "boards.correction.name": ("Naam", "Name"),
    "boards.correction.number": ("Registratienummer", "Registration number"),
    "boards.correction.appointment": ("De benoeming", "The appointment"),
    "boards.correction.school": ("School", "School"),
    "boards.correction.brin": ("BRIN en volgnummer", "BRIN and branch number"),
    "boards.correction.grondslag": ("Benoemingsgrondslag", "Basis of appointment"),
    "boards.correction.begin": ("Begin benoeming", "Appointment starts"),
    "boards.correction.dispute": ("Wat de leraar betwist", "What the teacher disputes"),
    "boards.correction.fields": ("Betwiste gegevens", "Disputed fields"),
    "boards.correction.explanation": ("Wat de leraar zegt", "What the teacher says"),
    "boards.correction.requested": ("Ingediend op", "Filed on"),
    "boards.correction.answer_title": ("Het antwoord", "The answer"),
    "boards.correction.decision": ("Besluit", "Decision"),
    "boards.correction.decision.accepted": (
        "Akkoord: wij leveren de gecorrigeerde gegevens aan",
        "Agreed: we deliver the corrected data",
    ),
    "boards.correction.decision.rejected": ("Afgewezen", "Rejected"),
    "boards.correction.reason": ("Reden", "Reason"),
    "boards.correction.no_reason": ("Geen reden gegeven", "No reason given"),
    "boards.correction.answered_by": ("Beantwoord door", "Answered by"),
    "boards.correction.answered_at": ("Beantwoord op", "Answered on"),
    "boards.correction.resolved_title": ("Opgelost", "Resolved"),
    "boards.correction.resolved_text": (
        "Opgelost door levering, op {moment}: elk betwist gegeven heeft nu een andere waarde.",
        "Resolved by a delivery, on {moment}: every disputed field now has another value.",
    ),
    "boards.correction.resolved_link": (
        "Bekijk de levering die het verzoek oploste",
        "See the delivery that resolved the request",
    ),
    "boards.correction.form_title": ("Beantwoord het verzoek", "Answer the request"),
    "boards.correction.form_intro": (
        "U beantwoordt een verzoek één keer. De leraar ziet uw antwoord in Mijn registratie en "
        "krijgt er een e-mail over.",
        "You answer a request once. The teacher sees your answer in My registration and gets an "
        "e-mail about it.",
    ),
    "boards.correction.legend": ("Uw antwoord", "Your answer"),
    "boards.correction.accept": (
        "Akkoord: wij leveren de gecorrigeerde gegevens aan",
        "Agreed: we deliver the corrected data",
    ),
    "boards.correction.reject": ("Afwijzen", "Reject"),
    "boards.correction.reason_hint": (
        "Verplicht bij afwijzen: de leraar leest de reden. Hooguit 2000 tekens.",
        "Required when you reject: the teacher reads the reason. At most 2000 characters.",
    ),
    "boards.correction.submit": ("Verstuur het antwoord", "Send the answer"),
    "boards.correction.error_decision": (
        "Kies of u akkoord gaat of het verzoek afwijst.",
        "Choose whether you agree or reject the request.",
    ),
    "boards.correction.error_reason": (
        "Schrijf waarom u het verzoek afwijst.",
        "Write why you reject the request.",
    ),
    "boards.correction.error_reason_long": (
        "De reden is te lang: hooguit 2000 tekens.",
        "The reason is too long: at most 2000 characters.",
    ),
    "boards.correction.error_reason_refused": (
        "Deze reden kan niet worden opgeslagen. Laat bijzondere tekens weg.",
        "This reason cannot be stored. Leave out special characters.",
    ),
    "boards.correction.note_beantwoord": (
        "Uw antwoord is verstuurd. De leraar krijgt er bericht van.",
        "Your answer has been sent. The teacher is told about it.",
    ),
    "boards.correction.refused_heading": (
        "Uw antwoord is niet verstuurd",
        "Your answer was not sent",
    ),
    "boards.correction.refused_answered": (
        "Dit verzoek was al beantwoord, met een ander antwoord. Er is niets veranderd: hieronder "
        "staat het antwoord dat eerder is gegeven.",
        "This request had already been answered, with another answer. Nothing has changed: the "
        "answer given before is shown below.",
    ),
    "boards.correction.refused_answered_before": (
        "Dit verzoek is al beantwoord. Er is niets veranderd: hieronder staat het antwoord dat "
        "is gegeven.",
        "This request has already been answered. Nothing has changed: the answer given is shown "
        "below.",
    ),
    "boards.correction.refused_resolved": (
        "Dit verzoek is al opgelost door een nieuwe levering en hoeft niet meer beantwoord te "
        "worden. Er is niets veranderd.",
        "This request has already been resolved by a new delivery and needs no answer any more. "
        "Nothing has changed.",
    ),
}
