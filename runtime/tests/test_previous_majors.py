"""The deprecation period of a replaced major: published beside its successor, then not.

Corsica's code changed (decision 0024): ``path.assigned.v2`` carries ``FR-20R``; during the
period set by ``CONUM_PUBLISH_PREVIOUS_MAJORS_UNTIL`` the producer also publishes
``path.assigned.v1`` with ``FR-COR``, deprecation headers and the sunset day.
"""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from conum_contracts.envelope import decode_headers
from conum_contracts.examples import example_payload
from conum_contracts.positioning import PathAssignedV2, TestScheduledV1
from conum_runtime.db import create_engine, session_factory
from conum_runtime.settings import ServiceSettings
from conum_runtime.tables import runtime_tables
from conum_runtime.uow import PreviousMajors, UnitOfWork
from sqlalchemy import MetaData, select

from .test_outbox_and_inbox_store import migrate

SUNSET = date(2027, 6, 30)


def path_assigned(region: str) -> PathAssignedV2:
    payload = example_payload("fr.conum.positioning.path.assigned.v2")
    return PathAssignedV2.model_validate(payload | {"region": region})


async def published(database_url: str, today: date, *events: tuple[object, str]) -> list[dict]:
    """What the outbox holds after one unit of work emitted ``events`` on ``today``."""
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(migrate)
    tables = runtime_tables(MetaData())
    sessions = session_factory(engine)
    window = PreviousMajors(until=SUNSET, clock=lambda: today)
    async with UnitOfWork(sessions, tables, "positioning", previous_majors=window) as uow:
        for event, region in events:
            uow.emit(event, region=region)  # type: ignore[arg-type]
        await uow.commit()
    async with sessions() as session:
        rows = (await session.exec(select(tables.outbox))).all()
    await engine.dispose()
    return [
        {"headers": decode_headers(json.loads(row.headers)), "payload": json.loads(row.payload)}
        for row in rows
    ]


async def test_during_the_period_the_previous_major_is_published_with_fr_cor(
    database_url: str,
) -> None:
    rows = await published(database_url, SUNSET, (path_assigned("FR-20R"), "FR-20R"))

    by_type = {row["headers"].type: row for row in rows}
    assert set(by_type) == {
        "fr.conum.positioning.path.assigned.v2",
        "fr.conum.positioning.path.assigned.v1",
    }
    new, old = (by_type[f"fr.conum.positioning.path.assigned.v{n}"] for n in (2, 1))
    assert (new["payload"]["region"], new["headers"].region) == ("FR-20R", "FR-20R")
    assert new["headers"].deprecation is None
    assert (old["payload"]["region"], old["headers"].region) == ("FR-COR", "FR-COR")
    assert (old["headers"].deprecation, old["headers"].sunset) == ("true", "2027-06-30")
    assert old["headers"].subject == new["headers"].subject
    assert {k: v for k, v in old["payload"].items() if k != "region"} == {
        k: v for k, v in new["payload"].items() if k != "region"
    }


async def test_after_the_sunset_only_the_new_major_is_published(database_url: str) -> None:
    rows = await published(database_url, date(2027, 7, 1), (path_assigned("FR-20R"), "FR-20R"))

    assert [row["headers"].type for row in rows] == ["fr.conum.positioning.path.assigned.v2"]


async def test_a_type_without_a_previous_major_is_published_once(database_url: str) -> None:
    scheduled = TestScheduledV1(
        conseiller_id=str(uuid.uuid4()), test_on=date(2026, 3, 9), interview_on=date(2026, 3, 9)
    )
    rows = await published(
        database_url, SUNSET, (scheduled, "FR-NAQ"), (path_assigned("FR-NAQ"), "FR-NAQ")
    )

    types = sorted(row["headers"].type for row in rows)
    assert types == [
        "fr.conum.positioning.path.assigned.v1",
        "fr.conum.positioning.path.assigned.v2",
        "fr.conum.positioning.test.scheduled.v1",
    ]
    assert {row["payload"]["region"] for row in rows if "region" in row["payload"]} == {"FR-NAQ"}


def test_the_period_is_off_unless_set_and_a_retired_instance_region_is_renamed() -> None:
    assert ServiceSettings().publish_previous_majors_until is None
    assert not PreviousMajors().published()
    settings = ServiceSettings(region="FR-COR", publish_previous_majors_until="2027-06-30")
    assert settings.region == "FR-20R"
    assert settings.publish_previous_majors_until == SUNSET


@pytest.mark.parametrize("bad", ["FR-20", "FR-2OR", "corse"])
def test_an_instance_region_that_is_no_code_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="region"):
        ServiceSettings(region=bad)
