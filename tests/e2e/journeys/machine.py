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

import asyncio
import itertools
import uuid
from collections import Counter
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, ClassVar, TypeVar

import httpx
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
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ..network import CERTIFIER, NATIONAL, ORGANISATION, STRUCTURE, Network
from . import model
from .model import Expect, Model, Person, Session

T = TypeVar("T")

START = date(2026, 3, 2)  # a Monday
PEOPLE = 5
SCORES = ((80, 80), (50, 60), (45, 45), (20, 30))
REASONS = ("left_structure", "contract_ended", "health", "other")
EXAMPLES = itertools.count(1)
_SIRETS = itertools.count(10_000)


@dataclass
class Driver:
    """The network, and the loop it runs on, for a machine running in another thread."""

    net: Network
    loop: asyncio.AbstractEventLoop
    expected: dict[str, set[str]]
    """Every conseiller's expected disagreements so far, across examples."""
    acts: Counter[str] = field(default_factory=Counter)
    """How many acts of each kind were answered with each status."""

    def run(self, work: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout)


people = st.integers(0, PEOPLE - 1)
indexes = st.integers(0, 7)


class Journeys(RuleBasedStateMachine):
    driver: ClassVar[Driver]

    def __init__(self) -> None:
        super().__init__()
        self.example = next(EXAMPLES)
        self.driver.net.clock.today = START
        tag = uuid.uuid4().hex[:8]
        self.model = Model(START, [Person(i, f"p{i}.{tag}@example.org") for i in range(PEOPLE)])
        self.stranger = str(uuid.uuid4())
        for _ in range(2):
            self.register_structure()

    # --- plumbing -----------------------------------------------------------------------

    def http(
        self, service: str, method: str, path: str, headers: dict[str, str], **kwargs: Any
    ) -> httpx.Response:
        client: httpx.AsyncClient = getattr(self.driver.net, service)
        answer = self.driver.run(client.request(method, path, headers=headers, **kwargs))
        if method != "GET":
            self.driver.acts[f"{method} {_route(path)} {answer.status_code}"] += 1
        return answer

    def settle(self) -> None:
        """Wait until the events of the last act have travelled everywhere."""
        self.driver.run(self.driver.net.quiet())

    @staticmethod
    def check(answer: httpx.Response, expected: Expect) -> Any:
        body = answer.json()
        code = body.get("code") if isinstance(body, dict) else None
        seen = (answer.status_code, code if answer.status_code >= 400 else None)
        assert seen == (expected.status, expected.code), answer.text
        return body

    def enrolled(self, index: int) -> Person:
        """A person enrolled at least once (``index`` modulo them)."""
        known = [p for p in self.model.people if p.conseiller_id is not None]
        return known[index % len(known)]

    def has_enrolled(self) -> bool:
        return any(p.conseiller_id for p in self.model.people)

    def has_sessions(self) -> bool:
        return bool(self.model.sessions) and self.has_enrolled()

    def set_today(self, day: date) -> None:
        self.model.today = day
        self.driver.net.clock.today = day

    # --- enrolment ----------------------------------------------------------------------

    @precondition(lambda self: len(self.model.structures) < 4)
    @rule()
    def register_structure(self) -> None:
        body = {
            "siret": valid_siret(next(_SIRETS) * 7919 + self.example),
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

    @precondition(has_enrolled)
    @rule(person=people, reason=st.sampled_from(REASONS))
    def withdraw(self, person: int, reason: str) -> None:
        self._withdraw(self.enrolled(person), reason)
        self.settle()

    def _withdraw(self, someone: Person, reason: str) -> None:
        expected = self.model.withdraw(someone, reason)
        body = {"reason": reason, "detail": "no personal details here"}
        path = f"/enrolments/{someone.conseiller_id}/withdrawal"
        self.check(self.http("enrolment", "POST", path, NATIONAL, json=body), expected)

    @precondition(has_enrolled)
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

    @precondition(has_enrolled)
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

    @precondition(has_enrolled)
    @rule(person=people, scores=st.sampled_from(SCORES))
    def record_positioning_result(self, person: int, scores: tuple[int, int]) -> None:
        self._record(self.enrolled(person), scores)
        self.settle()

    def _record(self, someone: Person, scores: tuple[int, int]) -> None:
        expected = self.model.record_result(someone, *scores)
        body = {"digital_score": scores[0], "support_score": scores[1], "interview_note": "ok"}
        path = f"/positionings/{someone.conseiller_id}/result"
        self.check(self.http("positioning", "POST", path, ORGANISATION, json=body), expected)

    @precondition(has_enrolled)
    @rule(person=people)
    def reopen_positioning(self, person: int) -> None:
        self._reopen(self.enrolled(person))
        self.settle()

    def _reopen(self, someone: Person) -> None:
        expected = self.model.reopen(someone)
        path = f"/positionings/{someone.conseiller_id}/reopenings"
        body = {"reason": "scores swapped"}
        self.check(self.http("positioning", "POST", path, ORGANISATION, json=body), expected)

    @precondition(has_enrolled)
    @rule(person=people, scores=st.sampled_from(SCORES))
    def reopen_and_record_again_at_once(self, person: int, scores: tuple[int, int]) -> None:
        someone = self.enrolled(person)
        self._reopen(someone)
        self._record(someone, scores)
        self.settle()

    @precondition(has_enrolled)
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

    # --- certification ------------------------------------------------------------------

    @precondition(lambda self: len(self.model.sessions) < 4 and self.has_enrolled())
    @rule(weeks=st.sampled_from((0, 2, 12, 20)))
    def open_exam_session(self, weeks: int) -> None:
        exam_on = self.model.today + timedelta(weeks=weeks, days=1)
        body = {"exam_on": exam_on.isoformat(), "region": "FR-NAQ", "certifier": "afpa"}
        created = self.check(
            self.http("certification", "POST", "/exam-sessions", CERTIFIER, json=body),
            Expect(201),
        )
        self.model.sessions.append(Session(created["exam_session_id"], exam_on))

    @precondition(has_sessions)
    @rule(person=people, session=indexes)
    def convene(self, person: int, session: int) -> None:
        someone = self.enrolled(person)
        held = self.model.sessions[session % len(self.model.sessions)]
        expected = self.model.convene(someone, held)
        path = f"/exam-sessions/{held.exam_session_id}/convocations"
        body = {"conseiller_id": someone.conseiller_id}
        self.check(self.http("certification", "POST", path, CERTIFIER, json=body), expected)
        self.settle()

    @precondition(has_sessions)
    @rule(
        person=people, session=indexes, passed=st.booleans(), days_after=st.sampled_from((-1, 0, 3))
    )
    def record_ccp1_result(self, person: int, session: int, passed: bool, days_after: int) -> None:
        someone = self.enrolled(person)
        held = self.model.sessions[session % len(self.model.sessions)]
        decided_on = held.exam_on + timedelta(days=days_after)
        expected = self.model.ccp1(someone, held, passed, decided_on)
        body = {
            "conseiller_id": someone.conseiller_id,
            "result": "passed" if passed else "failed",
            "decided_on": decided_on.isoformat(),
        }
        path = f"/exam-sessions/{held.exam_session_id}/results"
        self.check(self.http("certification", "POST", path, CERTIFIER, json=body), expected)
        self.settle()

    @precondition(has_enrolled)
    @rule(person=people, certified=st.booleans(), days=st.sampled_from((0, 1)))
    def record_pix_result(self, person: int, certified: bool, days: int) -> None:
        someone = self.enrolled(person)
        recorded_on = self.model.today + timedelta(days=days)
        expected = self.model.pix(someone, certified, recorded_on)
        body = {
            "conseiller_id": someone.conseiller_id,
            "score": 600 if certified else 200,
            "certified": certified,
            "recorded_on": recorded_on.isoformat(),
        }
        self.check(
            self.http("certification", "POST", "/pix-results", CERTIFIER, json=body), expected
        )
        self.settle()

    @precondition(has_sessions)
    @rule(
        rows=st.lists(
            st.tuples(
                people,
                st.sampled_from(("ccp1", "pix")),
                indexes,
                st.booleans(),
                st.sampled_from((0, 1)),
            ),
            min_size=1,
            max_size=4,
        )
    )
    def import_results(self, rows: list[tuple[int, str, int, bool, int]]) -> None:
        """A certifier's CSV: rows checked and applied in order, in one transaction;
        every occurrence of a row repeated in the file is refused."""
        lines, commands = ["conseiller_id,kind,exam_session_id,result,score,decided_on"], []
        for person, kind, session, ok, days in rows:
            someone = self.enrolled(person)
            held = self.model.sessions[session % len(self.model.sessions)]
            if kind == "ccp1":
                day = held.exam_on + timedelta(days=days)
                result = "passed" if ok else "failed"
                lines.append(f"{someone.conseiller_id},ccp1,{held.exam_session_id},{result},,{day}")
                key: tuple[object, ...] = (someone.conseiller_id, "ccp1", held.exam_session_id)
            else:
                day = self.model.today + timedelta(days=days)
                result = "certified" if ok else "not_certified"
                lines.append(f"{someone.conseiller_id},pix,,{result},{600 if ok else 200},{day}")
                key = (someone.conseiller_id, "pix", day)
            commands.append((key, someone, kind, held, ok, day))
        repeated = {k for k, n in _counts(c[0] for c in commands).items() if n > 1}
        applied, rejected = 0, []
        for number, (key, someone, kind, held, ok, day) in enumerate(commands, start=2):
            if key in repeated:
                rejected.append((number, "duplicate_in_file"))
                continue
            outcome = (
                self.model.ccp1(someone, held, ok, day)
                if kind == "ccp1"
                else self.model.pix(someone, ok, day)
            )
            if outcome.status < 400:
                applied += 1
            else:
                rejected.append((number, outcome.code))
        csv = CERTIFIER | {"Content-Type": "text/csv"}
        answer = self.http(
            "certification", "POST", "/imports/results", csv, content="\n".join(lines) + "\n"
        )
        report = self.check(answer, Expect(200))
        assert report["applied"] == applied, report
        assert [(r["row"], r["reason"]) for r in report["rejected"]] == rejected, report
        self.settle()

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
                ("enrolment", model.enrolment_answer(enrolment, attendance), model.enrolment_view),
                ("positioning", model.positioning_answer(positioning), model.positioning_view),
                (
                    "certification",
                    model.certification_answer(certification),
                    model.certification_view,
                ),
                ("national", model.national_answer(national), model.national_view),
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


def _route(path: str) -> str:
    """The path with its ids (UUIDs) and days left out."""
    return "/".join(
        "{}"
        if (len(part) == 36 and part.count("-") == 4) or (len(part) == 10 and part[4:5] == "-")
        else part
        for part in path.split("/")
    )


def _counts(keys: Any) -> dict[Any, int]:
    found: dict[Any, int] = {}
    for key in keys:
        found[key] = found.get(key, 0) + 1
    return found


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
