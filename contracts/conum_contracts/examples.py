"""One valid, realistic payload per event type, for tests of every service.

Use :func:`example_payload` (a fresh deep copy) or :func:`example_event` (the model).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .base import EventModel
from .catalogue import ISO_REGION_SUCCESSIONS
from .registry import event_type

ENROLMENT_ID = "3c9e6f1a-7b2d-4e8f-a1c5-9d0b2e4f6a8c"
STRUCTURE_ID = "0b7e4c2d-9a1f-4e3b-8c5d-6f7a8b9c0d1e"
CONSEILLER_ID = "6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f"
COHORT_ID = "c4a7e1f2-5b3d-4a6c-8e9f-0a1b2c3d4e5f"
EXAM_SESSION_ID = "e2d4f6a8-1b3c-4d5e-9f7a-8b9c0d1e2f3a"
MODULE_ID = "9d8c7b6a-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
SESSION_ID = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
REGISTRATION_ID = "7e8f9a0b-1c2d-4e3f-a4b5-c6d7e8f9a0b1"
COHORT_CONSEILLER_IDS = (
    CONSEILLER_ID,
    "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
    "3c4d5e6f-7a8b-4c9d-ae1f-2a3b4c5d6e7f",
    "4d5e6f7a-8b9c-4dae-bf2a-3b4c5d6e7f8a",
    "5e6f7a8b-9cad-4ebf-8a3b-4c5d6e7f8a9b",
    "6f7a8b9c-adbe-4fca-9b4c-5d6e7f8a9bac",
    "7a8b9cad-becf-4adb-ac5d-6e7f8a9bacbd",
)

_LA_FABRIK = {"id": "la-fabrik", "name": "La Fabrik de la Médiation Numérique"}
_AFPA = {"id": "afpa", "name": "Afpa"}
_ENSC = {"id": "ensc", "name": "Espace Numérique Sud-Charente"}

_EXAMPLES: dict[str, dict[str, Any]] = {
    # enrolment
    "fr.conum.enrolment.structure.registered.v1": {
        "structure_id": STRUCTURE_ID,
        "siret": "21400192000017",
        "name": "Mairie de Mont-de-Marsan",
        "kind": "collectivite",
        "department": "40",
        "region": "FR-NAQ",
    },
    "fr.conum.enrolment.structure.habilitation_requested.v1": {
        "structure_id": STRUCTURE_ID,
        "scheme": "aidants_connect",
    },
    "fr.conum.enrolment.structure.habilitation_granted.v1": {
        "structure_id": STRUCTURE_ID,
        "scheme": "aidants_connect",
        "granted_on": "2026-02-16",
    },
    "fr.conum.enrolment.conseiller.enrolled.v1": {
        "conseiller_id": CONSEILLER_ID,
        "structure_id": STRUCTURE_ID,
        "department": "40",
        "region": "FR-NAQ",
        "scheme": "2024",
        "training_organisation": _LA_FABRIK,
        "employment": "recruited",
        "remote": False,
        "enrolled_on": "2026-03-02",
        "person": {
            "first_name": "Camille",
            "last_name": "Durand",
            "email": "camille.durand@example.org",
        },
        "enrolment_id": ENROLMENT_ID,
    },
    "fr.conum.enrolment.conseiller.enrolled.v2": {
        "conseiller_id": CONSEILLER_ID,
        "structure_id": STRUCTURE_ID,
        "department": "40",
        "region": "FR-NAQ",
        "scheme": "2024",
        "training_organisation": _LA_FABRIK,
        "employment": "recruited",
        "remote": False,
        "enrolled_on": "2026-03-02",
        "sealed_person": {
            "algorithm": "AES-256-GCM",
            "key_id": "8a1d3f5e-2c4b-4e6d-9f8a-1b2c3d4e5f60",
            "nonce": "AAECAwQFBgcICQoL",
            "ciphertext": "c2VhbGVkIHBlcnNvbiwgbm90IGEgcmVhbCBvbmU=",
        },
        "enrolment_id": ENROLMENT_ID,
    },
    "fr.conum.enrolment.conseiller.withdrawn.v1": {
        "conseiller_id": CONSEILLER_ID,
        "reason": "left_structure",
        "withdrawn_on": "2026-05-29",
        "enrolment_id": ENROLMENT_ID,
        "reason_code": "left_structure",
        "reason_detail": "moved to another region",
    },
    "fr.conum.enrolment.conseiller.training_started.v1": {
        "conseiller_id": CONSEILLER_ID,
        "cohort_id": None,
        "starts_on": "2026-04-06",
        "planned_end_on": "2026-06-12",
        "enrolment_id": ENROLMENT_ID,
    },
    "fr.conum.enrolment.conseiller.attendance_breached.v1": {
        "conseiller_id": CONSEILLER_ID,
        "attendance_rate": 0.75,
        "days_elapsed": 12,
        "threshold": 0.8,
        "enrolment_id": ENROLMENT_ID,
    },
    "fr.conum.enrolment.conseiller.training_completed.v1": {
        "conseiller_id": CONSEILLER_ID,
        "hours_attended": 168.0,
        "completed_on": "2026-06-12",
        "enrolment_id": ENROLMENT_ID,
    },
    "fr.conum.enrolment.cohort.formed.v1": {
        "cohort_id": COHORT_ID,
        "training_organisation": _AFPA,
        "region": "FR-NAQ",
        "path_hours": 280,
        "starts_on": "2026-01-12",
        "ends_on": "2026-04-30",
        "conseiller_ids": list(COHORT_CONSEILLER_IDS),
    },
    "fr.conum.enrolment.cohort.referent_designated.v1": {
        "cohort_id": COHORT_ID,
        "conseiller_id": CONSEILLER_ID,
    },
    # positioning
    "fr.conum.positioning.test.scheduled.v1": {
        "conseiller_id": CONSEILLER_ID,
        "test_on": "2026-03-10",
        "interview_on": "2026-03-11",
        "enrolment_id": ENROLMENT_ID,
    },
    "fr.conum.positioning.test.completed.v1": {
        "conseiller_id": CONSEILLER_ID,
        "digital_score": 62,
        "support_score": 55,
        "interview_note": "favourable",
        "rubric_version": "v1",
        "enrolment_id": ENROLMENT_ID,
    },
    "fr.conum.positioning.path.assigned.v1": {
        "conseiller_id": CONSEILLER_ID,
        "region": "FR-NAQ",
        "scheme": "2024",
        "path_hours": 175,
        "weeks": 10,
        "alternance_days_per_week": 1,
        "rubric_version": "v1",
        "assigned_on": "2026-03-12",
        "enrolment_id": ENROLMENT_ID,
    },
    # certification
    "fr.conum.certification.ccp1.convened.v1": {
        "conseiller_id": CONSEILLER_ID,
        "region": "FR-NAQ",
        "exam_session_id": EXAM_SESSION_ID,
        "exam_on": "2026-06-18",
        "certifier": "Afpa",
    },
    "fr.conum.certification.ccp1.passed.v1": {
        "conseiller_id": CONSEILLER_ID,
        "exam_session_id": EXAM_SESSION_ID,
        "decided_on": "2026-06-25",
    },
    "fr.conum.certification.ccp1.failed.v1": {
        "conseiller_id": CONSEILLER_ID,
        "exam_session_id": EXAM_SESSION_ID,
        "decided_on": "2026-06-25",
    },
    "fr.conum.certification.pix.result_recorded.v1": {
        "conseiller_id": CONSEILLER_ID,
        "score": 512,
        "certified": True,
        "recorded_on": "2026-06-05",
    },
    "fr.conum.certification.conseiller.double_certified.v1": {
        "conseiller_id": CONSEILLER_ID,
        "region": "FR-NAQ",
        "ccp1_passed_on": "2026-06-25",
        "pix_certified_on": "2026-06-05",
    },
    "fr.conum.certification.remn.enrolled.v1": {
        "conseiller_id": CONSEILLER_ID,
        "region": "FR-NAQ",
        "department": "16",
        "organisation": _ENSC,
        "hours": 140,
        "weeks": 17,
        "starts_on": "2026-09-07",
    },
    # modules
    "fr.conum.modules.module.published.v1": {
        "module_id": MODULE_ID,
        "title": "Prise en main d'Aidants Connect",
        "kind": "prise_en_main",
        "hours": 7,
        "requires_habilitation": "aidants_connect",
    },
    "fr.conum.modules.module.withdrawn.v1": {"module_id": MODULE_ID},
    "fr.conum.modules.session.scheduled.v1": {
        "session_id": SESSION_ID,
        "module_id": MODULE_ID,
        "region": "FR-NAQ",
        "hub": "hubikoop",
        "days": [{"on": "2026-09-15", "mode": "in_person"}],
        "capacity": 12,
        "place": "Bordeaux",
    },
    "fr.conum.modules.session.cancelled.v1": {
        "session_id": SESSION_ID,
        "reason": "trainer_unavailable",
    },
    "fr.conum.modules.session.evaluated.v1": {
        "session_id": SESSION_ID,
        "region": "FR-NAQ",
        "responses": 11,
        "satisfied_resources_pct": 92.1,
        "satisfied_overall_pct": 82.4,
        "mean_self_rated_ability": 7.7,
    },
    "fr.conum.modules.registration.accepted.v1": {
        "registration_id": REGISTRATION_ID,
        "conseiller_id": CONSEILLER_ID,
        "session_id": SESSION_ID,
        "module_id": MODULE_ID,
        "region": "FR-NAQ",
        "track": "continuing",
        "funded": True,
        "funding_year": 2026,
    },
    "fr.conum.modules.registration.waitlisted.v1": {
        "registration_id": REGISTRATION_ID,
        "conseiller_id": CONSEILLER_ID,
        "session_id": SESSION_ID,
        "position": 3,
    },
    "fr.conum.modules.registration.cancelled.v1": {
        "registration_id": REGISTRATION_ID,
        "conseiller_id": CONSEILLER_ID,
        "session_id": SESSION_ID,
    },
    "fr.conum.modules.module.completed.v1": {
        "registration_id": REGISTRATION_ID,
        "conseiller_id": CONSEILLER_ID,
        "module_id": MODULE_ID,
        "region": "FR-NAQ",
        "track": "continuing",
        "hours": 7,
        "completed_on": "2026-09-15",
    },
}

for _previous, _successor in ISO_REGION_SUCCESSIONS:  # the same facts, in Corsica's new code
    _EXAMPLES[_successor.name] = {**_EXAMPLES[_previous.name], "region": "FR-20R"}
    if "department" in _EXAMPLES[_previous.name]:
        _EXAMPLES[_successor.name]["department"] = "2A"

EXAMPLES: Mapping[str, Mapping[str, Any]] = MappingProxyType(_EXAMPLES)
"""Example payload of every event type, by type name (read-only; copy before changing)."""


def example_payload(type_name: str) -> dict[str, Any]:
    """A fresh copy of the example payload of ``type_name``, safe to modify."""
    return copy.deepcopy(_EXAMPLES[type_name])


def example_event(type_name: str) -> EventModel:
    """The example of ``type_name`` as its model."""
    return event_type(type_name).model.model_validate(_EXAMPLES[type_name])
