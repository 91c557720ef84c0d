"""Base class of every integration contract: strict about unknown fields on the way out,
tolerant on the way in (a consumer must survive additive changes within a topic version)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

RegistrationNumber = Annotated[
    str,
    StringConstraints(pattern=r"^LR[0-9]{8}$"),
    Field(
        description="The teacher's register number: LR and eight digits.", examples=["LR00012345"]
    ),
]
BevoegdGezag = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{5}$"),
    Field(description="Board number (bevoegd gezag), five digits.", examples=["41234"]),
]
Brin = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{2}[A-Z]{2}$"),
    Field(description="BRIN code of the school.", examples=["12AB"]),
]
BrinVolgnummer = Annotated[
    str,
    StringConstraints(pattern=r"^([0-9]{2})?$"),
    Field(
        description="Two-digit location number of the school, empty for the main location.",
        examples=["00", ""],
    ),
]


class Contract(BaseModel):
    """A message body on a topic. Unknown fields are ignored so that producers may add fields."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
"""The shape of an e-mail address on a topic. Full validation (email-validator, two orders of
magnitude dearer) happens where an address enters the register: intake's row check and the
registry's HTTP API. Consumers check only the shape: on the contacts topic, EmailStr cost the
notifications service ~100 us per message."""
