"""The figures of a benchmark run: pure computations (throughput, ratios, percentiles, targets)
and the report printed at the end."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table

from lr_tools.bench.portal import portal_targets

MB = 300.0  # no service above this peak RSS (MiB)


@dataclass
class Stage:
    """One stage of the end-to-end run; times in seconds from the start of the upload."""

    name: str
    unit: str
    items: int
    first_s: float | None = None
    done_s: float | None = None

    def observe(self, now: float, value: float, finished: bool) -> None:
        if value > 0 and self.first_s is None:
            self.first_s = now
        if finished and self.done_s is None:
            self.done_s = now

    @property
    def per_second(self) -> float | None:
        return throughput(self.items, self.done_s)

    @property
    def window_per_second(self) -> float | None:
        """Items per second between this stage's first item and its last."""
        if self.first_s is None or self.done_s is None:
            return None
        return throughput(self.items, self.done_s - self.first_s)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "items": self.items,
            "first_s": self.first_s,
            "done_s": self.done_s,
            "per_second": _round(self.per_second),
            "window_per_second": _round(self.window_per_second),
        }


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def throughput(items: float, seconds: float | None) -> float | None:
    if seconds is None or seconds <= 0:
        return None
    return items / seconds


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..1)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


def raw_limit(parse_s: float, produce_s: float, copy_s: float) -> float:
    """The three steps run one after the other, so the limit is their sum."""
    return parse_s + produce_s + copy_s


@dataclass(frozen=True)
class Target:
    what: str
    goal: str
    measured: str
    met: bool | None  # None: not measured in this run


def targets(result: dict[str, Any]) -> list[Target]:
    """The per-service targets of the issues, judged from one `lr bench` result (JSON form)."""
    out: list[Target] = []
    national = result.get("national") or {}
    stages = {s["name"]: s for s in national.get("stages", [])}
    validated = stages.get("validated", {})
    if validated.get("per_second") is not None:
        rate = validated["per_second"]
        out.append(Target("intake upload -> published", ">= 20,000 rows/s",
                          f"{rate:,.0f} rows/s", rate >= 20_000))  # fmt: skip
    peaks: dict[str, float] = national.get("peak_rss_mib", {})
    for instance, peak in sorted(peaks.items()):
        out.append(Target(f"{instance} peak RSS", f"<= {MB:.0f} MiB", f"{peak:.0f} MiB",
                          peak <= MB))  # fmt: skip
    scaling = result.get("scaling") or []
    if scaling:
        best = max(s["per_second"] for s in scaling)
        one = next((s["per_second"] for s in scaling if s["replicas"] == 1), None)
        measured = f"{one or 0:,.0f}/s; best {best:,.0f}/s"
        out.append(Target("registry appointments (1 replica; best of 1-3)", ">= 20,000/s",
                          measured, (one or 0) >= 20_000))  # fmt: skip
    invited = stages.get("invited", {})
    if invited.get("window_per_second") is not None:
        rate = invited["window_per_second"]
        out.append(Target("notifications mails (in the end-to-end run)", ">= 500 mails/s",
                          f"{rate:,.0f} mails/s", rate >= 500))  # fmt: skip
    out += _service_targets(result.get("services") or {})
    out += [Target(*t) for t in portal_targets(result.get("portal") or {})]
    e2e = result.get("ratios", {}).get("end_to_end_vs_raw")
    if e2e is not None:
        out.append(Target("end to end vs the raw limit", "<= 3x", f"{e2e:.1f}x", e2e <= 3))
    return out


def _service_targets(services: dict[str, dict[str, Any]]) -> list[Target]:
    """Targets judged from the services' own benchmark scripts (the services part)."""
    out: list[Target] = []
    intake = services.get("intake", {})
    if (median := intake.get("validation_median_rows_per_s")) is not None:
        best = intake.get("validation_best_rows_per_s") or 0
        out.append(Target("intake validation in-process (median of 3)", ">= 100,000 rows/s",
                          f"{median:,} rows/s (best {best:,})", median >= 100_000))  # fmt: skip
    if (rate := intake.get("upload_published_rows_per_s")) is not None:
        out.append(Target("intake one 300,000-row file, upload -> published",
                          ">= 20,000 rows/s", f"{rate:,} rows/s", rate >= 20_000))  # fmt: skip
    if (peak := intake.get("intake_peak_rss_mib")) is not None:
        out.append(Target("intake peak RSS (that file)", f"<= {MB:.0f} MiB", f"{peak} MiB",
                          peak <= MB))  # fmt: skip
    portfolio = services.get("portfolio", {})
    if (rate := portfolio.get("reports_per_s")) is not None:
        consistent = portfolio.get("consistent") is True
        out.append(Target("portfolio attendance reports, progress updated", ">= 10,000/s",
                          f"{rate:,}/s (progress consistent: {consistent})",
                          rate >= 10_000 and consistent))  # fmt: skip
    notifications = services.get("notifications", {})
    if (rate := notifications.get("mails_per_s")) is not None:
        once = notifications.get("mails_beyond") == 0
        out.append(Target("notifications mails (own benchmark)", ">= 500 mails/s, none twice",
                          f"{rate:,} mails/s, {notifications.get('mails_beyond')} extra",
                          rate >= 500 and once))  # fmt: skip
    if (peak := notifications.get("peak_rss_mib")) is not None:
        out.append(Target("notifications peak RSS (backlog)", f"<= {MB:.0f} MiB",
                          f"{peak} MiB", peak <= MB))  # fmt: skip
    return out


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def render(result: dict[str, Any], console: Console) -> None:
    m = result["machine"]
    console.rule("[bold]lr bench")
    console.print(
        f"machine: {m['cores']} cores, {m['cpu_model']}, {m['memory_gib']} GiB, {m['system']}, "
        f"Python {m['python']}; load average before {result['load_before']}, "
        f"after {result['load_after']}; reference workload (machine.speed_ms, lower is faster) "
        f"before {result.get('reference_workload_ms_before', '-')} ms, "
        f"after {result.get('reference_workload_ms_after', '-')} ms"
    )
    national = result.get("national")
    if national:
        console.print(
            f"national delivery: {national['rows']:,} rows, {national['teachers']:,} teachers, "
            f"{national['deliveries']:,} deliveries, {national['csv_bytes'] / 1e6:.1f} MB CSV"
        )
        table = Table(title="End to end, from the start of the upload")
        for column in ("stage", "items", "first at s", "all at s", "per s (from start)",
                       "per s (own window)"):  # fmt: skip
            table.add_column(column, justify="right" if column != "stage" else "left")
        for s in national["stages"]:
            table.add_row(s["name"], f"{s['items']:,} {s['unit']}", _seconds(s["first_s"]),
                          _seconds(s["done_s"]), _rate(s["per_second"]),
                          _rate(s["window_per_second"]))  # fmt: skip
        console.print(table)
        latencies = national["upload_latency_s"]
        console.print(
            f"upload latency per delivery: p50 {_seconds(percentile(latencies, 0.5))} s, "
            f"p95 {_seconds(percentile(latencies, 0.95))} s, "
            f"max {_seconds(max(latencies, default=None))} s"
        )
        peaks = ", ".join(f"{k} {v:.0f}" for k, v in sorted(national["peak_rss_mib"].items()))
        console.print(f"peak RSS (MiB): {peaks}")
        if cpu := national.get("cpu_s"):
            wall = national.get("wall_s") or 0.0
            spent = ", ".join(f"{k} {v:.0f}" for k, v in sorted(cpu.items(), key=lambda i: -i[1]))
            console.print(
                f"CPU seconds from upload start to the last invitation: {spent}; total "
                f"{sum(cpu.values()):.0f} of {(os.cpu_count() or 1) * wall:.0f} available "
                f"({os.cpu_count()} cores x {wall:.0f} s)"
            )
        lags = national["series"]["lag"]
        if lags:
            worst = ", ".join(
                f"{g} {max(v for _, v in pts):,.0f}" for g, pts in sorted(lags.items())
            )
            console.print(f"peak consumer lag: {worst}")
        for problem in national["problems"]:
            console.print(f"[red]problem:[/red] {problem}")
    raw = result.get("raw")
    if raw:
        console.print(
            f"raw limit on the same {raw['rows']:,} rows (one after the other): parse "
            f"{raw['parse_s']:.1f} s + produce {raw['produce_s']:.1f} s + COPY "
            f"{raw['copy_s']:.1f} s = {raw['limit_s']:.1f} s ({raw['rows_per_second']:,.0f} rows/s)"
        )
    peer = result.get("peer")
    if peer:
        console.print(
            f"peer (FastStream, one message per row, ORM commit per row): {peer['rows']:,} rows "
            f"in {peer['seconds']:.1f} s = {peer['rows_per_second']:,.0f} rows/s"
        )
    scaling = result.get("scaling")
    if scaling:
        table = Table(title="Registry replicas (one consumer group)")
        for column in ("replicas", "appointments", "seconds (first send to last stored)", "per s"):
            table.add_column(column, justify="right")
        for s in scaling:
            table.add_row(str(s["replicas"]), f"{s['appointments']:,}", f"{s['seconds']:.1f}",
                          f"{s['per_second']:,.0f}")  # fmt: skip
        console.print(table)
    services = result.get("services")
    if services:
        table = Table(title="The services' own benchmarks (logs: <work folder>/log/bench-*.txt)")
        for column in ("service", "command", "seconds", "exit code"):
            table.add_column(column)
        for name, run in services.items():
            table.add_row(name, run["command"], f"{run['seconds']:.0f}", str(run["exit_code"]))
        console.print(table)
    if portal := result.get("portal"):
        console.print(
            f"portal ({portal['command']}, exit {portal['exit_code']}): p95 overview "
            f"{portal.get('overview_p95_ms')} ms, search {portal.get('search_p95_ms')} ms, "
            f"/health {portal.get('health_p95_ms')} ms; {portal.get('requests_per_second')} "
            "requests/s (full figures: bench/results/portal-*.json)"
        )
    if security := result.get("kafka_security"):
        _render_security(security, console)
    ratios = result.get("ratios", {})
    if ratios.get("end_to_end_vs_raw") is not None:
        console.print(
            f"end to end (upload -> invited) is [bold]{ratios['end_to_end_vs_raw']:.1f}x[/bold] "
            f"the raw limit (goal: within 3x); upload -> validated "
            f"{ratios.get('validated_vs_raw') or 0:.1f}x"
        )
    if ratios.get("ours_vs_peer") is not None:
        console.print(
            f"our pipeline (upload -> registered, {ratios['ours_rows_per_second']:,.0f} rows/s) "
            f"vs the peer: [bold]{ratios['ours_vs_peer']:.1f}x[/bold]"
        )
    table = Table(title="Targets")
    for column in ("target", "goal", "measured", "met"):
        table.add_column(column)
    for t in targets(result):
        met = "-" if t.met is None else ("[green]yes[/green]" if t.met else "[red]no[/red]")
        table.add_row(t.what, t.goal, t.measured, met)
    console.print(table)


def _render_security(security: dict[str, Any], console: Console) -> None:
    """Part 7: the same delivery against a PLAINTEXT and a SASL_SSL broker, and the ratio."""
    table = Table(
        title=f"Kafka security's cost: {security['rows']:,} rows, {security['teachers']:,} "
        f"teachers, {security['deliveries']:,} deliveries, each round its own broker"
    )
    for column in ("stage (s from the upload's start)", "PLAINTEXT", "SASL_SSL", "ratio"):
        table.add_column(column, justify="left" if column.startswith("stage") else "right")
    plain, secured, cost = security["plaintext"], security["sasl_ssl"], security["cost"]
    for stage in ("upload", "validated", "registered", "invited"):
        factor = cost.get(f"{stage}_ratio")
        table.add_row(stage, _seconds(plain.get(f"{stage}_s")), _seconds(secured.get(f"{stage}_s")),
                      "-" if factor is None else f"{factor:.2f}x")  # fmt: skip
    cpu_plain, cpu_secured = sum(plain["cpu_s"].values()), sum(secured["cpu_s"].values())
    cpu = cost.get("cpu_ratio")
    table.add_row("CPU seconds, all processes", f"{cpu_plain:,.0f}", f"{cpu_secured:,.0f}",
                  "-" if cpu is None else f"{cpu:.2f}x")  # fmt: skip
    console.print(table)
    end_to_end = cost.get("invited_ratio")
    if end_to_end is not None:
        console.print(
            f"end to end (upload -> invited) with TLS + SASL/SCRAM + ACLs is "
            f"[bold]{end_to_end:.2f}x[/bold] PLAINTEXT's (load average at the start of each "
            f"round: {plain.get('load_start')}, {secured.get('load_start')})"
        )
    for label, round_ in (("PLAINTEXT", plain), ("SASL_SSL", secured)):
        for problem in round_.get("problems", []):
            console.print(f"[red]problem ({label}):[/red] {problem}")
