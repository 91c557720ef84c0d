"""Where the repository, its state (`var/`) and its download cache (`.cache/`) live.

Every command derives its paths from one `Paths` so that running `lr` from any directory acts on
the same checkout. `LR_HOME` overrides the repository root (e.g. for an installed wheel).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

KAFKA_VERSION = "4.4.0"


def find_repo_root() -> Path:
    """The checkout this package belongs to: `LR_HOME`, else the nearest parent with a workspace."""
    home = os.environ.get("LR_HOME")
    if home:
        return Path(home).resolve()
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file() and (parent / "tools").is_dir():
            return parent
    raise RuntimeError("cannot find the repository root; set LR_HOME to the checkout")


@dataclass(frozen=True)
class Paths:
    root: Path

    @classmethod
    def discover(cls) -> Paths:
        return cls(find_repo_root())

    @cached_property
    def var(self) -> Path:
        return self.root / "var"

    @cached_property
    def log(self) -> Path:
        return self.var / "log"

    @cached_property
    def run(self) -> Path:
        return self.var / "run"

    @cached_property
    def mail(self) -> Path:
        return self.var / "mail"

    @cached_property
    def dev(self) -> Path:
        return self.var / "dev"

    @cached_property
    def traces(self) -> Path:
        return self.var / "traces"

    @cached_property
    def kafka_state(self) -> Path:
        return self.var / "kafka"

    @cached_property
    def postgres_state(self) -> Path:
        return self.var / "postgres"

    @cached_property
    def kafka_libs(self) -> Path:
        return self.root / ".cache" / "kafka" / KAFKA_VERSION / "libs"

    @cached_property
    def native_deploy(self) -> Path:
        return self.root / "deploy" / "native"

    @cached_property
    def compose_file(self) -> Path:
        return self.root / "docker-compose.yml"

    def pid_file(self, name: str) -> Path:
        return self.run / f"{name}.pid"

    def log_file(self, name: str) -> Path:
        return self.log / f"{name}.log"

    def ensure_dirs(self) -> None:
        for directory in (self.log, self.run, self.mail, self.dev, self.traces):
            directory.mkdir(parents=True, exist_ok=True)
