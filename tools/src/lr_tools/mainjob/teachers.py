"""A few teachers use the register the way they would: sign in, confirm, log an activity, and
look themselves up in the public register."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import httpx

from lr_tools.mainjob.endpoints import Endpoints


@dataclass
class TeacherVisit:
    registration_number: str
    state_after_confirm: str
    hours_logged: str
    found_publicly: bool
    bsn: str = field(default="", repr=False)
    """Generated test data, to sign in again (the accreditation round); never printed."""


async def visit(endpoints: Endpoints, bsn: str, achternaam: str) -> TeacherVisit | None:
    """None when the teacher has nothing to confirm (e.g. every appointment already ended)."""
    async with httpx.AsyncClient(timeout=30) as client:
        identity = endpoints.token("identity", bsn)
        exchanged = await client.post(
            f"{endpoints.registry}/v1/me/token", headers={"Authorization": f"Bearer {identity}"}
        )
        exchanged.raise_for_status()
        number = exchanged.json()["registration_number"]
        register = {"Authorization": f"Bearer {exchanged.json()['access_token']}"}

        confirmed = await client.post(
            f"{endpoints.registry}/v1/me/registration/confirm", headers=register
        )
        if confirmed.status_code == 409:
            return None
        confirmed.raise_for_status()

        activity = await client.post(
            f"{endpoints.portfolio}/v1/me/activities",
            headers=register,
            json={
                "type": "course",
                "title": "Formatief evalueren in de praktijk",
                "provider": "Hogeschool Utrecht",
                # Today: the new registration period starts on the day of confirming.
                "start_date": date.today().isoformat(),
                "hours": "16",
                "core": True,
                "subject": "didactiek",
            },
        )
        activity.raise_for_status()
        state = confirmed.json()["state"]
        hours = (
            await _hours_in_current_period(client, endpoints, register)
            if state == "registered"
            else "no period in the registervoorportaal"
        )

        found = await client.get(
            f"{endpoints.registry}/v1/public/registrations", params={"achternaam": achternaam}
        )
        found.raise_for_status()
        numbers = {item["registration_number"] for item in found.json()["items"]}
        return TeacherVisit(
            registration_number=number,
            state_after_confirm=state,
            hours_logged=hours,
            found_publicly=number in numbers,
            bsn=bsn,
        )


async def _hours_in_current_period(
    client: httpx.AsyncClient, endpoints: Endpoints, register: dict[str, str]
) -> str:
    """The portfolio learns the new period from the registry's topic: wait for it briefly."""
    for _ in range(40):
        response = await client.get(f"{endpoints.portfolio}/v1/me/progress", headers=register)
        response.raise_for_status()
        periods = response.json()["periods"]
        if periods and Decimal(periods[0]["total_hours"]) > 0:
            return f"{periods[0]['total_hours']} of {periods[0]['norm_total_hours']}"
        await asyncio.sleep(0.5)
    return "period not known yet"
