"""The profession's forms (a provider's offer, a teacher's panel membership and review): the
posted text as it was typed, turned into typed values or into errors beside the fields.

As with the portfolio's forms (portfolio_forms.py), the rules have one home, the profession
service: this module reads what was typed (a choice from the list, a number, a date, a text that
is there) and lets the profession judge the rest; its refusals come back as `FieldProblem`s and
are shown beside the same fields, with the values kept. Dates in order are checked here too: the
profession refuses them for the offer as a whole, naming no field."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from starlette.datastructures import FormData

from lr_portal.adapters.portfolio import FieldProblem
from lr_portal.adapters.profession import (
    SECTORS,
    CriteriaSet,
    OfferInput,
    ReviewInput,
    Score,
    Verdict,
)
from lr_portal.entrypoints.portfolio_forms import kinds, parse_date, parse_hours

OFFER_FIELDS = (
    "title",
    "description",
    "kind",
    "hours",
    "planning",
    "start_date",
    "end_date",
)
MAX_REASON = 500
MAX_SUBJECTS = 20
MAX_SUBJECT = 100
FORM_ERROR = "profession.error.form"
ErrorText = str | tuple[str, dict[str, object]]
"""A text key, or a key with the values its text names (a criterion's title)."""


def new_key() -> str:
    """The offer reference of one filled-in form (the profession's idempotency key): the same
    form sent twice is the same request (the profession answers it with the first)."""
    return f"portal-{secrets.token_urlsafe(18)}"


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _hours_error(code: str) -> str:
    if code in ("greater_than_equal", "greater_than"):
        return "profession.error.hours_min"
    if code in ("less_than_equal", "less_than"):
        return "profession.error.hours_max"
    if code == "multiple_of":
        return "profession.error.hours_half"
    return "profession.error.hours_format"


@dataclass
class OfferForm:
    """A provider's new offer: what was typed (to show back) and the errors (field -> key)."""

    values: dict[str, Any]
    errors: dict[str, ErrorText] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> OfferForm:
        return cls(
            dict.fromkeys(OFFER_FIELDS, "") | {"sectors": [], "core": False, "key": new_key()}
        )

    @classmethod
    def posted(cls, form: FormData) -> OfferForm:
        values: dict[str, Any] = {name: _text(form, name) for name in OFFER_FIELDS}
        values["sectors"] = [v for v in form.getlist("sectors") if isinstance(v, str)]
        values["core"] = _text(form, "core") == "ja"
        key = _text(form, "key")
        values["key"] = key if key.startswith("portal-") and len(key) <= 60 else new_key()
        return cls(values)

    def parse(self) -> OfferInput | None:
        """The typed offer, or None with `errors` filled in."""
        v, errors = self.values, self.errors
        allowed = {value for _, values in kinds() for value in values}
        if not v["title"].strip():
            errors["title"] = "profession.error.title_required"
        if not v["description"].strip():
            errors["description"] = "profession.error.description_required"
        if not v["kind"]:
            errors["kind"] = "portfolio.error.kind_required"
        elif v["kind"] not in allowed:
            errors["kind"] = "portfolio.error.kind"
        sectors = tuple(s for s in SECTORS if s in v["sectors"])
        if not v["sectors"]:
            errors["sectors"] = "profession.error.sectors_required"
        elif len(sectors) != len(set(v["sectors"])):
            errors["sectors"] = "profession.error.sectors"
        hours = parse_hours(v["hours"]) if v["hours"] else None
        if not v["hours"]:
            errors["hours"] = "profession.error.hours_required"
        elif hours is None:
            errors["hours"] = "profession.error.hours_format"
        start, end = self._dates()
        if self.errors or hours is None:
            return None
        type_, _, subtype = v["kind"].partition(":")
        return OfferInput(
            offer_reference=v["key"],
            title=v["title"].strip(),
            description=v["description"].strip(),
            type=type_,
            subtype=subtype or None,
            sectors=sectors,
            planned_hours=hours,
            core=bool(v["core"]),
            start_date=start,
            end_date=end,
            on_demand=v["planning"] == "op_aanvraag",
        )

    def _dates(self) -> tuple[Any, Any]:
        v, errors = self.values, self.errors
        if v["planning"] == "op_aanvraag":
            return None, None
        if v["planning"] != "data":
            errors["planning"] = "profession.error.planning_required"
            return None, None
        start = parse_date(v["start_date"]) if v["start_date"] else None
        if not v["start_date"]:
            errors["start_date"] = "profession.error.start_required"
        elif start is None:
            errors["start_date"] = "portfolio.error.date_format"
        end = parse_date(v["end_date"]) if v["end_date"] else None
        if v["end_date"] and end is None:
            errors["end_date"] = "portfolio.error.date_format"
        elif start is not None and end is not None and end < start:
            errors["end_date"] = "portfolio.error.order"
        return start, end

    def refused(self, problems: list[FieldProblem]) -> None:
        """The profession's refusals, each beside its field."""
        for problem in problems:
            name, key = offer_error(problem)
            self.errors.setdefault(name, key)

    def sent_before(self) -> None:
        """This form's key made a request with another offer (sent, then changed and sent
        again): a fresh key, and the provider sends the form once more."""
        self.values["key"] = new_key()
        self.errors["form"] = "profession.error.sent_before"


def offer_error(problem: FieldProblem) -> tuple[str, str]:
    """The form field and the text key of one of the profession's refusals of an offer."""
    name = {
        "type": "kind",
        "subtype": "kind",
        "planned_hours": "hours",
        "on_demand": "planning",
    }.get(problem.field, problem.field)
    if name == "hours":
        return name, _hours_error(problem.code)
    if name in ("title", "description"):
        return name, "profession.error.text_too_long" if "long" in problem.code else FORM_ERROR
    if name in ("start_date", "end_date"):
        return name, "portfolio.error.date_format"
    if name in ("kind", "sectors", "planning"):
        return name, f"profession.error.{name}"
    return "form", FORM_ERROR


@dataclass
class MembershipForm:
    """Joining a panel (or changing it): a sector of her registration and subjects."""

    values: dict[str, str]
    errors: dict[str, ErrorText] = field(default_factory=dict)

    @classmethod
    def posted(cls, form: FormData) -> MembershipForm:
        return cls({"sector": _text(form, "sector"), "subjects": _text(form, "subjects")})

    def parse(self, sectors: list[str]) -> tuple[str, list[str]] | None:
        sector = self.values["sector"]
        if not sector:
            self.errors["sector"] = "panel.error.sector_required"
        elif sector not in sectors:
            self.errors["sector"] = "panel.error.sector"
        subjects = subjects_of(self.values["subjects"])
        if len(subjects) > MAX_SUBJECTS or any(len(s) > MAX_SUBJECT for s in subjects):
            self.errors["subjects"] = "panel.error.subjects"
        return None if self.errors else (sector, subjects)


def subjects_of(text: str) -> list[str]:
    """Subjects typed separated by commas, each once, in the order typed."""
    found = [s.strip() for s in text.replace("\x00", "").split(",")]
    return list(dict.fromkeys(s for s in found if s))


@dataclass
class ReviewForm:
    """A teacher's review: per criterion (by its position n in the set) a score (`s<n>`) and a
    reason (`r<n>`; short names: the form must fit 100 KB), the verdict, and with an approval
    the hours she proposes."""

    criteria: CriteriaSet
    values: dict[str, str]
    errors: dict[str, ErrorText] = field(default_factory=dict)

    @classmethod
    def empty(cls, criteria: CriteriaSet) -> ReviewForm:
        return cls(criteria, {})

    @classmethod
    def posted(cls, criteria: CriteriaSet, form: FormData) -> ReviewForm:
        names = ["verdict", "hours"]
        for number in range(1, len(criteria.criteria) + 1):
            names += [f"s{number}", f"r{number}"]
        return cls(criteria, {name: _text(form, name) for name in names})

    def parse(self) -> ReviewInput | None:
        v, errors = self.values, self.errors
        scores = []
        for number, criterion in enumerate(self.criteria.criteria, start=1):
            named: dict[str, object] = {"criterion": criterion.title}
            score, reason = v[f"s{number}"], v[f"r{number}"].strip()
            # One error per criterion (beside its fieldset, linked to what is missing first):
            # six criteria with two errors each would not fit a page of 100 KB.
            if score not in ("1", "2", "3", "4", "5"):
                errors[f"s{number}"] = ("panel.error.criterion", named)
            elif not reason:
                errors[f"r{number}"] = ("panel.error.criterion", named)
            elif len(reason) > MAX_REASON:
                errors[f"r{number}"] = ("panel.error.reason_long", named)
            if score.isdigit():
                scores.append(Score(criterion=criterion.code, score=int(score), reason=reason))
        verdict: Verdict | None = None
        if v["verdict"] in ("approve", "reject"):
            verdict = "approve" if v["verdict"] == "approve" else "reject"
        else:
            errors["verdict"] = "panel.error.verdict"
        hours: Decimal | None = None
        if verdict == "approve":
            hours = parse_hours(v["hours"]) if v["hours"] else None
            if not v["hours"]:
                errors["hours"] = "panel.error.hours_required"
            elif hours is None:
                errors["hours"] = "profession.error.hours_format"
        if errors or verdict is None:
            return None
        return ReviewInput(scores=tuple(scores), verdict=verdict, proposed_hours=hours)

    def refused(self, problems: list[FieldProblem]) -> None:
        for problem in problems:
            if problem.field == "proposed_hours":
                self.errors.setdefault("hours", _hours_error(problem.code))
            else:
                self.errors.setdefault("form", FORM_ERROR)
