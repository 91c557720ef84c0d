"""`python -m lr_registry`: the registry's HTTP app, consumers, relay and scheduler."""

from lr_registry.settings import Settings
from lr_shared.runtime import serve


def main() -> None:
    serve("lr_registry.entrypoints.app:create_app", Settings())


if __name__ == "__main__":
    main()
