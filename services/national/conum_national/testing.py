"""Factories for the national view's tests: conseillers' journeys as the network's services
tell them (events, with envelopes dated like the facts), a scripted stream of several regions
with what it should show, and module events. No assertions here."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from conum_contracts import certification as cert
from conum_contracts import enrolment as enr
from conum_contracts import modules as mod
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


def scripted_plans(count: int = 60, seed: int = 7) -> list[Planned]:
    """Conseillers of four regions, both schemes, every reach, some withdrawn."""
    chance = random.Random(seed)
    names = ("Camille", "Awa", "Louis", "Inès", "Théo", "Maëlle", "Yanis", "Chloé")
    plans = []
    for number in range(count):
        region = ("FR-NAQ", "FR-IDF", "FR-OCC", "FR-LRE")[number % 4]
        scheme = "2024" if number % 3 else "2021"
        reach = REACHES[chance.randrange(len(REACHES))]
        withdrawn = (
            chance.choice(("changed_job", "health", "personal")) if number % 7 == 0 else None
        )
        plans.append(
            Planned(
                conseiller_id=str(uuid.UUID(int=chance.getrandbits(128), version=4)),
                region=region,
                department=chance.choice(DEPARTMENTS[region]),
                scheme=scheme,
                enrolled_on=date(2026, 1, 5) + timedelta(days=chance.randrange(120)),
                path_hours=chance.choice(PATHS[scheme]),
                reach=reach,
                withdrawn_reason=withdrawn,
                enrolment_id=str(uuid.UUID(int=chance.getrandbits(128), version=4)),
                first_name=names[number % len(names)],
                last_name=f"Nom{number:03d}",
            )
        )
    return plans


def scripted_stream(plans: list[Planned]) -> list[tuple[EventModel, Envelope]]:
    timed = Timed()
    for plan in plans:
        journey(plan, timed)
    return timed.envelopes()


def expected_funnel(plans: list[Planned]) -> dict[tuple[str, str], dict[str, int]]:
    """What the funnel must show for ``plans``, counted from the plans themselves."""
    expected: dict[tuple[str, str], dict[str, int]] = {}
    for plan in plans:
        row = expected.setdefault(
            (plan.region, plan.scheme),
            {
                name: 0
                for name in (
                    "enrolled",
                    "positioned",
                    "training_started",
                    "training_completed",
                    "ccp1_convened",
                    "ccp1_passed",
                    "ccp1_failed",
                    "pix_certified",
                    "double_certified",
                    "withdrawn",
                )
            },
        )
        row["enrolled"] += 1
        row["positioned"] += plan.reached("positioned")
        row["training_started"] += plan.reached("started")
        row["training_completed"] += plan.reached("completed")
        row["ccp1_convened"] += plan.reached("convened")
        row["ccp1_passed"] += plan.reached("passed")
        row["ccp1_failed"] += plan.reach == "failed"
        row["pix_certified"] += plan.reached("double")
        row["double_certified"] += plan.reached("double")
        row["withdrawn"] += plan.withdrawn_reason is not None
    return expected


def module_events(region: str = "FR-NAQ", day: date = date(2026, 5, 4)) -> dict[str, EventModel]:
    """A module, a session of it, and registrations: accepted (funded), waitlisted,
    cancelled, completed; an evaluation."""
    module_id, session_id = new_id(), new_id()
    conseiller = new_id()
    accepted = new_id()
    return {
        "published": example_event(mod.ModulePublishedV1, module_id=module_id),
        "scheduled": example_event(
            mod.SessionScheduledV2,
            session_id=session_id,
            module_id=module_id,
            region=region,
            days=[{"on": day.isoformat(), "mode": "in_person"}],
        ),
        "accepted": mod.RegistrationAcceptedV2(
            registration_id=accepted,
            conseiller_id=conseiller,
            session_id=session_id,
            module_id=module_id,
            region=region,
            track="initial",
            funded=True,
            funding_year=day.year,
        ),
        "waitlisted": mod.RegistrationWaitlistedV1(
            registration_id=new_id(), conseiller_id=new_id(), session_id=session_id, position=1
        ),
        "completed": mod.ModuleCompletedV2(
            registration_id=accepted,
            conseiller_id=conseiller,
            module_id=module_id,
            region=region,
            track="initial",
            hours=7,
            completed_on=day,
        ),
        "evaluated": mod.SessionEvaluatedV2(
            session_id=session_id,
            region=region,
            responses=10,
            satisfied_resources_pct=90.0,
            satisfied_overall_pct=80.0,
            mean_self_rated_ability=7.5,
        ),
    }
