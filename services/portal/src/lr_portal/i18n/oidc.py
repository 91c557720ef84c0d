"""DigiD through OpenID Connect: what a teacher reads when a sign-in does not complete."""

MESSAGES: dict[str, tuple[str, str]] = {
    "oidc.failed_title": ("Inloggen met DigiD is niet gelukt", "Signing in with DigiD failed"),
    "oidc.failed_state": (
        "Deze inlogpoging is verlopen, al gebruikt of in een ander venster begonnen. Begin "
        "opnieuw met inloggen.",
        "This sign-in expired, was already used or was started in another window. Please "
        "start signing in again.",
    ),
    "oidc.failed_cancelled": (
        "U heeft het inloggen bij DigiD afgebroken.",
        "You stopped signing in at DigiD.",
    ),
    "oidc.failed_refused": (
        "DigiD kon uw inlog niet bevestigen. De inlogcode is misschien al gebruikt of "
        "verlopen. Begin opnieuw met inloggen.",
        "DigiD could not confirm your sign-in. The sign-in code may have been used already or "
        "have expired. Please start signing in again.",
    ),
    "oidc.failed_id_token": (
        "Wij konden de inloggegevens van DigiD niet controleren. Begin opnieuw met inloggen. "
        "Blijft dit gebeuren, probeer het dan later opnieuw.",
        "We could not check the sign-in details from DigiD. Please start signing in again. If "
        "this keeps happening, please try again later.",
    ),
    "oidc.nothing_kept": (
        "U bent niet ingelogd. Er is niets van deze poging bewaard.",
        "You are not signed in. Nothing of this attempt was kept.",
    ),
    "oidc.again": ("Opnieuw inloggen met DigiD", "Sign in with DigiD again"),
}
