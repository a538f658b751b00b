"""Module events as the modules service's instances publish them."""

from __future__ import annotations

from datetime import date

from conum_contracts import modules as mod
from conum_contracts.base import EventModel
from conum_runtime.testing.events import example_event

from conum_national.testing.journeys import new_id


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
