"""The registry's unit of work: one transaction exposing its repositories."""

from __future__ import annotations

from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lr_registry.adapters.boards import SqlBoardLookups, SqlBoardRegistrations
from lr_registry.adapters.data_keys import SqlDataKeys
from lr_registry.adapters.people import SqlAppointments, SqlTeachers
from lr_registry.adapters.registrations import SqlRegistrations
from lr_registry.adapters.repositories import (
    SqlCorrections,
    SqlErasures,
    SqlInbox,
    SqlOutbox,
    SqlProgress,
    SqlSchools,
)
from lr_registry.application.ports import (
    Appointments,
    BoardLookups,
    BoardRegistrations,
    Corrections,
    DataKeys,
    Erasures,
    Inbox,
    Outbox,
    ProgressReports,
    Registrations,
    Schools,
    Teachers,
)
from lr_shared.bsn import BsnCipher
from lr_shared.db import UnitOfWork
from lr_shared.shredding import KeyWrapper


class SqlUnitOfWork(UnitOfWork):
    inbox: Inbox
    teachers: Teachers
    appointments: Appointments
    registrations: Registrations
    progress: ProgressReports
    schools: Schools
    corrections: Corrections
    erasures: Erasures
    data_keys: DataKeys
    boards: BoardRegistrations
    lookups: BoardLookups
    outbox: Outbox

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        cipher: BsnCipher,
        wrapper: KeyWrapper,
    ) -> None:
        super().__init__(sessions)
        self._cipher = cipher
        self._wrapper = wrapper

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        raw = self.raw
        self.inbox = SqlInbox(raw)
        self.teachers = SqlTeachers(raw, self._cipher)
        self.appointments = SqlAppointments(raw)
        self.registrations = SqlRegistrations(raw)
        self.progress = SqlProgress(raw)
        self.schools = SqlSchools(raw)
        self.corrections = SqlCorrections(raw)
        self.erasures = SqlErasures(raw)
        self.data_keys = SqlDataKeys(raw, self._wrapper)
        self.boards = SqlBoardRegistrations(raw)
        self.lookups = SqlBoardLookups(raw)
        self.outbox = SqlOutbox(raw)
        return self
