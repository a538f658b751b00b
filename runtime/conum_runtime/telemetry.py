"""OpenTelemetry: one tracer provider per service, trace ids in logs, OTLP when configured.

The provider is passed explicitly to every instrumentation (FastAPI, SQLAlchemy, FastStream),
so several services can run in one process (as in the end-to-end tests) without fighting over
the global provider. OTLP export is switched on by ``OTEL_EXPORTER_OTLP_ENDPOINT``.
Personal data never goes into span attributes: spans carry identifiers only.
"""

from __future__ import annotations

import logging
import os

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from sqlalchemy.ext.asyncio import AsyncEngine

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
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    for processor in extra_processors:
        provider.add_span_processor(processor)
    return provider


def instrument_app(app: FastAPI, provider: TracerProvider) -> None:
    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, exclude_spans=["send"])


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
