import os

import pytest

from lr_shared import bsn


@pytest.mark.parametrize("value", ["111222333", "123456782", "10000008"])
def test_numbers_passing_the_eleven_proof_are_valid(value: str) -> None:
    assert bsn.is_valid(value)


@pytest.mark.parametrize(
    "value", ["111222334", "000000000", "12345678a", "1234567", "", "1112223333"]
)
def test_numbers_failing_the_eleven_proof_or_the_shape_are_invalid(value: str) -> None:
    assert not bsn.is_valid(value)


def test_an_eight_digit_bsn_is_padded_with_a_leading_zero() -> None:
    assert bsn.normalize("11122233") == "011122233"


def test_the_keyed_hash_is_stable_per_key_and_differs_between_keys() -> None:
    assert bsn.keyed_hash("111222333", b"k1" * 8) == bsn.keyed_hash("111222333", b"k1" * 8)
    assert bsn.keyed_hash("111222333", b"k1" * 8) != bsn.keyed_hash("111222333", b"k2" * 8)
    assert "111222333" not in bsn.keyed_hash("111222333", b"k1" * 8)


def test_encryption_at_rest_round_trips_and_hides_the_number() -> None:
    cipher = bsn.BsnCipher(os.urandom(32))
    blob = cipher.encrypt("111222333")
    assert b"111222333" not in blob
    assert cipher.encrypt("111222333") != blob  # a fresh nonce each time
    assert cipher.decrypt(blob) == "111222333"
