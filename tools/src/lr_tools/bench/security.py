"""The cost of Kafka security (issue 20): the national delivery end to end twice in one run,
first against a PLAINTEXT broker, then against a SASL_SSL one (SCRAM-SHA-512, TLS, the
StandardAuthorizer with the ACL table applied), each service as its own principal.

Both brokers are the bench's own (free ports, state under the work folder), made by the stack's
`Kafka` from the same template, so they differ in the security lines alone
(`lr_tools.stack.kafka.without_security`); the shared stack's broker is never used. They run
one after the other, each with a fresh fleet (databases, topics), on the same generated
delivery; PostgreSQL is the shared stack's, as for the national part."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from lr_tools.bench import national
from lr_tools.bench.fleet import BenchFleet
from lr_tools.bench.machine import load_average, process_cpu_s
from lr_tools.bench.report import ratio
from lr_tools.console import err_console
from lr_tools.fleet import free_port
from lr_tools.paths import Paths
from lr_tools.procs import running_pid
from lr_tools.stack.kafka import MAIN_CLASS, Kafka
from lr_tools.stack.topics import partitions_from_env

ROUNDS = (("plaintext", False), ("sasl_ssl", True))
"""(label, secured), in the order they run."""
STAGES = ("upload", "validated", "registered", "invited")


@dataclass(frozen=True)
class BenchBrokerPaths(Paths):
    """The repository's paths (Kafka's jars, deploy/), with state (`var`) in `state`."""

    state: Path = Path()

    @cached_property
    def var(self) -> Path:
        return self.state


def _report(label: str) -> Callable[[str], None]:
    def report(message: str) -> None:
        err_console.print(f"  kafka ({label}): {message}")

    return report


def fresh(run: national.NationalRun) -> national.NationalRun:
    """The same prepared delivery with nothing measured yet (a round fills in its own)."""
    return national.NationalRun(
        rows=run.rows,
        deliveries=run.deliveries,
        teachers=run.teachers,
        csv_bytes=run.csv_bytes,
        generate_s=run.generate_s,
        bodies=run.bodies,
        plan=run.plan,
    )


def summary(run: dict[str, Any], broker_cpu_s: float | None) -> dict[str, Any]:
    """One round's figures (a `NationalRun.to_json()`), without its time series. The national
    part's `kafka` CPU figure is every `java` process on the machine (the shared broker, which
    others use, included); here it is the round's own broker's."""
    stages = {s["name"]: s for s in run.get("stages", [])}
    cpu = {name: value for name, value in run.get("cpu_s", {}).items() if name != "kafka"}
    if broker_cpu_s is not None:
        cpu["kafka"] = round(broker_cpu_s, 1)
    return {
        **{f"{name}_s": stages.get(name, {}).get("done_s") for name in STAGES},
        "wall_s": run.get("wall_s"),
        "cpu_s": cpu,
        "peak_rss_mib": run.get("peak_rss_mib", {}),
        "delivery_statuses": run.get("delivery_statuses", {}),
        "problems": run.get("problems", []),
    }


def cost(plaintext: dict[str, Any], secured: dict[str, Any]) -> dict[str, float | None]:
    """SASL_SSL's time over PLAINTEXT's per stage (`invited` is end to end), and of the CPU
    seconds all processes spent; above 1 is what security costs. None where a round did not
    finish that stage."""
    values = {
        f"{name}_ratio": ratio(secured.get(f"{name}_s"), plaintext.get(f"{name}_s"))
        for name in STAGES
    }
    values["cpu_ratio"] = ratio(
        sum(secured.get("cpu_s", {}).values()) or None,
        sum(plaintext.get("cpu_s", {}).values()) or None,
    )
    return {k: None if v is None else round(v, 3) for k, v in values.items()}


@dataclass(frozen=True)
class Rounds:
    """What both rounds share: the checkout, the work folder, the delivery and the fleet's
    settings (PostgreSQL, SMTP sink, keys)."""

    paths: Paths
    workdir: Path
    run: national.NationalRun
    fleet_settings: dict[str, Any]
    reference: Path
    mails_received: Callable[[], int]
    concurrency: int


async def run_kafka_security(rounds: Rounds) -> dict[str, Any]:
    """Both rounds; the result's `plaintext`, `sasl_ssl` and `cost` (ratios)."""
    out: dict[str, Any] = {
        "rows": rounds.run.rows,
        "teachers": rounds.run.teachers,
        "deliveries": rounds.run.deliveries,
        "order": [label for label, _ in ROUNDS],
    }
    for label, secured in ROUNDS:
        err_console.print(f"  round {label}:")
        out[label] = await _round(rounds, label, secured=secured)
    out["cost"] = cost(out["plaintext"], out["sasl_ssl"])
    return out


async def _round(rounds: Rounds, label: str, *, secured: bool) -> dict[str, Any]:
    """A broker of its own, a fleet on it, the delivery end to end; then both are removed."""
    state = rounds.workdir / f"kafka-{label}"
    broker_paths = BenchBrokerPaths(rounds.paths.root, state=state)
    broker_paths.ensure_dirs()
    kafka = Kafka(
        broker_paths,
        partitions_from_env(),
        name=f"bench-kafka-{label}",
        endpoint=f"127.0.0.1:{free_port()}",
        controller_port=free_port(),
        secured=secured,
    )
    fleet: BenchFleet | None = None
    try:
        await kafka.ensure(_report(label))
        fleet = BenchFleet(
            **rounds.fleet_settings,
            root=rounds.paths.root,
            workdir=rounds.workdir / label,
            kafka_bootstrap=kafka.endpoint,
            kafka_security=kafka.security,  # lr-admin, for the fleet's topics and ACLs
        )
        await fleet.open()
        fleet.run_cli("intake", "reference", "load", str(rounds.reference))
        catalogue = rounds.paths.root / "services" / "portfolio" / "data" / "catalogue.csv"
        fleet.run_cli("portfolio", "catalogue", "load", str(catalogue))
        measured, load = fresh(rounds.run), load_average()
        mails_before = rounds.mails_received()  # the sink counts every round's mails
        broker = running_pid(broker_paths.pid_file("kafka"), MAIN_CLASS)
        broker_before = process_cpu_s(broker) if broker else None
        await national.run_national(
            fleet,
            measured,
            mails_received=lambda: rounds.mails_received() - mails_before,
            concurrency=rounds.concurrency,
        )
        broker_after = process_cpu_s(broker) if broker else None
        broker_cpu = (
            broker_after - broker_before
            if broker_after is not None and broker_before is not None
            else None
        )
        return {**summary(measured.to_json(), broker_cpu), "load_start": load}
    finally:
        if fleet is not None:
            fleet.stop()
            if fleet.databases:
                await fleet.drop_databases()
        await kafka.stop(_report(label))
        shutil.rmtree(state / "kafka", ignore_errors=True)  # the broker's data
