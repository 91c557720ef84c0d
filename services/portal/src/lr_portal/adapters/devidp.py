"""The development IdP: identity, board and provider tokens signed with the development key, as
`lr dev-token teacher`, `lr dev-token board` and `lr dev-token provider` mint them
(lr_shared.auth). Built only in development."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from lr_portal.application.ports import BoardGrant, ProviderGrant
from lr_portal.domain.boards import Organisation
from lr_shared import auth, bsn

IDENTITY_TTL = timedelta(minutes=5)
"""Long enough to be exchanged at once; the register token is what the session keeps."""

BOARD_TTL = timedelta(minutes=60)
"""As `lr dev-token board` (its default --ttl): the board session ends with its token."""

PROVIDER_TTL = timedelta(minutes=60)
"""As `lr dev-token provider` (its default --ttl)."""

PICK_LIMIT = 20


class DevIdentityProvider:
    def __init__(self, key_file: Path, test_data_file: Path | None = None) -> None:
        self._key_file = key_file
        self._test_data_file = test_data_file

    def identity_token(self, value: str) -> str | None:
        """An identity token for the BSN typed; None when it is not a valid BSN."""
        if not bsn.is_valid(value):
            return None
        normalized = bsn.normalize(value)
        if normalized is None:
            return None
        return auth.mint_token(
            self._key_file.read_bytes(),
            kid=auth.DEV_IDP_KID,
            issuer=auth.ISSUER_OF["identity"],
            subject=normalized,
            kind="identity",
            ttl=IDENTITY_TTL,
        )

    def board_grant(self, organisation: Organisation) -> BoardGrant:
        """A board token for the board or payroll bureau: subject its number, `lr_boards` the
        other boards it may act for (a payroll bureau's mandates)."""
        token = auth.mint_token(
            self._key_file.read_bytes(),
            kid=auth.DEV_IDP_KID,
            issuer=auth.ISSUER_OF["board"],
            subject=organisation.number,
            kind="board",
            boards=list(organisation.token_boards),
            ttl=BOARD_TTL,
        )
        return BoardGrant(token, int(BOARD_TTL.total_seconds()), organisation)

    def provider_grant(self, provider_id: str, name: str, board: str | None) -> ProviderGrant:
        """A provider token: subject the provider id, its name and (a provider that is itself a
        school board) its board in the claims the profession reads."""
        claims = {auth.PROVIDER_NAME_CLAIM: name}
        if board is not None:
            claims[auth.PROVIDER_BOARD_CLAIM] = board
        token = auth.mint_token(
            self._key_file.read_bytes(),
            kid=auth.DEV_IDP_KID,
            issuer=auth.ISSUER_OF["provider"],
            subject=provider_id,
            kind="provider",
            ttl=PROVIDER_TTL,
            extra_claims=claims,
        )
        return ProviderGrant(token, int(PROVIDER_TTL.total_seconds()), provider_id, name)

    def test_bsns(self) -> list[str]:
        """Up to PICK_LIMIT valid BSNs from the delivered test data (a CSV with a `bsn`
        column, semicolon- or comma-separated), for the picker."""
        path = self._test_data_file
        if path is None or not path.is_file():
            return []
        with path.open(newline="", encoding="utf-8") as handle:
            sample = handle.readline()
            handle.seek(0)
            delimiter = ";" if sample.count(";") > sample.count(",") else ","
            found: list[str] = []
            for row in csv.DictReader(handle, delimiter=delimiter):
                value = (row.get("bsn") or "").strip()
                if bsn.is_valid(value) and value not in found:
                    found.append(value)
                if len(found) >= PICK_LIMIT:
                    break
        return found
