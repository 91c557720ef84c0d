"""The SMTP sink (`lr_tools.mailsink`) as a background process of the local stack."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass

from lr_tools.paths import Paths
from lr_tools.procs import running_pid, spawn_detached, stop_process
from lr_tools.stack.base import ComponentStatus, Report, wait_until_healthy

HOST = "127.0.0.1"
PORT = 1025
MARKER = "lr_tools.mailsink"


async def probe(host: str = HOST, port: int = PORT, within: float = 3.0) -> bool:
    """True if an SMTP server greets us with 220."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), within)
    except (OSError, TimeoutError):
        return False
    try:
        greeting = await asyncio.wait_for(reader.readline(), within)
        writer.write(b"QUIT\r\n")
        await writer.drain()
        return greeting.startswith(b"220")
    except (OSError, TimeoutError):
        return False
    finally:
        writer.close()


@dataclass
class SmtpSink:
    paths: Paths
    name: str = "smtp"
    endpoint: str = f"{HOST}:{PORT}"

    async def ensure(self, report: Report) -> None:
        if await probe():
            report("already running")
            return
        pid_file = self.paths.pid_file("mailsink")
        log = self.paths.log_file("mailsink")
        if running_pid(pid_file, MARKER) is None:
            report("starting")
            self.paths.mail.mkdir(parents=True, exist_ok=True)
            spawn_detached(
                [sys.executable, "-m", MARKER, "--host", HOST, "--port", str(PORT),
                 "--dir", str(self.paths.mail)],
                log_file=log,
                pid_file=pid_file,
                cwd=self.paths.root,
            )  # fmt: skip
        await wait_until_healthy(
            "SMTP sink",
            probe,
            limit_s=20,
            alive=lambda: running_pid(pid_file, MARKER) is not None,
            logs=[log],
            interval=0.2,
        )
        report(f"ready (messages in {self.paths.mail.relative_to(self.paths.root)}/)")

    async def stop(self, report: Report) -> None:
        pid_file = self.paths.pid_file("mailsink")
        pid = running_pid(pid_file, MARKER)
        if pid is None:
            report("not running")
            return
        await stop_process(pid, MARKER, grace_s=10)
        pid_file.unlink(missing_ok=True)
        report("stopped")

    async def status(self) -> ComponentStatus:
        pid = running_pid(self.paths.pid_file("mailsink"), MARKER)
        if await probe():
            return ComponentStatus(self.name, "healthy", self.endpoint, pid)
        return ComponentStatus(self.name, "unhealthy" if pid else "stopped", self.endpoint, pid)
