"""The DigiD sign-in's rules with fakes: a state is used once, by the session that started it,
within its lifetime; the provider is asked only when the state is right."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from lr_portal.application import signin_oidc
from lr_portal.domain.oidc import Failure, PendingSignIn, SignInFailedError

NOW = datetime(2026, 12, 3, 9, tzinfo=UTC)
LIFETIME = timedelta(minutes=10)


@dataclass
class FakeProvider:
    exchanged: list[tuple[str, str, str]] = field(default_factory=list)

    async def authorization_url(self, *, state: str, nonce: str, code_verifier: str) -> str:
        return f"https://idp.example/auth?state={state}&nonce={nonce}"

    async def identity_token(self, *, code: str, nonce: str, code_verifier: str) -> str:
        self.exchanged.append((code, nonce, code_verifier))
        return "id-token"


@dataclass
class FakePending:
    rows: dict[str, PendingSignIn] = field(default_factory=dict)

    async def add(self, pending: PendingSignIn, *, started_before: datetime) -> None:
        self.rows = {k: v for k, v in self.rows.items() if v.created_at >= started_before}
        self.rows[pending.state_hash] = pending

    async def take(self, state_hash: str, session_id_hash: str) -> PendingSignIn | None:
        found = self.rows.get(state_hash)
        if found is None or found.session_id_hash != session_id_hash:
            return None
        return self.rows.pop(state_hash)


async def started(
    provider: FakeProvider, pending: FakePending, *, at: datetime = NOW
) -> dict[str, str]:
    url = await signin_oidc.begin(
        provider,
        pending,
        session_id_hash="s1",
        return_to="/mijn-registratie",
        now=at,
        lifetime=LIFETIME,
    )
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


async def complete(
    provider: FakeProvider, pending: FakePending, state: str, **changes: object
) -> signin_oidc.Completed:
    values: dict[str, object] = {
        "session_id_hash": "s1",
        "state": state,
        "code": "c1",
        "error": "",
        "now": NOW,
        "lifetime": LIFETIME,
        **changes,
    }
    return await signin_oidc.complete(provider, pending, **values)  # type: ignore[arg-type]


async def test_the_right_state_exchanges_the_code_with_its_nonce_and_verifier() -> None:
    provider, pending = FakeProvider(), FakePending()
    query = await started(provider, pending)
    completed = await complete(provider, pending, query["state"])
    assert completed == signin_oidc.Completed("id-token", "/mijn-registratie")
    [(code, nonce, verifier)] = provider.exchanged
    assert (code, nonce) == ("c1", query["nonce"])
    assert 43 <= len(verifier) <= 128
    assert pending.rows == {}


@pytest.mark.parametrize(
    "changes",
    [
        {"session_id_hash": "s2"},
        {"session_id_hash": None},
        {"now": NOW + LIFETIME + timedelta(seconds=1)},
    ],
    ids=["another session", "no session", "too late"],
)
async def test_a_state_of_another_session_or_too_old_asks_the_provider_nothing(
    changes: dict[str, object],
) -> None:
    provider, pending = FakeProvider(), FakePending()
    query = await started(provider, pending)
    with pytest.raises(SignInFailedError) as failed:
        await complete(provider, pending, query["state"], **changes)
    assert failed.value.failure is Failure.STATE
    assert provider.exchanged == []


async def test_a_state_is_used_once_even_when_the_sign_in_failed() -> None:
    provider, pending = FakeProvider(), FakePending()
    query = await started(provider, pending)
    with pytest.raises(SignInFailedError) as cancelled:
        await complete(provider, pending, query["state"], error="access_denied", code="")
    assert cancelled.value.failure is Failure.CANCELLED
    with pytest.raises(SignInFailedError) as again:
        await complete(provider, pending, query["state"])
    assert again.value.failure is Failure.STATE
    assert provider.exchanged == []


async def test_an_error_from_the_provider_other_than_stopping_is_a_refusal() -> None:
    provider, pending = FakeProvider(), FakePending()
    query = await started(provider, pending)
    with pytest.raises(SignInFailedError) as failed:
        await complete(provider, pending, query["state"], error="server_error", code="")
    assert failed.value.failure is Failure.REFUSED


async def test_starting_a_sign_in_forgets_those_started_too_long_ago() -> None:
    provider, pending = FakeProvider(), FakePending()
    await started(provider, pending, at=NOW - LIFETIME - timedelta(minutes=1))
    await started(provider, pending)
    assert len(pending.rows) == 1
