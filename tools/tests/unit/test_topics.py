"""Which topics on the local broker are left-overs of tests and benchmarks."""

from __future__ import annotations

from lr_tools.stack.topics import is_scratch


def test_only_suffixed_copies_and_scratch_topics_count_as_left_over() -> None:
    catalogue = frozenset({"lr.intake.appointments.v1", "lr.registry.registrations.v1"})
    assert is_scratch("lr.intake.appointments.v1.t1a2b3c4d5", catalogue)
    assert is_scratch("lr.registry.registrations.v1.benchf00", catalogue)
    assert is_scratch("test.outbox.abc", catalogue)
    assert is_scratch("bench.relay.abc", catalogue)
    assert not is_scratch("lr.intake.appointments.v1", catalogue)
    assert not is_scratch("lr.intake.appointments.v10", catalogue)
    assert not is_scratch("payments.v1", catalogue)
