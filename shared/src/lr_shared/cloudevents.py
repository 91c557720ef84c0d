"""CloudEvents 1.0 in Kafka binary mode (NL GOV profile): attributes as `ce_*` headers, the data
as the JSON body. Every message on every topic goes through `encode` and `decode`."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
TYPE_PREFIX = "nl.lerarenregister"

M = TypeVar("M", bound=BaseModel)

Headers = list[tuple[str, bytes]]


class EnvelopeError(ValueError):
    """A message is not a valid CloudEvent of the expected type; it belongs in the DLQ."""


@dataclass(frozen=True)
class CloudEvent(Generic[M]):
    """One event: its CloudEvents attributes and its data (a contract model)."""

    type: str
    source: str
    data: M
    subject: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    traceparent: str | None = None
    tracestate: str | None = None


def event_type(service: str, event: str) -> str:
    """`nl.lerarenregister.<service>.<event>`, as DESIGN.md names event types."""
    return f"{TYPE_PREFIX}.{service}.{event}"


def source(service: str) -> str:
    return f"urn:nl:lerarenregister:{service}"


def encode(event: CloudEvent[M]) -> tuple[bytes, Headers]:
    """The Kafka value and headers of an event."""
    headers: Headers = [
        ("ce_specversion", SPEC_VERSION.encode()),
        ("ce_id", event.id.encode()),
        ("ce_source", event.source.encode()),
        ("ce_type", event.type.encode()),
        ("ce_time", event.time.isoformat().encode()),
        ("content-type", CONTENT_TYPE.encode()),
    ]
    if event.subject is not None:
        headers.append(("ce_subject", event.subject.encode()))
    if event.traceparent:
        headers.append(("traceparent", event.traceparent.encode()))
    if event.tracestate:
        headers.append(("tracestate", event.tracestate.encode()))
    return event.data.model_dump_json().encode(), headers


def header_map(headers: Iterable[tuple[str, bytes | str]] | dict[str, str]) -> dict[str, str]:
    if isinstance(headers, dict):
        return headers
    # Kafka headers are bytes; this runs once per consumed record.
    return {k: v.decode() if isinstance(v, bytes) else v for k, v in headers}


def decode(
    value: bytes | None,
    headers: Iterable[tuple[str, bytes | str]] | dict[str, str],
    model: type[M],
    *,
    accept_types: Sequence[str] | None = None,
) -> CloudEvent[M]:
    """Parse one Kafka message into an event; `EnvelopeError` when it is not one we accept."""
    attrs = header_map(headers)
    missing = [h for h in ("ce_specversion", "ce_id", "ce_source", "ce_type") if h not in attrs]
    if missing:
        raise EnvelopeError(f"missing CloudEvents headers: {', '.join(missing)}")
    if attrs["ce_specversion"] != SPEC_VERSION:
        raise EnvelopeError(f"unsupported specversion {attrs['ce_specversion']!r}")
    if accept_types is not None and attrs["ce_type"] not in accept_types:
        raise EnvelopeError(f"unexpected type {attrs['ce_type']!r}")
    if value is None:
        raise EnvelopeError("no body (a tombstone where an event was expected)")
    try:
        data = model.model_validate_json(value)
    except ValidationError as exc:
        # Only locations and error types: the input may contain personal data.
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['type']}" for err in exc.errors()
        )
        raise EnvelopeError(f"body is not a valid {model.__name__}: {problems}") from None
    try:
        time = datetime.fromisoformat(attrs["ce_time"]) if "ce_time" in attrs else datetime.now(UTC)
    except ValueError:
        raise EnvelopeError("ce_time is not an RFC 3339 timestamp") from None
    return CloudEvent(
        type=attrs["ce_type"],
        source=attrs["ce_source"],
        data=data,
        subject=attrs.get("ce_subject"),
        id=attrs["ce_id"],
        time=time,
        traceparent=attrs.get("traceparent"),
        tracestate=attrs.get("tracestate"),
    )
