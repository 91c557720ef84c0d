"""Applies the ACL table of `lr_shared.contracts.acls` to a broker, idempotently.

aiokafka's admin client has no ACL methods, so the CreateAcls, DescribeAcls and DeleteAcls
requests (Kafka's own, version 1) are sent as they are. Topic ACLs are LITERAL, one per physical
topic: a test run's `<topic><suffix>` gets exactly the catalogue topic's grants, never a prefix
that would also match other runs or the dead-letter topic. Consumer groups are PREFIXED: a
principal joins only groups named after it (`lr-registry-...`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.admin import (
    CreateAclsRequest_v1,
    DeleteAclsRequest_v1,
    DescribeAclsRequest_v1,
)
from aiokafka.protocol.api import Request

from lr_shared.contracts.acls import PRINCIPALS, Operation
from lr_shared.contracts.topics import all_topic_configs
from lr_tools.console import LrError

# Kafka's wire codes (org.apache.kafka.common.resource / acl).
TOPIC, GROUP = 2, 3
ANY, LITERAL, PREFIXED = 1, 3, 4
READ, WRITE = 3, 4
ALLOW = 3
ANY_HOST = "*"
OPERATIONS: dict[Operation, int] = {"read": READ, "write": WRITE}
BATCH = 500


@dataclass(frozen=True, order=True)
class Binding:
    """One ACL: `principal` may `operation` on the resource (ALLOW, from any host)."""

    resource_type: int
    name: str
    pattern: int
    principal: str
    operation: int

    def wire(self) -> tuple[int, str, int, str, str, int, int]:
        return (
            self.resource_type,
            self.name,
            self.pattern,
            f"User:{self.principal}",
            ANY_HOST,
            self.operation,
            ALLOW,
        )


def bindings(suffix: str = "") -> list[Binding]:
    """Every ACL of the table, for the catalogue's topics or a test run's suffixed ones."""
    result: set[Binding] = set()
    for principal in PRINCIPALS:
        for topic, operation in principal.topic_grants(suffix):
            result.add(Binding(TOPIC, topic, LITERAL, principal.name, OPERATIONS[operation]))
        if principal.reads:
            result.add(Binding(GROUP, principal.group_prefix, PREFIXED, principal.name, READ))
    return sorted(result)


class _CreateAcls(Request[CreateAclsRequest_v1]):  # type: ignore[misc]  # aiokafka's protocol is untyped
    API_KEY = 30

    def __init__(self, creations: list[tuple[Any, ...]]) -> None:
        self._creations = creations

    def build(self, request_struct_class: type[CreateAclsRequest_v1]) -> CreateAclsRequest_v1:
        return request_struct_class(self._creations)


class _DeleteAcls(Request[DeleteAclsRequest_v1]):  # type: ignore[misc]  # aiokafka's protocol is untyped
    API_KEY = 31

    def __init__(self, filters: list[tuple[Any, ...]]) -> None:
        self._filters = filters

    def build(self, request_struct_class: type[DeleteAclsRequest_v1]) -> DeleteAclsRequest_v1:
        return request_struct_class(self._filters)


class _DescribeAcls(Request[DescribeAclsRequest_v1]):  # type: ignore[misc]  # aiokafka's protocol is untyped
    API_KEY = 29

    def build(self, request_struct_class: type[DescribeAclsRequest_v1]) -> DescribeAclsRequest_v1:
        # Every ACL: any resource type, name, pattern, principal, host, operation, permission.
        return request_struct_class(ANY, None, ANY, None, None, ANY, ANY)


async def _send(admin: AIOKafkaAdminClient, request: Request[Any]) -> Any:
    return await admin._send_request(request)


async def create_acls(admin: AIOKafkaAdminClient, wanted: Iterable[Binding]) -> int:
    """Create the bindings (one that exists already is left as it is); returns how many."""
    wanted = list(wanted)
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        response = await _send(admin, _CreateAcls([b.wire() for b in chunk]))
        for binding, (code, message) in zip(chunk, response.creation_responses, strict=True):
            if code:
                raise LrError(f"creating ACL {binding} failed: error {code} {message or ''}")
    return len(wanted)


async def describe_acls(admin: AIOKafkaAdminClient) -> list[Binding]:
    """The broker's ALLOW ACLs for any host, as bindings (others are not ours)."""
    response = await _send(admin, _DescribeAcls())
    if response.error_code:
        raise LrError(f"describing ACLs failed: error {response.error_code}")
    return sorted(
        Binding(kind, name, pattern, principal.removeprefix("User:"), operation)
        for kind, name, pattern, acls in response.resources
        for principal, host, operation, permission in acls
        if permission == ALLOW and host == ANY_HOST
    )


async def delete_acls(admin: AIOKafkaAdminClient, doomed: Iterable[Binding]) -> int:
    """Delete exactly these bindings; returns how many filters were sent."""
    doomed = list(doomed)
    for start in range(0, len(doomed), BATCH):
        chunk = doomed[start : start + BATCH]
        response = await _send(admin, _DeleteAcls([b.wire() for b in chunk]))
        for binding, (code, message, _matching) in zip(
            chunk, response.filter_responses, strict=True
        ):
            if code:
                raise LrError(f"deleting ACL {binding} failed: error {code} {message or ''}")
    return len(doomed)


async def apply_acls(admin: AIOKafkaAdminClient, *, suffix: str = "") -> int:
    """The table's ACLs for the catalogue (or one run's suffix). Without a suffix, the
    catalogue's ACLs the table no longer lists are deleted too, so a revoked grant is revoked
    on the broker; the suffixed runs' ACLs go with their topics (`delete_acls_of`)."""
    wanted = bindings(suffix)
    await create_acls(admin, wanted)
    if not suffix:
        keep = set(wanted)
        stale = [b for b in await describe_acls(admin) if _ours(b) and b not in keep]
        await delete_acls(admin, stale)
    await _until_in_force(admin, set(wanted))
    return len(wanted)


async def _until_in_force(
    admin: AIOKafkaAdminClient, wanted: set[Binding], limit_s: float = 15.0
) -> None:
    """CreateAcls answers once the controller committed the ACLs; the broker's authorizer
    applies them a little later, and a client started at once was refused."""
    deadline = asyncio.get_running_loop().time() + limit_s
    while wanted - set(await describe_acls(admin)):
        if asyncio.get_running_loop().time() > deadline:
            raise LrError(f"the broker did not apply its ACLs within {limit_s:.0f} s")
        await asyncio.sleep(0.05)


def _ours(binding: Binding) -> bool:
    """An ACL on a catalogue topic or on a group prefix of ours: the table owns those."""
    if binding.resource_type == TOPIC:
        return binding.pattern == LITERAL and binding.name in all_topic_configs()
    return binding.resource_type == GROUP and binding.name.startswith("lr-")


async def delete_acls_of(admin: AIOKafkaAdminClient, topics: Iterable[str]) -> int:
    """Every ACL on these (deleted) topics, so test runs do not pile ACLs up on the broker."""
    names = set(topics)
    doomed = [b for b in await describe_acls(admin) if b.resource_type == TOPIC and b.name in names]
    return await delete_acls(admin, doomed)
