from lr_portal.domain.progress import current_period


def _period(total: str, core: str, *, current: bool) -> dict[str, object]:
    return {
        "period_start": "2026-01-01",
        "period_end": "2029-12-31",
        "current": current,
        "total_hours": total,
        "core_hours": core,
        "norm_total_hours": "160.00",
        "norm_core_hours": "100.00",
        "missing_total_hours": str(max(0, 160 - float(total))),
        "missing_core_hours": str(max(0, 100 - float(core))),
        "norm_met": float(total) >= 160 and float(core) >= 100,
    }


def test_the_bar_fills_to_the_norm_and_no_further() -> None:
    progress = current_period([_period("40.00", "25.00", current=True)])
    assert progress is not None
    assert (progress.percent, progress.core_percent) == (25, 25)
    full = current_period([_period("200.00", "120.00", current=True)])
    assert full is not None
    assert (full.percent, full.core_percent, full.norm_met) == (100, 100, True)


def test_the_current_period_is_chosen_else_the_newest() -> None:
    older, newer = _period("10.00", "0.00", current=False), _period("20.00", "0.00", current=False)
    chosen = current_period([newer, older])
    assert chosen is not None
    assert chosen.percent == 12
    assert current_period([]) is None
