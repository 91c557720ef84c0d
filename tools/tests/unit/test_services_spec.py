"""How `lr services` names, places and configures service instances."""

from __future__ import annotations

from pathlib import Path

import pytest

from lr_tools.console import LrError
from lr_tools.paths import Paths
from lr_tools.services.spec import (
    Instance,
    environment,
    instances,
    parse_only,
    parse_replicas,
    read_env_file,
)


def test_replicas_listen_on_the_base_port_plus_ten_each() -> None:
    started = instances(["registry"], parse_replicas(["registry=3"]))

    assert [(i.name, i.port) for i in started] == [
        ("registry", 8002),
        ("registry-2", 8012),
        ("registry-3", 8022),
    ]


def test_instance_names_round_trip_and_unknown_names_are_ignored() -> None:
    assert Instance.from_name("portfolio-2") == Instance("portfolio", 2)
    assert Instance.from_name("intake") == Instance("intake", 1)
    assert Instance.from_name("kafka") is None
    assert Instance.from_name("mailsink") is None


def test_only_accepts_known_services_and_defaults_to_all_six() -> None:
    assert parse_only(None) == [
        "intake",
        "registry",
        "portfolio",
        "notifications",
        "portal",
        "profession",
    ]
    assert parse_only("intake, registry") == ["intake", "registry"]
    with pytest.raises(LrError, match="unknown service"):
        parse_only("intake,billing")


@pytest.mark.parametrize("value", ["registry", "registry=0", "registry=x", "billing=2"])
def test_malformed_replicas_are_refused(value: str) -> None:
    with pytest.raises(LrError):
        parse_replicas([value])


def test_the_committed_services_env_has_a_32_byte_bsn_encryption_key() -> None:
    import base64

    settings = read_env_file(Paths.discover().native_deploy / "services.env")

    assert len(base64.b64decode(settings["LR_BSN_ENCRYPTION_KEY"], validate=True)) == 32
    assert settings["LR_KAFKA_BOOTSTRAP_SERVERS"] == "127.0.0.1:19092"


def test_environment_layers_file_then_caller_then_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "deploy" / "native").mkdir(parents=True)
    (tmp_path / "deploy" / "native" / "services.env").write_text(
        "# comment\nLR_SMTP_PORT=1025\nLR_LOG_LEVEL='INFO'\nLR_HTTP_PORT=1\n"
    )
    monkeypatch.setenv("LR_SMTP_PORT", "2525")

    env = environment(Paths(tmp_path), Instance("portfolio", 2))

    assert env["LR_SMTP_PORT"] == "2525"
    assert env["LR_LOG_LEVEL"] == "INFO"
    assert env["LR_HTTP_PORT"] == "8013"
    assert env["LR_SERVICE_NAME"] == "portfolio"
    assert env["LR_INSTANCE_ID"] == "portfolio-2"
    assert env["LR_DATABASE_URL"] == (
        "postgresql+asyncpg://lr_portfolio:dev-portfolio-db-password@127.0.0.1:55432/lr_portfolio"
    )
