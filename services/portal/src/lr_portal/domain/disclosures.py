"""Who looked at my data: the moments a teacher's data was shown outside her own sessions, as
the registry (a board's look-up) and the portfolio (an opened share link) recorded them,
merged into one list, newest first (docs/privacy.md, "Who looked at my data")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

DisclosureKind = Literal["board_list", "board_csv", "board_check", "share_all", "share_period"]

BOARD_KINDS: dict[str, DisclosureKind] = {
    "list": "board_list",
    "csv": "board_csv",
    "check": "board_check",
}


@dataclass(frozen=True)
class Disclosure:
    at: datetime
    kind: DisclosureKind
    board: str | None = None
    """The board's number (`bevoegd_gezag`) of a board's look-up; None for a share link."""
    period_start: date | None = None
    """The period a `share_period` link showed."""

    @classmethod
    def from_lookup(cls, item: Mapping[str, Any]) -> Disclosure:
        """One item of the registry's `GET /v1/me/lookups`."""
        return cls(
            at=datetime.fromisoformat(item["at"]),
            kind=BOARD_KINDS[item["kind"]],
            board=str(item["bevoegd_gezag"]),
        )

    @classmethod
    def from_opening(cls, item: Mapping[str, Any]) -> Disclosure:
        """One item of the portfolio's `GET /v1/me/disclosures`."""
        start = item.get("period_start")
        return cls(
            at=datetime.fromisoformat(item["at"]),
            kind="share_period" if item["view"] == "period" else "share_all",
            period_start=date.fromisoformat(start) if start else None,
        )


@dataclass(frozen=True)
class Found:
    """The newest `limit` of one source, and how many it holds in all."""

    items: list[Disclosure]
    total: int


def merged(sources: Iterable[Found], offset: int, limit: int) -> list[Disclosure]:
    """One page of all sources together, newest first. Each source was asked for its newest
    `offset + limit`, so the page is exact."""
    everything = sorted(
        (d for found in sources for d in found.items), key=lambda d: d.at, reverse=True
    )
    return everything[offset : offset + limit]


def schools_by_board(registration: Mapping[str, Any]) -> dict[str, list[str]]:
    """Her own schools per board, from her registration (`GET /v1/me/registration`): the
    registry knows no board names, but she knows her schools (a board can only look up its own
    teachers, so a board that looked has, or had, a school of hers)."""
    names: dict[str, list[str]] = {}
    schools: Sequence[Mapping[str, Any]] = registration.get("schools") or []
    for school in schools:
        board = str(school.get("bevoegd_gezag") or "")
        name = str(school.get("naam") or school.get("brin") or "")
        if board and name and name not in names.setdefault(board, []):
            names[board].append(name)
    return names
