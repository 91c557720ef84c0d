"""Loading the provider catalogue, and generating a realistic one for development."""

from __future__ import annotations

import random
from collections.abc import Sequence
from decimal import Decimal

from lr_portfolio.application.ports import UnitOfWorkFactory
from lr_portfolio.domain.activities import SUBTYPES, ActivityType
from lr_portfolio.domain.catalogue import CatalogueEntry

__all__ = ["CatalogueEntry", "generate", "load", "page"]


async def page(
    uows: UnitOfWorkFactory, provider_id: str | None, offset: int, limit: int
) -> list[CatalogueEntry]:
    async with uows() as uow:
        return await uow.catalogue.page(provider_id, offset, limit)


async def load(uows: UnitOfWorkFactory, entries: Sequence[CatalogueEntry]) -> int:
    async with uows() as uow:
        count = await uow.catalogue.upsert(entries)
        await uow.commit()
    return count


_PROVIDERS = [
    "Academie voor Onderwijs",
    "Hogeschool Utrecht Professionalisering",
    "Fontys Lerarenopleiding",
    "Windesheim Educatie",
    "Centrum voor Nascholing Amsterdam",
    "KPC Groep",
    "CED-Groep",
    "Penta Nova",
    "Expertis Onderwijsadviseurs",
    "Marnix Academie",
    "HAN Scholing",
    "NHL Stenden Kenniscentrum",
    "Driestar Educatief",
    "Iselinge Academie",
    "Leeuwendaal Academie",
    "Hogeschool Rotterdam Opleidingen",
    "Radboud Docenten Academie",
    "ICLON Leiden",
    "Eduniek",
    "APS Onderwijsadvies",
]
_THEMES = [
    "Formatief evalueren",
    "Differentiëren in de klas",
    "Rekendidactiek",
    "Begrijpend lezen",
    "Klassenmanagement",
    "Passend onderwijs",
    "Executieve functies",
    "Digitale geletterdheid",
    "Burgerschap",
    "Taalontwikkeling NT2",
    "Gesprekken met ouders",
    "Hoogbegaafdheid",
    "Gedragsproblemen",
    "Coöperatief leren",
    "Onderzoekend leren",
    "Feedback geven",
    "Leesmotivatie",
    "Wiskundedidactiek",
    "Praktijkgericht onderzoek",
    "Mentoraat en loopbaan",
]
_FORMS: dict[ActivityType, tuple[str, tuple[int, int]]] = {
    ActivityType.FORMAL_PROGRAMME: ("Master", (60, 200)),
    ActivityType.COURSE: ("Cursus", (6, 40)),
    ActivityType.STUDY_DAY: ("Studiedag", (4, 8)),
    ActivityType.CONFERENCE: ("Congres", (4, 16)),
    ActivityType.INSIDE_SCHOOL: ("Traject", (8, 30)),
    ActivityType.OUTSIDE_SCHOOL: ("Netwerk", (6, 24)),
    ActivityType.SELF_STUDY: ("Module", (2, 12)),
}


_SUBTYPE_FORMS = {
    "coaching": "Coachingstraject",
    "intervision": "Intervisie",
    "peer_review": "Collegiale consultatie",
    "collegial_visit": "Collegiaal bezoek",
    "research": "Praktijkonderzoek",
    "network": "Netwerk",
    "placement": "Snuffelstage",
    "professional_journal": "Vakliteratuur",
    "online": "E-learning",
}


def generate(count: int = 500, seed: int = 2026) -> list[CatalogueEntry]:
    """A plausible catalogue: providers with 10-40 activities each, of every type."""
    rng = random.Random(seed)  # noqa: S311 - test data, not cryptography
    entries: list[CatalogueEntry] = []
    provider_index = 0
    while len(entries) < count:
        provider_id = f"P{provider_index + 1:04d}"
        name = _PROVIDERS[provider_index % len(_PROVIDERS)]
        if provider_index >= len(_PROVIDERS):
            name = f"{name} {provider_index // len(_PROVIDERS) + 1}"
        for number in range(1, rng.randint(10, 40) + 1):
            if len(entries) >= count:
                break
            entries.append(_entry(rng, provider_id, name, number))
        provider_index += 1
    return entries


def _entry(rng: random.Random, provider_id: str, provider: str, number: int) -> CatalogueEntry:
    kind = rng.choice(list(ActivityType))
    form, (low, high) = _FORMS[kind]
    subtypes = sorted(SUBTYPES.get(kind, frozenset()))
    subtype = rng.choice(subtypes) if subtypes else None
    if subtype is not None:
        form = _SUBTYPE_FORMS[subtype.value]
    return CatalogueEntry(
        activity_code=f"{provider_id}-A{number:03d}",
        provider_id=provider_id,
        provider_name=provider,
        title=f"{form} {rng.choice(_THEMES).lower()}",
        type=kind,
        subtype=subtype,
        register_hours=Decimal(rng.randint(low * 2, high * 2)) / 2,
        core=rng.random() < 0.7,
    )
