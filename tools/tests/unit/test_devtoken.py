"""`lr dev-token`: tokens the services' verifier accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from lr_shared.auth import TokenVerifier
from lr_tools.cli import app


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LR_HOME", str(tmp_path))
    return tmp_path


def _token(*args: str) -> str:
    result = CliRunner().invoke(app, ["dev-token", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def _verifier(home: Path) -> TokenVerifier:
    return TokenVerifier.from_file(home / "var" / "dev" / "jwks.json")


def test_a_board_token_carries_the_board_and_the_boards_it_delivers_for(home: Path) -> None:
    token = _token("board", "12345", "--for", "23456", "--for", "34567")

    principal = _verifier(home).verify(token, kinds={"board"})

    assert principal.subject == "12345"
    assert principal.boards == {"12345", "23456", "34567"}


def test_a_teacher_token_is_an_identity_token_with_the_bsn_as_subject(home: Path) -> None:
    token = _token("teacher", "111222333")

    principal = _verifier(home).verify(token, kinds={"identity"})

    assert principal.kind == "identity"
    assert principal.subject == "111222333"


def test_a_register_token_is_signed_by_the_registry_key(home: Path) -> None:
    token = _token("register", "LR12345678")

    principal = _verifier(home).verify(token, kinds={"register"})

    assert principal.subject == "LR12345678"


@pytest.mark.parametrize(
    "args", [["teacher", "123456789"], ["board", "1234"], ["register", "12345678"]]
)
def test_malformed_subjects_are_refused(home: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, ["dev-token", *args])

    assert result.exit_code != 0
    assert result.stdout == ""
