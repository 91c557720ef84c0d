"""`lr chaos`'s own stack and its schedule of faults."""

from __future__ import annotations

from pathlib import Path

from lr_tools.chaos.run import Options, schedule
from lr_tools.chaos.stack import ChaosPaths
from lr_tools.fleet import SERVICES
from lr_tools.paths import Paths
from lr_tools.stack.kafka import Kafka


def _properties(config: Path) -> dict[str, str]:
    return dict(
        line.split("=", 1)
        for line in config.read_text().splitlines()
        if line and not line.startswith("#")
    )


def test_the_chaos_broker_has_ports_and_data_of_its_own(tmp_path: Path) -> None:
    (tmp_path / "deploy").symlink_to(Paths.discover().root / "deploy")
    paths = ChaosPaths(tmp_path)

    config = Kafka(paths, 2, endpoint="127.0.0.1:40111", controller_port=40112)._render_config()

    properties = _properties(config)
    assert properties["listeners"] == "BROKER://127.0.0.1:40111,CONTROLLER://127.0.0.1:40112"
    assert properties["advertised.listeners"] == "BROKER://127.0.0.1:40111"
    assert properties["controller.quorum.voters"] == "1@127.0.0.1:40112"
    assert properties["log.dirs"] == str(tmp_path / "var" / "chaos" / "kafka" / "data")
    assert paths.pid_file("kafka") == tmp_path / "var" / "chaos" / "run" / "kafka.pid"


def test_the_shared_broker_keeps_its_ports(tmp_path: Path) -> None:
    (tmp_path / "deploy").symlink_to(Paths.discover().root / "deploy")

    properties = _properties(Kafka(Paths(tmp_path), 2)._render_config())

    assert properties["listeners"] == "BROKER://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"


def test_a_seed_gives_the_same_faults_every_service_killed_kafka_and_postgres_once() -> None:
    options = Options(seed=7, kills_per_service=2, window_s=100.0)

    faults = schedule(options)

    assert faults == schedule(options)
    assert faults != schedule(Options(seed=8, kills_per_service=2, window_s=100.0))
    targets = [f.target for f in faults]
    assert all(targets.count(s) == 2 for s in SERVICES)
    assert targets.count("kafka") == targets.count("postgres") == 1
    assert all(0 < f.at_s <= 100.0 for f in faults)
    assert [f.at_s for f in faults] == sorted(f.at_s for f in faults)
