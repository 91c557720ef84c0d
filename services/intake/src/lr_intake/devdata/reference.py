"""A realistic national reference set: ~1,400 boards, ~8,000 school locations over PO, SO, VO,
VSO and MBO, payroll bureaus with their mandates, and the project's code lists. Boards and
bureaus have KvK numbers derived from their numbers (`board_kvk`, `bureau_kvk`)."""

from __future__ import annotations

import random
import string

from lr_intake.devdata import names
from lr_intake.domain.codelists import GRONDSLAGEN, ONDERWIJSTERREINEN
from lr_intake.domain.reference import Board, PayrollBureau, ReferenceSet, School

# (sector, share of boards, BRINs per board (min, max), locations per BRIN (min, max))
_BOARD_KINDS = (
    ("PO", 0.74, (1, 7), (1, 2)),
    ("SO", 0.04, (1, 3), (1, 2)),
    ("VO", 0.15, (1, 3), (1, 4)),
    ("VSO", 0.03, (1, 2), (1, 2)),
    ("MBO", 0.04, (1, 1), (3, 12)),
)


def _school_name(rng: random.Random, sector: str) -> str:
    kinds = {
        "PO": names.PO_SOORTEN,
        "SO": names.SO_SOORTEN,
        "VO": names.VO_SOORTEN,
        "VSO": names.VSO_SOORTEN,
        "MBO": names.MBO_SOORTEN,
    }[sector]
    return f"{rng.choice(kinds)} {rng.choice(names.SCHOOLNAMEN)}"


def _brins(rng: random.Random) -> list[str]:
    codes = [f"{n:02d}{a}{b}" for n in range(100) for a in string.ascii_uppercase[:20]
             for b in string.ascii_uppercase]  # fmt: skip
    rng.shuffle(codes)
    return codes


def board_kvk(bevoegd_gezag: str) -> str:
    """A generated board's KvK number: 4, then its number in seven digits (no draw from the
    generator, so every other generated value stays what it was)."""
    return f"4{int(bevoegd_gezag):07d}"


def bureau_kvk(nummer: str) -> str:
    """A generated payroll bureau's KvK number: 5, then its number in seven digits."""
    return f"5{int(nummer):07d}"


def generate_reference(seed: int = 1, boards: int = 1400, bureaus: int = 30) -> ReferenceSet:
    """The same set for the same arguments."""
    rng = random.Random(seed)  # noqa: S311 - test data, not cryptography
    brins = iter(_brins(rng))
    board_numbers = rng.sample(range(10000, 90000), boards)
    all_boards: list[Board] = []
    schools: list[School] = []
    for index, number in enumerate(board_numbers):
        bevoegd_gezag = f"{number:05d}"
        plaats = rng.choice(names.PLAATSEN)
        all_boards.append(
            Board(
                bevoegd_gezag,
                f"{rng.choice(names.BESTUUR_SOORTEN)} {plaats} {index}",
                plaats,
                board_kvk(bevoegd_gezag),
            )
        )
        sector, _, brin_range, location_range = _pick_kind(rng)
        for _ in range(rng.randint(*brin_range)):
            brin = next(brins)
            # PO and SO boards sometimes run a VSO department as well.
            brin_sector = "VSO" if sector == "SO" and rng.random() < 0.3 else sector
            naam = _school_name(rng, brin_sector)
            for volgnummer in range(rng.randint(*location_range)):
                location_town = plaats if volgnummer == 0 else rng.choice(names.PLAATSEN)
                schools.append(
                    School(brin, f"{volgnummer:02d}", naam, location_town, bevoegd_gezag,
                           brin_sector)
                )  # fmt: skip
    bureau_list = [
        PayrollBureau(
            f"{90000 + i:05d}",
            f"{rng.choice(names.BUREAUS)} {rng.choice(names.PLAATSEN)}",
            bureau_kvk(f"{90000 + i:05d}"),
        )
        for i in range(bureaus)
    ]
    mandates = tuple(
        (rng.choice(bureau_list).nummer, board.bevoegd_gezag)
        for board in all_boards
        if bureau_list and rng.random() < 0.4
    )
    return ReferenceSet(
        boards=tuple(all_boards),
        schools=tuple(schools),
        bureaus=tuple(bureau_list),
        mandates=mandates,
        grondslagen=GRONDSLAGEN,
        onderwijsterreinen=ONDERWIJSTERREINEN,
    )


def _pick_kind(rng: random.Random) -> tuple[str, float, tuple[int, int], tuple[int, int]]:
    roll = rng.random()
    for kind in _BOARD_KINDS:
        if roll < kind[1]:
            return kind
        roll -= kind[1]
    return _BOARD_KINDS[0]
