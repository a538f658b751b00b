import json
import re
from typing import Any

import pytest
from conum_contracts import (
    ConseillerEnrolledV1,
    ConseillerPerson,
    ConseillerWithdrawnV1,
    EventModel,
    PersonalData,
    TrainingStartedV1,
    parse_tolerant,
)
from conum_contracts.common import DEPARTMENT_PATTERN
from conum_contracts.compat import inline_refs
from conum_contracts.examples import EXAMPLES, example_event, example_payload
from conum_contracts.regions import REGION_NAMES, REGION_OF_DEPARTMENT, region_of_department
from conum_contracts.registry import EVENT_TYPES, event_type
from conum_contracts.schemas import current_schema
from pydantic import ValidationError

ENROLLED = "fr.conum.enrolment.conseiller.enrolled.v1"
PII_FIELD_NAMES = {"first_name", "last_name", "email", "phone", "birth_date", "address"}


def validate(type_name: str, **changes: Any) -> EventModel:
    payload = example_payload(type_name) | changes
    return event_type(type_name).model.model_validate(payload)


@pytest.mark.parametrize("type_name", sorted(EVENT_TYPES))
def test_example_is_valid_for_producers(type_name: str) -> None:
    event = example_event(type_name)

    assert event.model_dump(mode="json") == EXAMPLES[type_name]


def test_producer_models_refuse_unknown_fields() -> None:
    with pytest.raises(ValidationError, match="extra_forbidden"):
        validate("fr.conum.enrolment.conseiller.withdrawn.v1", comment="late")


def test_producer_models_refuse_unknown_nested_fields() -> None:
    payload = example_payload(ENROLLED)
    payload["person"]["phone"] = "0600000000"

    with pytest.raises(ValidationError, match="extra_forbidden"):
        ConseillerEnrolledV1.model_validate(payload)


def test_models_are_frozen() -> None:
    event = example_event("fr.conum.enrolment.conseiller.withdrawn.v1")
    assert isinstance(event, ConseillerWithdrawnV1)

    with pytest.raises(ValidationError, match="frozen"):
        event.reason = "other"  # type: ignore[misc]


def test_nullable_fields_are_required_keys() -> None:
    payload = example_payload("fr.conum.enrolment.conseiller.training_started.v1")
    del payload["cohort_id"]

    with pytest.raises(ValidationError, match="cohort_id"):
        TrainingStartedV1.model_validate(payload)


@pytest.mark.parametrize(
    ("type_name", "changes"),
    [
        ("fr.conum.positioning.test.completed.v1", {"digital_score": 101}),
        ("fr.conum.positioning.test.completed.v1", {"support_score": -1}),
        ("fr.conum.positioning.path.assigned.v1", {"path_hours": 100}),
        ("fr.conum.positioning.path.assigned.v1", {"path_hours": 280}),  # a 2021 path in 2024
        ("fr.conum.positioning.path.assigned.v1", {"alternance_days_per_week": 0}),
        ("fr.conum.enrolment.cohort.formed.v1", {"conseiller_ids": []}),
        ("fr.conum.enrolment.conseiller.attendance_breached.v1", {"attendance_rate": 1.2}),
        ("fr.conum.enrolment.conseiller.attendance_breached.v1", {"attendance_rate": 0.9}),
        ("fr.conum.enrolment.conseiller.enrolled.v1", {"scheme": "2025"}),
        ("fr.conum.enrolment.conseiller.enrolled.v1", {"department": "20"}),
        ("fr.conum.enrolment.conseiller.enrolled.v1", {"department": "979"}),
        ("fr.conum.enrolment.conseiller.enrolled.v1", {"region": "NAQ"}),
        ("fr.conum.enrolment.conseiller.enrolled.v1", {"conseiller_id": "42"}),
        (
            "fr.conum.enrolment.conseiller.enrolled.v1",
            {"conseiller_id": "6F1C8E2A-3B4D-4C5E-9F60-7A8B9C0D1E2F"},
        ),
        (
            "fr.conum.enrolment.conseiller.enrolled.v1",
            {"training_organisation": {"id": "La Fabrik", "name": "La Fabrik"}},
        ),
        ("fr.conum.enrolment.structure.registered.v1", {"siret": "1234"}),
        ("fr.conum.enrolment.conseiller.training_started.v1", {"planned_end_on": "2026-01-01"}),
        ("fr.conum.certification.remn.enrolled.v1", {"hours": 150}),
        ("fr.conum.certification.remn.enrolled.v1", {"weeks": 16}),
        ("fr.conum.certification.pix.result_recorded.v1", {"score": 2000}),
        ("fr.conum.modules.module.published.v1", {"hours": 21}),
        ("fr.conum.modules.module.published.v1", {"hours": 14}),  # prise en main is 7 h
        ("fr.conum.modules.session.scheduled.v1", {"days": []}),
        ("fr.conum.modules.session.scheduled.v1", {"capacity": 0}),
        ("fr.conum.modules.session.evaluated.v1", {"satisfied_overall_pct": 100.5}),
        ("fr.conum.modules.session.evaluated.v1", {"mean_self_rated_ability": 11}),
        ("fr.conum.modules.registration.accepted.v1", {"funding_year": None}),
        ("fr.conum.modules.registration.accepted.v1", {"track": "other"}),
        ("fr.conum.modules.registration.waitlisted.v1", {"position": 0}),
        ("fr.conum.modules.module.completed.v1", {"completed_on": "2026-02-30"}),
    ],
)
def test_value_constraints_are_enforced(type_name: str, changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        validate(type_name, **changes)


def test_cohort_needs_eight_distinct_conseillers() -> None:
    cohort = "fr.conum.enrolment.cohort.formed.v1"
    ids = example_payload(cohort)["conseiller_ids"]

    with pytest.raises(ValidationError, match="at least 8"):
        validate(cohort, conseiller_ids=ids[:7])
    with pytest.raises(ValidationError, match="duplicates"):
        validate(cohort, conseiller_ids=[*ids[:7], ids[0]])


@pytest.mark.parametrize(
    ("type_name", "changes"),
    [
        ("fr.conum.enrolment.conseiller.enrolled.v1", {"department": "2A", "region": "FR-COR"}),
        ("fr.conum.enrolment.conseiller.enrolled.v1", {"department": "974", "region": "FR-LRE"}),
        ("fr.conum.positioning.path.assigned.v1", {"scheme": "2021", "path_hours": 420}),
        ("fr.conum.modules.registration.accepted.v1", {"funded": False, "funding_year": None}),
        ("fr.conum.modules.module.published.v1", {"requires_habilitation": None}),
        (
            "fr.conum.modules.module.published.v1",
            {"kind": "intervenir", "hours": 14, "requires_habilitation": None},
        ),
        ("fr.conum.modules.session.evaluated.v1", {"region": "national"}),
    ],
)
def test_valid_variants_are_accepted(type_name: str, changes: dict[str, Any]) -> None:
    validate(type_name, **changes)


def test_person_schema_is_marked_as_personal_data() -> None:
    schema = inline_refs(current_schema(ConseillerEnrolledV1))

    assert schema["properties"]["person"]["x-personal-data"] is True
    assert issubclass(ConseillerPerson, PersonalData)
    assert ConseillerPerson.model_json_schema()["x-personal-data"] is True


def _personal_field_paths(schema: dict[str, Any], path: str = "$") -> list[str]:
    """Paths of properties whose name suggests personal data outside a marked sub-model."""
    if schema.get("x-personal-data"):
        return []
    found = []
    for name, sub in schema.get("properties", {}).items():
        if name in PII_FIELD_NAMES:
            found.append(f"{path}.{name}")
        found.extend(_personal_field_paths(sub, f"{path}.{name}"))
    if isinstance(schema.get("items"), dict):
        found.extend(_personal_field_paths(schema["items"], f"{path}[]"))
    for branch in schema.get("anyOf", []):
        found.extend(_personal_field_paths(branch, path))
    return found


@pytest.mark.parametrize("type_name", sorted(EVENT_TYPES))
def test_personal_data_only_in_marked_sub_models(type_name: str) -> None:
    schema = inline_refs(current_schema(event_type(type_name).model))

    assert _personal_field_paths(schema) == []


def test_only_the_enrolment_carries_personal_data() -> None:
    def has_personal_data(model: type[EventModel]) -> bool:
        return '"x-personal-data": true' in json.dumps(current_schema(model))

    carriers = [name for name, t in EVENT_TYPES.items() if has_personal_data(t.model)]

    assert carriers == [ENROLLED]


def test_tolerant_parsing_ignores_unknown_fields_at_every_level() -> None:
    payload = example_payload(ENROLLED) | {"added_later": {"anything": 1}}
    payload["person"]["phone"] = "0600000000"
    payload["training_organisation"]["siret"] = "00000000000000"

    event = parse_tolerant(ConseillerEnrolledV1, payload)

    assert event == example_event(ENROLLED)


def test_tolerant_parsing_still_validates_declared_fields() -> None:
    payload = example_payload(ENROLLED)
    payload["person"]["email"] = "nowhere"

    with pytest.raises(ValidationError, match=r"person\.email"):
        parse_tolerant(ConseillerEnrolledV1, payload)


def test_every_department_code_maps_to_a_known_region() -> None:
    assert len(REGION_OF_DEPARTMENT) == 96 + 5 + 6
    assert set(REGION_OF_DEPARTMENT.values()) == set(REGION_NAMES)
    assert region_of_department("40") == "FR-NAQ"
    assert region_of_department("2B") == "FR-20R"
    assert region_of_department("976") == "FR-MAY"
    assert region_of_department("988") == "FR-COM"


def test_every_region_and_department_code_is_accepted_by_the_models() -> None:
    for department, region in REGION_OF_DEPARTMENT.items():
        validate("fr.conum.enrolment.conseiller.enrolled.v3", department=department, region=region)


def test_department_pattern_accepts_exactly_the_mapped_codes() -> None:
    candidates = [f"{n:02d}" for n in range(100)] + ["2A", "2B"] + [str(n) for n in range(970, 990)]

    accepted = {code for code in candidates if re.match(DEPARTMENT_PATTERN, code)}

    assert accepted == set(REGION_OF_DEPARTMENT)
