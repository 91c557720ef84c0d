"""Who signs in with eHerkenning, and which board token that gives (`POST /v1/board-token`).

eHerkenning names the organisation a person acts for, the *belanghebbende* (its attribute
`LegalSubjectID`), by KvK number; when a payroll bureau acts for a school board through a
*ketenmachtiging*, the board is the belanghebbende and the bureau the *intermediair*
(`IntermediateEntityID`, also a KvK number). The eHerkenning broker hands both over as claims
of its ID token; their names are intake's settings (defaults below).

The rules, with intake's reference tables (boards, payroll bureaus, mandates) as the authority:

- No intermediary: the KvK number is a board's (the token is the board's; a legal entity that
  is the bevoegd gezag of several boards gets them all) or a payroll bureau's (the token is the
  bureau's, for every board it holds a mandate of). Neither: unknown.
- An intermediary: it must be a payroll bureau and the belanghebbende a board that bureau holds
  a mandate of (eHerkenning's ketenmachtiging and intake's mandates must agree); the token is
  the bureau's, for that board only. A board without the bureau's mandate is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

KVK_NUMBER = re.compile(r"^[0-9]{8}$")

LEGAL_SUBJECT_CLAIM = "urn:etoegang:core:LegalSubjectID"
"""The belanghebbende's KvK number (eHerkenning's LegalSubjectID with a KvK NameQualifier)."""
INTERMEDIARY_CLAIM = "urn:etoegang:1.9:IntermediateEntityID:KvK"
"""The intermediary's KvK number in a ketenmachtiging (the attribute name eHerkenning uses)."""


def is_kvk_number(value: str) -> bool:
    return KVK_NUMBER.fullmatch(value) is not None


class UnreadableIdentityError(ValueError):
    """The ID token names no organisation by a KvK number intake can read."""


class UnknownOrganisationError(LookupError):
    """No board or payroll bureau (of the kind needed) has this KvK number."""


class NoMandateError(PermissionError):
    """The payroll bureau holds no mandate of the board it signed in for."""


@dataclass(frozen=True)
class EherkenningIdentity:
    legal_subject: str
    """KvK number of the organisation acted for (the board, with a ketenmachtiging)."""
    intermediary: str | None = None
    """KvK number of the payroll bureau acting for it through a ketenmachtiging."""


def _kvk(claims: Mapping[str, object], name: str) -> str | None:
    value = claims.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not is_kvk_number(value.strip()):
        raise UnreadableIdentityError(name)
    return value.strip()


def read_identity(
    claims: Mapping[str, object],
    *,
    legal_subject_claim: str = LEGAL_SUBJECT_CLAIM,
    intermediary_claim: str = INTERMEDIARY_CLAIM,
) -> EherkenningIdentity:
    legal_subject = _kvk(claims, legal_subject_claim)
    if legal_subject is None:
        raise UnreadableIdentityError(legal_subject_claim)
    return EherkenningIdentity(legal_subject, _kvk(claims, intermediary_claim))


@dataclass(frozen=True)
class KnownOrganisations:
    """What the reference tables hold for the identity's KvK numbers."""

    boards: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """KvK number -> the board numbers with it."""
    bureaus: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """KvK number -> the payroll bureau numbers with it."""
    mandates: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Payroll bureau number -> the boards it holds a mandate of."""


@dataclass(frozen=True)
class Grant:
    """What the board token says: its subject, which kind of organisation that is, and the
    boards it may act for besides the subject itself (`lr_boards`)."""

    subject: str
    kind: Literal["board", "payroll_bureau"]
    boards: tuple[str, ...]


def _one_bureau(known: KnownOrganisations, kvk: str) -> str | None:
    found = known.bureaus.get(kvk, ())
    if len(found) > 1:
        # Deliveries are made in one bureau's name, checked against that bureau's mandates:
        # two bureaus behind one KvK number cannot be told apart, so neither signs in.
        raise UnknownOrganisationError("several payroll bureaus with this KvK number")
    return found[0] if found else None


def grant_for(identity: EherkenningIdentity, known: KnownOrganisations) -> Grant:
    boards = tuple(sorted(known.boards.get(identity.legal_subject, ())))
    if identity.intermediary is None:
        if boards:
            return Grant(boards[0], "board", boards[1:])
        bureau = _one_bureau(known, identity.legal_subject)
        if bureau is None:
            raise UnknownOrganisationError("no board or payroll bureau with this KvK number")
        return Grant(bureau, "payroll_bureau", tuple(sorted(known.mandates.get(bureau, ()))))
    bureau = _one_bureau(known, identity.intermediary)
    if bureau is None:
        raise UnknownOrganisationError("the intermediary is no payroll bureau")
    if not boards:
        raise UnknownOrganisationError("the organisation acted for is no board")
    mandated = tuple(b for b in boards if b in known.mandates.get(bureau, frozenset()))
    if not mandated:
        raise NoMandateError("the payroll bureau holds no mandate of this board")
    return Grant(bureau, "payroll_bureau", mandated)
