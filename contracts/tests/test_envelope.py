import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from conum_contracts.envelope import (
    SPEC_VERSION,
    Envelope,
    EnvelopeError,
    decode_headers,
    encode_headers,
    new_envelope,
    parse_type,
)

EVENT_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
CAUSE_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
TYPE = "fr.conum.enrolment.conseiller.enrolled.v1"


def make_envelope(**changes: object) -> Envelope:
    attributes: dict[str, object] = {
        "id": EVENT_ID,
        "source": "/FR-NAQ/enrolment",
        "type": TYPE,
        "time": datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC),
        "subject": "6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f",
        "region": "FR-NAQ",
        "dataschema": f"urn:conum:schema:{TYPE}:1",
        "minorversion": 0,
        "correlationid": EVENT_ID,
    }
    attributes.update(changes)
    return Envelope(**attributes)  # type: ignore[arg-type]


def valid_headers() -> dict[str, str]:
    return encode_headers(make_envelope())


def test_encode_produces_binary_mode_headers() -> None:
    headers = encode_headers(make_envelope())

    assert headers == {
        "ce_specversion": "1.0",
        "ce_id": EVENT_ID,
        "ce_source": "/FR-NAQ/enrolment",
        "ce_type": TYPE,
        "ce_time": "2026-03-02T09:30:15.123456Z",
        "ce_subject": "6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f",
        "ce_dataschema": f"urn:conum:schema:{TYPE}:1",
        "ce_region": "FR-NAQ",
        "ce_minorversion": "0",
        "ce_correlationid": EVENT_ID,
        "content-type": "application/json",
    }


def test_optional_attributes_are_encoded_when_set() -> None:
    envelope = make_envelope(
        causationid=CAUSE_ID,
        traceparent="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        tracestate="conum=1",
        deprecation="true",
        sunset="2026-12-31",
    )

    headers = encode_headers(envelope)

    assert headers["ce_causationid"] == CAUSE_ID
    assert headers["traceparent"].startswith("00-4bf92f")
    assert headers["tracestate"] == "conum=1"
    assert headers["deprecation"] == "true"
    assert headers["sunset"] == "2026-12-31"


def test_round_trip_with_every_attribute() -> None:
    envelope = make_envelope(
        causationid=CAUSE_ID,
        traceparent="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        tracestate="conum=1",
        deprecation="true",
        sunset="2026-12-31",
    )

    assert decode_headers(encode_headers(envelope)) == envelope


def test_round_trip_of_a_new_envelope() -> None:
    envelope = new_envelope(
        type=TYPE,
        subject="6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f",
        region="FR-NAQ",
        service="enrolment",
        dataschema=f"urn:conum:schema:{TYPE}:1",
        minorversion=0,
    )

    assert decode_headers(encode_headers(envelope)) == envelope


def test_bytes_header_values_are_accepted() -> None:
    headers = {name: value.encode() for name, value in valid_headers().items()}

    assert decode_headers(headers) == make_envelope()


def test_time_with_offset_is_converted_to_utc() -> None:
    headers = valid_headers() | {"ce_time": "2026-03-02T11:30:15+02:00"}

    decoded = decode_headers(headers)

    assert decoded.time == datetime(2026, 3, 2, 9, 30, 15, tzinfo=UTC)
    assert decoded.time.tzinfo == UTC


@pytest.mark.parametrize(
    "name",
    [
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
    ],
)
def test_missing_required_attribute_is_named(name: str) -> None:
    headers = valid_headers()
    del headers[name]

    with pytest.raises(EnvelopeError, match=f"missing required attribute.*{name}"):
        decode_headers(headers)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ce_specversion", "0.3"),
        ("ce_id", "not-a-uuid"),
        ("ce_id", EVENT_ID.upper()),
        ("ce_time", "yesterday"),
        ("ce_time", "2026-03-02 09:30"),
        ("ce_time", "2026-03-02T09:30:15"),
        ("ce_time", "2026-13-02T09:30:15Z"),
        ("ce_minorversion", "one"),
        ("ce_minorversion", "-1"),
        ("ce_type", "conseiller.enrolled"),
        ("ce_type", "fr.conum.enrolment.conseiller.enrolled"),
        ("ce_type", "fr.conum.enrolment.conseiller.enrolled.v0"),
        ("ce_type", "com.example.enrolment.conseiller.enrolled.v1"),
        ("ce_region", "NAQ"),
        ("ce_source", "enrolment"),
        ("ce_subject", ""),
        ("ce_causationid", "cause"),
        ("content-type", "text/plain"),
    ],
)
def test_malformed_attribute_is_named(name: str, value: str) -> None:
    headers = valid_headers() | {name: value}

    with pytest.raises(EnvelopeError, match=name):
        decode_headers(headers)


def test_non_utf8_header_value_is_named() -> None:
    headers: dict[str, str | bytes] = {**valid_headers(), "ce_subject": b"\xff\xfe"}

    with pytest.raises(EnvelopeError, match="ce_subject"):
        decode_headers(headers)


def test_envelope_refuses_naive_time() -> None:
    with pytest.raises(EnvelopeError, match="ce_time"):
        make_envelope(time=datetime(2026, 3, 2, 9, 30))


def test_encoded_time_is_utc_with_z() -> None:
    paris = timezone(timedelta(hours=1))
    envelope = make_envelope(time=datetime(2026, 3, 2, 10, 30, tzinfo=paris))

    assert encode_headers(envelope)["ce_time"] == "2026-03-02T09:30:00.000000Z"


def test_new_envelope_fills_id_time_source_and_correlation() -> None:
    before = datetime.now(UTC)

    envelope = new_envelope(
        type=TYPE,
        subject="6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f",
        region="FR-NAQ",
        service="enrolment",
        dataschema=f"urn:conum:schema:{TYPE}:1",
        minorversion=0,
    )

    assert uuid.UUID(envelope.id).version == 4
    assert envelope.source == "/FR-NAQ/enrolment"
    assert envelope.correlationid == envelope.id
    assert envelope.causationid is None
    assert before <= envelope.time <= datetime.now(UTC)
    assert envelope.time.tzinfo == UTC


def test_new_envelope_keeps_given_correlation_and_causation() -> None:
    envelope = new_envelope(
        type=TYPE,
        subject="6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f",
        region="national",
        service="modules",
        dataschema=f"urn:conum:schema:{TYPE}:1",
        minorversion=0,
        correlationid="request-42",
        causationid=CAUSE_ID,
    )

    assert envelope.source == "/national/modules"
    assert envelope.correlationid == "request-42"
    assert envelope.causationid == CAUSE_ID


def test_parse_type_splits_family_and_major() -> None:
    assert parse_type("fr.conum.modules.registration.accepted.v12") == (
        "fr.conum.modules.registration.accepted",
        12,
    )


def test_parse_type_refuses_malformed_names() -> None:
    with pytest.raises(EnvelopeError, match="ce_type"):
        parse_type("fr.conum.modules.registration.accepted")


def test_spec_version() -> None:
    assert SPEC_VERSION == "1.0"


def test_empty_or_missing_content_type_is_accepted() -> None:
    headers = valid_headers() | {"content-type": ""}
    assert decode_headers(headers) == make_envelope()

    del headers["content-type"]
    assert decode_headers(headers) == make_envelope()
