"""The PNG next to the JSON: memory per service, lag per consumer group, progress per stage over
time, and the registry's throughput per replica count."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(2, 2, figsize=(14, 9))
    (rss, lag), (progress, scaling) = axes
    national = result.get("national") or {}
    series = national.get("series", {})

    for instance, points in sorted(series.get("rss_mib", {}).items()):
        rss.plot([t for t, _ in points], [v for _, v in points], label=instance)
    rss.axhline(300, color="red", linestyle=":", label="300 MiB")
    rss.set(title="RSS per service process", xlabel="s since upload start", ylabel="MiB")
    rss.legend(fontsize="small")

    for group, points in sorted(series.get("lag", {}).items()):
        lag.plot([t for t, _ in points], [v for _, v in points], label=group)
    lag.set(title="Consumer lag per group", xlabel="s since upload start", ylabel="messages")
    if series.get("lag"):
        lag.legend(fontsize="x-small")

    totals = {
        "uploaded rows": national.get("rows"),
        "deliveries completed": national.get("deliveries"),
        "teachers known": national.get("teachers"),
        "invitations handled": national.get("invited") or None,
    }
    for name, points in series.get("progress", {}).items():
        total = totals.get(name)
        if total:
            progress.plot([t for t, _ in points], [100 * v / total for _, v in points], label=name)
    progress.set(title="Progress per stage", xlabel="s since upload start", ylabel="% done")
    progress.legend(fontsize="small")

    runs = result.get("scaling") or []
    if runs:
        scaling.bar([str(r["replicas"]) for r in runs], [r["per_second"] for r in runs])
    scaling.set(title="Registry appointments/s by replicas", xlabel="replicas", ylabel="per s")

    m = result["machine"]
    figure.suptitle(
        f"lr bench {result['started']}: {national.get('rows', 0):,} rows; "
        f"{m['cores']} cores {m['cpu_model']}; load {result['load_before']} -> "
        f"{result['load_after']}",
        fontsize="medium",
    )
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
