"""What can go wrong when the portal asks another service, independent of HTTP details."""

from __future__ import annotations


class ServiceError(Exception):
    """A service answered with a problem the page shows (status, title, detail of the problem)."""

    def __init__(self, status: int, title: str = "", detail: str = "") -> None:
        super().__init__(f"{status} {title}")
        self.status = status
        self.title = title
        self.detail = detail


class ServiceUnavailableError(Exception):
    """The service did not answer, or answered 5xx: "probeer het later opnieuw" (503)."""

    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


class NotFoundError(Exception):
    """The thing asked for does not exist for this caller (someone else's is not found too)."""


class SignInRequiredError(Exception):
    """No session, an idle one, or a register token the registry no longer accepts."""


class RateLimitedError(Exception):
    """The registry's public rate limit was reached; `retry_after` in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after
