"""Creates every topic of the catalogue in `lr_shared.contracts.topics`, idempotently.

A topic that already exists keeps its partitions; if a client auto-created it before us (the
broker allows that for tests), its cleanup and retention are corrected, since a compacted topic
that silently became `delete` would lose state after seven days.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from lr_shared.contracts.topics import all_topic_configs
from lr_shared.kafka import KafkaSecurity
from lr_tools.console import LrError
from lr_tools.stack.acls import apply_acls, delete_acls_of

DEFAULT_PARTITIONS = 6
TOPIC_ALREADY_EXISTS = 36


def partitions_from_env() -> int:
    value = os.environ.get("LR_TOPIC_PARTITIONS", str(DEFAULT_PARTITIONS))
    if not value.isdigit() or int(value) < 1:
        raise LrError(f"LR_TOPIC_PARTITIONS must be a positive integer, not {value!r}")
    return int(value)


@dataclass
class TopicsOutcome:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    reconfigured: list[str] = field(default_factory=list)
    acls: int = 0

    def summary(self) -> str:
        parts = [f"{len(self.created)} created", f"{len(self.existing)} existing"]
        if self.reconfigured:
            parts.append(f"{len(self.reconfigured)} reconfigured")
        if self.acls:
            parts.append(f"{self.acls} ACLs")
        return ", ".join(parts)


SCRATCH_PREFIXES = ("test.", "bench.")
"""Topics tests and benchmarks make under names of their own, outside the catalogue."""


def is_scratch(name: str, catalogue: frozenset[str]) -> bool:
    """A topic of a test or benchmark run: a catalogue topic with a suffix, or a scratch name.
    The catalogue's own topics (what `make up` uses) never are."""
    if name in catalogue:
        return False
    return name.startswith(SCRATCH_PREFIXES) or any(
        name.startswith(f"{topic}.") for topic in catalogue
    )


def _admin(bootstrap_servers: str, security: KafkaSecurity) -> AIOKafkaAdminClient:
    return AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers,
        client_id="lr-stack-topics",
        **security.client_options(),
    )


async def delete_topics(
    bootstrap_servers: str, *, suffix: str = "", security: KafkaSecurity | None = None
) -> list[str]:
    """Delete the topics of one run (those ending in `suffix`) or, without a suffix, every
    scratch topic left by tests and benchmarks, with their ACLs; returns their names. Each
    suffixed run adds a full set of partitions to the broker, and thousands of them slow its
    start and idle work. Without `security`, the `LR_KAFKA_*` environment's."""
    catalogue = frozenset(all_topic_configs())
    security = security or KafkaSecurity.from_env()
    admin = _admin(bootstrap_servers, security)
    await admin.start()
    try:
        names = sorted(
            name
            for name in await admin.list_topics()
            if is_scratch(name, catalogue) and (not suffix or _of_run(name, suffix))
        )
        for start in range(0, len(names), 200):
            await admin.delete_topics(names[start : start + 200])
        if security.protocol != "PLAINTEXT":
            await delete_acls_of(admin, names)
        return names
    finally:
        await admin.close()


def _of_run(name: str, suffix: str) -> bool:
    """A topic of the run with this suffix: `<topic><suffix>` or its `<topic><suffix>.dlq`."""
    return name.endswith((suffix, f"{suffix}.dlq"))


def suffixed(configs: dict[str, dict[str, str]], suffix: str) -> dict[str, dict[str, str]]:
    """The catalogue under a run's names: `<topic><suffix>` and its `<topic><suffix>.dlq` (the
    names `ServiceSettings.topic` and `DeadLetters` use)."""
    if not suffix:
        return configs
    renamed = {}
    for name, config in configs.items():
        base, dlq = (name[: -len(".dlq")], ".dlq") if name.endswith(".dlq") else (name, "")
        renamed[f"{base}{suffix}{dlq}"] = config
    return renamed


async def ensure_topics(
    bootstrap_servers: str,
    partitions: int,
    *,
    suffix: str = "",
    security: KafkaSecurity | None = None,
) -> TopicsOutcome:
    """Every catalogue topic (under a run's `suffix`, for a fleet of tests or benchmarks), so that
    none is left to the broker's auto-creation: that makes a compacted topic `delete`, and the
    fleets' auto-created topics had one partition each, so a service's second consumer idled.
    On a secured broker, the ACL table's grants for these topics come with them."""
    wanted = suffixed(all_topic_configs(), suffix)
    security = security or KafkaSecurity.from_env()
    admin = _admin(bootstrap_servers, security)
    await admin.start()
    try:
        present = set(await admin.list_topics())
        outcome = TopicsOutcome(existing=sorted(name for name in wanted if name in present))
        missing = {name: cfg for name, cfg in wanted.items() if name not in present}
        if missing:
            outcome.created = await _create(admin, missing, partitions)
        outcome.reconfigured = await _correct_configs(
            admin, {name: wanted[name] for name in outcome.existing}
        )
        if security.protocol != "PLAINTEXT":
            outcome.acls = await apply_acls(admin, suffix=suffix)
        return outcome
    finally:
        await admin.close()


async def _create(
    admin: AIOKafkaAdminClient, configs: dict[str, dict[str, str]], partitions: int
) -> list[str]:
    new = [NewTopic(name, partitions, 1, topic_configs=cfg) for name, cfg in configs.items()]
    response = await admin.create_topics(new)
    created = []
    for error in response.topic_errors:
        name, code = error[0], error[1]
        if code == 0:
            created.append(name)
        elif code != TOPIC_ALREADY_EXISTS:  # created concurrently by someone else: fine
            message = error[2] if len(error) > 2 else ""
            raise LrError(f"creating topic {name} failed: error {code} {message or ''}".strip())
    return sorted(created)


async def _correct_configs(
    admin: AIOKafkaAdminClient, wanted: dict[str, dict[str, str]]
) -> list[str]:
    if not wanted:
        return []
    actual = await describe_topic_configs(admin, list(wanted))
    wrong = [
        name
        for name, cfg in wanted.items()
        if any(actual.get(name, {}).get(key) != value for key, value in cfg.items())
    ]
    if wrong:
        # AlterConfigs replaces a topic's whole dynamic config; ours is the whole config.
        await admin.alter_configs(
            [ConfigResource(ConfigResourceType.TOPIC, name, configs=wanted[name]) for name in wrong]
        )
    return sorted(wrong)


async def describe_topic_configs(
    admin: AIOKafkaAdminClient, names: list[str]
) -> dict[str, dict[str, str]]:
    """Every topic's effective configuration, as name -> {key: value}."""
    responses: list[Any] = await admin.describe_configs(
        [ConfigResource(ConfigResourceType.TOPIC, name) for name in names]
    )
    configs: dict[str, dict[str, str]] = {}
    for response in responses:
        for error_code, _message, _type, resource_name, entries, *_ in response.resources:
            if error_code == 0:
                configs[resource_name] = {entry[0]: entry[1] for entry in entries}
    return configs
