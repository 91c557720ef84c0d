"""The key figures of a service's own benchmark script, as JSON for `lr bench`'s services part.

Each script takes `--json FILE` and records its figures with `record`; `lr bench` runs the
scripts, reads the files into its result and judges the issues' targets from them."""

from __future__ import annotations

import json
from pathlib import Path


def record(path: Path | None, **figures: float | int | bool | str | None) -> None:
    """Merge `figures` into the JSON object in `path` (nothing when no path was given)."""
    if path is None:
        return
    known = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps({**known, **figures}, indent=1))
