"""The handler contract: the type checker refuses a handler registered for another event
model, or written for another unit of work than the service's; at run time a model has one
handler."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conum_contracts.base import EventModel
from conum_contracts.enrolment import ConseillerEnrolledV3
from conum_contracts.envelope import Envelope
from conum_contracts.positioning import TestScheduledV1
from conum_runtime.consumed import Consumed
from conum_runtime.uow import UnitOfWork
from mypy import api

ROOT = Path(__file__).resolve().parents[2]

CHECKED = """

from conum_contracts.enrolment import ConseillerEnrolledV3
from conum_contracts.envelope import Envelope
from conum_contracts.positioning import TestScheduledV1
from conum_runtime.app import ServiceDefinition
from conum_runtime.consumed import Consumed
from conum_runtime.uow import UnitOfWork
from sqlalchemy import MetaData


class Ours(UnitOfWork): ...


class Theirs(UnitOfWork): ...


async def on_scheduled(event: TestScheduledV1, envelope: Envelope, uow: Ours) -> None: ...


async def on_enrolled(event: ConseillerEnrolledV3, envelope: Envelope, uow: Ours) -> None: ...


async def on_scheduled_theirs(event: TestScheduledV1, envelope: Envelope, uow: Theirs) -> None:
    ...


async def on_any(event: object, envelope: Envelope, uow: UnitOfWork) -> None: ...


GOOD = Consumed[Ours]().on(TestScheduledV1, on_scheduled).on(ConseillerEnrolledV3, on_enrolled)
GENERAL = Consumed[Ours]().on(TestScheduledV1, on_any)
WRONG_EVENT = Consumed[Ours]().on(TestScheduledV1, on_enrolled)  # refused
WRONG_UNIT_OF_WORK = Consumed[Ours]().on(TestScheduledV1, on_scheduled_theirs)  # refused
SERVICE = ServiceDefinition(
    name="ours",
    metadata=MetaData(),
    unit_of_work=Theirs,  # refused: GOOD's handlers take Ours
    routers=(),
    consumed=GOOD,
)
"""


def test_mypy_refuses_a_handler_of_another_event_or_another_unit_of_work(tmp_path: Path) -> None:
    checked = tmp_path / "consumed_by_a_service.py"
    checked.write_text(CHECKED)
    out, _err, status = api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            "--no-error-summary",
            "--hide-error-context",
            str(checked),
        ]
    )
    lines = CHECKED.splitlines()
    refused = {number for number, line in enumerate(lines, start=1) if "# refused" in line}
    found = {int(n) for n in re.findall(rf"{checked.name}:(\d+): error", out)}
    # the ServiceDefinition error is reported at the call; its refused line is inside it
    definition = next(n for n, line in enumerate(lines, start=1) if line.startswith("SERVICE"))
    refused_calls = {n for n in refused if n < definition} | {definition}
    assert status == 1, out
    assert found == refused_calls, out


async def on_scheduled(event: TestScheduledV1, envelope: Envelope, uow: UnitOfWork) -> None:
    """A handler for the run-time checks."""


def test_a_model_has_one_handler_and_a_copy_may_replace_it() -> None:
    consumed = Consumed[UnitOfWork]().on(TestScheduledV1, on_scheduled)
    with pytest.raises(ValueError, match="TestScheduledV1 has a handler already"):
        consumed.on(TestScheduledV1, on_scheduled)

    async def other(event: EventModel, envelope: Envelope, uow: UnitOfWork) -> None:
        """Another handler, of any event."""

    replaced = consumed.with_handler(TestScheduledV1, other).on(ConseillerEnrolledV3, other)
    assert dict(consumed) == {TestScheduledV1: on_scheduled}
    assert dict(replaced) == {TestScheduledV1: other, ConseillerEnrolledV3: other}
