"""The portfolio's forms: the posted text as the teacher typed it, turned into typed values or
into errors beside the fields.

The rules of an activity (subtype per type, hours, date range, text length) have one home, the
portfolio service: this module only reads what was typed (a date, a number, a choice from the
list) and lets the portfolio judge the rest; its refusals come back as `FieldProblem`s and are
shown beside the same fields, with the values kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData, UploadFile

from lr_portal.adapters.portfolio import (
    ACTIVITY_TYPES,
    SUBTYPES,
    Activity,
    ActivityInput,
    FieldProblem,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TEXT_FIELDS = ("title", "provider", "subject")
ACTIVITY_FIELDS = ("kind", "title", "provider", "subject", "start_date", "end_date", "hours")
KIND_ERROR = "portfolio.error.kind"
INVALID = "portfolio.error.invalid"
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def kinds() -> list[tuple[str, list[str]]]:
    """The choices of the "kind" radios: per type its values (`type` or `type:subtype`)."""
    return [
        (t, [f"{t}:{s}" for s in SUBTYPES[t]] if t in SUBTYPES else [t]) for t in ACTIVITY_TYPES
    ]


def kind_of(type_: str, subtype: str | None) -> str:
    return f"{type_}:{subtype}" if subtype else type_


def parse_date(text: str) -> date | None:
    """ISO (what a date input sends) or day-month-year (what people type); None if neither."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _DUTCH_DATE.match(text)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_hours(text: str) -> Decimal | None:
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def uploaded_file(form: FormData, name: str = "file") -> UploadFile | None:
    """The chosen file, or None when none was chosen (a browser then sends an empty part)."""
    value = form.get(name)
    if isinstance(value, UploadFile) and (value.filename or value.size):
        return value
    return None


@dataclass
class ActivityForm:
    """The add/edit form: what was typed (to show back) and the errors (field -> text key)."""

    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> ActivityForm:
        return cls(dict.fromkeys(ACTIVITY_FIELDS, "") | {"core": False})

    @classmethod
    def of(cls, activity: Activity) -> ActivityForm:
        return cls(
            {
                "kind": kind_of(activity.type, activity.subtype),
                "title": activity.title,
                "provider": activity.provider,
                "subject": activity.subject,
                "start_date": activity.start_date.isoformat(),
                "end_date": activity.end_date.isoformat() if activity.end_date else "",
                "hours": f"{activity.hours.normalize():f}",
                "core": activity.core,
            }
        )

    @classmethod
    def posted(cls, form: FormData) -> ActivityForm:
        values: dict[str, Any] = {name: _text(form, name) for name in ACTIVITY_FIELDS}
        values["core"] = _text(form, "core") == "ja"
        return cls(values)

    def parse(self) -> ActivityInput | None:
        """The typed activity, or None with `errors` filled in."""
        v = self.values
        type_, _, subtype = str(v["kind"]).partition(":")
        allowed = {value for _, values in kinds() for value in values}
        if not v["kind"]:
            self.errors["kind"] = "portfolio.error.kind_required"
        elif v["kind"] not in allowed:
            self.errors["kind"] = "portfolio.error.kind"
        if not str(v["title"]).strip():
            self.errors["title"] = "portfolio.error.title_required"
        start = parse_date(v["start_date"]) if v["start_date"] else None
        if not v["start_date"]:
            self.errors["start_date"] = "portfolio.error.date_required"
        elif start is None:
            self.errors["start_date"] = "portfolio.error.date_format"
        end = parse_date(v["end_date"]) if v["end_date"] else None
        if v["end_date"] and end is None:
            self.errors["end_date"] = "portfolio.error.date_format"
        hours = parse_hours(v["hours"]) if v["hours"] else None
        if not v["hours"]:
            self.errors["hours"] = "portfolio.error.hours_required"
        elif hours is None:
            self.errors["hours"] = "portfolio.error.hours_format"
        if self.errors or start is None or hours is None:
            return None
        return ActivityInput(
            type=type_,
            subtype=subtype or None,
            title=str(v["title"]).strip(),
            provider=str(v["provider"]).strip(),
            subject=str(v["subject"]).strip(),
            start_date=start,
            end_date=end,
            hours=hours,
            core=bool(v["core"]),
        )

    def refused(self, problems: list[FieldProblem]) -> None:
        """The portfolio's refusals, each beside its field."""
        for problem in problems:
            name, key = activity_error(problem)
            self.errors.setdefault(name, key)


def activity_error(problem: FieldProblem) -> tuple[str, str]:
    """The form field and the text key of one of the portfolio's refusals."""
    name = {"type": "kind", "subtype": "kind"}.get(problem.field, problem.field)
    code = problem.code
    if name == "kind":
        return name, "portfolio.error.kind_required" if code == "required" else KIND_ERROR
    if name == "title" and code == "required":
        return name, "portfolio.error.title_required"
    if name in TEXT_FIELDS and code in ("too_long", "invalid_character"):
        return name, f"portfolio.error.{code}"
    if name in ("start_date", "end_date"):
        if code in ("too_early", "too_late", "order"):
            return name, f"portfolio.error.{code}"
        return name, "portfolio.error.date_format"
    if name == "hours":
        if code in ("not_positive", "too_many", "precision"):
            return name, f"portfolio.error.{code}"
        return name, "portfolio.error.hours_format"
    if name == "file":
        return name, "portfolio.error.file_empty" if code == "empty" else INVALID
    if name in ACTIVITY_FIELDS:
        return name, INVALID
    return "form", "portfolio.error.form"


@dataclass
class ShareForm:
    """Create a link: to everything or one period, valid until a day."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def empty(cls, today: date) -> ShareForm:
        return cls({"scope": "all", "expires": (today + timedelta(days=30)).isoformat()})

    @classmethod
    def posted(cls, form: FormData) -> ShareForm:
        return cls({"scope": _text(form, "scope"), "expires": _text(form, "expires")})

    def parse(self, periods: list[date]) -> tuple[datetime, date | None] | None:
        """(expires_at, period_start or None for everything), or None with `errors`.

        The link works through the whole chosen day in the Netherlands."""
        scope = self.values["scope"]
        period: date | None = None
        if scope != "all":
            period = parse_date(scope)
            if period is None or period not in periods:
                self.errors["scope"] = "shares.error.scope"
        day = parse_date(self.values["expires"]) if self.values["expires"] else None
        if not self.values["expires"]:
            self.errors["expires"] = "shares.error.expires_required"
        elif day is None:
            self.errors["expires"] = "portfolio.error.date_format"
        if self.errors or day is None:
            return None
        expires = datetime.combine(day + timedelta(days=1), time(), tzinfo=AMSTERDAM)
        return expires, period

    def refused(self, problems: list[FieldProblem]) -> None:
        for problem in problems:
            if problem.field == "expires_at":
                key = (
                    f"shares.error.{problem.code}"
                    if problem.code in ("past", "too_far")
                    else ("portfolio.error.date_format")
                )
                self.errors.setdefault("expires", key)
            elif problem.field in ("view", "period_start"):
                self.errors.setdefault("scope", "shares.error.scope")
            else:
                self.errors.setdefault("form", "portfolio.error.form")


RATINGS = ("1", "2", "3", "4", "5")
COMMENT_MAX = 1000


@dataclass
class RatingForm:
    """ "Beoordeel deze activiteit": a rating of 1-5 (radios) and an optional comment (at most
    1000 characters, as the portfolio takes it)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> RatingForm:
        return cls()

    @classmethod
    def posted(cls, form: FormData) -> RatingForm:
        return cls({"rating": _text(form, "rating"), "comment": _text(form, "comment")})

    def parse(self) -> tuple[int, str | None] | None:
        rating = self.values.get("rating", "")
        comment = self.values.get("comment", "").replace("\r\n", "\n").strip()
        if rating not in RATINGS:
            self.errors["rating"] = "ratings.error.rating"
        if len(comment) > COMMENT_MAX or "\x00" in comment:
            self.errors["comment"] = "ratings.error.comment"
        if self.errors:
            return None
        return int(rating), comment or None

    def refused(self, problems: list[FieldProblem]) -> None:
        """The portfolio's 422, beside its field (a comment, or else the rating)."""
        for problem in problems:
            name = "comment" if problem.field == "comment" else "rating"
            self.errors[name] = f"ratings.error.{name}"
