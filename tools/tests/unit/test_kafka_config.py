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
    assert properties["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19092"
    assert properties["transaction.state.log.min.isr"] == "1"
