"""OpenTelemetry tracing: one trace follows a delivery across services through the W3C
`traceparent` Kafka header. Exporters: none, console, a JSON-lines file (native stack), or OTLP."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from threading import Lock

from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SpanExporter,
    SpanExportResult,
)


class JsonLinesSpanExporter(SpanExporter):
    """Appends one JSON object per span to a file; readable by jq and by the e2e test."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._lock = Lock()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = []
        for span in spans:
            context = span.get_span_context()
            if context is None:
                continue
            parent = span.parent
            lines.append(
                json.dumps(
                    {
                        "trace_id": f"{context.trace_id:032x}",
                        "span_id": f"{context.span_id:016x}",
                        "parent_span_id": f"{parent.span_id:016x}" if parent else None,
                        "name": span.name,
                        "service": span.resource.attributes.get("service.name"),
                        "start_ns": span.start_time,
                        "end_ns": span.end_time,
                        "attributes": {k: str(v) for k, v in (span.attributes or {}).items()},
                    }
                )
            )
        with self._lock, self._path.open("a", encoding="utf-8") as out:
            out.write("".join(line + "\n" for line in lines))
        return SpanExportResult.SUCCESS


def setup_tracing(
    service: str, exporter: str, *, endpoint: str | None = None, file: str | None = None
) -> TracerProvider:
    """Configure and install the global tracer provider for this process."""
    provider = TracerProvider(resource=Resource.create({"service.name": f"lr-{service}"}))
    span_exporter: SpanExporter | None
    if exporter == "console":
        span_exporter = ConsoleSpanExporter()
    elif exporter == "file":
        span_exporter = JsonLinesSpanExporter(
            Path((file or "var/traces/{service}.jsonl").format(service=service))
        )
    elif exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        # Given to the constructor, the endpoint is used as is (unlike the environment variable,
        # to which the exporter appends the signal's path).
        if endpoint and not endpoint.rstrip("/").endswith("/v1/traces"):
            endpoint = f"{endpoint.rstrip('/')}/v1/traces"
        span_exporter = OTLPSpanExporter(endpoint=endpoint) if endpoint else OTLPSpanExporter()
    else:
        span_exporter = None
    if span_exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(span_exporter, schedule_delay_millis=500))
    trace.set_tracer_provider(provider)
    return provider


def current_trace_headers() -> dict[str, str]:
    """`traceparent` (and `tracestate`) of the active span, to store with an outgoing message."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier
