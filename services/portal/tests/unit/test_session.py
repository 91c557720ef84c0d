from datetime import UTC, datetime, timedelta

import pytest

from lr_portal.domain import session as sessions
from lr_portal.domain.session import safe_return_path

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/mijn-registratie/bevestigen", "/mijn-registratie/bevestigen"),
        ("/zoek-een-leraar?achternaam=de", "/zoek-een-leraar?achternaam=de"),
        ("//evil.example/", "/mijn-registratie"),
        ("https://evil.example/", "/mijn-registratie"),
        ("/\\evil.example", "/mijn-registratie"),
        ("/a\nb", "/mijn-registratie"),
        ("", "/mijn-registratie"),
        (None, "/mijn-registratie"),
    ],
)
def test_only_local_paths_are_returned_to(candidate: str | None, expected: str) -> None:
    assert safe_return_path(candidate) == expected


def test_a_session_is_signed_in_until_its_token_expires_and_idles_out() -> None:
    session = sessions.signed_in("id", NOW, "LR00000001", "token", expires_in=3600)
    assert session.id_hash != "id"
    assert session.signed_in(NOW + timedelta(minutes=59))
    assert not session.signed_in(NOW + timedelta(minutes=60))
    assert not session.idle(NOW + timedelta(minutes=30), timedelta(minutes=30))
    assert session.idle(NOW + timedelta(minutes=31), timedelta(minutes=30))
    anonymous = sessions.anonymous("other", NOW)
    assert not anonymous.signed_in(NOW)
    assert anonymous.csrf_token != session.csrf_token
