"""A model of the rules, in plain Python: what each service answers to each act of a user,
and what each service then holds of every conseiller, once the network is quiet.

Written from docs/design/domain.md and the decision records, not from the services' code (the
rubric, the calendar and the refusals are restated here), so that a service that drifts from the
rules disagrees with the model. One class per service's view of a person
(:class:`Enrolment`, :class:`Round`, :class:`Certification`); :class:`Model` applies each
act and its consequences across the services (what the events carry).

Extending it (the modules service, the national view): add the view of a person to
:class:`Person`, a ``view`` function comparing it with the service's answer, and a method
of :class:`Model` per act, which the state machine's rule calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

MONDAY, FRIDAY = 0, 4
HOURS_PER_DAY = 35.0
"""A training day's hours in the journeys (a policy of the enrolment service): small paths
complete within a journey."""
COHORT_MIN_SIZE = 8
"""Conseillers waiting for a 2021 cohort to form (8 in the sources, the floor of the policy
and of the contract). With 5 people per journey no cohort forms: cohort formation is
tested in ``test_cohort_formation.py``."""
ATTENDANCE_THRESHOLD = 0.8
TEST_DELAY_DAYS = 7
COHORT_WEEKS = 16
COHORT_LEAD_DAYS = 7
TRAINING_DAYS_PER_WEEK = 4  # one day a week of alternance on every path (R-TRN-01)


# --- the rules restated ----------------------------------------------------------------


def path_for(scheme: str, digital: int, support: int) -> tuple[int, int]:
    """Rubric v1 (decision 0011): (hours, weeks)."""
    low, high = min(digital, support), max(digital, support)
    if scheme == "2024":
        if low >= 70:
            return 70, 5
        return (175, 10) if low >= 40 else (315, 15)
    if low >= 70:
        return 105, 16
    if low >= 40:
        return (280, 16) if high >= 55 else (350, 16)
    return 420, 16


def monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(MONDAY - day.weekday()) % 7)


def planned_end(starts_on: date, weeks: int) -> date:
    """The last weekday of the last week."""
    end = starts_on + timedelta(weeks=weeks, days=-1)
    while end.weekday() > FRIDAY:
        end -= timedelta(days=1)
    return end


@dataclass(frozen=True)
class Expect:
    """The HTTP status an act is answered with, and the refusal's code."""

    status: int
    code: str | None = None


OK, CREATED = Expect(200), Expect(201)


# --- what each service holds of a person -------------------------------------------------


@dataclass
class Enrolment:
    """The enrolment service's current enrolment of the person."""

    enrolment_id: str
    structure_id: str
    scheme: str
    enrolled_on: date
    state: str = "enrolled"
    path: tuple[int, int] | None = None
    path_assigned_on: date | None = None
    cohort: int | None = None
    starts_on: date | None = None
    planned_end_on: date | None = None
    completed_on: date | None = None
    withdrawn_on: date | None = None
    withdrawal_reason: str | None = None
    days: dict[date, bool] = field(default_factory=dict)
    breached: bool = False

    @property
    def is_open(self) -> bool:
        return self.state not in ("completed", "withdrawn")


@dataclass
class Round:
    """The positioning's round of the person's current enrolment."""

    enrolment_id: str
    enrolled_on: date
    structure_id: str
    scheme: str
    state: str = "scheduled"
    current: int | None = None
    assigned: int | None = None
    earlier: list[str] = field(default_factory=list)


@dataclass
class Convocation:
    session: str
    exam_on: date
    result: str | None = None
    decided_on: date | None = None


@dataclass
class Certification:
    """The certification service's record: training facts of the current enrolment, and the
    person's certifications."""

    enrolment_id: str
    enrolled_on: date
    path_hours: int | None = None
    starts_on: date | None = None
    planned_end_on: date | None = None
    completed_on: date | None = None
    withdrawn_on: date | None = None
    convocations: list[Convocation] = field(default_factory=list)
    pix: dict[date, bool] = field(default_factory=dict)
    double: tuple[date, date] | None = None

    @property
    def training(self) -> str:
        if self.withdrawn_on is not None:
            return "withdrawn"
        if self.completed_on is not None:
            return "completed"
        return "in_training" if self.starts_on is not None else "enrolled"

    @property
    def ccp1(self) -> str:
        results = [c.result for c in self.convocations]
        if "passed" in results:
            return "passed"
        if None in results:
            return "convened"
        return "failed" if results else "not_convened"


@dataclass
class Person:
    index: int
    email: str
    conseiller_id: str | None = None
    enrolment: Enrolment | None = None
    positioning: Round | None = None
    results: int = 0
    inquiries: list[tuple[str, bool]] = field(default_factory=list)
    certification: Certification | None = None
    enrolments: int = 0


@dataclass
class Session:
    exam_session_id: str
    exam_on: date


# --- the acts --------------------------------------------------------------------------


class Model:
    """What the network should hold after each act, once quiet."""

    def __init__(self, today: date, people: Iterable[Person]) -> None:
        self.today = today
        self.people = list(people)
        self.structures: list[str] = []
        self.sessions: list[Session] = []

    # enrolment -------------------------------------------------------------------------

    def enrol(self, person: Person, structure_id: str, scheme: str) -> Expect:
        if person.enrolment is not None and person.enrolment.is_open:
            return Expect(409, "already_in_open_training")
        return CREATED

    def enrolled(
        self, person: Person, conseiller_id: str, enrolment_id: str, structure_id: str, scheme: str
    ) -> None:
        """The enrolment was accepted with these ids: every service starts it afresh."""
        person.conseiller_id = conseiller_id
        person.enrolments += 1
        person.enrolment = Enrolment(enrolment_id, structure_id, scheme, self.today)
        earlier = []
        if person.positioning is not None:
            earlier = [*person.positioning.earlier, person.positioning.enrolment_id]
        person.positioning = Round(enrolment_id, self.today, structure_id, scheme, earlier=earlier)
        kept = person.certification
        person.certification = Certification(enrolment_id, self.today)
        if kept is not None:  # certifications are the person's (decision 0016)
            person.certification.convocations = kept.convocations
            person.certification.pix = kept.pix
            person.certification.double = kept.double

    def withdraw(self, person: Person, reason: str) -> Expect:
        enrolment = person.enrolment
        if enrolment is None:
            return Expect(404, "unknown_enrolment")
        if not enrolment.is_open:
            return Expect(409, "enrolment_closed")
        enrolment.state, enrolment.withdrawn_on = "withdrawn", self.today
        enrolment.withdrawal_reason = reason
        assert person.positioning is not None and person.certification is not None
        person.positioning.state = "closed"
        person.certification.withdrawn_on = self.today
        return OK

    def attend(self, person: Person, day: date, present: bool) -> Expect:
        enrolment = person.enrolment
        if enrolment is None:
            return Expect(404, "unknown_enrolment")
        if enrolment.state != "in_training" or enrolment.path is None:
            return Expect(409, "not_in_training")
        assert enrolment.starts_on is not None and enrolment.planned_end_on is not None
        if day > self.today or not enrolment.starts_on <= day <= enrolment.planned_end_on:
            return Expect(422, "not_a_training_day")
        if day.weekday() > FRIDAY:
            return Expect(422, "not_a_training_day")
        week = day.isocalendar()[:2]
        taken = sum(1 for d in enrolment.days if d != day and d.isocalendar()[:2] == week)
        if taken >= TRAINING_DAYS_PER_WEEK:
            return Expect(422, "alternance_day_taken")
        enrolment.days[day] = present
        present_days = sum(enrolment.days.values())
        enrolment.breached = present_days / len(enrolment.days) < ATTENDANCE_THRESHOLD
        if present_days * HOURS_PER_DAY >= enrolment.path[0]:
            enrolment.state, enrolment.completed_on = "completed", day
            assert person.certification is not None
            person.certification.completed_on = day
        return OK

    # positioning -----------------------------------------------------------------------

    def record_result(self, person: Person, digital: int, support: int) -> Expect:
        positioning = person.positioning
        if positioning is None:
            return Expect(404, "unknown_positioning")
        if positioning.state == "closed":
            return Expect(409, "positioning_closed")
        if positioning.state == "completed":
            return Expect(409, "result_already_recorded")
        hours, weeks = path_for(positioning.scheme, digital, support)
        positioning.state, positioning.current, positioning.assigned = "completed", hours, hours
        person.results += 1
        self._path_assigned(person, hours, weeks)
        return CREATED

    def reopen(self, person: Person) -> Expect:
        positioning = person.positioning
        if positioning is None:
            return Expect(404, "unknown_positioning")
        if positioning.state == "closed":
            return Expect(409, "positioning_closed")
        if positioning.state != "completed":
            return Expect(409, "no_result_to_reopen")
        positioning.state, positioning.current = "reopened", None
        return CREATED

    def open_inquiry(self, person: Person, inquiry_id: str | None) -> Expect:
        positioning = person.positioning
        if positioning is None:
            return Expect(404, "unknown_positioning")
        if positioning.current is None:
            return Expect(409, "no_result_to_question")
        if inquiry_id is not None:
            person.inquiries.append((inquiry_id, False))
        return CREATED

    def answer_inquiry(self, person: Person, number: int) -> Expect:
        inquiry_id, answered = person.inquiries[number]
        if answered:
            return Expect(409, "inquiry_already_answered")
        person.inquiries[number] = (inquiry_id, True)
        return OK

    def _path_assigned(self, person: Person, hours: int, weeks: int) -> None:
        """``path.assigned`` of the current enrolment: certification takes the latest path;
        enrolment follows it while the training can (decision 0016)."""
        assert person.certification is not None and person.enrolment is not None
        person.certification.path_hours = hours
        enrolment = person.enrolment
        if self.path_set_aside(enrolment, hours, weeks) is not None:
            return
        enrolment.path, enrolment.path_assigned_on = (hours, weeks), self.today
        if enrolment.state == "withdrawn":
            return
        if enrolment.scheme == "2021":
            enrolment.state = "awaiting_cohort"
            self._form_cohort(hours)
            return
        starts_on = enrolment.starts_on or monday_on_or_after(self.today + timedelta(days=1))
        self._start(person, starts_on, planned_end(starts_on, weeks))

    @staticmethod
    def path_set_aside(enrolment: Enrolment, hours: int, weeks: int) -> str | None:
        """A withdrawn enrolment answers as just before its withdrawal (it records the path,
        nothing starts): the order of a path and a withdrawal does not matter."""
        if enrolment.state == "completed":
            return "enrolment_completed"
        if enrolment.path == (hours, weeks):
            return "same_path"
        if enrolment.state in ("in_training", "withdrawn"):
            if enrolment.cohort is not None:
                return "in_cohort"
            if enrolment.days:
                return "training_under_way"
        return None

    def _form_cohort(self, hours: int) -> None:
        waiting = [
            p
            for p in self.people
            if p.enrolment is not None
            and p.enrolment.state == "awaiting_cohort"
            and p.enrolment.path is not None
            and p.enrolment.path[0] == hours
        ]
        if len(waiting) < COHORT_MIN_SIZE:
            return
        starts_on = monday_on_or_after(self.today + timedelta(days=COHORT_LEAD_DAYS))
        for member in waiting:
            assert member.enrolment is not None
            member.enrolment.cohort = hours
            self._start(member, starts_on, planned_end(starts_on, COHORT_WEEKS))

    @staticmethod
    def _start(person: Person, starts_on: date, ends_on: date) -> None:
        assert person.enrolment is not None and person.certification is not None
        person.enrolment.state = "in_training"
        person.enrolment.starts_on, person.enrolment.planned_end_on = starts_on, ends_on
        person.certification.starts_on = starts_on
        person.certification.planned_end_on = ends_on

    # certification ---------------------------------------------------------------------

    def convene(self, person: Person, session: Session) -> Expect:
        record = person.certification
        if record is None:
            return Expect(404, "unknown_conseiller")
        if record.path_hours is None:
            return Expect(422, "path_missing")
        if record.withdrawn_on is not None:
            return Expect(422, "conseiller_withdrawn")
        if record.starts_on is None:
            return Expect(422, "training_not_started")
        if session.exam_on < record.starts_on:
            return Expect(422, "exam_before_training_start")
        past = record.convocations
        if any(c.session == session.exam_session_id for c in past):
            return Expect(409, "already_convened")
        if any(c.result == "passed" for c in past):
            return Expect(409, "ccp1_already_passed")
        if any(c.result is None for c in past):
            return Expect(409, "convocation_pending")
        if any(session.exam_on <= c.exam_on for c in past):
            return Expect(422, "retake_must_be_later")
        past.append(Convocation(session.exam_session_id, session.exam_on))
        return CREATED

    def ccp1(self, person: Person, session: Session, passed: bool, decided_on: date) -> Expect:
        record = person.certification
        convocation = next(
            (
                c
                for c in (record.convocations if record else [])
                if c.session == session.exam_session_id
            ),
            None,
        )
        if convocation is None:
            return Expect(409, "convocation_missing")
        if convocation.result is not None:
            return Expect(409, "result_already_recorded")
        if decided_on < convocation.exam_on:
            return Expect(422, "decided_before_exam")
        convocation.result, convocation.decided_on = ("passed" if passed else "failed"), decided_on
        self._certify_if_double(person)
        return CREATED

    def pix(self, person: Person, certified: bool, recorded_on: date) -> Expect:
        record = person.certification
        if record is None:
            return Expect(404, "unknown_conseiller")
        if recorded_on in record.pix:
            return Expect(409, "pix_result_already_recorded")
        record.pix[recorded_on] = certified
        self._certify_if_double(person)
        return CREATED

    @staticmethod
    def _certify_if_double(person: Person) -> None:
        record = person.certification
        assert record is not None
        passed = [
            c.decided_on for c in record.convocations if c.result == "passed" and c.decided_on
        ]
        certified = [day for day, ok in record.pix.items() if ok]
        if record.double is None and passed and certified:
            record.double = (min(passed), min(certified))

    # what the reconciliation must report ----------------------------------------------

    @staticmethod
    def expected_disagreements(person: Person) -> set[str]:
        """A path set aside by enrolment (a cohort's, a training under way, a completed
        one) while positioning and certification took the newer one: operators settle it."""
        enrolment, positioning = person.enrolment, person.positioning
        if enrolment is None or positioning is None:
            return set()
        hours = enrolment.path[0] if enrolment.path else None
        return {"path_hours"} if hours != positioning.assigned else set()


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
