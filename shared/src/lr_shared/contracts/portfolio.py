"""Contracts of the portfolio service."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import Field

from lr_shared.contracts._base import Contract, RegistrationNumber


class AttendanceV1(Contract):
    """A training provider reports that a teacher attended an accredited activity.

    Key: registration number. `attendance_id` is the provider's own identifier: reporting it
    again changes nothing.
    """

    attendance_id: str = Field(min_length=1, max_length=100, examples=["NSO-2026-000123"])
    provider_id: str = Field(min_length=1, max_length=50, examples=["P0042"])
    activity_code: str = Field(
        description="Code of the activity in the provider catalogue.", examples=["P0042-A017"]
    )
    registration_number: RegistrationNumber
    attended_on: date
    completed: bool = True


class ProgressV1(Contract):
    """Register hours of one teacher in one period. Key: registration number. Totals only."""

    registration_number: RegistrationNumber
    period_start: date
    period_end: date
    total_hours: Decimal = Field(ge=0, examples=["112.5"])
    core_hours: Decimal = Field(ge=0, examples=["80"])
    norm_total_hours: Decimal = Field(examples=["160"])
    norm_core_hours: Decimal = Field(examples=["100"])
    norm_met: bool
    updated_at: datetime
