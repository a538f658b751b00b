import dataclasses

import pytest
from conum_contracts import ConseillerEnrolledV1, EventModel
from conum_contracts.examples import EXAMPLES
from conum_contracts.registry import (
    EVENT_TYPES,
    EventType,
    UnknownEventType,
    dead_letter_topic,
    event_type,
    for_model,
    is_known_family,
    known_majors,
    topics_of,
)
from conum_contracts.schemas import revisions

# The names as first published, written out by hand (not read from the catalogue that
# docs/design/events.md is generated from): type → (topic, key).
CATALOGUE = {
    "fr.conum.enrolment.structure.registered.v1": ("conum.enrolment.structure", "structure_id"),
    "fr.conum.enrolment.structure.habilitation_requested.v1": (
        "conum.enrolment.structure",
        "structure_id",
    ),
    "fr.conum.enrolment.structure.habilitation_granted.v1": (
        "conum.enrolment.structure",
        "structure_id",
    ),
    "fr.conum.enrolment.conseiller.enrolled.v1": ("conum.enrolment.conseiller", "conseiller_id"),
    "fr.conum.enrolment.conseiller.enrolled.v2": ("conum.enrolment.conseiller", "conseiller_id"),
    "fr.conum.enrolment.conseiller.withdrawn.v1": ("conum.enrolment.conseiller", "conseiller_id"),
    "fr.conum.enrolment.conseiller.training_started.v1": (
        "conum.enrolment.conseiller",
        "conseiller_id",
    ),
    "fr.conum.enrolment.conseiller.attendance_breached.v1": (
        "conum.enrolment.conseiller",
        "conseiller_id",
    ),
    "fr.conum.enrolment.conseiller.training_completed.v1": (
        "conum.enrolment.conseiller",
        "conseiller_id",
    ),
    "fr.conum.enrolment.cohort.formed.v1": ("conum.enrolment.cohort", "cohort_id"),
    "fr.conum.enrolment.cohort.referent_designated.v1": ("conum.enrolment.cohort", "cohort_id"),
    "fr.conum.positioning.test.scheduled.v1": ("conum.positioning.conseiller", "conseiller_id"),
    "fr.conum.positioning.test.completed.v1": ("conum.positioning.conseiller", "conseiller_id"),
    "fr.conum.positioning.path.assigned.v1": ("conum.positioning.conseiller", "conseiller_id"),
    "fr.conum.certification.ccp1.convened.v1": ("conum.certification.conseiller", "conseiller_id"),
    "fr.conum.certification.ccp1.passed.v1": ("conum.certification.conseiller", "conseiller_id"),
    "fr.conum.certification.ccp1.failed.v1": ("conum.certification.conseiller", "conseiller_id"),
    "fr.conum.certification.pix.result_recorded.v1": (
        "conum.certification.conseiller",
        "conseiller_id",
    ),
    "fr.conum.certification.conseiller.double_certified.v1": (
        "conum.certification.conseiller",
        "conseiller_id",
    ),
    "fr.conum.certification.remn.enrolled.v1": ("conum.certification.conseiller", "conseiller_id"),
    "fr.conum.modules.module.published.v1": ("conum.modules.catalogue", "module_id"),
    "fr.conum.modules.module.withdrawn.v1": ("conum.modules.catalogue", "module_id"),
    "fr.conum.modules.session.scheduled.v1": ("conum.modules.session", "session_id"),
    "fr.conum.modules.session.cancelled.v1": ("conum.modules.session", "session_id"),
    "fr.conum.modules.session.evaluated.v1": ("conum.modules.session", "session_id"),
    "fr.conum.modules.registration.accepted.v1": ("conum.modules.registration", "conseiller_id"),
    "fr.conum.modules.registration.waitlisted.v1": ("conum.modules.registration", "conseiller_id"),
    "fr.conum.modules.registration.cancelled.v1": ("conum.modules.registration", "conseiller_id"),
    "fr.conum.modules.module.completed.v1": ("conum.modules.registration", "conseiller_id"),
    # the majors carrying Corsica as FR-20R (decision 0024): their predecessors' topic and key
    "fr.conum.enrolment.structure.registered.v2": ("conum.enrolment.structure", "structure_id"),
    "fr.conum.enrolment.conseiller.enrolled.v3": ("conum.enrolment.conseiller", "conseiller_id"),
    "fr.conum.enrolment.cohort.formed.v2": ("conum.enrolment.cohort", "cohort_id"),
    "fr.conum.positioning.path.assigned.v2": ("conum.positioning.conseiller", "conseiller_id"),
    "fr.conum.certification.ccp1.convened.v2": ("conum.certification.conseiller", "conseiller_id"),
    "fr.conum.certification.conseiller.double_certified.v2": (
        "conum.certification.conseiller",
        "conseiller_id",
    ),
    "fr.conum.certification.remn.enrolled.v2": ("conum.certification.conseiller", "conseiller_id"),
    "fr.conum.modules.session.scheduled.v2": ("conum.modules.session", "session_id"),
    "fr.conum.modules.session.evaluated.v2": ("conum.modules.session", "session_id"),
    "fr.conum.modules.registration.accepted.v2": ("conum.modules.registration", "conseiller_id"),
    "fr.conum.modules.module.completed.v2": ("conum.modules.registration", "conseiller_id"),
}


def test_registry_holds_exactly_the_catalogue() -> None:
    assert set(EVENT_TYPES) == set(CATALOGUE)


@pytest.mark.parametrize("type_name", sorted(CATALOGUE))
def test_topic_and_key_follow_the_catalogue(type_name: str) -> None:
    declared = event_type(type_name)

    assert (declared.topic, declared.key_field) == CATALOGUE[type_name]
    assert declared.owner == type_name.split(".")[2]


@pytest.mark.parametrize("type_name", sorted(CATALOGUE))
def test_every_type_has_an_example_and_a_snapshot(type_name: str) -> None:
    declared = event_type(type_name)

    assert declared.key_field in EXAMPLES[type_name]
    assert revisions(type_name) == list(range(1, declared.revision + 1))


def test_model_names_carry_the_major_version() -> None:
    for declared in EVENT_TYPES.values():
        assert declared.model.__name__.endswith(f"V{declared.major}")


def test_spot_check_of_versions_and_schema_uri() -> None:
    enrolled = event_type("fr.conum.enrolment.conseiller.enrolled.v1")

    assert enrolled.model is ConseillerEnrolledV1
    assert enrolled.family == "fr.conum.enrolment.conseiller.enrolled"
    assert enrolled.major == 1
    assert enrolled.minorversion == 1  # revision 2 added the enrolment id
    assert enrolled.dataschema == "urn:conum:schema:fr.conum.enrolment.conseiller.enrolled.v1:2"


def test_minor_version_counts_revisions_after_the_first() -> None:
    enrolled = event_type("fr.conum.enrolment.conseiller.enrolled.v1")
    third = dataclasses.replace(enrolled, revision=3)

    assert third.minorversion == 2
    assert third.dataschema.endswith(":3")


def test_lookup_by_model() -> None:
    assert for_model(ConseillerEnrolledV1).name == "fr.conum.enrolment.conseiller.enrolled.v1"

    class NotRegistered(EventModel):
        pass

    with pytest.raises(UnknownEventType):
        for_model(NotRegistered)


def test_unknown_name_raises_unknown_event_type() -> None:
    with pytest.raises(UnknownEventType, match=r"fr\.conum\.nope"):
        event_type("fr.conum.nope.thing.happened.v1")
    assert isinstance(UnknownEventType("x"), LookupError)


def test_topics_of_a_service() -> None:
    assert topics_of("modules") == [
        "conum.modules.catalogue",
        "conum.modules.registration",
        "conum.modules.session",
    ]
    assert topics_of("positioning") == ["conum.positioning.conseiller"]
    assert topics_of("national") == []


def test_known_families() -> None:
    assert is_known_family("fr.conum.enrolment.conseiller.enrolled")
    assert is_known_family("fr.conum.enrolment.conseiller.enrolled.v9")
    assert not is_known_family("fr.conum.enrolment.conseiller.promoted.v1")
    assert known_majors("fr.conum.enrolment.conseiller.enrolled.v9") == [1, 2, 3]


def test_dead_letter_topic() -> None:
    assert dead_letter_topic("modules") == "conum.dlq.modules"


def test_event_type_declarations_are_checked() -> None:
    with pytest.raises(ValueError, match="key field"):
        EventType(
            name="fr.conum.enrolment.conseiller.enrolled.v1",
            model=ConseillerEnrolledV1,
            topic="conum.enrolment.conseiller",
            key_field="nope",
            owner="enrolment",
            description="",
        )
    with pytest.raises(ValueError, match="topic"):
        EventType(
            name="fr.conum.enrolment.conseiller.enrolled.v1",
            model=ConseillerEnrolledV1,
            topic="conum.modules.conseiller.v1",
            key_field="conseiller_id",
            owner="enrolment",
            description="",
        )
