"""E-mail addresses, checked fast: a strict regex covers ordinary ASCII addresses; anything else
goes to email-validator, the library the contract's EmailStr uses, so that an address intake
accepts is always one the registry's model accepts too."""

from __future__ import annotations

import re

import email_validator

_SIMPLE = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_SPECIAL_USE = tuple(f".{name}" for name in email_validator.SPECIAL_USE_DOMAIN_NAMES)


def normalize_email(value: str) -> str | None:
    """The address as the contract will carry it, or None when it is not valid."""
    if len(value) <= 254 and _SIMPLE.fullmatch(value) is not None:
        local, _, domain = value.rpartition("@")  # the pattern allows one "@"
        domain = domain.lower()
        if "--" not in domain and len(local) <= 64 and not domain.endswith(_SPECIAL_USE):
            return f"{local}@{domain}"
    if "<" in value or "\r" in value or "\n" in value:
        return None
    try:
        return str(email_validator.validate_email(value, check_deliverability=False).normalized)
    except email_validator.EmailNotValidError:
        return None
