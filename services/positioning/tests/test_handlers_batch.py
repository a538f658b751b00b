"""A batch of events applied in one transaction (positionings and kept withdrawals read for
the whole batch, new rows inserted at commit) leaves the store as the same events applied one
at a time do."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from conum_contracts.base import EventModel
from conum_contracts.decoding import decode_event
from conum_positioning.app import SERVICE
from conum_positioning.domain import SchedulingPolicy
from conum_positioning.reference import load_rubrics
from conum_positioning.testing import enrolled, new_id, withdrawn
from conum_runtime.testing.events import envelope_for, record_of
from conum_runtime.testing.services import ConsumingStore, applied_both_ways
from sqlalchemy import select

CONTEXT = {"scheduling": SchedulingPolicy(test_delay_days=3), "rubrics": load_rubrics()}


def journeys() -> list[EventModel]:
    """Conseillers whose events meet in one batch: enrolled then withdrawn, withdrawn before
    enrolled, enrolled twice (two enrolments), and one enrolled alone."""
    closed, early, twice, alone = new_id(), new_id(), new_id(), new_id()
    second = new_id()
    return [
        enrolled(closed),
        withdrawn(early, date(2026, 3, 10)),
        enrolled(twice),
        enrolled(alone),
        withdrawn(closed, date(2026, 3, 11)),
        enrolled(early),
        withdrawn(twice, date(2026, 3, 5)),
        enrolled(twice, enrolled_on=date(2026, 3, 6), enrolment_id=second),
    ]


async def state(store: ConsumingStore[Any], conseiller_ids: list[str]) -> dict[str, Any]:
    async with store.uow() as uow:
        found: dict[str, Any] = {}
        for conseiller_id in conseiller_ids:
            positioning = await uow.positionings.get(conseiller_id)
            assert positioning is not None
            found[conseiller_id] = (
                positioning.state,
                positioning.enrolment_id,
                positioning.earlier_enrolment_ids,
                positioning.version,
                [
                    (a.kind, a.happened_on, a.detail)
                    for a in await uow.positionings.history(conseiller_id)
                ],
            )
        found["pending"] = await uow.pending_withdrawals.count()
        outbox = uow._tables.outbox
        rows = (await uow.session.exec(select(outbox).order_by(outbox.c.id))).all()  # type: ignore[call-overload]
        found["published"] = [
            decode_event(row.event_type, row.payload.encode()).model_dump() for row in rows
        ]
    return found


async def test_a_batch_leaves_the_store_as_one_event_at_a_time_does(
    database_url: str, tmp_path: Path
) -> None:
    events = journeys()
    envelopes = [envelope_for(event, "FR-NAQ") for event in events]
    records = [
        record_of(e, envelope, offset)
        for offset, (e, envelope) in enumerate(zip(events, envelopes, strict=True))
    ]
    conseillers = sorted({e.conseiller_id for e in events})  # type: ignore[attr-defined]
    urls = (database_url, f"sqlite+aiosqlite:///{tmp_path}/alone.db")
    in_one_batch, one_at_a_time = await applied_both_ways(
        SERVICE, urls, records, lambda store: state(store, conseillers), CONTEXT
    )
    assert in_one_batch == one_at_a_time
    assert in_one_batch["pending"] == 0
    published = [event["conseiller_id"] for event in in_one_batch["published"]]
    assert sorted(published) == sorted(
        [events[0].conseiller_id, *[events[2].conseiller_id] * 2, events[3].conseiller_id]
    )  # type: ignore[attr-defined]  # not the one withdrawn early
