"""`python -m lr_intake`: intake's HTTP API, its consumers and its outbox relay."""

from __future__ import annotations

from lr_intake.settings import Settings
from lr_shared.runtime import serve


def main() -> None:
    serve("lr_intake.entrypoints.app:create_app", Settings())


if __name__ == "__main__":
    main()
