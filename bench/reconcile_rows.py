"""The rows of N conseillers in the four stores ``./conum reconcile`` reads (enrolment,
positioning, certification, the national view), as agreeing services would hold them.

The mix: waiting for their positioning, positioned (2024 before their start, 2021 awaiting a
cohort), in training, completed, withdrawn (before or after their positioning), and enrolled
again after a withdrawal (a second round in positioning, a second journey in the national
view). Tables reconciliation does not read (history, facts, convocations) are left empty.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

PLACES: tuple[tuple[str, str], ...] = (
    *(("33", "FR-NAQ"), ("40", "FR-NAQ"), ("75", "FR-IDF"), ("93", "FR-IDF"), ("69", "FR-ARA")),
    *(("13", "FR-PAC"), ("31", "FR-OCC"), ("59", "FR-HDF"), ("35", "FR-BRE"), ("974", "FR-LRE")),
)
"""(department, region) of the structures."""
PATHS = {"2024": ((70, 5), (175, 10), (315, 15)), "2021": ((105, 16), (280, 16), (350, 16))}
MIX = (
    ("waiting", 15),
    ("positioned", 10),
    ("in_training", 30),
    ("completed", 22),
    ("withdrawn", 13),
    ("re_enrolled", 10),
)
START = date(2026, 1, 5)
CERTIFIED_ON = (
    "ccp1_convened_on",
    "ccp1_passed_on",
    "ccp1_failed_on",
    "pix_certified_on",
    "double_certified_on",
)
Rows = dict[str, list[dict[str, Any]]]


@dataclass
class Enrolment:
    enrolment_id: str
    enrolled_on: date
    path: tuple[int, int] | None = None
    starts_on: date | None = None
    planned_end_on: date | None = None
    completed_on: date | None = None
    withdrawn_on: date | None = None


@dataclass
class Conseiller:
    conseiller_id: str
    department: str
    region: str
    scheme: str
    structure_id: str
    organisation: str
    current: Enrolment
    earlier: list[Enrolment] = field(default_factory=list)

    @property
    def enrolment_state(self) -> str:
        e = self.current
        if e.withdrawn_on:
            return "withdrawn"
        if e.completed_on:
            return "completed"
        if e.starts_on:
            return "in_training"
        return "awaiting_cohort" if e.path and self.scheme == "2021" else "enrolled"


def new_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def an_enrolment(rng: random.Random, scheme: str, kind: str, on: date) -> Enrolment:
    e = Enrolment(new_id(rng), on)
    if kind == "waiting" or (kind == "withdrawn" and rng.random() < 0.4):
        e.withdrawn_on = on + timedelta(days=5) if kind == "withdrawn" else None
        return e
    e.path = rng.choice(PATHS[scheme])
    if kind == "positioned":
        return e
    e.starts_on = on + timedelta(days=21)
    e.planned_end_on = e.starts_on + timedelta(weeks=e.path[1], days=-3)
    if kind == "completed":
        e.completed_on = e.planned_end_on
    if kind == "withdrawn":
        e.withdrawn_on = e.starts_on + timedelta(days=rng.randrange(1, 30))
    return e


def conseillers(count: int, seed: int) -> list[Conseiller]:
    rng = random.Random(seed)
    structures = [(new_id(rng), *rng.choice(PLACES)) for _ in range(max(1, count // 8))]
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    found = []
    for _ in range(count):
        structure_id, department, region = rng.choice(structures)
        scheme = "2021" if rng.random() < 0.15 else "2024"
        organisation = "pop-school" if department == "974" else "la-fabrik"
        kind = rng.choice(kinds)
        on = START + timedelta(days=rng.randrange(0, 200))
        earlier = []
        if kind == "re_enrolled":
            earlier = [an_enrolment(rng, scheme, "withdrawn", on - timedelta(days=90))]
            kind = rng.choice(("waiting", "in_training"))
        current = an_enrolment(rng, scheme, kind, on)
        place = (department, region, scheme, structure_id, organisation)
        found.append(Conseiller(new_id(rng), *place, current, earlier))
    return found


def enrolment_rows(people: list[Conseiller]) -> Rows:
    structures = {p.structure_id: p for p in people}
    rows: Rows = {"structures": [], "conseillers": [], "enrolments": []}
    for n, (structure_id, p) in enumerate(structures.items()):
        rows["structures"].append(
            {"structure_id": structure_id, "siret": f"{n:014d}", "name": f"Structure {n}"}
            | {"kind": "association", "department": p.department, "region": p.region}
        )
    for p in people:
        e = p.current
        rows["conseillers"].append(
            {"conseiller_id": p.conseiller_id, "email": f"{p.conseiller_id}@example.org"}
            | {"first_name": "Camille", "last_name": "Martin"}
        )
        rows["enrolments"].append(
            {
                "conseiller_id": p.conseiller_id,
                "enrolment_id": e.enrolment_id,
                "structure_id": p.structure_id,
                "department": p.department,
                "region": p.region,
                "scheme": p.scheme,
                "employment": "recruited",
                "remote": False,
                "remote_reason": None,
                "training_organisation_id": p.organisation,
                "training_organisation_name": p.organisation,
                "enrolled_on": e.enrolled_on,
                "state": p.enrolment_state,
                "path_hours": e.path[0] if e.path else None,
                "path_weeks": e.path[1] if e.path else None,
                "alternance_days_per_week": 1 if e.path else None,
                "path_assigned_on": e.enrolled_on + timedelta(days=10) if e.path else None,
                "cohort_id": None,
                "starts_on": e.starts_on,
                "planned_end_on": e.planned_end_on,
                "attendance_breached": False,
                "completed_on": e.completed_on,
                "withdrawn_on": e.withdrawn_on,
                "withdrawal_reason": "other" if e.withdrawn_on else None,
                "withdrawal_detail": None,
            }
        )
    return rows


def _result(rng: random.Random, p: Conseiller, e: Enrolment, sequence: int) -> dict[str, Any]:
    assert e.path is not None
    return {
        "result_id": new_id(rng),
        "conseiller_id": p.conseiller_id,
        "sequence": sequence,
        "digital_score": 60,
        "support_score": 60,
        "interview_note": "à l'aise",
        "rubric_version": "v1",
        "path_hours": e.path[0],
        "weeks": e.path[1],
        "alternance_days_per_week": 1,
        "recorded_on": e.enrolled_on + timedelta(days=10),
        "enrolment_id": e.enrolment_id,
    }


def positioning_rows(people: list[Conseiller], rng: random.Random) -> Rows:
    rows: Rows = {"positionings": [], "positioning_results": []}
    for p in people:
        e = p.current
        results = [_result(rng, p, x, n + 1) for n, x in enumerate([*p.earlier, e]) if x.path]
        rows["positioning_results"] += results
        current = results[-1] if results and e.path else None
        state = "closed" if e.withdrawn_on else "completed" if current else "scheduled"
        rows["positionings"].append(
            {
                "conseiller_id": p.conseiller_id,
                "region": p.region,
                "scheme": p.scheme,
                "structure_id": p.structure_id,
                "training_organisation_id": p.organisation,
                "enrolled_on": e.enrolled_on,
                "test_on": e.enrolled_on + timedelta(days=7),
                "interview_on": e.enrolled_on + timedelta(days=7),
                "state": state,
                "closed_on": e.withdrawn_on,
                "current_result_id": current["result_id"] if current else None,
                "version": 1 + len(results),
                "enrolment_id": e.enrolment_id,
                "earlier_enrolment_ids": " ".join(x.enrolment_id for x in p.earlier),
            }
        )
    return rows


def certification_rows(people: list[Conseiller]) -> Rows:
    rows: Rows = {"conseillers": []}
    for p in people:
        e = p.current
        rows["conseillers"].append(
            {
                "conseiller_id": p.conseiller_id,
                "region": p.region,
                "department": p.department,
                "scheme": p.scheme,
                "structure_id": p.structure_id,
                "training_organisation_id": p.organisation,
                "enrolled_on": e.enrolled_on,
                "path_hours": e.path[0] if e.path else None,
                "training_starts_on": e.starts_on,
                "training_planned_end_on": e.planned_end_on,
                "training_completed_on": e.completed_on,
                "withdrawn_on": e.withdrawn_on,
                "enrolment_id": e.enrolment_id,
                "earlier_enrolment_ids": " ".join(x.enrolment_id for x in p.earlier),
            }
        )
    return rows


def _step(e: Enrolment) -> str:
    if e.withdrawn_on:
        return "withdrawn"
    if e.completed_on:
        return "training_completed"
    return "in_training" if e.starts_on else "positioned" if e.path else "test_scheduled"


def national_rows(people: list[Conseiller]) -> Rows:
    rows: Rows = {"conseillers": [], "journeys": []}
    for p in people:
        every = [*p.earlier, p.current]
        rows["conseillers"].append(
            {"conseiller_id": p.conseiller_id, "facts": 4 * len(every), "pending": 0}
        )
        for ordinal, e in enumerate(every, start=1):
            rows["journeys"].append(
                {
                    "conseiller_id": p.conseiller_id,
                    "ordinal": ordinal,
                    "current": e is p.current,
                    "region": p.region,
                    "facts": 4,
                    "step": _step(e),
                    "enrolment_id": e.enrolment_id,
                    "department": p.department,
                    "scheme": p.scheme,
                    "structure_id": p.structure_id,
                    "organisation_id": p.organisation,
                    "employment": "recruited",
                    "remote": False,
                    "enrolled_on": e.enrolled_on,
                    "test_scheduled": True,
                    "positioned_on": e.enrolled_on + timedelta(days=10) if e.path else None,
                    "path_hours": e.path[0] if e.path else None,
                    "training_started_on": e.starts_on,
                    "cohort_id": None,
                    "attendance_breaches": 0,
                    "training_completed_on": e.completed_on,
                    "withdrawn_on": e.withdrawn_on,
                    "withdrawal_reason": "other" if e.withdrawn_on else None,
                }
                | dict.fromkeys(CERTIFIED_ON)
            )
    return rows
