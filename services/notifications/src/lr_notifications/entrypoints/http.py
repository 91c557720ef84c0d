"""The operators' HTTP surface beyond health, ready and metrics: aggregate counts only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from lr_notifications.application.ports import UnitOfWorkFactory
from lr_notifications.application.stats import notification_stats
from lr_shared.problems import problem_responses


def stats_router(uow_factory: UnitOfWorkFactory) -> APIRouter:
    router = APIRouter(tags=["operations"], responses=problem_responses(503))

    @router.get("/v1/notifications/stats")
    async def stats() -> dict[str, Any]:
        """Notifications by outcome, in total and per kind. No personal data."""
        return await notification_stats(uow_factory)

    return router
