"""A model of the rules, in plain Python: what each service answers to each act of a user,
and what each service then holds of every conseiller, once the network is quiet.

Written from docs/design/domain.md and the decision records, not from the services' code (the
rubric, the calendar and the refusals are restated here), so that a service that drifts from the
rules disagrees with the model. One class per service's view of a person
(:class:`~.people.Enrolment`, :class:`~.people.Round`, :class:`~.people.Certification`);
:class:`Model` applies each act and its consequences across the services (what the events
carry).

Extending it (the modules service, the national view): add the view of a person to
:class:`~.people.Person`, a ``view`` function comparing it with the service's answer
(:mod:`.views`), and a method of :class:`Model` per act, which the state machine's rule
calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from .people import (
    ATTENDANCE_THRESHOLD,
    COHORT_LEAD_DAYS,
    COHORT_MIN_SIZE,
    COHORT_WEEKS,
    CREATED,
    FRIDAY,
    HOURS_PER_DAY,
    OK,
    TRAINING_DAYS_PER_WEEK,
    Certification,
    Convocation,
    Enrolment,
    Expect,
    Person,
    Round,
    Session,
    monday_on_or_after,
    path_for,
    planned_end,
)

__all__ = ["COHORT_MIN_SIZE", "HOURS_PER_DAY", "Expect", "Model", "Person", "Session"]


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
