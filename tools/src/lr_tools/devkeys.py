"""The development signing keys and JWKS under var/dev (made by lr_shared.auth)."""

from __future__ import annotations

from lr_shared.auth import generate_dev_keys
from lr_tools.paths import Paths


def ensure_dev_keys(paths: Paths) -> None:
    """Create var/dev/{dev-idp-key.pem, registry-signing-key.pem, intake-signing-key.pem,
    jwks.json} if missing (the JWKS is written again with every key)."""
    generate_dev_keys(paths.dev)
