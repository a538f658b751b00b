"""The projection on SQLite and PostgreSQL: a scripted stream gives the funnel its plans
say; order and repeated deliveries change nothing; re-enrolments, legacy withdrawals, facts
before their enrolment; no personal data is kept."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from typing import Any

from conum_contracts import enrolment as enr
from conum_contracts import positioning as pos
from conum_contracts.base import EventModel
from conum_contracts.envelope import Envelope
from conum_national import views
from conum_national.store.repositories import Scope
from conum_national.testing import (
    Planned,
    enrolled,
    envelope_on,
    expected_funnel,
    journey,
    module_events,
    new_id,
    scripted_plans,
    scripted_stream,
)
from conum_runtime.consumer import Outcome
from conum_runtime.testing.events import record_of
from conum_runtime.testing.services import ConsumingStore
from sqlalchemy import text

Store = ConsumingStore[Any]


async def deliver(store: Store, items: list[tuple[EventModel, Envelope]]) -> list[Outcome]:
    return [await store.consumer.handle(record_of(event, envelope)) for event, envelope in items]


async def tables(store: Store, scope: Scope | None = None) -> dict[str, list[dict[str, Any]]]:
    async with store.uow() as uow:
        found = await views.every_table(uow, scope or Scope())
    return {name: table.rows for name, table in found.items()}


def funnel_by_group(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, int]]:
    steps = [
        "enrolled", "positioned", "training_started", "training_completed", "ccp1_convened",
        "ccp1_passed", "ccp1_failed", "pix_certified", "double_certified", "withdrawn",
    ]  # fmt: skip
    return {(row["region"], row["scheme"]): {s: row[s] for s in steps} for row in rows}


async def test_a_scripted_stream_gives_the_funnel_of_its_plans(store: Store) -> None:
    plans = scripted_plans(40)
    outcomes = await deliver(store, scripted_stream(plans))
    assert set(outcomes) == {Outcome.PROCESSED}
    found = await tables(store)
    assert funnel_by_group(found["funnel"]) == expected_funnel(plans)
    regions = {row["region"]: row for row in found["regions"]}
    assert regions["FR-NAQ"]["enrolled"] == sum(p.region == "FR-NAQ" for p in plans)
    assert regions["FR-BRE"]["enrolled"] == 0


async def test_order_and_repeated_deliveries_change_no_figure(
    store: Store, database_url: str
) -> None:
    plans = scripted_plans(30, seed=11)
    stream = scripted_stream(plans)
    await deliver(store, stream)
    in_order = await tables(store)

    shuffled = list(stream)
    random.Random(3).shuffle(shuffled)
    shuffled += shuffled[:25]  # delivered twice
    from conum_national.app import SERVICE
    from conum_runtime.testing.services import consuming_store

    other_url = database_url.replace("store.db", "other.db")
    if other_url == database_url:  # PostgreSQL: a fresh schema is a fresh database
        other_url = None
    if other_url is None:
        # clear the store and feed the shuffled stream again
        async with store.uow() as uow:
            for table in (
                "facts", "conseillers", "journeys", "inbox", "positions",
            ):  # fmt: skip
                await uow.session.exec(text(f"DELETE FROM {table}"))  # type: ignore[call-overload]
            await uow.commit()
        outcomes = await deliver(store, shuffled)
        assert outcomes.count(Outcome.DUPLICATE) == 25
        assert await tables(store) == in_order
        return
    async with consuming_store(SERVICE, other_url) as other:
        outcomes = await deliver(other, shuffled)
        assert outcomes.count(Outcome.DUPLICATE) == 25
        assert await tables(other) == in_order


async def test_a_re_enrolment_starts_the_funnel_again_and_keeps_the_withdrawal(
    store: Store,
) -> None:
    first = Planned(
        new_id(), "FR-NAQ", "40", "2024", date(2026, 1, 5), 175, "started",
        withdrawn_reason="health", enrolment_id=new_id(),
    )  # fmt: skip
    second = replace(
        first, enrolled_on=date(2026, 6, 1), reach="positioned", withdrawn_reason=None,
        enrolment_id=new_id(), path_hours=70,
    )  # fmt: skip
    timed = journey(first)
    journey(second, timed)
    items = timed.envelopes()
    # the later enrolment arrives first; an event of the first one arrives last
    items = [
        items[len(journey(first).items)],
        *items[: len(journey(first).items)],
        *items[len(journey(first).items) + 1 :],
    ]
    await deliver(store, items)
    found = await tables(store)
    (row,) = found["funnel"]
    assert (row["enrolled"], row["positioned"], row["training_started"], row["withdrawn"]) == (
        1, 1, 0, 0,
    )  # fmt: skip
    assert row["re_enrolled"] == 1
    assert found["withdrawals"] == [
        {"region": "FR-NAQ", "scheme": "2024", "reason": "health", "withdrawals": 1}
    ]
    async with store.uow() as uow:
        view = await views.conseiller_view(uow, first.conseiller_id, _national())
    assert view.enrolments == 2
    assert view.journey.path_hours == 70
    assert view.journey.step.value == "positioned"


async def test_a_legacy_withdrawal_counts_by_code_or_as_other(store: Store) -> None:
    coded, free = (
        Planned(new_id(), "FR-IDF", "75", "2024", date(2026, 2, 2), 70, "enrolled")
        for _ in range(2)
    )
    items = []
    for plan, reason in ((coded, "health"), (free, "Déménagement à Lyon")):
        items.append((enrolled(plan), envelope_on(enrolled(plan), "FR-IDF", plan.enrolled_on)))
        withdrawal = enr.ConseillerWithdrawnV1(
            conseiller_id=plan.conseiller_id, reason=reason, withdrawn_on=date(2026, 2, 20)
        )
        items.append((withdrawal, envelope_on(withdrawal, "FR-IDF", date(2026, 2, 20))))
    await deliver(store, items)
    reasons = {row["reason"]: row["withdrawals"] for row in (await tables(store))["withdrawals"]}
    assert reasons == {"health": 1, "other": 1}
    assert "Déménagement" not in await dump(store)


async def test_facts_before_their_enrolment_wait_for_it(store: Store) -> None:
    plan = Planned(new_id(), "FR-OCC", "31", "2024", date(2026, 3, 2), 315, "positioned")
    path = pos.PathAssignedV2(
        conseiller_id=plan.conseiller_id, region="FR-OCC", scheme="2024", path_hours=315,
        weeks=15, alternance_days_per_week=1, rubric_version="v1",
        assigned_on=date(2026, 3, 12),
    )  # fmt: skip
    await deliver(store, [(path, envelope_on(path, "FR-OCC", date(2026, 3, 12)))])
    async with store.uow() as uow:
        assert await uow.journeys.awaiting(None) == 1
    assert (await tables(store))["funnel"] == []
    event = enrolled(plan)
    await deliver(store, [(event, envelope_on(event, "FR-OCC", plan.enrolled_on))])
    (row,) = (await tables(store))["funnel"]
    assert (row["enrolled"], row["positioned"]) == (1, 1)
    assert (await tables(store))["paths"] == [
        {"region": "FR-OCC", "scheme": "2024", "path_hours": 315, "positioned": 1}
    ]


async def test_durations_are_medians_and_90th_percentiles_of_days(store: Store) -> None:
    plans = [
        Planned(new_id(), "FR-NAQ", "40", "2024", date(2026, 1, 5), 70, "double") for _ in range(3)
    ]
    await deliver(store, scripted_stream(plans))
    rows = {row["span"]: row for row in (await tables(store))["durations"]}
    assert rows["enrolment_to_path"]["median_days"] == 10
    assert rows["enrolment_to_training"]["p90_days"] == 17
    # 10 d to the path, 7 to the start, 10 weeks of training, 14 d to the exam
    assert rows["enrolment_to_double_certification"]["median_days"] == 10 + 7 + 70 + 14


async def test_modules_registrations_waitlists_completions_and_satisfaction(
    store: Store,
) -> None:
    events = module_events("FR-NAQ", date(2026, 5, 4))
    order = ["completed", "waitlisted", "evaluated", "accepted", "scheduled", "published"]
    await deliver(
        store,
        [
            (events[n], envelope_on(events[n], "FR-NAQ", date(2026, 5, 4), i))
            for i, n in enumerate(order)
        ],
    )
    found = await tables(store)
    (modules,) = found["modules"]
    assert modules == {
        "region": "FR-NAQ", "registrations": 1, "registrations_initial": 1,
        "registrations_continuing": 0, "funded": 1, "unfunded": 0, "cancelled": 0,
        "waitlisted": 1, "completions": 1, "completions_initial": 1,
        "completions_continuing": 0, "hours_completed": 7,
    }  # fmt: skip
    (satisfaction,) = found["satisfaction"]
    assert satisfaction["responses"] == 10
    assert satisfaction["satisfied_overall_pct"] == 80.0
    (catalogue,) = found["module_catalogue"]
    assert (catalogue["sessions"], catalogue["registrations"], catalogue["completions"]) == (
        1,
        1,
        1,
    )


async def test_no_name_nor_e_mail_is_kept(store: Store) -> None:
    plans = scripted_plans(12)
    await deliver(store, scripted_stream(plans))
    everything = await dump(store)
    for plan in plans:
        assert plan.email not in everything
        assert plan.last_name not in everything
        assert plan.conseiller_id in everything


async def dump(store: Store) -> str:
    """Every text of every table of the store."""
    from conum_national.store import metadata

    texts = []
    async with store.uow() as uow:
        for table in metadata.sorted_tables:
            rows = await uow.session.exec(text(f"SELECT * FROM {table.name}"))  # type: ignore[call-overload]
            texts += [str(value) for row in rows.all() for value in row]
    return "\n".join(texts)


def _national() -> Any:
    from conum_kernel.access import Caller

    return Caller.everywhere()
