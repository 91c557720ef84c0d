"""What the profession's handlers refuse; the HTTP layer maps each to its status code."""


class NotFoundError(Exception):
    """Unknown, or someone else's (answered alike)."""


class StateConflictError(Exception):
    """The resource's state forbids it (409)."""


class OfferReferenceReusedError(StateConflictError):
    """The provider used this offer reference for another offer."""


class NotRegisteredError(StateConflictError):
    """Only a registered teacher may join a panel."""


class InvalidInputError(ValueError):
    """A rule no schema expresses (422): `field` names the body field."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code


class VoteRefusedError(StateConflictError):
    """A ballot the vote does not take (409), with a stable `code`: `already-voted`,
    `vote-not-open` or `not-registered`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
