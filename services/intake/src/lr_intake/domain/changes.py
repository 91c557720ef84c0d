"""What a delivery changed compared with what intake held before: how many appointments are new,
changed (and which fields), unchanged, and which appointments of the board it no longer holds.

Intake keeps no delivered values (no names, no dates of birth): a changed field is found by its
digest. Per appointment intake keeps one `DIGEST_WIDTH`-byte keyed digest per tracked field
(`adapters/fields.py` makes them), in `TRACKED_FIELDS` order; the rules here compare and tally.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Final
from uuid import UUID

# Every delivered value besides the appointment's identity (what `Appointment.content()` joins:
# a change of any of them changes the fingerprint).
TRACKED_FIELDS: Final = (
    "bevoegd_gezag",
    "achternaam",
    "tussenvoegsel",
    "voorletters",
    "geslacht",
    "geboortedatum",
    "email",
    "functie",
    "onderwijsterrein",
    "benoeming_einddatum",
    "dienstverband_begindatum",
    "dienstverband_einddatum",
)
DIGEST_WIDTH: Final = 4
DIGESTS_SIZE: Final = DIGEST_WIDTH * len(TRACKED_FIELDS)


def changed_fields(before: bytes | None, after: bytes) -> tuple[str, ...] | None:
    """The tracked fields whose digests differ; None when the earlier digests are not known (an
    appointment stored before intake kept them) or not comparable."""
    if before is None or len(before) != DIGESTS_SIZE or len(after) != DIGESTS_SIZE:
        return None
    if before == after:
        return ()
    w = DIGEST_WIDTH
    return tuple(
        name
        for i, name in enumerate(TRACKED_FIELDS)
        if before[i * w : (i + 1) * w] != after[i * w : (i + 1) * w]
    )


def _no_fields() -> dict[str, int]:
    return dict.fromkeys(TRACKED_FIELDS, 0)


@dataclass
class ChangeSummary:
    """A delivery's accepted appointments against what intake held before it.

    `new + changed + unchanged + withheld` is the delivery's accepted rows (`withheld`: rows of
    teachers who had their data erased, received but not passed on). `fields` counts, per field, the
    changed appointments in which it changed (one appointment can count in several);
    `fields_unknown` the changed ones whose earlier digests intake does not have (or whose
    digests happen to agree, a 1 in 2**32 chance per field). `no_longer_delivered` is None when
    the delivery was not compared with its board's appointments (a Kafka batch is one part of
    what a board delivers)."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    fields: dict[str, int] = field(default_factory=_no_fields)
    fields_unknown: int = 0
    no_longer_delivered: int | None = None
    withheld: int = 0

    def add_changed(self, before: bytes | None, after: bytes) -> None:
        self.changed += 1
        names = changed_fields(before, after)
        if not names:
            self.fields_unknown += 1
            return
        for name in names:
            self.fields[name] += 1

    def as_dict(self) -> dict[str, object]:
        return {
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "fields": dict(self.fields),
            "fields_unknown": self.fields_unknown,
            "no_longer_delivered": self.no_longer_delivered,
            "withheld": self.withheld,
        }

    @classmethod
    def of(cls, stored: Mapping[str, object]) -> ChangeSummary:
        fields = _no_fields()
        named = stored.get("fields")
        if isinstance(named, Mapping):
            fields.update({k: int(v) for k, v in named.items() if k in fields})
        missing = stored.get("no_longer_delivered")
        return cls(
            new=_int(stored.get("new")),
            changed=_int(stored.get("changed")),
            unchanged=_int(stored.get("unchanged")),
            fields=fields,
            fields_unknown=_int(stored.get("fields_unknown")),
            no_longer_delivered=None if missing is None else _int(missing),
            withheld=_int(stored.get("withheld")),
        )


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | str) else 0


@dataclass(frozen=True)
class NoLongerDelivered:
    """An appointment the board delivered before that this delivery does not hold, as a board may
    see it: the appointment's key fields without the BSN, and the delivery and row that last
    brought it with new data (where the board finds it in its own earlier file). The key
    fields are None for an appointment stored before intake kept them."""

    brin: str | None
    brin_volgnummer: str | None
    benoemingsgrondslag: str | None
    benoeming_begindatum: date | None
    last_delivery_id: UUID
    last_row_number: int | None

    def sort_key(self) -> tuple[str, str, str, date, str, int]:
        return (
            self.brin or "",
            self.brin_volgnummer or "",
            self.benoemingsgrondslag or "",
            self.benoeming_begindatum or date.min,
            str(self.last_delivery_id),
            self.last_row_number or 0,
        )


def in_order(items: Iterable[NoLongerDelivered]) -> list[NoLongerDelivered]:
    """By school, grondslag and begin date: how a board reads them."""
    return sorted(items, key=NoLongerDelivered.sort_key)
