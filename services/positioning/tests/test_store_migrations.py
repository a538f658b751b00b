"""Revision 0002 on a store of revision 0001 (SQLite and PostgreSQL): positionings and
withdrawals kept before it have no enrolment id, and the day's grain decides for them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from conum_positioning.app import SERVICE
from conum_positioning.domain import PositioningState, SchedulingPolicy
from conum_positioning.handlers import events as handlers
from conum_positioning.store import PositioningUnitOfWork, metadata
from conum_positioning.testing import enrolled, new_id
from conum_runtime.db import create_engine, session_factory
from conum_runtime.migrations import upgrade
from conum_runtime.tables import runtime_tables
from conum_runtime.testing.events import envelope_for
from sqlalchemy import text


async def test_revision_0002_keeps_the_withdrawals_received_before_their_enrolment(
    database_url: str,
) -> None:
    conseiller_id = new_id()
    engine = create_engine(database_url)
    await upgrade(engine, SERVICE.migrations, metadata, revision="0001")
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO pending_withdrawals "
                "(conseiller_id, region, reason, withdrawn_on, received_at) "
                "VALUES (:id, 'FR-NAQ', 'moved away', :on, :at)"
            ),
            {"id": conseiller_id, "on": date(2026, 3, 10), "at": datetime.now(UTC)},
        )
    await upgrade(engine, SERVICE.migrations, metadata)
    sessions = session_factory(engine)

    def new_uow() -> PositioningUnitOfWork:
        return PositioningUnitOfWork(
            sessions, runtime_tables(metadata), "positioning", scheduling=SchedulingPolicy()
        )

    async with new_uow() as uow:
        kept = await uow.pending_withdrawals.for_enrolment(conseiller_id, new_id())
    assert kept is not None and kept.enrolment_id is None

    event = enrolled(conseiller_id, enrolled_on=date(2026, 3, 2))  # revision 2, an id
    async with new_uow() as uow:
        await handlers.on_conseiller_enrolled(event, envelope_for(event, "FR-NAQ"), uow)
        await uow.commit()
    async with new_uow() as uow:
        positioning = await uow.positionings.get(conseiller_id)
        left = await uow.pending_withdrawals.count()
    await engine.dispose()
    assert positioning is not None and positioning.state is PositioningState.CLOSED
    assert left == 0


async def test_revision_0003_renames_corsica_to_fr_20r_and_nothing_else(database_url: str) -> None:
    corsican, aquitain = new_id(), new_id()
    engine = create_engine(database_url)
    await upgrade(engine, SERVICE.migrations, metadata, revision="0002")
    async with engine.begin() as connection:
        for conseiller_id, region in ((corsican, "FR-COR"), (aquitain, "FR-NAQ")):
            await connection.execute(
                text(
                    "INSERT INTO pending_withdrawals (conseiller_id, enrolment_key, region, "
                    "reason, withdrawn_on, received_at) "
                    "VALUES (:id, '', :region, 'moved away', :on, :at)"
                ),
                {"id": conseiller_id, "region": region, "on": date(2026, 3, 10)}
                | {"at": datetime.now(UTC)},
            )
    await upgrade(engine, SERVICE.migrations, metadata)
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT conseiller_id, region FROM pending_withdrawals")
        )
        regions = dict(rows.all())
    await engine.dispose()
    assert regions == {corsican: "FR-20R", aquitain: "FR-NAQ"}
