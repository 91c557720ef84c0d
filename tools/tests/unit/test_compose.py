"""The docker compose path: same endpoints as the native stack, a valid file by the Compose
Specification, and everything it refers to present (it cannot run on a machine without a Docker
engine, so this is what can be checked there)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped,unused-ignore]
from jsonschema import Draft202012Validator

from lr_tools.paths import Paths
from lr_tools.stack.compose import INFRA, _parse_ps


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(Paths.discover().compose_file.read_text())
    return loaded


# The Compose Specification's schema as `docker compose` itself validates with it:
# github.com/compose-spec/compose-go/v2 v2.16.2, schema/compose-spec.json (from the Go proxy).
SCHEMA = Path(__file__).parent / "data" / "compose-spec.json"


def _published(service: dict[str, Any]) -> set[str]:
    return {port.rsplit(":", 1)[0] for port in service.get("ports", [])}


def test_infra_publishes_the_native_endpoints_on_localhost(compose: dict[str, Any]) -> None:
    services = compose["services"]

    assert "127.0.0.1:19092" in _published(services["kafka"])
    assert "127.0.0.1:55432" in _published(services["postgres"])
    assert "127.0.0.1:1025" in _published(services["mailpit"])
    assert "127.0.0.1:16686" in _published(services["jaeger"])
    assert set(INFRA) <= set(services)


def test_only_the_six_services_need_the_services_profile(compose: dict[str, Any]) -> None:
    profiled = {name for name, s in compose["services"].items() if s.get("profiles")}
    names = ["intake", "registry", "portfolio", "notifications", "portal", "profession"]

    assert profiled == set(names)
    for port, name in enumerate(names, 8001):
        service = compose["services"][name]
        assert service["environment"]["LR_HTTP_PORT"] == str(port)
        assert service["environment"]["LR_DATABASE_URL"].endswith(f"@postgres:5432/lr_{name}")
        assert service["build"]["dockerfile"] == f"services/{name}/Dockerfile"


def test_the_file_is_valid_by_the_compose_specification(compose: dict[str, Any]) -> None:
    validator = Draft202012Validator(json.loads(SCHEMA.read_text()))

    problems = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(compose)]

    assert problems == []


def test_every_build_and_mounted_file_is_in_the_repository(compose: dict[str, Any]) -> None:
    root = Paths.discover().root
    referred = [
        Path(s["build"]["context"]) / s["build"]["dockerfile"]
        for s in compose["services"].values()
        if "build" in s
    ]
    referred += [
        Path(volume.split(":", 1)[0])
        for s in compose["services"].values()
        for volume in s.get("volumes", [])
        # var/ is made by `lr stack up` (development keys); named volumes have no path
        if volume.startswith("./") and not volume.startswith("./var/")
    ]

    assert len(referred) >= 4 + 2
    assert [str(path) for path in referred if not (root / path).is_file()] == []


def test_compose_ps_output_is_read_in_both_formats() -> None:
    lines = '{"Service":"kafka","State":"running"}\n{"Service":"postgres","State":"exited"}\n'
    array = '[{"Service":"kafka","State":"running"}]'

    assert [row["Service"] for row in _parse_ps(lines)] == ["kafka", "postgres"]
    assert _parse_ps(array) == [{"Service": "kafka", "State": "running"}]
    assert _parse_ps("") == []
