"""A batch of events applied in one transaction (the conseillers it names and the enrolment
ids it brings read for the whole batch) leaves the store as the same events applied one at a
time do, on a regional instance and on the national one."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conum_contracts.base import EventModel
from conum_modules import testing as kit
from conum_modules.app import SERVICE
from conum_runtime.testing.events import envelope_for, record_of
from conum_runtime.testing.services import ConsumingStore, applied_both_ways


def journeys() -> tuple[list[EventModel], dict[str, str]]:
    """Conseillers whose events meet in one batch: convened after their enrolment, the same
    enrolment told twice, withdrawn then enrolled again, convened before their enrolment."""
    ids = {name: kit.new_id() for name in ("convened", "told_twice", "back", "early")}
    first, again = kit.new_id(), kit.new_id()
    twice = kit.new_id()
    events: list[EventModel] = [
        kit.enrolled(ids["convened"]),
        kit.enrolled(ids["told_twice"], enrolment_id=twice),
        kit.enrolled(ids["back"], enrolment_id=first),
        kit.convened(ids["early"]),
        kit.convened(ids["convened"]),
        kit.withdrawn(ids["back"], enrolment_id=first),
        kit.enrolled(ids["told_twice"], enrolment_id=twice, enrolled_on=date(2026, 3, 9)),
        kit.enrolled(ids["back"], enrolment_id=again, enrolled_on=date(2026, 5, 4)),
        kit.enrolled(ids["early"]),
    ]
    return events, ids


async def state(store: ConsumingStore[Any], conseiller_ids: list[str]) -> dict[str, Any]:
    async with store.uow() as uow:
        found: dict[str, Any] = {}
        for conseiller_id in conseiller_ids:
            conseiller = await uow.conseillers.get(conseiller_id)
            found[conseiller_id] = asdict(conseiller) if conseiller else None
        return found


@pytest.mark.parametrize("region", ["FR-NAQ", "national"])
async def test_a_batch_leaves_the_store_as_one_event_at_a_time_does(
    database_url: str, tmp_path: Path, region: str
) -> None:
    events, ids = journeys()
    records = [
        record_of(event, envelope_for(event, "FR-NAQ"), offset)
        for offset, event in enumerate(events)
    ]
    conseillers = sorted(ids.values())
    urls = (database_url, f"sqlite+aiosqlite:///{tmp_path}/alone.db")
    in_one_batch, one_at_a_time = await applied_both_ways(
        SERVICE, urls, records, lambda store: state(store, conseillers), kit.context(region), region
    )
    assert in_one_batch == one_at_a_time
    assert all(in_one_batch.values())
    assert in_one_batch[ids["convened"]]["convened_for"] == date(2026, 6, 18)
    assert in_one_batch[ids["early"]]["convened_for"] == date(2026, 6, 18)
    assert in_one_batch[ids["early"]]["structure_id"] == kit.STRUCTURE_ID
    assert in_one_batch[ids["told_twice"]]["enrolled_on"] == date(2026, 3, 2)
    assert in_one_batch[ids["back"]]["enrolled_on"] == date(2026, 5, 4)
    assert in_one_batch[ids["back"]]["withdrawn_on"] is None
