"""A scripted stream applied in batches (facts read for the whole batch, each conseiller's
journeys folded once per batch) gives the tables one event at a time gives, on SQLite and
PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conum_national import views
from conum_national.app import SERVICE
from conum_national.store.repositories import Scope
from conum_national.testing import scripted_plans, scripted_stream
from conum_runtime.consumer import Outcome
from conum_runtime.testing.events import record_of
from conum_runtime.testing.services import ConsumingStore, consuming_store


async def tables(store: ConsumingStore[Any]) -> dict[str, list[dict[str, Any]]]:
    async with store.uow() as uow:
        found = await views.every_table(uow, Scope())
    return {name: table.rows for name, table in found.items()}


async def test_batches_give_the_tables_of_one_event_at_a_time(
    database_url: str, tmp_path: Path
) -> None:
    records = [
        record_of(event, envelope) for event, envelope in scripted_stream(scripted_plans(40))
    ]
    async with consuming_store(SERVICE, database_url) as batched:
        opened = batched.count_units_of_work()
        batches = [records[start : start + 50] for start in range(0, len(records), 50)]
        outcomes = [o for batch in batches for o in await batched.consumer.handle_batch(batch)]
        assert len(opened) == len(batches)  # one transaction each: no batch fell back
        assert set(outcomes) == {Outcome.PROCESSED}
        in_batches = await tables(batched)
    async with consuming_store(SERVICE, f"sqlite+aiosqlite:///{tmp_path}/alone.db") as alone:
        for record in records:
            assert await alone.consumer.handle(record) is Outcome.PROCESSED
        one_at_a_time = await tables(alone)
    assert in_batches == one_at_a_time
    assert sum(row["enrolled"] for row in in_batches["funnel"]) == 40
