"""`python -m lr_profession`: the profession's HTTP app, consumer, relay and panel sweep."""

from lr_profession.settings import Settings
from lr_shared.runtime import serve


def main() -> None:
    serve("lr_profession.entrypoints.app:create_app", Settings())


if __name__ == "__main__":
    main()
