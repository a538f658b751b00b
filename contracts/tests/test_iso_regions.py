"""Corsica's region code: FR-COR in the first majors, FR-20R (ISO 3166-2) in their successors."""

from __future__ import annotations

import json

import pytest
from conum_contracts import registry
from conum_contracts.catalogue import ISO_REGION_SUCCESSIONS
from conum_contracts.decoding import decode_event
from conum_contracts.errors import ContractViolation
from conum_contracts.event_type import EventType
from conum_contracts.examples import example_payload
from conum_contracts.upcasting import downcast

SUCCESSIONS = [pytest.param(p, s, id=s.name) for p, s in ISO_REGION_SUCCESSIONS]


def corsican(type_name: str, region: str) -> dict[str, object]:
    payload = example_payload(type_name)
    payload["region"] = region
    if "department" in payload:
        payload["department"] = "2B"
    return payload


def test_every_family_that_carries_a_region_has_a_successor_with_iso_codes() -> None:
    with_region = {
        declared.family
        for declared in registry.EVENT_TYPES.values()
        if "region" in declared.model.model_fields
    }
    assert {successor.family for _, successor in ISO_REGION_SUCCESSIONS} == with_region
    for previous, successor in ISO_REGION_SUCCESSIONS:
        assert successor.major == previous.major + 1
        assert max(registry.known_majors(successor.family)) == successor.major
        assert (successor.topic, successor.key_field, successor.owner) == (
            previous.topic,
            previous.key_field,
            previous.owner,
        )


@pytest.mark.parametrize(("previous", "successor"), SUCCESSIONS)
def test_the_successor_accepts_fr_20r_and_refuses_nothing_else_new(
    previous: EventType, successor: EventType
) -> None:
    assert successor.model.model_validate(corsican(successor.name, "FR-20R")).region == "FR-20R"
    with pytest.raises(ValueError, match="region"):
        previous.model.model_validate(corsican(previous.name, "FR-20R"))
    with pytest.raises(ValueError, match="region"):
        successor.model.model_validate(corsican(successor.name, "FR-2A0"))


@pytest.mark.parametrize(("previous", "successor"), SUCCESSIONS)
def test_a_replayed_previous_major_reaches_consumers_with_fr_20r(
    previous: EventType, successor: EventType
) -> None:
    decoded = decode_event(previous.name, json.dumps(corsican(previous.name, "FR-COR")).encode())

    assert type(decoded) is registry.event_type(f"{successor.family}.v{successor.major}").model
    assert decoded.region == "FR-20R"


@pytest.mark.parametrize(("previous", "successor"), SUCCESSIONS)
def test_the_downcast_previous_major_carries_fr_cor_and_validates(
    previous: EventType, successor: EventType
) -> None:
    payload = corsican(successor.name, "FR-20R")

    downcast_to = downcast(successor.name, payload)

    assert downcast_to is not None
    previous_type, previous_payload = downcast_to
    assert previous_type == previous.name
    assert previous_payload == {**payload, "region": "FR-COR"}
    assert payload["region"] == "FR-20R"  # the input is left alone
    previous.model.model_validate(previous_payload)


def test_other_regions_keep_their_code_both_ways() -> None:
    name = "fr.conum.modules.session.scheduled.v2"
    payload = example_payload(name) | {"region": "FR-NAQ"}
    assert downcast(name, payload) == ("fr.conum.modules.session.scheduled.v1", payload)


def test_an_unknown_region_in_a_replay_is_still_a_contract_violation() -> None:
    name = "fr.conum.modules.session.scheduled.v1"
    with pytest.raises(ContractViolation, match="region"):
        decode_event(name, json.dumps(example_payload(name) | {"region": "Corse"}).encode())
