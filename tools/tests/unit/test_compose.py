"""The docker compose path: same endpoints as the native stack, a valid file by the Compose
Specification, and everything it refers to present (it cannot run on a machine without a Docker
engine, so this is what can be checked there)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml  # type: ignore[import-untyped,unused-ignore]
from jsonschema import Draft202012Validator

from lr_shared.contracts.acls import SERVICES as KAFKA_SERVICES
from lr_tools.paths import Paths
from lr_tools.stack.compose import INFRA, _parse_ps, service_password_files
from lr_tools.stack.kafka import dev_credentials
from lr_tools.stack.privileges import SERVICES, service_password, service_role


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


def test_each_service_logs_in_as_the_role_the_init_script_gives_its_database(
    compose: dict[str, Any],
) -> None:
    init = (Paths.discover().root / "deploy" / "compose" / "postgres-init.sql").read_text()

    for name in SERVICES:
        url = urlsplit(compose["services"][name]["environment"]["LR_DATABASE_URL"])
        role = service_role(name)
        assert (url.username, url.password) == (role, service_password(name))
        assert f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE" in init
        assert f"PASSWORD '{url.password}'" in init
        assert f"CREATE DATABASE lr_{name} OWNER {role};" in init
        assert f"REVOKE CONNECT, TEMPORARY ON DATABASE lr_{name} FROM PUBLIC;" in init
        assert f"\\connect lr_{name}\nREVOKE ALL ON SCHEMA public FROM PUBLIC;" in init


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
        # var/ is made by `lr stack up` (development keys, TLS; the long-syntax mounts are all
        # there); named volumes have no path
        if isinstance(volume, str) and volume.startswith("./") and not volume.startswith("./var/")
    ]

    assert len(referred) >= 4 + 2
    assert [str(path) for path in referred if not (root / path).is_file()] == []


def test_compose_ps_output_is_read_in_both_formats() -> None:
    lines = '{"Service":"kafka","State":"running"}\n{"Service":"postgres","State":"exited"}\n'
    array = '[{"Service":"kafka","State":"running"}]'

    assert [row["Service"] for row in _parse_ps(lines)] == ["kafka", "postgres"]
    assert _parse_ps(array) == [{"Service": "kafka", "State": "running"}]
    assert _parse_ps("") == []


def test_each_service_reaches_kafka_over_sasl_ssl_as_its_own_principal(
    compose: dict[str, Any],
) -> None:
    credentials = dev_credentials(Paths.discover())
    files = service_password_files(credentials)

    for principal in KAFKA_SERVICES:
        name = principal.name.removeprefix("lr-")
        service = compose["services"][name]
        environment = service["environment"]
        assert environment["LR_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
        assert environment["LR_KAFKA_USERNAME"] == principal.name
        assert environment["LR_KAFKA_CA_FILE"] == "/run/lr-tls/ca.pem"
        assert "LR_KAFKA_PASSWORD" not in environment  # from the file lr stack up writes
        [env_file] = service["env_file"]
        assert env_file["path"] == f"./var/compose/kafka-{name}.env"
        assert f"LR_KAFKA_PASSWORD={credentials[principal.name]}\n" in files[f"kafka-{name}.env"]
    assert "LR_KAFKA_USERNAME" not in compose["services"]["portal"]["environment"]


def test_the_broker_is_started_by_the_script_with_the_native_template_and_credentials(
    compose: dict[str, Any],
) -> None:
    kafka = compose["services"]["kafka"]
    mounts = {v.split(":")[1]: v.split(":")[0] for v in kafka["volumes"] if isinstance(v, str)}
    binds = {v["target"]: v for v in kafka["volumes"] if isinstance(v, dict)}

    assert kafka["command"] == ["bash", "/etc/lr-kafka/start.sh"]
    assert mounts["/etc/lr-kafka/start.sh"] == "./deploy/compose/kafka-start.sh"
    assert mounts["/etc/lr-kafka/server.properties.template"] == (
        "./deploy/native/kafka/server.properties.template"
    )
    assert mounts["/etc/lr-kafka/kafka-credentials.env"] == "./deploy/kafka-credentials.env"
    assert binds["/etc/lr-kafka/tls"]["source"] == "./var/tls"
    assert binds["/etc/lr-kafka/tls"]["bind"]["create_host_path"] is False
    assert "--command-config" in kafka["healthcheck"]["test"][1]
    assert not any(key.startswith("KAFKA_LISTENER") for key in kafka["environment"])
