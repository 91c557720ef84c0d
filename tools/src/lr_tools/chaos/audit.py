"""What a run left behind, counted where it lives: the services' databases, the broker and the
mail sink. Nothing here asks a service over HTTP, so it reads the same with a service down."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped,unused-ignore]
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from lr_shared.lag import measure_lag
from lr_tools.fleet import Fleet


@dataclass
class Audit:
    """The counts of one moment. `problems` names what is wrong once the run has settled."""

    teachers_expected: int = 0
    teachers_registered: int = 0
    appointments_accepted: int = 0  # intake's current appointments (one per identity)
    appointments_registered: int = 0  # the registry's
    registrations: Counter[str] = field(default_factory=Counter)  # registry, per state
    portfolio_registrations: int = 0
    invitations_expected: int = 0  # registrations pending confirmation
    invitations_recorded: int = 0  # distinct teachers with an invitation in notifications
    invitations: Counter[str] = field(default_factory=Counter)  # per status
    mails_received: int = 0
    mails_distinct: int = 0
    mails_received_twice: int = 0  # copies beyond the first, by Message-ID
    deliveries: int = 0
    deliveries_not_completed: int = 0
    registry_inbox: Counter[str] = field(default_factory=Counter)  # per consumer
    dlq_messages: int = 0
    dead_letters: Counter[str] = field(default_factory=Counter)  # per topic and reason
    consumer_lag: int = 0

    @property
    def mails_expected(self) -> int:
        return self.invitations["sent"]

    @property
    def unsettled(self) -> list[str]:
        """What still moves (or is lost, if it never will): empty once the run is done."""
        checks = {
            "teachers not registered": self.teachers_expected - self.teachers_registered,
            "appointments not registered": (
                self.appointments_accepted - self.appointments_registered
            ),
            "registrations not in portfolio": (
                sum(self.registrations.values()) - self.portfolio_registrations
            ),
            "invitations not recorded": self.invitations_expected - self.invitations_recorded,
            "invitations not handled": sum(
                self.invitations[s] for s in ("awaiting_contact", "pending", "sending")
            ),
            "sent mails not received": self.mails_expected - self.mails_distinct,
            "deliveries not completed": self.deliveries_not_completed,
            "consumer lag": self.consumer_lag,
        }
        return [f"{name}: {count}" for name, count in checks.items() if count]

    def to_json(self) -> dict[str, Any]:
        # Not dataclasses.asdict: it rebuilds a Counter from its (key, count) pairs, counting them.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["mails_expected"] = self.mails_expected
        return {k: dict(v) if isinstance(v, Counter) else v for k, v in data.items()}


def libpq_url(fleet: Fleet, service: str) -> str:
    return f"{fleet.postgres_url.rsplit('/', 1)[0]}/{fleet.databases[service]}"


async def take(fleet: Fleet, mail_dir: Path, *, teachers_expected: int) -> Audit:
    audit = Audit(teachers_expected=teachers_expected)
    await _intake(audit, libpq_url(fleet, "intake"))
    await _registry(audit, libpq_url(fleet, "registry"))
    await _portfolio(audit, libpq_url(fleet, "portfolio"))
    await _notifications(audit, libpq_url(fleet, "notifications"))
    _mails(audit, mail_dir)
    audit.dead_letters, audit.consumer_lag = await _broker(fleet)
    audit.dlq_messages = sum(audit.dead_letters.values())
    return audit


async def _query(url: str, sql: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url, timeout=10)
    try:
        return list(await connection.fetch(sql))
    finally:
        await connection.close()


async def _intake(audit: Audit, url: str) -> None:
    rows = await _query(
        url,
        "select (select count(*) from appointments) as appointments, count(*) as deliveries, "
        "count(*) filter (where status not in ('completed', 'rejected')) as unfinished "
        "from deliveries",
    )
    audit.appointments_accepted = rows[0]["appointments"]
    audit.deliveries = rows[0]["deliveries"]
    audit.deliveries_not_completed = rows[0]["unfinished"]


async def _registry(audit: Audit, url: str) -> None:
    counts = await _query(
        url,
        "select (select count(*) from teachers) as teachers, "
        "(select count(*) from appointments) as appointments",
    )
    audit.teachers_registered = counts[0]["teachers"]
    audit.appointments_registered = counts[0]["appointments"]
    states = await _query(url, "select state, count(*) as n from registrations group by state")
    audit.registrations = Counter({r["state"]: r["n"] for r in states})
    audit.invitations_expected = audit.registrations["pending_confirmation"]
    inbox = await _query(url, "select consumer, count(*) as n from inbox group by consumer")
    audit.registry_inbox = Counter({r["consumer"]: r["n"] for r in inbox})


async def _portfolio(audit: Audit, url: str) -> None:
    rows = await _query(url, "select count(*) as n from registrations")
    audit.portfolio_registrations = rows[0]["n"]


async def _notifications(audit: Audit, url: str) -> None:
    rows = await _query(
        url,
        "select status, count(*) as n from notifications where kind = 'invitation' group by status",
    )
    audit.invitations = Counter({r["status"]: r["n"] for r in rows})
    distinct = await _query(
        url,
        "select count(distinct registration_number) as n from notifications "
        "where kind = 'invitation'",
    )
    audit.invitations_recorded = distinct[0]["n"]


def message_ids(mail_dir: Path) -> Counter[str]:
    """How many copies of each Message-ID the sink received."""
    parser = BytesHeaderParser()
    seen: Counter[str] = Counter()
    for path in mail_dir.glob("*.eml"):
        with path.open("rb") as handle:
            seen[str(parser.parse(handle).get("Message-ID", path.name))] += 1
    return seen


def _mails(audit: Audit, mail_dir: Path) -> None:
    seen = message_ids(mail_dir)
    audit.mails_received = sum(seen.values())
    audit.mails_distinct = len(seen)
    audit.mails_received_twice = audit.mails_received - audit.mails_distinct


async def _broker(fleet: Fleet) -> tuple[Counter[str], int]:
    """The messages on the run's dead-letter topics (per topic and reason), and its consumer
    groups' total lag."""
    suffix = fleet.topic_suffix
    admin = AIOKafkaAdminClient(
        bootstrap_servers=fleet.kafka_bootstrap,
        request_timeout_ms=10000,
        **fleet.kafka_security.client_options(),
    )
    reader = AIOKafkaConsumer(
        bootstrap_servers=fleet.kafka_bootstrap,
        enable_auto_commit=False,
        **fleet.kafka_security.client_options(),
    )
    await admin.start()
    try:
        await reader.start()
        try:
            topics = [t for t in await reader.topics() if t.endswith(f"{suffix}.dlq")]
            partitions = [
                TopicPartition(described["topic"], partition["partition"])
                for described in (await admin.describe_topics(topics) if topics else [])
                for partition in described["partitions"]
            ]
            dead = await _dead_letters(fleet, partitions, suffix) if partitions else Counter()
            groups = [
                str(g[0]) for g in await admin.list_consumer_groups() if str(g[0]).endswith(suffix)
            ]
            lag = 0
            for group in groups:
                lag += sum((await measure_lag(admin, reader, group)).values())
            return dead, lag
        finally:
            await reader.stop()
    finally:
        with contextlib.suppress(Exception):
            await admin.close()


async def _dead_letters(
    fleet: Fleet, partitions: list[TopicPartition], suffix: str
) -> Counter[str]:
    """Every record on these dead-letter partitions, counted by topic and reason. (The fleet
    creates its dead-letter topics up front, so they exist, mostly empty; the partitions come
    from the admin client, as a consumer's own metadata may not list a topic yet.)"""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=fleet.kafka_bootstrap,
        enable_auto_commit=False,
        isolation_level="read_committed",
        auto_offset_reset="earliest",
        **fleet.kafka_security.client_options(),
    )
    await consumer.start()
    found: Counter[str] = Counter()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        deadline = asyncio.get_running_loop().time() + 30.0
        while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            if asyncio.get_running_loop().time() > deadline:
                break
            for tp, records in (await consumer.getmany(timeout_ms=1000)).items():
                for record in records:
                    headers = {k: v.decode(errors="replace") for k, v in record.headers}
                    reason = headers.get("dlq_reason", "?")[:120]
                    found[f"{tp.topic.removesuffix(f'{suffix}.dlq')}: {reason}"] += 1
    finally:
        await consumer.stop()
    return found


async def until(
    fleet: Fleet,
    mail_dir: Path,
    done: Callable[[Audit], bool],
    *,
    teachers_expected: int,
    limit_s: float = 300.0,
    interval: float = 1.0,
) -> Audit:
    """Audit until `done` holds (or raise TimeoutError with the last audit)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    while True:
        audit = await take(fleet, mail_dir, teachers_expected=teachers_expected)
        if done(audit):
            return audit
        if loop.time() > deadline:
            raise TimeoutError(f"not reached in {limit_s:.0f} s: {audit.unsettled}")
        await asyncio.sleep(interval)


async def settle(
    fleet: Fleet,
    mail_dir: Path,
    *,
    teachers_expected: int,
    stall_s: float = 60.0,
    limit_s: float = 600.0,
    interval: float = 2.0,
) -> Audit:
    """Audit until nothing is left unsettled, nothing has changed for `stall_s` seconds (lost
    work never arrives), or `limit_s` has passed; the last audit, for the caller to judge."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    last: dict[str, Any] = {}
    moved = loop.time()
    while True:
        try:
            audit = await take(fleet, mail_dir, teachers_expected=teachers_expected)
        except (OSError, asyncpg.PostgresError):
            await asyncio.sleep(interval)  # the database is restarting: ask again
            continue
        if not audit.unsettled:
            return audit
        now = loop.time()
        current = audit.to_json()
        if current != last:
            last, moved = current, now
        if now - moved > stall_s or now > deadline:
            return audit
        await asyncio.sleep(interval)
