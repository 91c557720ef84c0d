"""A board's deliveries as the pages show them: status and counts, the row feedback (filtered
and paged), the correction requests, and which file types may be uploaded.

Intake judges every row and the file as a whole; the portal only reads its answers. Validation
has one home, so nothing here repeats intake's rules: the portal refuses only what it cannot
send at all (no file, or a file that is neither CSV nor NDJSON).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any, Literal
from uuid import UUID

DeliveryStatus = Literal["received", "processing", "completed", "rejected"]
Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")
FINAL: frozenset[str] = frozenset({"completed", "rejected"})

CSV = "text/csv"
NDJSON = "application/x-ndjson"
_BY_SUFFIX = {".csv": CSV, ".ndjson": NDJSON, ".jsonl": NDJSON}
_BY_TYPE = {
    "text/csv": CSV,
    "application/csv": CSV,
    "application/x-ndjson": NDJSON,
    "application/ndjson": NDJSON,
    "application/jsonl": NDJSON,
}


def upload_type(filename: str, declared: str | None) -> str | None:
    """The Content-Type to send intake for this file: by its extension first (browsers declare
    a CSV as anything from text/csv to application/vnd.ms-excel), then by the declared type;
    None when it is neither CSV nor NDJSON."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    return _BY_TYPE.get((declared or "").split(";")[0].strip().lower())


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


@dataclass(frozen=True)
class Delivery:
    """One delivery as intake's `DeliveryView` describes it."""

    id: UUID
    status: DeliveryStatus
    bevoegd_gezag: str
    submitted_by: str
    format: str
    rows_total: int
    rows_accepted: int
    rows_rejected: int
    rows_warned: int
    rows_unchanged: int
    received_at: datetime
    processed_at: datetime | None = None
    completed_at: datetime | None = None
    rejection_code: str | None = None
    rejection_message: str | None = None
    changes: ChangeSummary | None = None
    """What it changed (intake's summary; None while it is read, or from before intake kept it)."""

    @classmethod
    def from_intake(cls, body: dict[str, Any]) -> Delivery:
        received = _when(body["received_at"])
        assert received is not None
        return cls(
            id=UUID(str(body["id"])),
            status=body["status"],
            bevoegd_gezag=str(body["bevoegd_gezag"]),
            submitted_by=str(body["submitted_by"]),
            format=str(body.get("format") or ""),
            rows_total=int(body.get("rows_total") or 0),
            rows_accepted=int(body.get("rows_accepted") or 0),
            rows_rejected=int(body.get("rows_rejected") or 0),
            rows_warned=int(body.get("rows_warned") or 0),
            rows_unchanged=int(body.get("rows_unchanged") or 0),
            received_at=received,
            processed_at=_when(body.get("processed_at")),
            completed_at=_when(body.get("completed_at")),
            rejection_code=body.get("rejection_code"),
            rejection_message=body.get("rejection_message"),
            changes=ChangeSummary.from_intake(body.get("changes")),
        )

    @property
    def final(self) -> bool:
        """Nothing will change any more: completed (everything passed on) or rejected."""
        return self.status in FINAL

    @property
    def has_feedback(self) -> bool:
        return self.rows_rejected + self.rows_warned > 0

    def of_board(self, board: str) -> bool:
        """A payroll bureau's token sees the deliveries of every board it delivers for; its
        pages show those of the board it acts for only."""
        return self.bevoegd_gezag == board


@dataclass(frozen=True)
class Issue:
    """One line of row feedback: the row (by number, the header being row 1), the column, the
    stable code, its severity and intake's Dutch message (which never quotes a value)."""

    row_number: int
    column: str | None
    code: str
    severity: Severity
    message: str

    @classmethod
    def from_intake(cls, body: dict[str, Any]) -> Issue:
        return cls(
            row_number=int(body["row_number"]),
            column=body.get("column") or None,
            code=str(body["code"]),
            severity="warning" if body.get("severity") == "warning" else "error",
            message=str(body.get("message") or ""),
        )


@dataclass(frozen=True)
class IssueFilter:
    """What the feedback table shows: one code, one severity, or everything."""

    code: str | None = None
    severity: Severity | None = None

    def matches(self, issue: Issue) -> bool:
        return (self.code is None or issue.code == self.code) and (
            self.severity is None or issue.severity == self.severity
        )

    @property
    def active(self) -> bool:
        return self.code is not None or self.severity is not None


@dataclass(frozen=True)
class Feedback:
    """One page of a delivery's row feedback.

    `total` is every issue intake holds; `scanned` how many of them the filter looked at (all,
    unless there are more than the portal reads for one page: then the CSV download has the
    rest); `codes` the codes among the scanned issues with their counts, for the filter."""

    issues: tuple[Issue, ...]
    page: int
    pages: int
    page_size: int
    matching: int
    total: int
    scanned: int
    codes: tuple[tuple[str, int], ...]

    @property
    def complete(self) -> bool:
        return self.scanned >= self.total

    @property
    def first(self) -> int:
        """The number of this page's first issue among the matching ones (from 1)."""
        return (self.page - 1) * self.page_size + 1

    @property
    def last(self) -> int:
        return self.first + len(self.issues) - 1


def feedback_page(
    issues: Sequence[Issue], total: int, wanted: IssueFilter, page: int, page_size: int
) -> Feedback:
    """Filter the scanned issues and cut out one page (a page past the end shows the last)."""
    matching = [i for i in issues if wanted.matches(i)]
    pages = max(1, math.ceil(len(matching) / page_size))
    page = min(max(1, page), pages)
    start = (page - 1) * page_size
    return Feedback(
        issues=tuple(matching[start : start + page_size]),
        page=page,
        pages=pages,
        page_size=page_size,
        matching=len(matching),
        total=total,
        scanned=len(issues),
        codes=code_counts(issues),
    )


def code_counts(issues: Iterable[Issue]) -> tuple[tuple[str, int], ...]:
    """Each code with how often it occurs, most frequent first (then by code)."""
    counts = Counter(i.code for i in issues)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


CorrectionStatus = Literal["open", "accepted", "rejected", "resolved"]
CORRECTION_STATUSES: tuple[CorrectionStatus, ...] = ("open", "accepted", "rejected", "resolved")
Decision = Literal["accepted", "rejected"]
REASON_MAX = 2000
"""Intake's limit on a reason (its AnswerIn): the teacher reads it."""


@dataclass(frozen=True)
class CorrectionAnswer:
    """The board's answer: accepted (it will deliver the corrected data) or rejected with a
    reason; who answered is the organisation whose token did (a board or a payroll bureau)."""

    decision: Decision
    reason: str | None
    answered_by: str
    answered_at: datetime | None

    @classmethod
    def from_intake(cls, body: Any) -> CorrectionAnswer | None:
        if not isinstance(body, dict) or body.get("decision") not in ("accepted", "rejected"):
            return None
        return cls(
            decision=body["decision"],
            reason=body.get("reason") or None,
            answered_by=str(body.get("answered_by") or ""),
            answered_at=_when(body.get("answered_at")),
        )


@dataclass(frozen=True)
class CorrectionRequest:
    """What a teacher disputes about an appointment the board delivered (the registry's
    `CorrectionRequestV1` as intake keeps it): named by registration number and name; with
    its status, the board's answer and the delivery that resolved it, if any."""

    request_id: str
    registration_number: str
    name: str
    brin: str
    brin_volgnummer: str
    benoemingsgrondslag: str
    benoeming_begindatum: date | None
    fields: tuple[str, ...]
    explanation: str
    requested_at: datetime | None
    status: CorrectionStatus = "open"
    answer: CorrectionAnswer | None = None
    resolved_at: datetime | None = None
    resolved_by_delivery: UUID | None = None

    @classmethod
    def from_intake(cls, body: dict[str, Any]) -> CorrectionRequest:
        begin = body.get("benoeming_begindatum")
        name = " ".join(
            str(body.get(part) or "") for part in ("voorletters", "tussenvoegsel", "achternaam")
        )
        status = body.get("status")
        resolved_by = body.get("resolved_by_delivery")
        return cls(
            request_id=str(body.get("request_id") or ""),
            registration_number=str(body.get("registration_number") or ""),
            name=" ".join(name.split()),
            brin=str(body.get("brin") or ""),
            brin_volgnummer=str(body.get("brin_volgnummer") or ""),
            benoemingsgrondslag=str(body.get("benoemingsgrondslag") or ""),
            benoeming_begindatum=date.fromisoformat(begin) if isinstance(begin, str) else None,
            fields=tuple(str(f) for f in body.get("fields") or ()),
            explanation=str(body.get("explanation") or ""),
            requested_at=_when(body.get("requested_at")),
            status=status if status in CORRECTION_STATUSES else "open",
            answer=CorrectionAnswer.from_intake(body.get("answer")),
            resolved_at=_when(body.get("resolved_at")),
            resolved_by_delivery=UUID(str(resolved_by)) if resolved_by else None,
        )

    @property
    def open(self) -> bool:
        """Still to be answered: neither answered nor resolved by a delivery."""
        return self.status == "open"


@dataclass(frozen=True)
class CorrectionPage:
    """One page of the board's correction requests (the status filter applied) and how many
    match in all."""

    requests: tuple[CorrectionRequest, ...]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def first(self) -> int:
        return (self.page - 1) * self.page_size + 1

    @property
    def last(self) -> int:
        return self.first + len(self.requests) - 1


DECISION_PARAM: dict[str, Decision] = {"akkoord": "accepted", "afwijzen": "rejected"}
"""The answer form's radio values (Dutch, as the portal's form fields are) and intake's."""


def read_answer(besluit: str, reden: str) -> tuple[Decision | None, str | None, dict[str, str]]:
    """The answer form read: the decision, the reason (None when empty) and the errors by
    field. A rejection needs a reason (the teacher reads it); intake says so too, but the form
    says it first, beside the field."""
    decision = DECISION_PARAM.get(besluit)
    reason = reden.strip() or None
    errors: dict[str, str] = {}
    if decision is None:
        errors["besluit"] = "boards.correction.error_decision"
    elif decision == "rejected" and reason is None:
        errors["reden"] = "boards.correction.error_reason"
    if reason is not None and len(reason) > REASON_MAX:
        errors["reden"] = "boards.correction.error_reason_long"
    return decision, reason, errors


@dataclass(frozen=True)
class ChangeSummary:
    """What a delivery changed (or a dry run would change) against what intake held before:
    intake's `changes` summary. `fields` lists the fields that changed, with their counts."""

    new: int
    changed: int
    unchanged: int
    fields: tuple[tuple[str, int], ...]
    fields_unknown: int
    no_longer_delivered: int | None

    @classmethod
    def from_intake(cls, body: dict[str, Any] | None) -> ChangeSummary | None:
        if not body:
            return None
        counts = body.get("changed_fields") or {}
        absent = body.get("no_longer_delivered")
        return cls(
            new=int(body.get("new") or 0),
            changed=int(body.get("changed") or 0),
            unchanged=int(body.get("unchanged") or 0),
            fields=tuple((f, int(n)) for f, n in counts.items() if n),
            fields_unknown=int(body.get("changed_fields_unknown") or 0),
            no_longer_delivered=None if absent is None else int(absent),
        )


@dataclass(frozen=True)
class AbsentAppointment:
    """An appointment intake holds for the board that the file did not hold, named by its key
    fields and the delivery and row that last brought it (never by BSN or name)."""

    brin: str
    volgnummer: str
    grondslag: str
    begin: str
    last_row_number: int | None

    @classmethod
    def from_intake(cls, body: dict[str, Any]) -> AbsentAppointment:
        row = body.get("last_row_number")
        return cls(
            brin=str(body.get("brin") or ""),
            volgnummer=str(body.get("brin_volgnummer") or ""),
            grondslag=str(body.get("benoemingsgrondslag") or ""),
            begin=str(body.get("benoeming_begindatum") or ""),
            last_row_number=None if row is None else int(row),
        )


@dataclass(frozen=True)
class DryRun:
    """Intake's answer to `POST /v1/deliveries?dry_run=true`: what a delivery of the file would
    answer; nothing was kept. `issues` are the first ones only (a page's worth)."""

    status: str
    rows_total: int
    rows_accepted: int
    rows_rejected: int
    rows_warned: int
    rows_unchanged: int
    rejection_code: str | None
    rejection_message: str | None
    changes: ChangeSummary | None
    issues_total: int
    issue_counts: tuple[tuple[str, int], ...]
    issues: tuple[Issue, ...]
    absent: tuple[AbsentAppointment, ...]

    @classmethod
    def from_intake(cls, body: dict[str, Any], *, shown: int) -> DryRun:
        counts = body.get("issue_counts") or {}
        return cls(
            status=str(body.get("status") or "checked"),
            rows_total=int(body.get("rows_total") or 0),
            rows_accepted=int(body.get("rows_accepted") or 0),
            rows_rejected=int(body.get("rows_rejected") or 0),
            rows_warned=int(body.get("rows_warned") or 0),
            rows_unchanged=int(body.get("rows_unchanged") or 0),
            rejection_code=body.get("rejection_code"),
            rejection_message=body.get("rejection_message"),
            changes=ChangeSummary.from_intake(body.get("changes")),
            issues_total=int(body.get("issues_total") or 0),
            issue_counts=tuple(
                sorted(((c, int(n)) for c, n in counts.items()), key=lambda cn: (-cn[1], cn[0]))
            ),
            issues=tuple(Issue.from_intake(i) for i in (body.get("issues") or [])[:shown]),
            absent=tuple(
                AbsentAppointment.from_intake(a)
                for a in (body.get("no_longer_delivered") or [])[:shown]
            ),
        )
