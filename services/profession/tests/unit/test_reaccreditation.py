"""The re-accreditation field leaves the fingerprint of every other offer as it was, so a
provider resubmitting an offer stored before the field existed still gets its request back."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, replace
from datetime import date
from decimal import Decimal

from lr_profession.application.requests import fingerprint
from lr_profession.domain.offers import Offer

OFFER = Offer(
    offer_reference="NSO-2026-017",
    title="Formatief evalueren",
    description="Vier bijeenkomsten.",
    type="course",
    subtype=None,
    sectors=("PO",),
    planned_hours=Decimal(12),
    core=True,
    start_date=date(2026, 10, 1),
    end_date=None,
    on_demand=False,
)


def test_an_offer_without_reaccreditation_keeps_the_fingerprint_it_had() -> None:
    before = asdict(OFFER)
    del before["reaccreditation_of"]
    expected = hashlib.sha256(json.dumps(before, sort_keys=True, default=str).encode())
    assert fingerprint(OFFER) == expected.hexdigest()


def test_naming_an_activity_to_re_accredit_makes_another_offer() -> None:
    assert fingerprint(replace(OFFER, reaccreditation_of="PR-0000042")) != fingerprint(OFFER)
