"""A scripted stream: conseillers of several regions, both schemes, every reach, and the
funnel it should show."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from conum_contracts.base import EventModel
from conum_contracts.envelope import Envelope

from conum_national.domain import FunnelStep
from conum_national.testing.journeys import DEPARTMENTS, PATHS, REACHES, Planned, Timed, journey


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
            (plan.region, plan.scheme), {step.value: 0 for step in FunnelStep}
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
