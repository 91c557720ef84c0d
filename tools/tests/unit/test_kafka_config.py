"""The native Kafka node's configuration."""

from __future__ import annotations

import base64
from pathlib import Path

from lr_tools.paths import Paths
from lr_tools.stack.kafka import Kafka, new_cluster_id


def test_a_cluster_id_is_22_chars_of_url_safe_base64_of_16_bytes() -> None:
    cluster_id = new_cluster_id()

    assert len(cluster_id) == 22
    assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_a_cluster_id_never_starts_with_a_dash_which_would_read_as_an_option() -> None:
    draws = iter([b"\xf8" + bytes(15), b"\x01" * 16])  # the first encodes to "-...", so drawn again

    cluster_id = new_cluster_id(lambda: next(draws))

    assert cluster_id == base64.urlsafe_b64encode(b"\x01" * 16).decode().rstrip("=")


def test_server_properties_are_rendered_with_log_dirs_and_partitions(tmp_path: Path) -> None:
    repo = Paths.discover()
    paths = Paths(tmp_path)
    (tmp_path / "deploy").symlink_to(repo.root / "deploy")

    config = Kafka(paths, partitions=4)._render_config()

    properties = dict(
        line.split("=", 1)
        for line in config.read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert properties["log.dirs"] == str(tmp_path / "var" / "kafka" / "data")
    assert properties["num.partitions"] == "4"
    assert properties["advertised.listeners"] == "BROKER://127.0.0.1:19092"
    assert properties["transaction.state.log.min.isr"] == "1"


def test_nothing_listens_in_plaintext_and_every_listener_is_on_loopback(tmp_path: Path) -> None:
    (tmp_path / "deploy").symlink_to(Paths.discover().root / "deploy")

    config = Kafka(Paths(tmp_path), partitions=1)._render_config()

    properties = dict(
        line.split("=", 1)
        for line in config.read_text().splitlines()
        if line and not line.startswith("#")
    )
    protocols = dict(p.split(":") for p in properties["listener.security.protocol.map"].split(","))
    assert protocols == {"BROKER": "SASL_SSL", "CONTROLLER": "SASL_PLAINTEXT"}
    assert all("//127.0.0.1:" in url for url in properties["listeners"].split(","))
    assert properties["allow.everyone.if.no.acl.found"] == "false"
    assert properties["authorizer.class.name"].endswith("StandardAuthorizer")
    assert (tmp_path / "var" / "tls" / "ca.pem").is_file()
    assert (tmp_path / "var" / "kafka" / "client.env").read_text().count("SASL_SSL") == 1


def test_the_bench_plaintext_broker_differs_only_in_listeners_and_authorizer(
    tmp_path: Path,
) -> None:
    (tmp_path / "deploy").symlink_to(Paths.discover().root / "deploy")
    secured = _properties(Kafka(Paths(tmp_path), partitions=1)._render_config())

    plain = _properties(Kafka(Paths(tmp_path), partitions=1, secured=False)._render_config())

    changed = {key for key in secured.keys() | plain.keys() if secured.get(key) != plain.get(key)}
    assert changed == {"listener.security.protocol.map", "authorizer.class.name"}
    assert plain["listener.security.protocol.map"] == "BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT"
    assert plain["authorizer.class.name"] == ""
    client_env = (tmp_path / "var" / "kafka" / "client.env").read_text()
    assert "LR_KAFKA_SECURITY_PROTOCOL=PLAINTEXT" in client_env
    assert "LR_KAFKA_CA_FILE" not in client_env


def _properties(config: Path) -> dict[str, str]:
    """As Java reads them: the last value of a key wins."""
    return dict(
        line.split("=", 1)
        for line in config.read_text().splitlines()
        if line and not line.startswith("#")
    )
