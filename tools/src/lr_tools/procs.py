"""Background processes the stack starts: spawn detached, find by pid file, stop politely.

A pid file alone is not proof: after a reboot the number may belong to another program. So a
process counts as ours only while its command line still contains the marker we started it with.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from lr_tools.console import LrError

START_MARKER = "===== lr:"


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None


def _cmdline(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return raw.replace(b"\0", b" ").decode(errors="replace")


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    # The state letter follows the parenthesised command name, which may itself contain spaces.
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def _reap(pid: int) -> None:
    # A process we spawned in this very invocation stays a zombie until its parent waits for it.
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def is_alive(pid: int, marker: str) -> bool:
    """True while `pid` runs and its command line contains `marker`."""
    _reap(pid)
    cmdline = _cmdline(pid)
    return cmdline is not None and marker in cmdline and not _is_zombie(pid)


def running_pid(pid_file: Path, marker: str) -> int | None:
    """The pid in `pid_file` if that process is still the one we started."""
    pid = read_pid(pid_file)
    return pid if pid is not None and is_alive(pid, marker) else None


def spawn_detached(
    command: Sequence[str],
    *,
    log_file: Path,
    pid_file: Path,
    cwd: Path,
    env: Mapping[str, str] | None = None,
) -> int:
    """Start `command` in its own session so it outlives `lr` and ignores the terminal's Ctrl-C."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    rotate(log_file)
    with log_file.open("ab") as log:
        # A marker per start, so that a log tail shows where this attempt's output begins.
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        log.write(
            f"{START_MARKER} {stamp} starting {command[0]} ... {command[-1]} =====\n".encode()
        )
        log.flush()
        process = subprocess.Popen(  # noqa: S603 - commands are built from fixed argument lists
            list(command),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid_file.write_text(f"{process.pid}\n")
    return process.pid


def _signal(pid: int, signum: signal.Signals) -> None:
    # The process leads its own session (spawn_detached), so signal the group: children a
    # service forked (workers, reloaders) go down with it.
    with contextlib.suppress(ProcessLookupError):
        if os.getpgid(pid) == pid:
            os.killpg(pid, signum)
        else:
            os.kill(pid, signum)


async def stop_process(pid: int, marker: str, *, grace_s: float) -> bool:
    """SIGTERM, wait up to `grace_s` seconds, then SIGKILL. True if it stopped on its own."""
    if not is_alive(pid, marker):
        return True
    _signal(pid, signal.SIGTERM)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + grace_s
    while loop.time() < deadline:
        if not is_alive(pid, marker):
            return True
        await asyncio.sleep(0.2)
    _signal(pid, signal.SIGKILL)
    for _ in range(50):
        if not is_alive(pid, marker):
            break
        await asyncio.sleep(0.1)
    return False


def rotate(path: Path, max_bytes: int = 64 * 1024 * 1024) -> None:
    """Keep one previous generation of a log that grew past `max_bytes` (checked at start)."""
    try:
        if path.stat().st_size > max_bytes:
            path.replace(path.with_name(path.name + ".1"))
    except FileNotFoundError:
        pass


def tail(path: Path, lines: int = 30) -> str:
    """The last `lines` lines of a log file, for error messages."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            text = handle.read().decode(errors="replace")
    except FileNotFoundError:
        return f"({path} does not exist)"
    all_lines = text.splitlines()
    # Only the latest attempt: earlier starts are history, not the cause of this failure.
    starts = [i for i, line in enumerate(all_lines) if line.startswith(START_MARKER)]
    if starts:
        all_lines = all_lines[starts[-1] :]
    return "\n".join(all_lines[-lines:])


async def run_logged(
    command: list[str], *, log: Path, what: str, env: Mapping[str, str] | None = None
) -> None:
    """Run a one-off command with its output in `log`; on failure show the log's tail."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            env=dict(env) if env is not None else None,
        )
        code = await process.wait()
    if code != 0:
        raise LrError(f"{what} failed (exit {code}).\n--- {log} ---\n{tail(log)}")
