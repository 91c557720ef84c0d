from typing import get_args

from lr_registry.domain.corrections import CORRECTABLE_FIELDS
from lr_registry.entrypoints.http import CorrectableField
from lr_shared.contracts.columns import DELIVERY_COLUMNS


def test_a_teacher_may_dispute_every_delivered_field_but_the_board_and_the_bsn() -> None:
    assert set(get_args(CorrectableField)) == set(DELIVERY_COLUMNS) - {"bevoegd_gezag", "bsn"}


def test_every_correctable_field_has_a_rule_for_when_a_redelivery_resolves_it() -> None:
    assert sorted(CORRECTABLE_FIELDS) == sorted(get_args(CorrectableField))
    assert len(set(CORRECTABLE_FIELDS)) == len(CORRECTABLE_FIELDS)
