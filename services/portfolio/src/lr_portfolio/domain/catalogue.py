"""The provider catalogue: accredited activities with their register hours."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lr_portfolio.domain.activities import ActivitySubtype, ActivityType


@dataclass(frozen=True)
class CatalogueEntry:
    activity_code: str
    provider_id: str
    provider_name: str
    title: str
    type: ActivityType
    subtype: ActivitySubtype | None
    register_hours: Decimal
    core: bool
    criteria_version: int | None = None
    """The criteria set of the teacher panel that accredited it (lr.profession.accreditations.v1);
    none for an entry loaded from a file."""
