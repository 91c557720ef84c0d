"""The panel's decision, once every review of its round is in (docs/profession.md):

- rejected when a majority of the reviewers rejects (more than half: with four reviewers, two
  rejections are not a majority);
- otherwise accepted, with register hours = the median of the approvers' proposed hours,
  rounded to the nearest half hour (a quarter rounds up), never above the planned hours
  (rounded down to a half hour) and never below half an hour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

HALF_HOUR = Decimal("0.5")


@dataclass(frozen=True)
class Verdict:
    """One reviewer's verdict: approve with proposed hours, or reject."""

    approve: bool
    proposed_hours: Decimal | None = None


@dataclass(frozen=True)
class Decision:
    accepted: bool
    register_hours: Decimal | None
    approvals: int
    rejections: int


def to_half_hours(hours: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    return (hours * 2).quantize(Decimal(1), rounding=rounding) / 2


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def decide(verdicts: Sequence[Verdict], planned_hours: Decimal) -> Decision:
    if not verdicts:
        raise ValueError("a decision needs at least one verdict")
    approved = [v for v in verdicts if v.approve]
    rejections = len(verdicts) - len(approved)
    if rejections * 2 > len(verdicts):
        return Decision(False, None, len(approved), rejections)
    proposals = [v.proposed_hours for v in approved]
    if any(p is None or p <= 0 for p in proposals):
        raise ValueError("an approval proposes a positive number of hours")
    hours = to_half_hours(median([p for p in proposals if p is not None]))
    cap = max(to_half_hours(planned_hours, ROUND_FLOOR), HALF_HOUR)
    return Decision(True, max(min(hours, cap), HALF_HOUR), len(approved), rejections)
