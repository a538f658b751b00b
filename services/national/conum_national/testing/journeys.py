"""Planned conseillers and their journeys as the network's services tell them: events, with
envelopes dated like the facts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from conum_contracts import certification as cert
from conum_contracts import enrolment as enr
from conum_contracts import positioning as pos
from conum_contracts.base import EventModel
from conum_contracts.envelope import Envelope
from conum_runtime.testing.events import envelope_for, example_event

REACHES = (
    "enrolled",
    "positioned",
    "started",
    "completed",
    "convened",
    "failed",
    "passed",
    "double",
)
"""How far a planned conseiller goes; ``withdrawn_reason`` ends the journey there."""
PATHS = {"2024": (70, 175, 315), "2021": (105, 280, 350, 420)}
DEPARTMENTS = {
    "FR-NAQ": ("33", "40", "64"),
    "FR-IDF": ("75", "93"),
    "FR-OCC": ("31",),
    "FR-LRE": ("974",),
}


def new_id() -> str:
    return str(uuid.uuid4())


def envelope_on(event: EventModel, region: str, day: date, second: int = 0) -> Envelope:
    """The envelope of ``event`` as published on ``day`` (its time orders the facts)."""
    moment = datetime.combine(day, time(9, 0), tzinfo=UTC) + timedelta(seconds=second)
    return replace(envelope_for(event, region), time=moment)


@dataclass(frozen=True)
class Planned:
    """One conseiller of a scripted stream and how far they go."""

    conseiller_id: str
    region: str
    department: str
    scheme: str
    enrolled_on: date
    path_hours: int
    reach: str
    withdrawn_reason: str | None = None
    enrolment_id: str | None = None
    first_name: str = "Camille"
    last_name: str = "Durand"

    @property
    def email(self) -> str:
        return f"{self.first_name.lower()}.{self.conseiller_id[:8]}@example.org"

    def reached(self, reach: str) -> bool:
        return REACHES.index(self.reach) >= REACHES.index(reach)


@dataclass
class Timed:
    """Events with their region and publication day, in the order a producer would send."""

    items: list[tuple[EventModel, str, date]] = field(default_factory=list)

    def add(self, event: EventModel, region: str, day: date) -> None:
        self.items.append((event, region, day))

    def envelopes(self) -> list[tuple[EventModel, Envelope]]:
        return [
            (event, envelope_on(event, region, day, second))
            for second, (event, region, day) in enumerate(self.items)
        ]


def enrolled(plan: Planned, structure_id: str | None = None) -> enr.ConseillerEnrolledV3:
    organisation = "la-fabrik" if plan.scheme == "2024" else "afpa-simplon"
    event: enr.ConseillerEnrolledV3 = example_event(
        enr.ConseillerEnrolledV3,
        conseiller_id=plan.conseiller_id,
        structure_id=structure_id or new_id(),
        department=plan.department,
        region=plan.region,
        scheme=plan.scheme,
        training_organisation={"id": organisation, "name": "Organisme"},
        enrolled_on=plan.enrolled_on.isoformat(),
        enrolment_id=plan.enrolment_id,
    )
    return event


def journey(plan: Planned, timed: Timed | None = None) -> Timed:
    """The events of the planned conseiller's journey, dated from the enrolment."""
    timed = timed or Timed()
    c, region, e = plan.conseiller_id, plan.region, plan.enrolment_id
    day = plan.enrolled_on
    timed.add(enrolled(plan), region, day)
    timed.add(
        pos.TestScheduledV1(
            conseiller_id=c,
            test_on=day + timedelta(7),
            interview_on=day + timedelta(7),
            enrolment_id=e,
        ),
        region,
        day,
    )
    steps: list[tuple[str, EventModel, date]] = []
    assigned = day + timedelta(days=10)
    starts = assigned + timedelta(days=7)
    ends = starts + timedelta(weeks=10)
    exam = ends + timedelta(days=14)
    session = new_id()
    steps.append(
        (
            "positioned",
            pos.PathAssignedV2(
                conseiller_id=c,
                region=region,
                scheme=plan.scheme,
                path_hours=plan.path_hours,
                weeks=10,
                alternance_days_per_week=1,
                rubric_version="v1",
                assigned_on=assigned,
                enrolment_id=e,
            ),
            assigned,
        )
    )
    steps.append(
        (
            "started",
            enr.TrainingStartedV1(
                conseiller_id=c,
                cohort_id=None,
                starts_on=starts,
                planned_end_on=ends,
                enrolment_id=e,
            ),
            assigned,
        )
    )
    steps.append(
        (
            "completed",
            enr.TrainingCompletedV1(
                conseiller_id=c, hours_attended=plan.path_hours, completed_on=ends, enrolment_id=e
            ),
            ends,
        )
    )
    steps.append(
        (
            "convened",
            cert.Ccp1ConvenedV2(
                conseiller_id=c,
                region=region,
                exam_session_id=session,
                exam_on=exam,
                certifier="afpa",
            ),
            ends,
        )
    )
    if plan.reach == "failed":
        steps.append(
            (
                "failed",
                cert.Ccp1FailedV1(conseiller_id=c, exam_session_id=session, decided_on=exam),
                exam,
            )
        )
    else:
        steps.append(
            (
                "passed",
                cert.Ccp1PassedV1(conseiller_id=c, exam_session_id=session, decided_on=exam),
                exam,
            )
        )
    steps.append(
        (
            "double",
            cert.PixResultRecordedV1(conseiller_id=c, score=600, certified=True, recorded_on=exam),
            exam,
        )
    )
    steps.append(
        (
            "double",
            cert.ConseillerDoubleCertifiedV2(
                conseiller_id=c, region=region, ccp1_passed_on=exam, pix_certified_on=exam
            ),
            exam,
        )
    )
    last = day
    for reach, event, on in steps:
        if not plan.reached(reach):
            break
        timed.add(event, region, on)
        last = on
    if plan.withdrawn_reason is not None:
        withdrawn_on = last + timedelta(days=3)
        timed.add(
            enr.ConseillerWithdrawnV1(
                conseiller_id=c,
                reason=plan.withdrawn_reason,
                reason_code=plan.withdrawn_reason,
                withdrawn_on=withdrawn_on,
                enrolment_id=e,
            ),
            region,
            withdrawn_on,
        )
    return timed
