"""What anyone may read: the criteria set in force."""

from __future__ import annotations

from fastapi import APIRouter

from lr_profession.application import criteria
from lr_profession.entrypoints.deps import ContainerDep
from lr_profession.entrypoints.schemas import CriteriaOut
from lr_shared.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["public"], responses=problem_responses(503))


@router.get("/criteria")
async def criteria_in_force(container: ContainerDep) -> CriteriaOut:
    """The criteria panels score with now, and their version (seed 003: kept by the
    profession itself)."""
    return CriteriaOut.of(await criteria.in_force(container.uow, container.clock()))
