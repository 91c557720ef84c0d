"""The kafka-security part of `lr bench`: the figures it reports from its two rounds."""

from __future__ import annotations

from typing import Any

from lr_tools.bench.command import ratios
from lr_tools.bench.national import NationalRun
from lr_tools.bench.security import cost, fresh, summary


def _round(invited_s: float, cpu: dict[str, float]) -> dict[str, Any]:
    stages = [
        {"name": "upload", "done_s": 10.0},
        {"name": "validated", "done_s": 12.0},
        {"name": "registered", "done_s": 20.0},
        {"name": "invited", "done_s": invited_s},
    ]
    return {"stages": stages, "cpu_s": cpu, "wall_s": invited_s, "problems": []}


def test_the_cost_is_the_secured_rounds_time_over_the_plaintext_ones_per_stage() -> None:
    plaintext = summary(_round(40.0, {"intake": 10.0, "kafka": 99.0}), broker_cpu_s=5.0)
    secured = summary(_round(50.0, {"intake": 12.0, "kafka": 99.0}), broker_cpu_s=8.0)

    figures = cost(plaintext, secured)

    assert figures["invited_ratio"] == 1.25
    assert figures["upload_ratio"] == 1.0
    assert figures["cpu_ratio"] == round(20.0 / 15.0, 3)


def test_the_rounds_kafka_cpu_is_its_own_brokers_not_every_java_process() -> None:
    figures = summary(_round(40.0, {"intake": 10.0, "kafka": 99.0}), broker_cpu_s=5.04)

    assert figures["cpu_s"] == {"intake": 10.0, "kafka": 5.0}
    assert figures["invited_s"] == 40.0


def test_a_round_that_did_not_finish_a_stage_has_no_ratio_for_it() -> None:
    unfinished = _round(40.0, {})
    unfinished["stages"][-1]["done_s"] = None

    figures = cost(summary(_round(40.0, {}), None), summary(unfinished, None))

    assert figures["invited_ratio"] is None
    assert figures["cpu_ratio"] is None


def test_the_end_to_end_ratio_is_among_the_runs_ratios() -> None:
    result = {"kafka_security": {"cost": {"invited_ratio": 1.18}}}

    assert ratios(result)["kafka_sasl_ssl_vs_plaintext"] == 1.18
    assert ratios({})["kafka_sasl_ssl_vs_plaintext"] is None


def test_each_round_measures_the_same_delivery_from_scratch() -> None:
    prepared = NationalRun(rows=3, deliveries=1, teachers=2, bodies=[b"csv"])
    prepared.peak_rss_mib["intake"] = 120.0
    prepared.problems.append("timed out")

    again = fresh(prepared)

    assert (again.rows, again.teachers, again.bodies) == (3, 2, [b"csv"])
    assert again.peak_rss_mib == {}
    assert again.problems == []
    assert again.stages == []
