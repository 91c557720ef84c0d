import json
import logging
from pathlib import Path

import pytest
from pydantic import ValidationError

from lr_shared.logs import JsonFormatter, redact
from lr_shared.settings import BsnSettings, ProcessSettings

BASE = {
    "service_name": "registry",
    "kafka_bootstrap_servers": "127.0.0.1:19092",
    "database_url": "postgresql+asyncpg://lr:lr@127.0.0.1:55432/lr_registry",
    "http_port": 8002,
    "jwks_file": Path("var/dev/jwks.json"),
    "bsn_encryption_key": "ZGV2LWJzbi1lbmNyeXB0aW9uLWtleS0wMTIzNDU2Nzg=",
}


def test_development_placeholders_are_accepted_in_development() -> None:
    settings = BsnSettings(**BASE, bsn_hash_key="dev-bsn-hash-key-0123456789")
    assert settings.topic("lr.registry.events.v1") == "lr.registry.events.v1"


def test_a_development_placeholder_secret_refuses_to_start_in_production() -> None:
    with pytest.raises(ValidationError, match="development placeholder"):
        BsnSettings(**BASE, environment="production", bsn_hash_key="dev-bsn-hash-key-0123456789")


def test_a_development_database_password_refuses_to_start_in_production() -> None:
    url = "postgresql+asyncpg://lr_registry:dev-registry-db-password@db:5432/lr_registry"
    ProcessSettings(service_name="registry", database_url=url, http_port=8002)
    with pytest.raises(ValidationError, match="development placeholder password"):
        ProcessSettings(
            service_name="registry", database_url=url, http_port=8002, environment="production"
        )


def test_a_missing_database_url_fails_fast() -> None:
    values = {k: v for k, v in BASE.items() if k != "database_url"}
    with pytest.raises(ValidationError, match="database_url"):
        BsnSettings(**values, bsn_hash_key="a-real-secret-of-enough-length")


def test_log_lines_mask_anything_shaped_like_a_bsn_or_an_email_address() -> None:
    record = logging.makeLogRecord(
        {
            "msg": "row of %s failed",
            "args": ("123456782",),
            "levelname": "INFO",
            "contact": "jan@example.nl",
        }
    )
    line = json.loads(JsonFormatter("intake").format(record))
    assert "123456782" not in json.dumps(line)
    assert "jan@example.nl" not in json.dumps(line)
    assert redact("row 17, delivery 2026") == "row 17, delivery 2026"
