"""Randomized journeys: a Hypothesis state machine whose rules are the acts of the network's
users, done over HTTP on the real services (real Kafka between them), each answer checked
against :mod:`.model`, and, once the network is quiet after each act, every service's view of
every conseiller compared with the model and with the reconciliation's rules.

The services run on the test's event loop; Hypothesis runs this machine in a worker thread
and each act is handed to the loop (:class:`Driver`). The network is shared by the examples:
each example has its own people and structures and, at its end, withdraws the enrolments it
left open (so that no 2021 conseiller waits for a cohort into the next example).

Extending it: a rule per act (draw its inputs, call the service, check the answer with the
model's :class:`~.model.Expect`, then :meth:`Journeys.settle`); the model's views grow with
the new service's view, compared in :meth:`Journeys.views_agree_with_the_model`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from conum_enrolment.testing import valid_siret
from conum_operations.reconciliation import (
    CertificationSide,
    EnrolmentSide,
    NationalSide,
    PositioningSide,
    compare,
)
from conum_runtime.consumer import Outcome
from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule

from ..network import NATIONAL, ORGANISATION, STRUCTURE
from . import views
from .acting import (
    REASONS,
    SCORES,
    SIRETS,
    Driver,
    indexes,
    people,
)
from .certifying import Certifying
from .model import Expect, Model, Person

__all__ = ["Driver", "Journeys", "Step", "replay"]


class Journeys(Certifying):
    """The machine: every act of the network's users, and what must hold after each."""

    # --- enrolment ----------------------------------------------------------------------

    @precondition(lambda self: len(self.model.structures) < 4)
    @rule()
    def register_structure(self) -> None:
        body = {
            "siret": valid_siret(next(SIRETS) * 7919 + self.example),
            "name": "Structure",
            "kind": "association",
            "department": "40",
        }
        created = self.check(
            self.http("enrolment", "POST", "/structures", STRUCTURE, json=body), Expect(201)
        )
        self.model.structures.append(created["structure_id"])

    @rule(person=people, structure=indexes, scheme=st.sampled_from(("2021", "2024")))
    def enrol(self, person: int, structure: int, scheme: str) -> None:
        self._enrol(self.model.people[person], structure, scheme)
        self.settle()

    @precondition(lambda self: any(p.conseiller_id is None for p in self.model.people))
    @rule(person=people, structure=indexes, scheme=st.sampled_from(("2021", "2024")))
    def enrol_someone_new(self, person: int, structure: int, scheme: str) -> None:
        newcomers = [p for p in self.model.people if p.conseiller_id is None]
        self._enrol(newcomers[person % len(newcomers)], structure, scheme)
        self.settle()

    def _enrol(self, someone: Person, structure: int, scheme: str) -> None:
        structure_id = self.model.structures[structure % len(self.model.structures)]
        body = {
            "structure_id": structure_id,
            "scheme": scheme,
            "employment": "recruited",
            "person": {"first_name": "Camille", "last_name": "Durand", "email": someone.email},
        }
        expected = self.model.enrol(someone, structure_id, scheme)
        answer = self.check(
            self.http("enrolment", "POST", "/enrolments", STRUCTURE, json=body), expected
        )
        if expected.status == 201:
            if someone.conseiller_id is not None:
                assert answer["conseiller_id"] == someone.conseiller_id  # the same person
            earlier = someone.positioning.earlier if someone.positioning else []
            assert answer["enrolment_id"] not in earlier  # a new enrolment, a new id
            self.model.enrolled(
                someone, answer["conseiller_id"], answer["enrolment_id"], structure_id, scheme
            )

    @precondition(lambda self: self.has_enrolled())
    @rule(person=people, reason=st.sampled_from(REASONS))
    def withdraw(self, person: int, reason: str) -> None:
        self._withdraw(self.enrolled(person), reason)
        self.settle()

    def _withdraw(self, someone: Person, reason: str) -> None:
        expected = self.model.withdraw(someone, reason)
        body = {"reason": reason, "detail": "no personal details here"}
        path = f"/enrolments/{someone.conseiller_id}/withdrawal"
        self.check(self.http("enrolment", "POST", path, NATIONAL, json=body), expected)

    @precondition(lambda self: self.has_enrolled())
    @rule(
        person=people,
        structure=indexes,
        scheme=st.sampled_from(("2021", "2024")),
        reason=st.sampled_from(REASONS),
    )
    def withdraw_and_enrol_again_at_once(
        self, person: int, structure: int, scheme: str, reason: str
    ) -> None:
        """The issue's case: withdrawn and enrolled again (perhaps by another structure) the
        same day, before the events of the withdrawal have travelled."""
        someone = self.enrolled(person)
        self._withdraw(someone, reason)
        self._enrol(someone, structure, scheme)
        self.settle()

    @precondition(lambda self: self.has_enrolled())
    @rule(person=people, days_ago=st.integers(0, 6), present=st.booleans())
    def record_attendance(self, person: int, days_ago: int, present: bool) -> None:
        someone = self.enrolled(person)
        day = self.model.today - timedelta(days=days_ago)
        expected = self.model.attend(someone, day, present)
        path = f"/enrolments/{someone.conseiller_id}/attendance/{day.isoformat()}"
        self.check(
            self.http("enrolment", "PUT", path, ORGANISATION, json={"present": present}), expected
        )
        self.settle()

    @rule(days=st.sampled_from((1, 3, 7, 14)))
    def time_passes(self, days: int) -> None:
        self.set_today(self.model.today + timedelta(days=days))

    # --- positioning --------------------------------------------------------------------

    @precondition(lambda self: self.has_enrolled())
    @rule(person=people, scores=st.sampled_from(SCORES))
    def record_positioning_result(self, person: int, scores: tuple[int, int]) -> None:
        self._record(self.enrolled(person), scores)
        self.settle()

    def _record(self, someone: Person, scores: tuple[int, int]) -> None:
        expected = self.model.record_result(someone, *scores)
        body = {"digital_score": scores[0], "support_score": scores[1], "interview_note": "ok"}
        path = f"/positionings/{someone.conseiller_id}/result"
        self.check(self.http("positioning", "POST", path, ORGANISATION, json=body), expected)

    @precondition(lambda self: self.has_enrolled())
    @rule(person=people)
    def reopen_positioning(self, person: int) -> None:
        self._reopen(self.enrolled(person))
        self.settle()

    def _reopen(self, someone: Person) -> None:
        expected = self.model.reopen(someone)
        path = f"/positionings/{someone.conseiller_id}/reopenings"
        body = {"reason": "scores swapped"}
        self.check(self.http("positioning", "POST", path, ORGANISATION, json=body), expected)

    @precondition(lambda self: self.has_enrolled())
    @rule(person=people, scores=st.sampled_from(SCORES))
    def reopen_and_record_again_at_once(self, person: int, scores: tuple[int, int]) -> None:
        someone = self.enrolled(person)
        self._reopen(someone)
        self._record(someone, scores)
        self.settle()

    @precondition(lambda self: self.has_enrolled())
    @rule(person=people)
    def open_inquiry(self, person: int) -> None:
        someone = self.enrolled(person)
        expected = self.model.open_inquiry(someone, None)
        body = {"opened_by": "learner", "question": "Why this path?"}
        path = f"/positionings/{someone.conseiller_id}/inquiries"
        answer = self.check(self.http("positioning", "POST", path, STRUCTURE, json=body), expected)
        if expected.status == 201:
            self.model.open_inquiry(someone, answer["inquiry_id"])

    @precondition(lambda self: any(p.inquiries for p in self.model.people))
    @rule(person=people, which=indexes)
    def answer_inquiry(self, person: int, which: int) -> None:
        asked = [p for p in self.model.people if p.inquiries]
        someone = asked[person % len(asked)]
        number = which % len(someone.inquiries)
        inquiry_id = someone.inquiries[number][0]
        expected = self.model.answer_inquiry(someone, number)
        path = f"/positionings/{someone.conseiller_id}/inquiries/{inquiry_id}/answer"
        body = {"answer": "The rubric in force."}
        self.check(self.http("positioning", "POST", path, ORGANISATION, json=body), expected)

    # --- what must hold -----------------------------------------------------------------

    @invariant()
    def views_agree_with_the_model(self) -> None:
        """Every service's view of every conseiller is the model's; the reconciliation's
        rules find exactly the disagreements the model expects; no event was dead-lettered
        (a consumer that fails on an event leaves its service behind the others)."""
        for name, app in self.driver.net.apps.items():
            outcomes = app.state.host.outcomes
            assert outcomes[Outcome.DEAD_LETTERED] == 0, f"{name} dead-lettered events"
        for someone in self.model.people:
            if someone.conseiller_id is None:
                continue
            cid = someone.conseiller_id
            enrolment = self.check(
                self.http("enrolment", "GET", f"/enrolments/{cid}", NATIONAL), Expect(200)
            )
            attendance = self.check(
                self.http("enrolment", "GET", f"/enrolments/{cid}/attendance", NATIONAL),
                Expect(200),
            )
            positioning = self.check(
                self.http("positioning", "GET", f"/positionings/{cid}", NATIONAL), Expect(200)
            )
            certification = self.check(
                self.http("certification", "GET", f"/conseillers/{cid}/certification", NATIONAL),
                Expect(200),
            )
            national = self.check(
                self.http("national", "GET", f"/national/conseillers/{cid}", NATIONAL),
                Expect(200),
            )
            cases = (
                ("enrolment", views.enrolment_answer(enrolment, attendance), views.enrolment_view),
                ("positioning", views.positioning_answer(positioning), views.positioning_view),
                (
                    "certification",
                    views.certification_answer(certification),
                    views.certification_view,
                ),
                ("national", views.national_answer(national), views.national_view),
            )
            for service, answer, view in cases:
                agree(service, someone, answer, view(someone))
            found = compare(
                EnrolmentSide.of(enrolment),
                PositioningSide.of(positioning),
                CertificationSide.of(certification),
                NationalSide.of(national),
            )
            assert {d.rule for d in found} == Model.expected_disagreements(someone), found

    def teardown(self) -> None:
        """Leave no enrolment open for the next example; record what the reconciliation of
        the whole network must find at the end."""
        for someone in self.model.people:
            if someone.enrolment is not None and someone.enrolment.is_open:
                self._withdraw(someone, "other")
        self.settle()
        for someone in self.model.people:
            if someone.conseiller_id is not None:
                self.driver.expected[someone.conseiller_id] = Model.expected_disagreements(someone)


def agree(service: str, someone: Person, answer: dict[str, Any], expected: dict[str, Any]) -> None:
    """The service's view of ``someone`` is the model's; else say where they differ."""
    if answer != expected:
        differ = {
            k: (answer.get(k), expected.get(k))
            for k in expected
            if answer.get(k) != expected.get(k)
        }
        raise AssertionError(
            f"{service} disagrees with the model on person {someone.index} "
            f"({someone.conseiller_id}): (service, model) {differ}"
        )


Step = tuple[str, dict[str, Any]]


def replay(driver: Driver, steps: list[Step]) -> None:
    """Run ``steps`` (a rule's name and its arguments, as Hypothesis prints a failing
    journey) on a fresh machine, checking the invariant after each, then its teardown: how a
    shrunk failing journey is kept as a regular test (``test_journeys_found.py``)."""
    machine = type("Journeys", (Journeys,), {"driver": driver})()
    machine.views_agree_with_the_model()
    for name, arguments in steps:
        getattr(machine, name)(**arguments)
        machine.views_agree_with_the_model()
    machine.teardown()
