"""An SMTP server that accepts and discards every message and counts them, run as its own
process so the benchmark measures the notifications service and not a sink writing files.
(The notifications service's own benchmark uses it too.)

    python -m lr_tools.bench.sink --port 2525 --count-file /tmp/sink.count
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path


class _Counter:
    received = 0


class _Session(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.buffer = b""
        self.in_data = False
        self.transport.write(b"220 discard ESMTP\r\n")

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n")
                if end < 0:
                    return
                self.buffer = self.buffer[end + 5 :]
                self.in_data = False
                _Counter.received += 1
                self.transport.write(b"250 2.0.0 accepted\r\n")
                continue
            line, sep, rest = self.buffer.partition(b"\r\n")
            if not sep:
                return
            self.buffer = rest
            self._command(line.split(b" ", 1)[0].upper())

    def _command(self, verb: bytes) -> None:
        if verb == b"EHLO":
            self.transport.write(b"250-discard\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n")
        elif verb == b"DATA":
            # DATA directly followed by "." is an empty body: keep the CRLF the end marker needs.
            self.in_data = True
            self.buffer = b"\r\n" + self.buffer
            self.transport.write(b"354 go ahead\r\n")
        elif verb == b"QUIT":
            self.transport.write(b"221 bye\r\n")
            self.transport.close()
        else:
            self.transport.write(b"250 ok\r\n")


def read_count(count_file: Path) -> int:
    try:
        return int(count_file.read_text() or 0)
    except (OSError, ValueError):
        return 0


def _write_count(count_file: Path, count: int) -> None:
    partial = count_file.with_suffix(".partial")
    partial.write_text(str(count))
    partial.replace(count_file)  # a reader never sees an empty file


async def serve(port: int, count_file: Path) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Session, "127.0.0.1", port)
    async with server:
        while True:
            _write_count(count_file, _Counter.received)
            await asyncio.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description="Discarding SMTP sink for benchmarks")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count-file", type=Path, required=True)
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.count_file))


if __name__ == "__main__":
    main()
