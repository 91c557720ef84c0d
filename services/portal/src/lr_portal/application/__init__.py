"""Use cases: starting a session from an identity token, and the ports they need."""
