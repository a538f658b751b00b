"""A unit of work builds the repositories it declares, afresh for each transaction, on its
session and its plain statements; collaborators it does not declare are refused."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from conum_contracts.base import EventModel
from conum_contracts.modules import ModuleWithdrawnV1
from conum_contracts.positioning import TestScheduledV1
from conum_runtime.db import create_engine, session_factory
from conum_runtime.tables import runtime_tables
from conum_runtime.uow import Repository, UnitOfWork, conseillers_of
from sqlalchemy import MetaData


class Remembered(Repository):
    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.read: list[str] = []


class Ours(UnitOfWork):
    remembered: Remembered
    threshold: int
    """A collaborator."""


async def test_each_transaction_gets_its_own_repositories_on_its_session(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/store.db")
    sessions, tables = session_factory(engine), runtime_tables(MetaData())
    uow = Ours(sessions, tables, "test", threshold=3)
    async with uow:
        first = uow.remembered
        first.read.append("kept for this transaction only")
        assert first._session is uow.session and first._statements is uow.statements
    async with uow:
        assert uow.remembered is not first and uow.remembered.read == []
    assert uow.threshold == 3
    with pytest.raises(TypeError, match="declares no collaborator 'undeclared'"):
        Ours(sessions, tables, "test", undeclared=1)
    await engine.dispose()


def test_a_batch_names_its_conseillers_once_each_in_order() -> None:
    day, a, b = date(2026, 3, 2), str(uuid.uuid4()), str(uuid.uuid4())
    events: list[EventModel] = [
        TestScheduledV1(conseiller_id=c, test_on=day, interview_on=day) for c in (b, a, b)
    ]
    events.append(ModuleWithdrawnV1(module_id=str(uuid.uuid4())))  # names no conseiller
    assert conseillers_of(events) == [b, a]
