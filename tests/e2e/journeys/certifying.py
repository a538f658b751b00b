"""The certifiers' acts in the machine: exam sessions, convocations, CCP1 results one by one
or in a results file, Pix results."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from ..network import CERTIFIER
from .acting import Acting, indexes, people
from .model import Expect, Session


class Certifying(Acting):
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

    @precondition(lambda self: self.has_sessions())
    @rule(person=people, session=indexes)
    def convene(self, person: int, session: int) -> None:
        someone = self.enrolled(person)
        held = self.model.sessions[session % len(self.model.sessions)]
        expected = self.model.convene(someone, held)
        path = f"/exam-sessions/{held.exam_session_id}/convocations"
        body = {"conseiller_id": someone.conseiller_id}
        self.check(self.http("certification", "POST", path, CERTIFIER, json=body), expected)
        self.settle()

    @precondition(lambda self: self.has_sessions())
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

    @precondition(lambda self: self.has_enrolled())
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

    @precondition(lambda self: self.has_sessions())
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
        repeated = {k for k, n in Counter(c[0] for c in commands).items() if n > 1}
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
