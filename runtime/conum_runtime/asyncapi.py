"""The AsyncAPI document of a service: what it consumes and what it publishes.

FastStream generates the document (``conum_<service>.docs:create_docs_app`` also works with
``faststream docs gen --factory``); ``python -m conum_runtime.asyncapi <service> [--check]``
writes it with its keys sorted (FastStream's channel order varies between runs) to
``services/<service>/asyncapi.yaml``, and a test fails when the committed document drifts.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

import yaml
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


def canonical_yaml(app: FastStream) -> str:
    """The document with every mapping's keys sorted, so that it is stable between runs."""
    assert app.schema is not None
    document = app.schema.to_specification().to_jsonable()
    return str(yaml.safe_dump(document, sort_keys=True, allow_unicode=True, width=100))


def generate(service: str) -> str:
    docs = importlib.import_module(f"conum_{service}.docs")
    return canonical_yaml(docs.create_docs_app())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write or check a service's AsyncAPI document")
    parser.add_argument("service")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--check", action="store_true", help="fail when the file is stale")
    args = parser.parse_args(argv)
    out = args.out or Path("services") / args.service / "asyncapi.yaml"
    text = generate(args.service)
    if args.check:
        if not out.exists() or out.read_text() != text:
            print(f"{out} is stale: run ./conum docs", file=sys.stderr)
            return 1
        return 0
    out.write_text(text)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
