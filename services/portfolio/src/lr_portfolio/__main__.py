"""`python -m lr_portfolio`: the portfolio service (HTTP, consumers and outbox relay)."""

from __future__ import annotations

from lr_portfolio.settings import Settings
from lr_shared.runtime import serve


def main() -> None:
    serve("lr_portfolio.entrypoints.app:create_app", Settings())


if __name__ == "__main__":
    main()
