"""SMTP through aiosmtplib: a bounded pool of reused connections, paced by a rate limiter.

`send` never raises for mail-server trouble: it answers with a `SendResult` that says whether
the server accepted the message, refused it for now (4xx, lost or refused connection) or for
good (5xx for the recipient or the content). Server replies may quote the address, so they are
redacted before they are recorded or logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parseaddr
from typing import Literal

import aiosmtplib

from lr_notifications.adapters.mime import build_message
from lr_notifications.adapters.ratelimit import RateLimiter
from lr_notifications.application.ports import Mail
from lr_notifications.domain.delivery import SendResult
from lr_shared.logs import redact

log = logging.getLogger(__name__)

Security = Literal["none", "starttls", "tls"]


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: Security = "none"
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0
    pool_size: int = 8
    sender: str = "Lerarenregister <noreply@lerarenregister.nl>"
    message_id_domain: str = "lerarenregister.nl"
    idle_check_seconds: float = 20.0
    validate_certs: bool = True


@dataclass
class _Connection:
    client: aiosmtplib.SMTP | None = None
    last_used: float = 0.0


def classify(exc: Exception) -> SendResult:
    """What an aiosmtplib failure means for the notification."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [r.code for r in exc.recipients] or [550]
        code = max(codes)
        verdict: Literal["temporary", "permanent"] = "permanent" if code >= 500 else "temporary"
        return SendResult(verdict, code, redact(f"recipient refused: {code}"))
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError | aiosmtplib.SMTPSenderRefused):
        # Our configuration, not the recipient: keep the mail and retry once it is fixed.
        return SendResult("temporary", exc.code, redact(f"{exc.code} {exc.message}"[:300]))
    if isinstance(exc, aiosmtplib.SMTPNotSupported):
        # e.g. an internationalised address and a server without SMTPUTF8: retrying won't help.
        return SendResult("permanent", None, "not supported by the mail server")
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        verdict = "permanent" if exc.code >= 500 else "temporary"
        return SendResult(verdict, exc.code, redact(f"{exc.code} {exc.message}"[:300]))
    # Refused or lost connections, timeouts, TLS trouble: the server may be back soon.
    return SendResult("temporary", None, type(exc).__name__, connection_lost=True)


async def _nothing() -> None:
    return None


class SmtpMailer:
    def __init__(self, config: SmtpConfig, limiter: RateLimiter) -> None:
        self._config = config
        self._limiter = limiter
        self._envelope_from = parseaddr(config.sender)[1]
        self._quoted_from = f"<{self._envelope_from}>".encode()
        self._idle: asyncio.LifoQueue[_Connection] = asyncio.LifoQueue()
        for _ in range(config.pool_size):
            self._idle.put_nowait(_Connection())

    async def send(
        self, mail: Mail, before_data: Callable[[], Awaitable[None]] | None = None
    ) -> SendResult:
        await self._limiter.acquire()
        connection = await self._idle.get()
        try:
            return await self._send_on(connection, mail, before_data or _nothing)
        finally:
            self._idle.put_nowait(connection)

    async def _send_on(
        self, connection: _Connection, mail: Mail, before_data: Callable[[], Awaitable[None]]
    ) -> SendResult:
        config = self._config
        message = build_message(
            mail,
            sender=config.sender,
            domain=config.message_id_domain,
            date=format_datetime(datetime.now(UTC)),
        )
        try:
            client = await self._ready(connection)
            if mail.recipient.isascii():
                await self._transaction(client, mail.recipient, message, before_data)
            else:  # an internationalised address: let aiosmtplib negotiate SMTPUTF8
                await before_data()
                await client.sendmail(self._envelope_from, [mail.recipient], message)
        except Exception as exc:
            await self._discard(connection, exc)
            return classify(exc)
        connection.last_used = time.monotonic()
        return SendResult("accepted", 250, "")

    async def _transaction(
        self,
        client: aiosmtplib.SMTP,
        recipient: str,
        message: bytes,
        before_data: Callable[[], Awaitable[None]],
    ) -> None:
        """MAIL, RCPT, DATA for one ASCII recipient. `sendmail` does the same but parses both
        addresses with the email package on every call, a tenth of the CPU at our volume."""
        try:
            reply = await client.execute_command(b"MAIL", b"FROM:" + self._quoted_from)
            if reply.code != 250:
                raise aiosmtplib.SMTPSenderRefused(reply.code, reply.message, self._envelope_from)
            reply = await client.execute_command(b"RCPT", f"TO:<{recipient}>".encode())
            if reply.code not in (250, 251):
                refused = aiosmtplib.SMTPRecipientRefused(reply.code, reply.message, recipient)
                raise aiosmtplib.SMTPRecipientsRefused([refused])
            await before_data()  # nothing of this message can be accepted before DATA
            await client.data(message)
        except (aiosmtplib.SMTPResponseException, aiosmtplib.SMTPRecipientsRefused):
            with contextlib.suppress(ConnectionError, aiosmtplib.SMTPResponseException):
                await client.rset()
            raise

    async def _ready(self, connection: _Connection) -> aiosmtplib.SMTP:
        """The pooled connection, checked with NOOP after idling, or a new one."""
        client = connection.client
        if client is not None and client.is_connected:
            if time.monotonic() - connection.last_used < self._config.idle_check_seconds:
                return client
            try:
                await client.noop()
                return client
            except aiosmtplib.SMTPException:
                client.close()
        connection.client = await self._connect()
        return connection.client

    async def _connect(self) -> aiosmtplib.SMTP:
        config = self._config
        client = aiosmtplib.SMTP(
            hostname=config.host,
            port=config.port,
            timeout=config.timeout,
            use_tls=config.security == "tls",
            start_tls=config.security == "starttls",
            validate_certs=config.validate_certs,
            local_hostname="lerarenregister",
        )
        await client.connect()
        if client.is_ehlo_or_helo_needed:  # `_transaction` speaks to the server directly
            await client.ehlo()
        if config.username:
            await client.login(config.username, config.password or "")
        return client

    async def _discard(self, connection: _Connection, exc: Exception) -> None:
        """After a 4xx/5xx reply the session is still usable (aiosmtplib sent RSET); after
        anything else the connection is dropped and made anew on next use."""
        answered = isinstance(
            exc, aiosmtplib.SMTPResponseException | aiosmtplib.SMTPRecipientsRefused
        )
        if answered and connection.client is not None and connection.client.is_connected:
            return
        if connection.client is not None:
            connection.client.close()
        connection.client = None
        log.warning("mail server connection dropped", extra={"error": type(exc).__name__})

    async def close(self) -> None:
        while not self._idle.empty():
            connection = self._idle.get_nowait()
            if connection.client is not None and connection.client.is_connected:
                try:
                    await asyncio.wait_for(connection.client.quit(), 2.0)
                except Exception:
                    connection.client.close()
