"""An SMTP server for development and tests that keeps every message as a `.eml` file.

It relays nothing. Each accepted message becomes `<utc timestamp>-<uuid>.eml` in one directory,
written to a temporary name and renamed, so a reader never sees half a message. Tests can make
the next messages fail with a chosen SMTP reply (`fail_next`) to exercise retries.

    python -m lr_tools.mailsink --host 127.0.0.1 --port 1025 --dir var/mail
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

DEFAULT_REPLIES = {4: "4.3.0 Try again later", 5: "5.7.1 Message rejected"}


@dataclass
class _Fault:
    remaining: int
    code: int
    text: str


class _Handler:
    """aiosmtpd handler: store the message, unless a fault is armed for it."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.faults: list[_Fault] = []
        self.received = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        if self.faults:
            fault = self.faults[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                self.faults.pop(0)
            return f"{fault.code} {fault.text}"
        content = envelope.original_content or b""
        await asyncio.to_thread(write_message, self.directory, content)
        self.received += 1
        return "250 2.0.0 Message accepted for delivery"


def write_message(directory: Path, content: bytes) -> Path:
    """Write one message atomically; return its final path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    final = directory / f"{stamp}-{uuid.uuid4()}.eml"
    partial = directory / f".{final.name}.tmp"
    with partial.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(final)
    return final


class MailSink:
    """The sink as an object, for tests that run it inside their own event loop.

    `port=0` picks a free port; read `port` after `start()`.
    """

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, directory: Path | str = "var/mail"
    ) -> None:
        self.host = host
        self.port = port
        self.directory = Path(directory)
        self._handler = _Handler(self.directory)
        self._server: asyncio.Server | None = None

    @property
    def received(self) -> int:
        """How many messages were stored since start."""
        return self._handler.received

    def fail_next(self, count: int = 1, code: int = 451, text: str | None = None) -> None:
        """Answer the next `count` messages' DATA with `code` (4xx temporary, 5xx permanent)."""
        if not 400 <= code <= 599:
            raise ValueError("an injected failure needs a 4xx or 5xx code")
        reply = text if text is not None else DEFAULT_REPLIES[code // 100]
        self._handler.faults.append(_Fault(count, code, reply))

    async def start(self) -> None:
        # aiosmtpd logs every command at INFO, RCPT TO addresses included: no addresses in logs.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.directory.mkdir(parents=True, exist_ok=True)
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._protocol, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    def _protocol(self) -> SMTP:
        # A fixed hostname: the default asks DNS for the FQDN, which can hang in a sandbox.
        return SMTP(
            self._handler,
            hostname="lr-mailsink",
            enable_SMTPUTF8=True,
            loop=asyncio.get_running_loop(),
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> MailSink:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


async def serve(host: str, port: int, directory: Path) -> None:
    sink = MailSink(host, port, directory)
    await sink.start()
    print(f"mailsink listening on {sink.host}:{sink.port}, writing to {sink.directory}", flush=True)
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopped.set)
    await stopped.wait()
    await sink.stop()
    print("mailsink stopped", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--dir", type=Path, default=Path("var/mail"), dest="directory")
    args: Any = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port, args.directory))


if __name__ == "__main__":
    main()
