import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from lr_shared import failpoints
from lr_shared.settings import ServiceSettings

BASE = {
    "service_name": "registry",
    "kafka_bootstrap_servers": "127.0.0.1:19092",
    "database_url": "postgresql+asyncpg://lr:lr@127.0.0.1:55432/lr_registry",
    "http_port": 8002,
    "jwks_file": Path("var/dev/jwks.json"),
}


def test_a_failpoint_spec_names_points_and_their_hit_counts() -> None:
    assert failpoints.parse("inbox.after-claim, relay.after-publish:3") == {
        "inbox.after-claim": 1,
        "relay.after-publish": 3,
    }
    assert failpoints.parse("") == {}


def test_an_unknown_failpoint_is_refused_so_a_typo_cannot_pass_a_crash_test() -> None:
    with pytest.raises(ValueError, match="unknown failpoint"):
        failpoints.parse("inbox.after-clam")
    with pytest.raises(ValidationError, match="unknown failpoint"):
        ServiceSettings(**BASE, failpoints="inbox.after-clam")


def test_failpoints_are_refused_in_production() -> None:
    assert ServiceSettings(**BASE, failpoints="db.before-commit").failpoints == "db.before-commit"
    with pytest.raises(ValidationError, match="refused in production"):
        ServiceSettings(**BASE, environment="production", failpoints="db.before-commit")


def test_an_armed_failpoint_kills_the_process_at_its_nth_hit_and_not_before() -> None:
    program = (
        "from lr_shared import failpoints\n"
        "failpoints.arm('db.before-commit:3')\n"
        "for i in range(5):\n"
        "    print(i, flush=True)\n"
        "    failpoints.hit('db.before-commit')\n"
        "    failpoints.hit('relay.after-publish')\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == failpoints.EXIT_CODE
    assert done.stdout.split() == ["0", "1", "2"]
    assert "failpoint db.before-commit hit" in done.stderr
