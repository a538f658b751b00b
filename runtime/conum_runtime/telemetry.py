"""OpenTelemetry: one tracer provider per service, trace ids in logs, OTLP when configured.

The provider is passed explicitly to the instrumentations (FastAPI; SQLAlchemy when
``CONUM_TRACE_STATEMENTS`` asks for a span per statement) and its tracer to the runtime's own
Kafka spans (:mod:`conum_runtime.kafka`), so several services can run in one process (as in
the end-to-end tests) without fighting over the global provider. OTLP export is switched on by
``OTEL_EXPORTER_OTLP_ENDPOINT``.
Personal data never goes into span attributes: spans carry identifiers only.

Every span made while the work concerns one conseiller carries ``conum.conseiller_id``
(:func:`about_conseiller`), so a whole journey, made of many traces over weeks, is found by
that id. Background work that finds nothing to do makes no span (:func:`quietly`), nor do
Prometheus's scrapes and the liveness and readiness probes (:data:`UNTRACED_PATHS`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from conum_contracts import registry
from fastapi import FastAPI
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from sqlalchemy.ext.asyncio import AsyncEngine

CONSEILLER_ATTRIBUTE = "conum.conseiller_id"
_conseiller: ContextVar[str | None] = ContextVar("conum_conseiller", default=None)

LOG_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s trace_id=%(trace_id)s span_id=%(span_id)s %(message)s"
)


def create_tracer_provider(
    service: str, region: str, extra_processors: tuple[SpanProcessor, ...] = ()
) -> TracerProvider:
    provider = TracerProvider(
        resource=Resource.create(
            {
                "service.name": f"conum-{service}",
                "service.namespace": "conum",
                "conum.region": region,
            }
        )
    )
    provider.add_span_processor(ConseillerOnSpans())
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    for processor in extra_processors:
        provider.add_span_processor(processor)
    return provider


UNTRACED_PATHS = ("/metrics", "/health/live", "/health/ready")
"""Asked every few seconds by Prometheus and the orchestrator: no trace, no trace id in the
logs (their statements run :func:`quietly` too)."""


def instrument_app(app: FastAPI, provider: TracerProvider) -> None:
    untraced = ",".join(f"^[a-z]+://[^/]+{path}$" for path in UNTRACED_PATHS)
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=provider,
        exclude_spans=["receive", "send"],
        excluded_urls=untraced,
    )


def instrument_engine(engine: AsyncEngine, provider: TracerProvider) -> None:
    SQLAlchemyInstrumentor().instrument(engine=engine.sync_engine, tracer_provider=provider)


class TraceIdFilter(logging.Filter):
    """Adds ``trace_id`` and ``span_id`` of the current span to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        record.trace_id = format(context.trace_id, "032x") if context.is_valid else "-"
        record.span_id = format(context.span_id, "016x") if context.is_valid else "-"
        return True


def configure_logging(level: int = logging.INFO) -> None:
    """Log lines carry the trace id; idempotent."""
    root = logging.getLogger()
    if any(isinstance(f, TraceIdFilter) for h in root.handlers for f in h.filters):
        return
    handler = logging.StreamHandler()
    handler.addFilter(TraceIdFilter())
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)


class ConseillerOnSpans(SpanProcessor):
    """Gives every span started while the work concerns a conseiller that conseiller's id."""

    def on_start(self, span: Span, parent_context: otel_context.Context | None = None) -> None:
        conseiller_id = _conseiller.get()
        if conseiller_id:
            span.set_attribute(CONSEILLER_ATTRIBUTE, conseiller_id)


def mark_conseiller(conseiller_id: str) -> None:
    """The work of this task (a request) concerns this conseiller from now on."""
    _conseiller.set(conseiller_id)
    trace.get_current_span().set_attribute(CONSEILLER_ATTRIBUTE, conseiller_id)


@contextmanager
def about_conseiller(conseiller_id: str | None) -> Iterator[None]:
    """Within the block, the work concerns this conseiller (``None``: no one in particular)."""
    token = _conseiller.set(conseiller_id)
    if conseiller_id:
        trace.get_current_span().set_attribute(CONSEILLER_ATTRIBUTE, conseiller_id)
    try:
        yield
    finally:
        _conseiller.reset(token)


def conseiller_of(type_name: str, key: str) -> str | None:
    """The conseiller an event is about, when its key is a conseiller's id."""
    declared = registry.EVENT_TYPES.get(type_name)
    return key if declared is not None and declared.key_field == "conseiller_id" else None


@contextmanager
def quietly() -> Iterator[None]:
    """Statements of background bookkeeping (a relay's poll) make no spans of their own."""
    with suppress_instrumentation():
        yield
