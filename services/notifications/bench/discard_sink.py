"""A minimal SMTP server that accepts and discards every message, counting them.

Much faster than the development sink (no files, no fsync), so the benchmark measures the
notifications service and not the sink. Writes its count to `--count-file` twice a second.

    python discard_sink.py --port 2525 --count-file /tmp/sink.count
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

RECEIVED = 0


class Session(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        self.buffer = b""
        self.in_data = False
        self.transport.write(b"220 discard ESMTP\r\n")

    def data_received(self, data: bytes) -> None:
        global RECEIVED
        self.buffer += data
        while True:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n")
                if end < 0:
                    return
                self.buffer = self.buffer[end + 5 :]
                self.in_data = False
                RECEIVED += 1
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
            # A DATA command directly followed by "." closes an empty body.
            self.in_data = True
            self.buffer = b"\r\n" + self.buffer
            self.transport.write(b"354 go ahead\r\n")
        elif verb == b"QUIT":
            self.transport.write(b"221 bye\r\n")
            self.transport.close()
        else:
            self.transport.write(b"250 ok\r\n")


def write_count(count_file: Path, count: int) -> None:
    partial = count_file.with_suffix(".partial")
    partial.write_text(str(count))
    partial.replace(count_file)  # atomic: a reader never sees an empty file


async def report(count_file: Path) -> None:
    while True:
        await asyncio.to_thread(write_count, count_file, RECEIVED)
        await asyncio.sleep(0.5)


async def main(port: int, count_file: Path) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Session, "127.0.0.1", port)
    async with server:
        await report(count_file)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count-file", type=Path, required=True)
    args = parser.parse_args()
    asyncio.run(main(args.port, args.count_file))
