"""Models more than one router answers with."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from lr_profession.domain.criteria import CriteriaSet


class ScoreOut(BaseModel):
    criterion: str = Field(examples=["content_quality"])
    score: int = Field(ge=1, le=5)
    reason: str


class CriterionOut(BaseModel):
    code: str = Field(examples=["content_quality"])
    title: str = Field(examples=["Inhoudelijke kwaliteit"])
    description: str


class CriteriaOut(BaseModel):
    version: int
    in_force_from: datetime
    criteria: list[CriterionOut]

    @classmethod
    def of(cls, criteria: CriteriaSet) -> CriteriaOut:
        return cls(
            version=criteria.version,
            in_force_from=criteria.in_force_from,
            criteria=[
                CriterionOut(code=c.code, title=c.title, description=c.description)
                for c in criteria.criteria
            ],
        )
