"""`python -m lr_portal`: the portal's pages on port 8005."""

from lr_portal.settings import Settings
from lr_shared.runtime import serve


def main() -> None:
    serve("lr_portal.entrypoints.app:create_app", Settings())


if __name__ == "__main__":
    main()
