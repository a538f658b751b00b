"""A batch of events applied in one transaction (the conseillers' training facts read for the
whole batch, locked) leaves the store as the same events applied one at a time do."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from conum_certification.app import SERVICE
from conum_certification.reference import load_routing
from conum_certification.testing import (
    enrolled,
    new_id,
    path_assigned,
    training_completed,
    training_started,
    withdrawn,
)
from conum_contracts.base import EventModel
from conum_runtime.testing.events import envelope_for, record_of
from conum_runtime.testing.services import ConsumingStore, applied_both_ways

CONTEXT = {"routing": load_routing()}


def journeys() -> list[EventModel]:
    """Conseillers whose events meet in one batch, interleaved: a whole training, a withdrawal,
    a path known before the enrolment, and one enrolled alone."""
    trained, left, early, alone = new_id(), new_id(), new_id(), new_id()
    return [
        enrolled(trained),
        path_assigned(early),
        enrolled(left),
        path_assigned(trained),
        enrolled(alone),
        training_started(trained),
        withdrawn(left),
        enrolled(early),
        training_completed(trained),
    ]


async def state(store: ConsumingStore[Any], conseiller_ids: list[str]) -> dict[str, Any]:
    async with store.uow() as uow:
        found: dict[str, Any] = {}
        for conseiller_id in conseiller_ids:
            candidate = await uow.candidates.get(conseiller_id)
            found[conseiller_id] = asdict(candidate) if candidate else None
        return found


async def test_a_batch_leaves_the_store_as_one_event_at_a_time_does(
    database_url: str, tmp_path: Path
) -> None:
    events = journeys()
    records = [
        record_of(event, envelope_for(event, "FR-NAQ"), offset)
        for offset, event in enumerate(events)
    ]
    conseillers = sorted({e.conseiller_id for e in events})  # type: ignore[attr-defined]
    urls = (database_url, f"sqlite+aiosqlite:///{tmp_path}/alone.db")
    in_one_batch, one_at_a_time = await applied_both_ways(
        SERVICE, urls, records, lambda store: state(store, conseillers), CONTEXT
    )
    assert in_one_batch == one_at_a_time
    assert all(in_one_batch.values())
    trained, left = events[0].conseiller_id, events[2].conseiller_id  # type: ignore[attr-defined]
    assert in_one_batch[trained]["training_completed_on"] is not None
    assert in_one_batch[trained]["path_hours"] == 175
    assert in_one_batch[left]["withdrawn_on"] is not None
