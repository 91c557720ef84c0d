"""eHerkenning through OpenID Connect (the board sign-in): the button, and what a board or
payroll bureau reads when a sign-in does not complete."""

MESSAGES: dict[str, tuple[str, str]] = {
    "eherkenning.button": ("Inloggen met eHerkenning", "Sign in with eHerkenning"),
    "eherkenning.hint": (
        "Met eHerkenning logt u in namens uw schoolbestuur of administratiekantoor. Een "
        "administratiekantoor kan ook inloggen met een ketenmachtiging van een schoolbestuur.",
        "With eHerkenning you sign in on behalf of your school board or payroll bureau. A payroll "
        "bureau can also sign in with a chain authorisation (ketenmachtiging) from a school board.",
    ),
    "eherkenning.failed_title": (
        "Inloggen met eHerkenning is niet gelukt",
        "Signing in with eHerkenning failed",
    ),
    "eherkenning.failed_title_unknown_organisation": (
        "Uw organisatie is niet bekend",
        "Your organisation is not known",
    ),
    "eherkenning.failed_title_no_mandate": (
        "Geen machtiging voor dit schoolbestuur",
        "No mandate for this school board",
    ),
    "eherkenning.failed_state": (
        "Deze inlogpoging is verlopen, al gebruikt of in een ander venster begonnen. Begin "
        "opnieuw met inloggen.",
        "This sign-in expired, was already used or was started in another window. Please "
        "start signing in again.",
    ),
    "eherkenning.failed_cancelled": (
        "U heeft het inloggen bij eHerkenning afgebroken.",
        "You stopped signing in at eHerkenning.",
    ),
    "eherkenning.failed_refused": (
        "eHerkenning kon uw inlog niet bevestigen. De inlogcode is misschien al gebruikt of "
        "verlopen. Begin opnieuw met inloggen.",
        "eHerkenning could not confirm your sign-in. The sign-in code may have been used "
        "already or have expired. Please start signing in again.",
    ),
    "eherkenning.failed_id_token": (
        "Wij konden de inloggegevens van eHerkenning niet controleren. Begin opnieuw met "
        "inloggen. Blijft dit gebeuren, probeer het dan later opnieuw.",
        "We could not check the sign-in details from eHerkenning. Please start signing in "
        "again. If this keeps happening, please try again later.",
    ),
    "eherkenning.failed_unknown_organisation": (
        "Uw organisatie is niet bekend als schoolbestuur of administratiekantoor in het "
        "Lerarenregister. Controleer of u met eHerkenning inlogt namens het juiste "
        "KvK-nummer. Klopt dat, neem dan contact op met DUO om het KvK-nummer van uw "
        "organisatie te laten vastleggen.",
        "Your organisation is not known as a school board or payroll bureau in the Teacher "
        "Register. Check that you sign in with eHerkenning for the right KvK number. If it is "
        "right, contact DUO to have your organisation's KvK number recorded.",
    ),
    "eherkenning.failed_no_mandate": (
        "U logde in als administratiekantoor namens een schoolbestuur, maar het "
        "Lerarenregister kent geen machtiging van dat schoolbestuur voor uw kantoor. Vraag "
        "het schoolbestuur de machtiging bij DUO te laten vastleggen, of log in namens uw "
        "eigen kantoor.",
        "You signed in as a payroll bureau on behalf of a school board, but the Teacher "
        "Register holds no mandate from that school board for your bureau. Ask the school "
        "board to have the mandate recorded with DUO, or sign in on behalf of your own bureau.",
    ),
    "eherkenning.again": ("Opnieuw inloggen met eHerkenning", "Sign in with eHerkenning again"),
}
