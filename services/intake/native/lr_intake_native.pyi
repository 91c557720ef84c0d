"""Intake's row checks, compiled (services/intake/native/src/lib.rs).

`lr_intake.domain.validation.RowValidator` is the specification; `lr_intake.adapters.checking`
uses this for the rows it can decide and Python for the others.
"""

from collections.abc import Mapping, Set

# (row_number, identity, fingerprint, bevoegd_gezag, key, value): what intake stages.
Record = tuple[int, bytes, bytes, str, bytes, bytes]
# (record, ()): accepted without issues (final). Not final, their positions listed apart:
# None: Python must check the row; (None, [(column, code), ...]): rejected;
# (record, [warning code, ...]): accepted with warnings.
Outcome = (
    tuple[Record, tuple[()]] | tuple[Record, list[str]] | tuple[None, list[tuple[str, str]]] | None
)

class Reference:
    """The reference data the checks read; build it once per reference version."""

    def __init__(
        self,
        *,
        schools: Mapping[str, tuple[str, str, str, str]],
        grondslagen: Mapping[str, Mapping[str, bool]],
        all_grondslagen: Set[str],
        terreinen: Set[str],
        special_use: list[str],
    ) -> None: ...

class RowChecker:
    def __init__(
        self,
        reference: Reference,
        *,
        allowed: Set[str],
        today: tuple[int, int, int],
        hash_key: bytes,
        delivery_id: str,
    ) -> None: ...
    def check(self, rows: list[tuple[int, list[str]]]) -> tuple[list[Outcome], list[int]]: ...
