"""The session store, the HTTP clients of the registry (and portfolio), the development IdP."""
