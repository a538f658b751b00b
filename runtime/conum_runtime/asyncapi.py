"""The AsyncAPI document of a service: what it consumes and what it publishes.

``faststream docs gen --factory --yaml conum_<service>.docs:create_docs_app`` writes it; each
service commits the result as ``services/<service>/asyncapi.yaml`` and a test fails when the
committed document drifts from the code.
"""

from __future__ import annotations

from conum_contracts import registry
from faststream import FastStream
from faststream.specification import AsyncAPI

from conum_runtime.service import ServiceHost


def document_publications(host: ServiceHost) -> None:
    """Declare the service's published event types so they appear in the document.

    The outbox relay publishes through the broker directly; these publishers only document.
    """
    for declared in registry.EVENT_TYPES.values():
        if declared.owner != host.settings.service:
            continue
        host.broker.publisher(
            declared.topic,
            title=declared.name,
            description=f"{declared.description} Key: `{declared.key_field}`.",
            schema=declared.model,
        )


def docs_app(host: ServiceHost, title: str, version: str) -> FastStream:
    document_publications(host)
    specification = AsyncAPI(
        host.broker,
        title=title,
        version=version,
        description=(
            "Events in CloudEvents binary mode: the Kafka value is the payload JSON, the "
            "attributes are `ce_*` headers; the key is the aggregate id."
        ),
    )
    return FastStream(host.broker, specification=specification)
