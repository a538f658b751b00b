import json
from collections.abc import Iterator
from typing import Any, Literal

import pytest
from conum_contracts import ConseillerEnrolledV2, EventModel, registry
from conum_contracts.decoding import decode_event, encode_event
from conum_contracts.errors import ContractViolation, UnknownEventType, UnsupportedMajorVersion
from conum_contracts.event_type import EventType
from conum_contracts.examples import example_event, example_payload
from conum_contracts.registry import EVENT_TYPES
from conum_contracts.upcasting import register_upcaster, unregister_upcaster, upcast
from pydantic import Field

ENROLLED_V1 = "fr.conum.enrolment.conseiller.enrolled.v1"
ENROLLED = "fr.conum.enrolment.conseiller.enrolled.v3"
WITHDRAWN_V1 = "fr.conum.enrolment.conseiller.withdrawn.v1"
WITHDRAWN_V2 = "fr.conum.enrolment.conseiller.withdrawn.v2"


def as_bytes(payload: Any) -> bytes:
    return json.dumps(payload).encode()


@pytest.mark.parametrize("type_name", sorted(EVENT_TYPES))
def test_every_example_round_trips(type_name: str) -> None:
    model = EVENT_TYPES[type_name].model
    event = model.model_validate(example_payload(type_name))

    decoded = decode_event(type_name, encode_event(event))

    newest, _ = upcast(type_name, example_payload(type_name))
    assert type(decoded) is EVENT_TYPES[newest].model  # old majors reach consumers as newest
    if newest == type_name:
        assert decoded == event


def test_enrolled_v1_is_upcast_to_v2_without_its_clear_person() -> None:
    v1 = example_payload(ENROLLED_V1)

    decoded = decode_event(ENROLLED_V1, as_bytes(v1))

    assert isinstance(decoded, ConseillerEnrolledV2)  # v3 is a v2 with Corsica's ISO code
    assert decoded.sealed_person is None
    assert decoded.model_dump(mode="json", exclude={"sealed_person"}) == {
        key: value for key, value in v1.items() if key != "person"
    }
    assert b"Camille" not in decoded.model_dump_json().encode()
    assert upcast(ENROLLED_V1, v1)[0] == ENROLLED


def test_encoding_is_compact_json() -> None:
    encoded = encode_event(example_event(WITHDRAWN_V1))

    assert b" " not in encoded.replace(b"moved to another region", b"")
    assert json.loads(encoded) == example_payload(WITHDRAWN_V1)


@pytest.mark.parametrize("payload", [b"{not json", b"", b"\xff\xfe", b'{"x": NaN}'])
def test_not_json_is_a_contract_violation(payload: bytes) -> None:
    with pytest.raises(ContractViolation, match=r"^payload is not JSON: ") as raised:
        decode_event(ENROLLED, payload)
    assert raised.value.reason.startswith("payload is not JSON: ")


def test_json_that_is_not_an_object_is_a_contract_violation() -> None:
    with pytest.raises(ContractViolation, match="not a JSON object"):
        decode_event(ENROLLED, b"[1, 2]")


def test_unknown_major_of_a_known_family() -> None:
    with pytest.raises(UnsupportedMajorVersion, match="v1") as raised:
        decode_event("fr.conum.enrolment.conseiller.enrolled.v9", as_bytes({}))

    assert "fr.conum.enrolment.conseiller.enrolled.v9" in str(raised.value)
    assert isinstance(raised.value, ContractViolation)


@pytest.mark.parametrize(
    "type_name", ["fr.conum.enrolment.conseiller.promoted.v1", "something-else"]
)
def test_entirely_unknown_type(type_name: str) -> None:
    with pytest.raises(UnknownEventType):
        decode_event(type_name, as_bytes({}))


def test_missing_field_is_reported_by_location() -> None:
    payload = example_payload(ENROLLED)
    del payload["sealed_person"]["nonce"]

    with pytest.raises(ContractViolation, match=r"sealed_person\.nonce: Field required") as raised:
        decode_event(ENROLLED, as_bytes(payload))
    assert raised.value.type_name == ENROLLED


@pytest.mark.parametrize(
    ("location", "value"),
    [
        ("sealed_person.nonce", "not base64!"),
        ("sealed_person.key_id", 1234567),
        ("sealed_person.ciphertext", ""),
        ("scheme", "2025"),
        ("enrolled_on", "2026-02-30"),
        ("remote", "maybe-remote"),
        ("conseiller_id", "Camille-Durand"),
    ],
)
def test_violation_names_the_field_but_never_the_value(location: str, value: Any) -> None:
    payload = example_payload(ENROLLED)
    *parents, leaf = location.split(".")
    target = payload
    for parent in parents:
        target = target[parent]
    target[leaf] = value

    with pytest.raises(ContractViolation) as raised:
        decode_event(ENROLLED, as_bytes(payload))

    reason = raised.value.reason
    assert f"{location}: " in reason
    if str(value):
        assert str(value) not in reason
        assert str(value) not in str(raised.value)
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__


def test_unknown_fields_are_ignored_by_consumers() -> None:
    payload = example_payload(ENROLLED) | {"cohort_hint": "spring"}
    payload["sealed_person"]["padding"] = "none"
    payload["training_organisation"]["city"] = "Lyon"

    decoded = decode_event(ENROLLED, as_bytes(payload))

    assert decoded == example_event(ENROLLED)
    assert isinstance(decoded, ConseillerEnrolledV2)


def test_unknown_fields_in_list_items_are_ignored() -> None:
    scheduled = "fr.conum.modules.session.scheduled.v2"
    payload = example_payload(scheduled)
    payload["days"][0]["room"] = "B12"

    assert decode_event(scheduled, as_bytes(payload)) == example_event(scheduled)


class ConseillerWithdrawnV2(EventModel):
    """Test-only second major: the free-text reason became a code."""

    conseiller_id: str
    reason_code: Literal["left_structure", "other"] = Field(description="Why.")
    withdrawn_on: str


@pytest.fixture
def withdrawn_v2(monkeypatch: pytest.MonkeyPatch) -> Iterator[EventType]:
    declared = EventType(
        name=WITHDRAWN_V2,
        model=ConseillerWithdrawnV2,
        topic="conum.enrolment.conseiller",
        key_field="conseiller_id",
        owner="enrolment",
        description="Test only.",
    )
    monkeypatch.setattr(registry, "EVENT_TYPES", {**EVENT_TYPES, WITHDRAWN_V2: declared})

    def v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
        reason = payload.pop("reason")
        return payload | {"reason_code": reason if reason == "left_structure" else "other"}

    register_upcaster(WITHDRAWN_V1, WITHDRAWN_V2, v1_to_v2)
    yield declared
    unregister_upcaster(WITHDRAWN_V1)


def test_old_major_payload_is_upcast(withdrawn_v2: EventType) -> None:
    decoded = decode_event(WITHDRAWN_V1, encode_event(example_event(WITHDRAWN_V1)))

    assert decoded == ConseillerWithdrawnV2(
        conseiller_id=example_payload(WITHDRAWN_V1)["conseiller_id"],
        reason_code="left_structure",
        withdrawn_on="2026-05-29",
    )


def test_unknown_major_message_lists_every_known_major(withdrawn_v2: EventType) -> None:
    with pytest.raises(UnsupportedMajorVersion, match="v1, v2"):
        decode_event("fr.conum.enrolment.conseiller.withdrawn.v3", as_bytes({}))


def test_upcast_does_not_mutate_the_input(withdrawn_v2: EventType) -> None:
    payload = example_payload(WITHDRAWN_V1)

    type_name, upcast_payload = upcast(WITHDRAWN_V1, payload)

    assert type_name == WITHDRAWN_V2
    assert "reason_code" in upcast_payload
    assert payload == example_payload(WITHDRAWN_V1)


def test_upcasters_are_unregistered_after_the_test() -> None:
    assert upcast(WITHDRAWN_V1, {"a": 1}) == (WITHDRAWN_V1, {"a": 1})


def test_upcasters_must_go_to_a_higher_major_of_the_same_family() -> None:
    with pytest.raises(ValueError, match="higher major"):
        register_upcaster(WITHDRAWN_V1, WITHDRAWN_V1, dict)
    with pytest.raises(ValueError, match="higher major"):
        register_upcaster(WITHDRAWN_V1, "fr.conum.enrolment.conseiller.enrolled.v2", dict)


def test_upcasters_chain_across_majors() -> None:
    v3 = "fr.conum.enrolment.conseiller.withdrawn.v3"
    register_upcaster(WITHDRAWN_V1, WITHDRAWN_V2, lambda p: p | {"step": 2})
    register_upcaster(WITHDRAWN_V2, v3, lambda p: p | {"step": 3})
    try:
        assert upcast(WITHDRAWN_V1, {}) == (v3, {"step": 3})
        with pytest.raises(ValueError, match="already registered"):
            register_upcaster(WITHDRAWN_V1, v3, dict)
    finally:
        unregister_upcaster(WITHDRAWN_V1)
        unregister_upcaster(WITHDRAWN_V2)


def test_a_failing_upcaster_is_a_contract_violation() -> None:
    def needs_reason(payload: dict[str, Any]) -> dict[str, Any]:
        return payload | {"reason_code": payload["reason"]}

    register_upcaster(WITHDRAWN_V1, WITHDRAWN_V2, needs_reason)
    try:
        with pytest.raises(ContractViolation, match=r"upcasting failed \(KeyError\)"):
            decode_event(WITHDRAWN_V1, b"{}")
    finally:
        unregister_upcaster(WITHDRAWN_V1)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_non_json_number_in_a_declared_field_is_a_violation(constant: str) -> None:
    evaluated = "fr.conum.modules.session.evaluated.v1"
    text = json.dumps(example_payload(evaluated) | {"mean_self_rated_ability": 0.5})
    payload = text.replace("0.5", constant).encode()

    with pytest.raises(ContractViolation, match=r"not JSON|mean_self_rated_ability"):
        decode_event(evaluated, payload)
