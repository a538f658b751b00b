"""What a service consumes and publishes, read from its committed AsyncAPI document.

Every service commits ``services/<service>/asyncapi.yaml``, generated from its definition
(``./conum docs``, held equal by a test). When a service's package is not
installed where the ACLs are derived, its reads come from that document: the topic of each
``receive`` operation's channel. A test keeps the document's answer equal to the installed
definition's, so the two sources cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

DOCUMENT = Path("services") / "{service}" / "asyncapi.yaml"


def document_path(service: str, starts: Sequence[Path] | None = None) -> Path:
    """``services/<service>/asyncapi.yaml`` of the checkout above the working directory or
    above this package; LookupError when there is none."""
    relative = Path(str(DOCUMENT).format(service=service))
    bases = list(starts) if starts is not None else [Path.cwd(), Path(__file__).resolve()]
    for base in bases:
        for directory in (base, *base.parents):
            if (directory / relative).is_file():
                return directory / relative
    raise LookupError(
        f"conum_{service} is not installed and no {relative} was found above "
        f"{', '.join(str(base) for base in bases)}: its reads are unknown"
    )


def operation_topics(document: dict[str, Any], action: str) -> list[str]:
    """The topics of the document's operations of ``action`` (``receive`` or ``send``)."""
    channels = document.get("channels", {})
    topics = set()
    for operation in document.get("operations", {}).values():
        if operation.get("action") != action:
            continue
        reference = str(operation["channel"]["$ref"])
        name = reference.removeprefix("#/channels/")
        topics.add(str(channels[name]["address"]))
    return sorted(topics)


def load_document(service: str, starts: Sequence[Path] | None = None) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(document_path(service, starts).read_text("utf-8"))
    return loaded


def documented_consumption(service: str, starts: Sequence[Path] | None = None) -> list[str]:
    """The topics ``service`` reads, according to its committed AsyncAPI document."""
    return operation_topics(load_document(service, starts), "receive")


def documented_publication(service: str, starts: Sequence[Path] | None = None) -> list[str]:
    """The topics ``service`` writes, according to its committed AsyncAPI document."""
    return operation_topics(load_document(service, starts), "send")
