"""What each service should answer of a person, from the model, and each service's answer
reduced to what the model knows (the state machine compares the two)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from .people import TEST_DELAY_DAYS, Person

# --- what each service should answer of a person ----------------------------------------


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def enrolment_view(person: Person) -> dict[str, Any]:
    e = person.enrolment
    assert e is not None
    return {
        "enrolment_id": e.enrolment_id,
        "state": e.state,
        "scheme": e.scheme,
        "structure_id": e.structure_id,
        "enrolled_on": _day(e.enrolled_on),
        "path_hours": e.path[0] if e.path else None,
        "in_cohort": e.cohort is not None,
        "starts_on": _day(e.starts_on),
        "planned_end_on": _day(e.planned_end_on),
        "completed_on": _day(e.completed_on),
        "withdrawn_on": _day(e.withdrawn_on),
        "withdrawal_reason": e.withdrawal_reason,
        "attendance_breached": e.breached,
        "days_recorded": len(e.days),
        "days_present": sum(e.days.values()),
    }


def enrolment_answer(answer: dict[str, Any], attendance: dict[str, Any]) -> dict[str, Any]:
    path = answer["path"]
    return {
        "enrolment_id": answer["enrolment_id"],
        "state": answer["state"],
        "scheme": answer["scheme"],
        "structure_id": answer["structure_id"],
        "enrolled_on": answer["enrolled_on"],
        "path_hours": path["hours"] if path else None,
        "in_cohort": answer["cohort_id"] is not None,
        "starts_on": answer["starts_on"],
        "planned_end_on": answer["planned_end_on"],
        "completed_on": answer["completed_on"],
        "withdrawn_on": answer["withdrawn_on"],
        "withdrawal_reason": answer["withdrawal_reason"],
        "attendance_breached": answer["attendance_breached"],
        "days_recorded": attendance["days_elapsed"],
        "days_present": attendance["days_present"],
    }


def positioning_view(person: Person) -> dict[str, Any]:
    p = person.positioning
    assert p is not None
    return {
        "enrolment_id": p.enrolment_id,
        "earlier_enrolment_ids": p.earlier,
        "state": p.state,
        "structure_id": p.structure_id,
        "enrolled_on": _day(p.enrolled_on),
        "test_on": _day(p.enrolled_on + timedelta(days=TEST_DELAY_DAYS)),
        "current_path_hours": p.current,
        "assigned_path_hours": p.assigned,
        "results": person.results,
        "inquiries": sorted(person.inquiries),
    }


def positioning_answer(answer: dict[str, Any]) -> dict[str, Any]:
    return {
        "enrolment_id": answer["enrolment_id"],
        "earlier_enrolment_ids": answer["earlier_enrolment_ids"],
        "state": answer["state"],
        "structure_id": answer["structure_id"],
        "enrolled_on": answer["enrolled_on"],
        "test_on": answer["test_on"],
        "current_path_hours": answer["result"]["path_hours"] if answer["result"] else None,
        "assigned_path_hours": answer["assigned_path_hours"],
        "results": len(answer["results"]),
        "inquiries": sorted(
            ((i["inquiry_id"], i["answer"] is not None) for i in answer["inquiries"]),
        ),
    }


def certification_view(person: Person) -> dict[str, Any]:
    c = person.certification
    assert c is not None
    return {
        "enrolment_id": c.enrolment_id,
        "training": c.training,
        "path_hours": c.path_hours,
        "enrolled_on": _day(c.enrolled_on),
        "training_starts_on": _day(c.starts_on),
        "training_planned_end_on": _day(c.planned_end_on),
        "training_completed_on": _day(c.completed_on),
        "withdrawn_on": _day(c.withdrawn_on),
        "ccp1": c.ccp1,
        "convocations": sorted((v.session, v.result) for v in c.convocations),
        "pix": sorted((_day(day), ok) for day, ok in c.pix.items()),
        "double_certification": None
        if c.double is None
        else {"ccp1_passed_on": _day(c.double[0]), "pix_certified_on": _day(c.double[1])},
    }


def certification_answer(answer: dict[str, Any]) -> dict[str, Any]:
    return {
        "enrolment_id": answer["enrolment_id"],
        "training": answer["training"],
        "path_hours": answer["path_hours"],
        "enrolled_on": answer["enrolled_on"],
        "training_starts_on": answer["training_starts_on"],
        "training_planned_end_on": answer["training_planned_end_on"],
        "training_completed_on": answer["training_completed_on"],
        "withdrawn_on": answer["withdrawn_on"],
        "ccp1": answer["ccp1"],
        "convocations": sorted((c["exam_session_id"], c["result"]) for c in answer["convocations"]),
        "pix": sorted((p["recorded_on"], p["certified"]) for p in answer["pix_results"]),
        "double_certification": answer["double_certification"],
    }


def national_view(person: Person) -> dict[str, Any]:
    """The national view's current journey of the person: the current enrolment, counted
    once more for each re-enrolment (decisions 0016 and 0018)."""
    e = person.enrolment
    assert e is not None
    return {
        "enrolment_id": e.enrolment_id,
        "enrolments": person.enrolments,
        "structure_id": e.structure_id,
        "scheme": e.scheme,
        "enrolled_on": _day(e.enrolled_on),
        "withdrawn_on": _day(e.withdrawn_on),
        "withdrawal_reason": e.withdrawal_reason,
        "training_completed_on": _day(e.completed_on),
    }


def national_answer(answer: dict[str, Any]) -> dict[str, Any]:
    return {name: answer[name] for name in NATIONAL_FIELDS}


NATIONAL_FIELDS = (
    "enrolment_id",
    "enrolments",
    "structure_id",
    "scheme",
    "enrolled_on",
    "withdrawn_on",
    "withdrawal_reason",
    "training_completed_on",
)
