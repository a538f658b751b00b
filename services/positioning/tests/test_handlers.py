"""The store and the use cases on SQLite and PostgreSQL, migrated from an empty database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conum_contracts.positioning import PathAssignedV2, TestCompletedV1, TestScheduledV1
from conum_kernel.access import Caller, Role
from conum_positioning.app import SERVICE
from conum_positioning.domain import (
    ConcurrentChange,
    InquirySource,
    NoResultToQuestion,
    PositioningState,
    ResultAlreadyRecorded,
    UnknownPositioning,
)
from conum_positioning.handlers import commands
from conum_positioning.reference import RUBRICS as RUBRICS_DIR
from conum_positioning.reference import load_rubrics
from conum_positioning.testing import new_id
from conum_runtime.testing.services import migrated_schema_drift

from .conftest import (
    DAY,
    ORGANISATION,
    STRUCTURE,
    NewUow,
    apply_enrolled,
    outbox,
    record,
)


async def test_migrations_build_the_tables_of_the_models(database_url: str) -> None:
    assert await migrated_schema_drift(SERVICE, database_url) == []


async def test_an_enrolment_creates_one_positioning_and_schedules_its_test(
    new_uow: NewUow,
) -> None:
    conseiller_id = new_id()
    first = await apply_enrolled(new_uow, conseiller_id)
    again = await apply_enrolled(new_uow, conseiller_id)  # the same enrolment, another ce_id
    assert [type(e) for e in first] == [TestScheduledV1]
    assert again == []
    async with new_uow() as uow:
        positioning = await uow.positionings.get(conseiller_id)
        history = await uow.positionings.history(conseiller_id)
    assert positioning is not None and positioning.state is PositioningState.SCHEDULED
    assert positioning.test_on == date(2026, 3, 5)
    assert [act.kind.value for act in history] == ["scheduled"]


async def test_a_result_publishes_test_completed_and_path_assigned_of_the_scheme(
    new_uow: NewUow,
) -> None:
    conseiller_id = new_id()
    await apply_enrolled(new_uow, conseiller_id, scheme="2021")
    await record(new_uow, conseiller_id, 69, 70)
    published = await outbox(new_uow)
    completed, assigned = published[1], published[2]
    assert isinstance(completed, TestCompletedV1) and completed.rubric_version == "v1"
    assert isinstance(assigned, PathAssignedV2)
    assert (assigned.region, assigned.scheme, assigned.path_hours) == ("FR-NAQ", "2021", 280)
    assert (assigned.weeks, assigned.alternance_days_per_week) == (16, 1)
    assert assigned.assigned_on == DAY


async def test_a_second_result_is_refused_and_changes_nothing(new_uow: NewUow) -> None:
    conseiller_id = new_id()
    await apply_enrolled(new_uow, conseiller_id)
    await record(new_uow, conseiller_id, 80, 80)
    with pytest.raises(ResultAlreadyRecorded):
        await record(new_uow, conseiller_id, 10, 10)
    async with new_uow() as uow:
        positioning = await uow.positionings.get(conseiller_id)
        results = await uow.positionings.results(conseiller_id)
    assert positioning is not None and positioning.result is not None
    assert positioning.result.path_hours == 70
    assert len(results) == 1
    assert len(await outbox(new_uow)) == 3


async def test_reopening_keeps_the_earlier_result_in_the_history(new_uow: NewUow) -> None:
    conseiller_id = new_id()
    await apply_enrolled(new_uow, conseiller_id)
    await record(new_uow, conseiller_id, 80, 80)
    async with new_uow() as uow:
        await commands.reopen_positioning(
            commands.ReopenPositioning(conseiller_id, "scores swapped"), uow, ORGANISATION, DAY
        )
    await record(new_uow, conseiller_id, 30, 80)
    async with new_uow() as uow:
        results = await uow.positionings.results(conseiller_id)
        history = await uow.positionings.history(conseiller_id)
        positioning = await uow.positionings.get(conseiller_id)
    assert [r.path_hours for r in results] == [70, 315]
    assert positioning is not None and positioning.result == results[-1]
    assert [a.kind.value for a in history] == [
        "scheduled",
        "result_recorded",
        "reopened",
        "result_recorded",
    ]
    assert "scores swapped" in history[2].detail


async def test_an_inquiry_is_kept_and_the_result_stands(new_uow: NewUow) -> None:
    conseiller_id = new_id()
    await apply_enrolled(new_uow, conseiller_id)
    with pytest.raises(NoResultToQuestion):
        async with new_uow() as uow:
            await commands.open_inquiry(
                commands.OpenInquiry(conseiller_id, InquirySource.STRUCTURE, "?"),
                uow,
                STRUCTURE,
                DAY,
            )
    await record(new_uow, conseiller_id, 50, 50)
    async with new_uow() as uow:
        inquiry = await commands.open_inquiry(
            commands.OpenInquiry(conseiller_id, InquirySource.LEARNER, "Why?"), uow, STRUCTURE, DAY
        )
    async with new_uow() as uow:
        await commands.answer_inquiry(
            commands.AnswerInquiry(conseiller_id, inquiry.inquiry_id, "Rubric v1."),
            uow,
            ORGANISATION,
            DAY,
        )
    async with new_uow() as uow:
        inquiries = await uow.inquiries.of(conseiller_id)
        positioning = await uow.positionings.get(conseiller_id)
    assert [(i.opened_by, i.answer) for i in inquiries] == [(InquirySource.LEARNER, "Rubric v1.")]
    assert positioning is not None and positioning.result is not None
    assert positioning.result.path_hours == 175


async def test_another_regions_positioning_does_not_exist_for_a_regional_caller(
    new_uow: NewUow,
) -> None:
    conseiller_id = new_id()
    await apply_enrolled(new_uow, conseiller_id, region="FR-OCC", department="31")
    with pytest.raises(UnknownPositioning):
        await record(new_uow, conseiller_id, 50, 50)


async def test_a_concurrent_change_is_refused(new_uow: NewUow, database_url: str) -> None:
    """Two units of work reading one positioning at once (PostgreSQL): the later write is
    refused. On SQLite a transaction begins immediately, so the second would wait for the
    first to commit (``runtime/tests/test_db.py``)."""
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite transactions are immediate: no two hold one store at once")
    conseiller_id = new_id()
    await apply_enrolled(new_uow, conseiller_id)
    async with new_uow() as first, new_uow() as second:
        one = await first.positionings.get(conseiller_id)
        two = await second.positionings.get(conseiller_id)
        assert one is not None and two is not None
        await first.positionings.save(one)
        await first.commit()
        with pytest.raises(ConcurrentChange):
            await second.positionings.save(two)


async def test_the_distribution_counts_current_paths_by_region_and_scheme(
    new_uow: NewUow,
) -> None:
    for region, department, scheme, scores in [
        ("FR-NAQ", "40", "2024", (80, 80)),
        ("FR-NAQ", "40", "2024", (90, 75)),
        ("FR-NAQ", "40", "2021", (45, 45)),
        ("FR-OCC", "31", "2024", (10, 10)),
    ]:
        conseiller_id = new_id()
        await apply_enrolled(
            new_uow, conseiller_id, region=region, department=department, scheme=scheme
        )
        caller = Caller(Role.TRAINING_ORGANISATION, None)
        async with new_uow() as uow:
            await commands.record_result(
                commands.RecordResult(conseiller_id, *scores, "note"), uow, caller, DAY
            )
    await apply_enrolled(new_uow, new_id())  # scheduled only: no path yet
    async with new_uow() as uow:
        everywhere = await uow.positionings.path_distribution(None, None)
        naq_2024 = await uow.positionings.path_distribution({"FR-NAQ"}, "2024")
    assert [(r.region, r.scheme, r.path_hours, r.count) for r in everywhere] == [
        ("FR-NAQ", "2021", 350, 1),
        ("FR-NAQ", "2024", 70, 2),
        ("FR-OCC", "2024", 315, 1),
    ]
    assert [(r.path_hours, r.count) for r in naq_2024] == [(70, 2)]
    assert json.dumps([r.count for r in naq_2024]) == "[2]"


async def test_the_rubric_in_force_on_the_recording_day_is_kept_with_the_result(
    new_uow: NewUow, tmp_path: Path
) -> None:
    raw = json.loads((RUBRICS_DIR / "v1.json").read_text())
    raw.update(version="v2", effective_from="2026-09-01")
    raw["schemes"]["2024"]["shortest_from"] = 80
    (tmp_path / "v2.json").write_text(json.dumps(raw))
    book = load_rubrics([RUBRICS_DIR, tmp_path])
    before, after = new_id(), new_id()
    for conseiller_id, day in ((before, date(2026, 8, 31)), (after, date(2026, 9, 1))):
        await apply_enrolled(new_uow, conseiller_id)
        async with new_uow(book) as uow:
            await commands.record_result(
                commands.RecordResult(conseiller_id, 75, 75, "note"), uow, ORGANISATION, day
            )
    async with new_uow() as uow:
        first = await uow.positionings.get(before)
        second = await uow.positionings.get(after)
    assert first is not None and first.result is not None
    assert second is not None and second.result is not None
    assert (first.result.rubric_version, first.result.path_hours) == ("v1", 70)
    assert (second.result.rubric_version, second.result.path_hours) == ("v2", 175)
