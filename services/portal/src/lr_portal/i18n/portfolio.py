"""Portfolio, shares, export and the shared view."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the seven types and their subtypes (DESIGN.md)
    "portfolio.type.formal_programme": ("Formele opleiding", "Formal programme"),
    "portfolio.type.course": ("Cursus of training", "Course or training"),
    "portfolio.type.study_day": ("Studiedag", "Study day"),
    "portfolio.type.conference": ("Congres of conferentie", "Conference"),
    "portfolio.type.inside_school": ("Binnen de school", "Inside the school"),
    "portfolio.type.outside_school": ("Buiten de school", "Outside the school"),
    "portfolio.type.self_study": ("Zelfstudie", "Self-study"),
    "portfolio.subtype.coaching": ("Coaching", "Coaching"),
    "portfolio.subtype.intervision": ("Intervisie", "Intervision"),
    "portfolio.subtype.peer_review": ("Collegiale consultatie", "Peer review"),
    "portfolio.subtype.collegial_visit": ("Collegiaal bezoek", "Collegial visit"),
    "portfolio.subtype.research": ("Onderzoek", "Research"),
    "portfolio.subtype.network": ("Netwerk", "Network"),
    "portfolio.subtype.placement": ("Stage", "Placement"),
    "portfolio.subtype.professional_journal": ("Vakliteratuur", "Professional journal"),
    "portfolio.subtype.online": ("Online leren", "Online learning"),
    # the list
    "portfolio.title": ("Mijn portfolio", "My portfolio"),
    "portfolio.intro": (
        "Hier houdt u bij welke professionalisering u heeft gedaan. Alleen u ziet uw portfolio, "
        "tenzij u het zelf deelt.",
        "Here you keep track of your professional development. Only you see your portfolio, "
        "unless you share it yourself.",
    ),
    "portfolio.add": ("Activiteit toevoegen", "Add an activity"),
    "portfolio.activities": ("Activiteiten", "Activities"),
    "portfolio.activities_caption": (
        "Mijn activiteiten, de nieuwste eerst",
        "My activities, newest first",
    ),
    "portfolio.none": (
        "U heeft nog geen activiteiten. Voeg uw eerste activiteit toe.",
        "You have no activities yet. Add your first activity.",
    ),
    "portfolio.none_document": ("Geen activiteiten.", "No activities."),
    "portfolio.col_date": ("Datum", "Date"),
    "portfolio.col_activity": ("Activiteit", "Activity"),
    "portfolio.col_hours": ("Uren", "Hours"),
    "portfolio.col_core": ("Primair proces", "Core of teaching"),
    "portfolio.col_source": ("Bron", "Source"),
    "portfolio.col_evidence": ("Bewijsstuk", "Evidence"),
    "portfolio.source_teacher": ("Eigen invoer", "Entered by you"),
    "portfolio.source_provider": ("Gemeld door aanbieder", "Reported by the provider"),
    "portfolio.provider_note": (
        "Deze activiteit is gemeld en gevalideerd door de opleider. U kunt haar niet wijzigen "
        "of verwijderen.",
        "This activity was reported and validated by its provider. You cannot change or delete it.",
    ),
    "portfolio.evidence_yes": ("Ja", "Yes"),
    "portfolio.evidence_no": ("Nee", "No"),
    "portfolio.date_range": ("{start} t/m {end}", "{start} to {end}"),
    "portfolio.hours_value": ("{hours} uur", "{hours} hours"),
    "portfolio.progress_title": ("Voortgang in de huidige periode", "Progress this period"),
    "portfolio.progress_period": (
        "Periode {start} t/m {end}",
        "Period {start} to {end}",
    ),
    # messages after an action
    "portfolio.done_created": ("De activiteit is toegevoegd.", "The activity has been added."),
    "portfolio.done_saved": ("De wijzigingen zijn opgeslagen.", "Your changes have been saved."),
    "portfolio.done_deleted": ("De activiteit is verwijderd.", "The activity has been deleted."),
    "portfolio.done_evidence": ("Het bewijsstuk is opgeslagen.", "The evidence has been saved."),
    "portfolio.done_evidence_deleted": (
        "Het bewijsstuk is verwijderd.",
        "The evidence has been deleted.",
    ),
    "portfolio.done_revoked": (
        "De link is ingetrokken en werkt niet meer.",
        "The link has been revoked and no longer works.",
    ),
    "portfolio.done_heading": ("Gelukt", "Done"),
    # one activity
    "portfolio.activity_title": ("Activiteit", "Activity"),
    "portfolio.kind": ("Soort activiteit", "Kind of activity"),
    "portfolio.field_title": ("Titel", "Title"),
    "portfolio.field_provider": ("Aanbieder of organisatie", "Provider or organisation"),
    "portfolio.field_subject": ("Vak of thema", "Subject or theme"),
    "portfolio.field_start_date": ("Datum of eerste dag", "Date or first day"),
    "portfolio.field_end_date": ("Laatste dag", "Last day"),
    "portfolio.field_hours": ("Aantal uren", "Number of hours"),
    "portfolio.field_core": (
        "Deze activiteit gaat over het primaire proces (lesgeven)",
        "This activity is about the core of teaching",
    ),
    "portfolio.field_file": ("Bewijsstuk", "Evidence"),
    "portfolio.hint_kind": (
        "Kies de soort die het best past. Bij binnen en buiten de school en zelfstudie kiest "
        "u ook de vorm.",
        "Choose the kind that fits best. For inside and outside the school and self-study you "
        "also choose the form.",
    ),
    "portfolio.hint_dates": (
        "Schrijf een datum als dag-maand-jaar, bijvoorbeeld 15-03-2026.",
        "Write a date as day-month-year, for example 15-03-2026.",
    ),
    "portfolio.hint_end_date": (
        "Alleen als de activiteit meer dan één dag duurde.",
        "Only if the activity took more than one day.",
    ),
    "portfolio.hint_hours": (
        "Registeruren, bijvoorbeeld 12 of 2,5. Hoogstens 1000 per activiteit.",
        "Register hours, for example 12 or 2.5. At most 1000 per activity.",
    ),
    "portfolio.hint_core": (
        "Van de 160 uur in een periode gaan er minstens 100 over het primaire proces.",
        "Of the 160 hours in a period, at least 100 are about the core of teaching.",
    ),
    "portfolio.hint_file": (
        "Optioneel: een certificaat of bewijs van deelname als PDF, PNG of JPEG, hoogstens 10 MB.",
        "Optional: a certificate or proof of attendance as PDF, PNG or JPEG, at most 10 MB.",
    ),
    "portfolio.new_title": ("Activiteit toevoegen", "Add an activity"),
    "portfolio.edit_title": ("Activiteit wijzigen", "Change the activity"),
    "portfolio.edit": ("Wijzigen", "Change"),
    "portfolio.delete": ("Verwijderen", "Delete"),
    "portfolio.cancel": ("Annuleren", "Cancel"),
    "portfolio.back_to_list": ("Terug naar mijn portfolio", "Back to my portfolio"),
    "portfolio.save_new": ("Activiteit opslaan", "Save the activity"),
    "portfolio.save_edit": ("Wijzigingen opslaan", "Save changes"),
    "portfolio.delete_title": ("Activiteit verwijderen", "Delete the activity"),
    "portfolio.delete_question": (
        "Weet u zeker dat u deze activiteit wilt verwijderen? Het bewijsstuk wordt ook "
        "verwijderd. Dit kunt u niet ongedaan maken.",
        "Are you sure you want to delete this activity? Its evidence is deleted too. This "
        "cannot be undone.",
    ),
    "portfolio.delete_confirm": ("Ja, verwijder de activiteit", "Yes, delete the activity"),
    "portfolio.evidence_title": ("Bewijsstuk", "Evidence"),
    "portfolio.evidence_none": ("Er is nog geen bewijsstuk.", "There is no evidence yet."),
    "portfolio.evidence_download": (
        "Download {filename} ({size})",
        "Download {filename} ({size})",
    ),
    "portfolio.evidence_upload": ("Bewijsstuk opslaan", "Save the evidence"),
    "portfolio.evidence_replace": ("Ander bewijsstuk opslaan", "Save other evidence"),
    "portfolio.evidence_delete": ("Bewijsstuk verwijderen", "Delete the evidence"),
    "portfolio.evidence_partly": (
        "De activiteit is opgeslagen, maar het bewijsstuk niet. Probeer het hieronder opnieuw.",
        "The activity has been saved, but the evidence has not. Try again below.",
    ),
    "portfolio.size_kb": ("{size} kB", "{size} kB"),
    "portfolio.size_mb": ("{size} MB", "{size} MB"),
    # errors beside the fields (a field's rule broken, as the portfolio reports it)
    "portfolio.error.kind_required": ("Kies de soort activiteit.", "Choose the kind of activity."),
    "portfolio.error.kind": (
        "Kies een soort activiteit uit de lijst.",
        "Choose a kind of activity from the list.",
    ),
    "portfolio.error.title_required": ("Vul een titel in.", "Enter a title."),
    "portfolio.error.too_long": (
        "Gebruik hoogstens 200 tekens.",
        "Use at most 200 characters.",
    ),
    "portfolio.error.invalid_character": (
        "Deze tekst bevat een teken dat niet is toegestaan.",
        "This text contains a character that is not allowed.",
    ),
    "portfolio.error.date_required": ("Vul een datum in.", "Enter a date."),
    "portfolio.error.date_format": (
        "Vul een bestaande datum in als dag-maand-jaar, bijvoorbeeld 15-03-2026.",
        "Enter a real date as day-month-year, for example 15-03-2026.",
    ),
    "portfolio.error.too_early": (
        "Deze datum ligt te ver in het verleden (vóór 1950).",
        "This date is too far in the past (before 1950).",
    ),
    "portfolio.error.too_late": (
        "Deze datum ligt meer dan een jaar in de toekomst.",
        "This date is more than a year in the future.",
    ),
    "portfolio.error.order": (
        "De laatste dag ligt vóór de eerste dag.",
        "The last day is before the first day.",
    ),
    "portfolio.error.hours_required": ("Vul het aantal uren in.", "Enter the number of hours."),
    "portfolio.error.hours_format": (
        "Vul het aantal uren in als getal, bijvoorbeeld 12 of 2,5.",
        "Enter the hours as a number, for example 12 or 2.5.",
    ),
    "portfolio.error.not_positive": (
        "Het aantal uren moet meer dan 0 zijn.",
        "The number of hours must be more than 0.",
    ),
    "portfolio.error.too_many": (
        "Hoogstens 1000 uur per activiteit.",
        "At most 1000 hours per activity.",
    ),
    "portfolio.error.precision": (
        "Gebruik hoogstens twee cijfers achter de komma.",
        "Use at most two decimals.",
    ),
    "portfolio.error.file_required": ("Kies een bestand.", "Choose a file."),
    "portfolio.error.file_empty": ("Het bestand is leeg.", "The file is empty."),
    "portfolio.error.file_too_large": (
        "Het bestand is te groot. Een bewijsstuk mag hoogstens 10 MB zijn.",
        "The file is too large. Evidence may be at most 10 MB.",
    ),
    "portfolio.error.file_unsupported": (
        "Het bestand moet een PDF, PNG of JPEG zijn.",
        "The file must be a PDF, PNG or JPEG.",
    ),
    "portfolio.error.invalid": (
        "Dit veld klopt niet. Controleer het en probeer het opnieuw.",
        "This field is not right. Check it and try again.",
    ),
    "portfolio.error.form": (
        "Het formulier klopt niet. Controleer het en probeer het opnieuw.",
        "The form is not right. Check it and try again.",
    ),
    "portfolio.error.not_editable": (
        "Deze activiteit is gemeld door de aanbieder en kan niet worden gewijzigd.",
        "This activity was reported by its provider and cannot be changed.",
    ),
    # shares
    "shares.title": ("Mijn portfolio delen", "Share my portfolio"),
    "shares.intro": (
        "Maak een link waarmee iemand die u kiest, bijvoorbeeld uw leidinggevende, uw "
        "portfolio kan bekijken zonder in te loggen. De link werkt tot de datum die u kiest, "
        "en u kunt hem altijd eerder intrekken.",
        "Make a link with which someone of your choice, for example your manager, can view "
        "your portfolio without signing in. The link works until the date you choose, and you "
        "can always revoke it sooner.",
    ),
    "shares.create_title": ("Nieuwe link maken", "Make a new link"),
    "shares.scope": ("Wat wilt u delen?", "What do you want to share?"),
    "shares.scope_all": ("Mijn hele portfolio", "My whole portfolio"),
    "shares.scope_period": (
        "Alleen de periode {start} t/m {end}",
        "Only the period {start} to {end}",
    ),
    "shares.expires": ("Geldig tot en met", "Valid until"),
    "shares.expires_hint": (
        "Een datum binnen 90 dagen, als dag-maand-jaar, bijvoorbeeld 15-03-2026.",
        "A date within 90 days, as day-month-year, for example 15-03-2026.",
    ),
    "shares.create": ("Link maken", "Make the link"),
    "shares.list_title": ("Links die nu werken", "Links that work now"),
    "shares.list_caption": ("Mijn gedeelde links", "My shared links"),
    "shares.none": ("U heeft geen links die nu werken.", "You have no links that work now."),
    "shares.col_scope": ("Wat", "What"),
    "shares.col_created": ("Gemaakt op", "Made on"),
    "shares.col_expires": ("Geldig tot", "Valid until"),
    "shares.col_action": ("Actie", "Action"),
    "shares.scope_all_short": ("Hele portfolio", "Whole portfolio"),
    "shares.scope_period_short": ("Periode vanaf {start}", "Period from {start}"),
    "shares.revoke": ("Intrekken", "Revoke"),
    "shares.revoke_label": (
        "Link gemaakt op {created} intrekken",
        "Revoke the link made on {created}",
    ),
    "shares.created_title": ("Uw link is gemaakt", "Your link has been made"),
    "shares.created_text": (
        "Kopieer de link en stuur hem naar wie u kiest. U ziet deze link maar één keer: het "
        "register bewaart hem niet.",
        "Copy the link and send it to whom you choose. You see this link only once: the "
        "register does not keep it.",
    ),
    "shares.link": ("Link om te delen", "Link to share"),
    "shares.link_hint": (
        "Selecteer de link en kopieer hem (Ctrl+C, of Cmd+C op een Mac). Hij werkt tot en "
        "met {expires}.",
        "Select the link and copy it (Ctrl+C, or Cmd+C on a Mac). It works until {expires}.",
    ),
    "shares.back": ("Terug naar delen", "Back to sharing"),
    "shares.error.expires_required": ("Vul een datum in.", "Enter a date."),
    "shares.error.past": (
        "Kies een datum in de toekomst.",
        "Choose a date in the future.",
    ),
    "shares.error.too_far": (
        "Deze datum ligt te ver weg. Een link werkt hoogstens 90 dagen.",
        "This date is too far ahead. A link works for at most 90 days.",
    ),
    "shares.error.scope": ("Kies wat u wilt delen.", "Choose what you want to share."),
    # the shared view
    "shared.title": ("Gedeeld portfolio", "Shared portfolio"),
    "shared.intro": (
        "Een leraar heeft dit portfolio met u gedeeld. U kunt het alleen bekijken.",
        "A teacher has shared this portfolio with you. You can only view it.",
    ),
    "shared.scope_all": ("Alle perioden", "All periods"),
    "shared.scope_period": ("Periode vanaf {start}", "Period from {start}"),
    "shared.generated": ("Opgemaakt op {when}", "Made on {when}"),
    "shared.gone_title": ("Deze link werkt niet (meer)", "This link does not work (any more)"),
    "shared.gone_text": (
        "De link is verlopen, ingetrokken of niet helemaal goed overgenomen. Vraag de leraar "
        "die hem stuurde om een nieuwe link.",
        "The link has expired, was revoked or was not copied in full. Ask the teacher who "
        "sent it for a new link.",
    ),
    "shared.periods_title": ("Voortgang naar de norm", "Progress to the norm"),
    "shared.col_period": ("Periode", "Period"),
    "shared.col_total": ("Uren (norm)", "Hours (norm)"),
    "shared.col_core": ("Primair proces (norm)", "Core of teaching (norm)"),
    "shared.col_state": ("Stand", "Standing"),
    "shared.norm_met": ("Norm gehaald", "Norm met"),
    "shared.norm_missing": (
        "Nog {total} uur, waarvan {core} primair proces",
        "{total} hours to go, {core} of them core of teaching",
    ),
    "shared.current": ("(huidige periode)", "(current period)"),
    "shared.no_periods": ("Nog geen registratieperiode bekend.", "No registration period yet."),
    # export
    "export.title": ("Mijn portfolio exporteren", "Export my portfolio"),
    "export.intro": (
        "Hieronder staat uw hele portfolio, klaar om af te drukken of als PDF te bewaren met de "
        "afdrukfunctie van uw browser (Ctrl+P, of Cmd+P op een Mac).",
        "Below is your whole portfolio, ready to print or to save as PDF with your browser's "
        "print function (Ctrl+P, or Cmd+P on a Mac).",
    ),
    "export.json": (
        "Download alles als JSON-bestand",
        "Download everything as a JSON file",
    ),
    "export.document_title": ("Lerarenportfolio", "Teacher's portfolio"),
    "export.meta": (
        "Registratienummer {number} · opgemaakt op {when}",
        "Registration number {number} · made on {when}",
    ),
}
