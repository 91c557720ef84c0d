"""The docker compose path: same endpoints as the native stack (it cannot run on this machine)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml  # type: ignore[import-untyped,unused-ignore]

from lr_tools.paths import Paths
from lr_tools.stack.compose import INFRA, _parse_ps


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(Paths.discover().compose_file.read_text())
    return loaded


def _published(service: dict[str, Any]) -> set[str]:
    return {port.rsplit(":", 1)[0] for port in service.get("ports", [])}


def test_infra_publishes_the_native_endpoints_on_localhost(compose: dict[str, Any]) -> None:
    services = compose["services"]

    assert "127.0.0.1:19092" in _published(services["kafka"])
    assert "127.0.0.1:55432" in _published(services["postgres"])
    assert "127.0.0.1:1025" in _published(services["mailpit"])
    assert "127.0.0.1:16686" in _published(services["jaeger"])
    assert set(INFRA) <= set(services)


def test_only_the_four_services_need_the_services_profile(compose: dict[str, Any]) -> None:
    profiled = {name for name, s in compose["services"].items() if s.get("profiles")}

    assert profiled == {"intake", "registry", "portfolio", "notifications"}
    for port, name in enumerate(["intake", "registry", "portfolio", "notifications"], 8001):
        service = compose["services"][name]
        assert service["environment"]["LR_HTTP_PORT"] == str(port)
        assert service["environment"]["LR_DATABASE_URL"].endswith(f"@postgres:5432/lr_{name}")
        assert service["build"]["dockerfile"] == f"services/{name}/Dockerfile"


def test_compose_ps_output_is_read_in_both_formats() -> None:
    lines = '{"Service":"kafka","State":"running"}\n{"Service":"postgres","State":"exited"}\n'
    array = '[{"Service":"kafka","State":"running"}]'

    assert [row["Service"] for row in _parse_ps(lines)] == ["kafka", "postgres"]
    assert _parse_ps(array) == [{"Service": "kafka", "State": "running"}]
    assert _parse_ps("") == []
