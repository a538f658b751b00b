"""CloudEvents 1.0 envelope in Kafka binary mode: attributes travel as message headers.

The Kafka value is the payload JSON; every attribute is a ``ce_``-prefixed header, plus the
W3C ``traceparent``/``tracestate`` and, for deprecated majors, ``deprecation``/``sunset``.
This module is the only place that reads or writes those headers.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from .errors import EnvelopeError
from .regions import REGION_PATTERN

__all__ = [
    "CONTENT_TYPE",
    "SPEC_VERSION",
    "Envelope",
    "EnvelopeError",
    "decode_headers",
    "encode_headers",
    "format_time",
    "new_envelope",
    "parse_time",
    "parse_type",
]

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"

TYPE_PATTERN = re.compile(
    r"^(?P<family>fr\.conum\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)"
    r"\.v(?P<major>[1-9][0-9]*)$"
)
_SOURCE_PATTERN = re.compile(rf"^/{REGION_PATTERN.strip('^$')}/[a-z][a-z0-9_-]*$")
_REGION_PATTERN = re.compile(REGION_PATTERN)
_RFC3339_PATTERN = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)
_MINOR_PATTERN = re.compile(r"^(0|[1-9][0-9]*)$")
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

_REQUIRED_HEADERS = (
    "ce_specversion",
    "ce_id",
    "ce_source",
    "ce_type",
    "ce_time",
    "ce_subject",
    "ce_dataschema",
    "ce_region",
    "ce_minorversion",
    "ce_correlationid",
)
_OPTIONAL_HEADERS = {
    "causationid": "ce_causationid",
    "traceparent": "traceparent",
    "tracestate": "tracestate",
    "deprecation": "deprecation",
    "sunset": "sunset",
}


@dataclass(frozen=True)
class Envelope:
    """The CloudEvents attributes of one event; validated on construction."""

    id: str
    """UUID of this event: the consumers' idempotency key."""
    source: str
    """``/<region or national>/<service>`` of the producing instance."""
    type: str
    """``fr.conum.<context>.<subject>.<action>.v<major>``."""
    time: datetime
    """When the event happened (timezone-aware; encoded in UTC)."""
    subject: str
    """Aggregate id, also the Kafka key."""
    region: str
    """Region code of the aggregate, or ``national``."""
    dataschema: str
    """URI of the JSON Schema revision the payload follows."""
    minorversion: int
    """Number of compatible revisions of the schema after its first one."""
    correlationid: str
    """Id shared by every event of one journey (the first event's id by default)."""
    causationid: str | None = None
    """Id of the event that caused this one."""
    traceparent: str | None = None
    tracestate: str | None = None
    deprecation: str | None = None
    """Set when this major version is deprecated (the producer also publishes the next)."""
    sunset: str | None = None
    """Date after which this major version is no longer published."""

    def __post_init__(self) -> None:
        _require_uuid("ce_id", self.id)
        parse_type(self.type)
        if self.time.tzinfo is None or self.time.utcoffset() is None:
            raise EnvelopeError("ce_time: must be timezone-aware")
        if not _SOURCE_PATTERN.match(self.source):
            raise EnvelopeError(
                f"ce_source: expected /<region or national>/<service>, got {self.source!r}"
            )
        if not _REGION_PATTERN.match(self.region):
            raise EnvelopeError(f"ce_region: expected FR-XXX or national, got {self.region!r}")
        if self.minorversion < 0:
            raise EnvelopeError("ce_minorversion: must be a non-negative integer")
        for header, value in (
            ("ce_subject", self.subject),
            ("ce_dataschema", self.dataschema),
            ("ce_correlationid", self.correlationid),
        ):
            if not value:
                raise EnvelopeError(f"{header}: must not be empty")
        if self.causationid is not None:
            _require_uuid("ce_causationid", self.causationid)


def parse_type(type_name: str) -> tuple[str, int]:
    """Split ``fr.conum.<context>.<subject>.<action>.v<major>`` into (family, major)."""
    match = TYPE_PATTERN.match(type_name)
    if not match:
        raise EnvelopeError(
            f"ce_type: expected fr.conum.<context>.<subject>.<action>.v<major>, got {type_name!r}"
        )
    return match["family"], int(match["major"])


def new_envelope(
    *,
    type: str,
    subject: str,
    region: str,
    service: str,
    dataschema: str,
    minorversion: int,
    correlationid: str | None = None,
    causationid: str | None = None,
    deprecation: str | None = None,
    sunset: str | None = None,
) -> Envelope:
    """A fresh envelope: new id, current UTC time, source ``/<region>/<service>``.

    ``deprecation`` and ``sunset`` mark an old major published beside its successor.

    Without ``correlationid`` the event starts a new journey: its correlation id is its id.
    """
    event_id = str(uuid.uuid4())
    return Envelope(
        id=event_id,
        source=f"/{region}/{service}",
        type=type,
        time=datetime.now(UTC),
        subject=subject,
        region=region,
        dataschema=dataschema,
        minorversion=minorversion,
        correlationid=correlationid or event_id,
        causationid=causationid,
        deprecation=deprecation,
        sunset=sunset,
    )


def encode_headers(envelope: Envelope) -> dict[str, str]:
    """Kafka headers of ``envelope`` (binary mode); unset optional attributes are omitted."""
    headers = {
        "ce_specversion": SPEC_VERSION,
        "ce_id": envelope.id,
        "ce_source": envelope.source,
        "ce_type": envelope.type,
        "ce_time": format_time(envelope.time),
        "ce_subject": envelope.subject,
        "ce_dataschema": envelope.dataschema,
        "ce_region": envelope.region,
        "ce_minorversion": str(envelope.minorversion),
        "ce_correlationid": envelope.correlationid,
        "content-type": CONTENT_TYPE,
    }
    for attribute, header in _OPTIONAL_HEADERS.items():
        value = getattr(envelope, attribute)
        if value is not None:
            headers[header] = value
    return headers


def decode_headers(headers: Mapping[str, str | bytes]) -> Envelope:
    """The envelope carried by Kafka headers; :class:`EnvelopeError` names the bad one."""
    text = {name: _as_text(name, value) for name, value in headers.items()}
    missing = [name for name in _REQUIRED_HEADERS if name not in text]
    if missing:
        raise EnvelopeError(f"missing required attribute(s): {', '.join(missing)}")
    if text["ce_specversion"] != SPEC_VERSION:
        raise EnvelopeError(
            f"ce_specversion: expected {SPEC_VERSION!r}, got {text['ce_specversion']!r}"
        )
    content_type = text.get("content-type")
    if content_type and not content_type.startswith(CONTENT_TYPE):  # "" is FastStream's unset
        raise EnvelopeError(f"content-type: expected {CONTENT_TYPE}, got {content_type!r}")
    minor = text["ce_minorversion"]
    if not _MINOR_PATTERN.match(minor):
        raise EnvelopeError(f"ce_minorversion: not a non-negative integer: {minor!r}")
    return Envelope(
        id=text["ce_id"],
        source=text["ce_source"],
        type=text["ce_type"],
        time=parse_time(text["ce_time"]),
        subject=text["ce_subject"],
        region=text["ce_region"],
        dataschema=text["ce_dataschema"],
        minorversion=int(minor),
        correlationid=text["ce_correlationid"],
        causationid=text.get("ce_causationid"),
        traceparent=text.get("traceparent"),
        tracestate=text.get("tracestate"),
        deprecation=text.get("deprecation"),
        sunset=text.get("sunset"),
    )


def format_time(moment: datetime) -> str:
    """RFC 3339 in UTC with a ``Z`` suffix and microseconds."""
    if moment.tzinfo is None:
        raise EnvelopeError("ce_time: must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_time(value: str) -> datetime:
    """An RFC 3339 timestamp, converted to UTC."""
    if not _RFC3339_PATTERN.match(value):
        raise EnvelopeError(f"ce_time: not an RFC 3339 timestamp: {value!r}")
    try:
        return datetime.fromisoformat(value.upper()).astimezone(UTC)
    except ValueError as exc:
        raise EnvelopeError(f"ce_time: not an RFC 3339 timestamp: {value!r} ({exc})") from None


def _require_uuid(header: str, value: str) -> None:
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return  # what ``str(uuid.UUID(...))`` writes; checked on every event, so kept cheap
    try:
        canonical = str(uuid.UUID(value))
    except (ValueError, TypeError, AttributeError):
        raise EnvelopeError(f"{header}: not a UUID: {value!r}") from None
    if canonical != value:
        raise EnvelopeError(f"{header}: UUID not in canonical lower-case form: {value!r}")


def _as_text(name: str, value: str | bytes) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise EnvelopeError(f"{name}: header value is not UTF-8") from None
    return value
