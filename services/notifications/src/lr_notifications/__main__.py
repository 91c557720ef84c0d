"""`python -m lr_notifications`: the notifications service on its HTTP port."""

from __future__ import annotations

from lr_notifications.settings import Settings
from lr_shared.runtime import serve


def main() -> None:
    settings = Settings()  # required values come from the environment
    serve("lr_notifications.entrypoints.app:create_app", settings)


if __name__ == "__main__":
    main()
