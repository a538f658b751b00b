"""The declaration of one event type: its name, payload model, topic, key and owner; the
streams (topic and key) event types are declared on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .base import EventModel
from .envelope import parse_type

DATASCHEMA_PREFIX = "urn:conum:schema:"
_TOPIC_PATTERN = re.compile(r"^conum\.(?P<context>[a-z][a-z0-9_]*)\.[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class EventType:
    """One event type, declared next to its metadata (as in openedx-events).

    ``revision`` is the latest committed schema snapshot of the type
    (``contracts/schemas/<name>/<revision>.json``); the snapshot check fails when it lags
    behind the snapshots.
    """

    name: str
    """Full type name, ``fr.conum.<context>.<subject>.<action>.v<major>``."""
    model: type[EventModel]
    """Pydantic model of the payload."""
    topic: str
    """Kafka topic, ``conum.<context>.<aggregate>``; shared by every version of the type."""
    key_field: str
    """Payload field holding the aggregate id: the Kafka key and ``ce_subject``."""
    owner: str
    """The one service that produces this type."""
    description: str
    """When the event is emitted."""
    revision: int = 1
    """Latest schema snapshot revision (1 for the first published schema)."""

    def __post_init__(self) -> None:
        family, _ = parse_type(self.name)
        topic = _TOPIC_PATTERN.match(self.topic)
        if topic is None or topic["context"] != family.split(".")[2]:
            raise ValueError(f"{self.name}: topic {self.topic!r} is not conum.<context>.<...>")
        if self.key_field not in self.model.model_fields:
            raise ValueError(f"{self.name}: key field {self.key_field!r} is not in the model")
        if self.revision < 1:
            raise ValueError(f"{self.name}: revision must be at least 1")

    @property
    def family(self) -> str:
        """The name without its ``.v<major>`` suffix."""
        return parse_type(self.name)[0]

    @property
    def major(self) -> int:
        """The major version (the ``N`` of ``.vN``)."""
        return parse_type(self.name)[1]

    @property
    def minorversion(self) -> int:
        """Compatible schema revisions published after the first one (``revision - 1``)."""
        return self.revision - 1

    @property
    def dataschema(self) -> str:
        """``ce_dataschema``: ``urn:conum:schema:<name>:<revision>``."""
        return f"{DATASCHEMA_PREFIX}{self.name}:{self.revision}"


@dataclass(frozen=True)
class Stream:
    """A topic and the field its events are keyed by; the service the topic names produces
    its events (its ``owner``)."""

    topic: str
    key_field: str

    def event(
        self, name: str, model: type[EventModel], description: str, revision: int = 1
    ) -> EventType:
        """An event type of the stream; ``name`` follows ``fr.conum.<owner>.``."""
        owner = self.topic.split(".")[1]
        return EventType(
            name=f"fr.conum.{owner}.{name}",
            model=model,
            topic=self.topic,
            key_field=self.key_field,
            owner=owner,
            description=description,
            revision=revision,
        )
