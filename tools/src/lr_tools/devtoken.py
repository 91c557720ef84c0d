"""`lr dev-token`: development JWTs signed with the keys under var/dev.

Board, identity and provider tokens come from the development IdP key (as a real IdP would
issue them); register tokens from the registry's signing key (normally only `POST /v1/me/token`
mints those; the command saves a round trip when testing the portfolio alone). The token goes
to stdout so that `TOKEN=$(lr dev-token board 12345)` works.
"""

from __future__ import annotations

import re
from datetime import timedelta

import typer

from lr_shared import auth, bsn
from lr_tools.console import LrError
from lr_tools.devkeys import ensure_dev_keys
from lr_tools.paths import Paths

app = typer.Typer(help="Mint development tokens (development keys only).", no_args_is_help=True)

BOARD_NUMBER = re.compile(r"^[0-9]{5}$")
REGISTRATION_NUMBER = re.compile(r"^LR[0-9]{8}$")
TTL_HELP = "Lifetime in minutes."


def _mint(
    *,
    key_file: str,
    kid: str,
    kind: auth.TokenKind,
    subject: str,
    boards: list[str],
    ttl: int,
    extra_claims: dict[str, str] | None = None,
) -> None:
    if ttl < 1:
        raise LrError("--ttl must be at least 1 minute")
    paths = Paths.discover()
    ensure_dev_keys(paths)
    token = auth.mint_token(
        (paths.dev / key_file).read_bytes(),
        kid=kid,
        issuer=auth.ISSUER_OF[kind],
        subject=subject,
        kind=kind,
        boards=boards,
        ttl=timedelta(minutes=ttl),
        extra_claims=extra_claims,
    )
    print(token)


@app.command()
def board(
    number: str = typer.Argument(..., help="The board's number (bevoegd gezag, 5 digits)."),
    for_: list[str] = typer.Option(  # noqa: B008 - typer declares options this way
        [], "--for", help="Another board this one may deliver for (payroll bureau); repeatable."
    ),
    ttl: int = typer.Option(60, help=TTL_HELP),
) -> None:
    """A board token: subject = the board number, lr_boards = the --for boards."""
    for value in [number, *for_]:
        if not BOARD_NUMBER.match(value):
            raise LrError(f"a board number has 5 digits, not {value!r}")
    _mint(
        key_file=auth.DEV_IDP_KEY_FILE, kid=auth.DEV_IDP_KID, kind="board",
        subject=number, boards=list(for_), ttl=ttl,
    )  # fmt: skip


@app.command()
def teacher(
    bsn_: str = typer.Argument(..., metavar="BSN", help="The teacher's BSN (passes the 11-proof)."),
    ttl: int = typer.Option(60, help=TTL_HELP),
) -> None:
    """An identity token as DigiD would hand it over: subject = the BSN. Registry only."""
    if not bsn.is_valid(bsn_):
        raise LrError("not a valid BSN (9 digits passing the 11-proof)")
    normalized = bsn.normalize(bsn_)
    assert normalized is not None  # is_valid implies it
    _mint(
        key_file=auth.DEV_IDP_KEY_FILE, kid=auth.DEV_IDP_KID, kind="identity",
        subject=normalized, boards=[], ttl=ttl,
    )  # fmt: skip


@app.command()
def register(
    registration_number: str = typer.Argument(..., help="LR followed by 8 digits."),
    ttl: int = typer.Option(60, help=TTL_HELP),
) -> None:
    """A register token as the registry issues it: subject = the registration number."""
    if not REGISTRATION_NUMBER.match(registration_number):
        raise LrError("a registration number is LR followed by 8 digits")
    _mint(
        key_file=auth.REGISTRY_KEY_FILE, kid=auth.REGISTRY_KID, kind="register",
        subject=registration_number, boards=[], ttl=ttl,
    )  # fmt: skip


PROVIDER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")


@app.command()
def provider(
    provider_id: str = typer.Argument(..., help="The training provider's id, e.g. P0042."),
    name: str = typer.Option(..., "--name", help="The provider's name."),
    board: str | None = typer.Option(
        None, "--board", help="Its board number, when the provider is itself a school board."
    ),
    ttl: int = typer.Option(60, help=TTL_HELP),
) -> None:
    """A provider token (accreditation requests, attendance reports): subject = the provider id."""
    if not PROVIDER_ID.match(provider_id):
        raise LrError("a provider id is 1-50 letters, digits, dots, dashes or underscores")
    if board is not None and not BOARD_NUMBER.match(board):
        raise LrError(f"a board number has 5 digits, not {board!r}")
    claims = {auth.PROVIDER_NAME_CLAIM: name}
    if board is not None:
        claims[auth.PROVIDER_BOARD_CLAIM] = board
    _mint(
        key_file=auth.DEV_IDP_KEY_FILE, kid=auth.DEV_IDP_KID, kind="provider",
        subject=provider_id, boards=[], ttl=ttl, extra_claims=claims,
    )  # fmt: skip
