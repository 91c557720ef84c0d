"""The fast e-mail check never accepts what the contract's EmailStr would refuse."""

from __future__ import annotations

import email_validator
from hypothesis import given, settings
from hypothesis import strategies as st

from lr_intake.domain.email import normalize_email

_ATOM = st.text(alphabet="abcXYZ09.-_+'@", min_size=1, max_size=20)


@settings(max_examples=500, deadline=None)
@given(st.builds(lambda a, b, c: f"{a}@{b}.{c}", _ATOM, _ATOM, st.text("nlcomtestNL-", max_size=5)))
def test_an_accepted_address_is_one_email_validator_accepts(address: str) -> None:
    normalized = normalize_email(address)
    if normalized is not None:
        validated = email_validator.validate_email(normalized, check_deliverability=False)
        assert validated.domain.lower() == normalized.rsplit("@", 1)[1].lower()


def test_ordinary_addresses_pass_and_broken_ones_do_not() -> None:
    assert normalize_email("j.p.jansen@School.NL") == "j.p.jansen@school.nl"
    assert normalize_email("jansen@school") is None
    assert normalize_email("jansen@@school.nl") is None
    assert normalize_email("Jan <jansen@school.nl>") is None
