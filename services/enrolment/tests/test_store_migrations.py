"""Revision 0002 on a store that holds enrolments of revision 0001 (SQLite and PostgreSQL):
each enrolment gets an id of its own, and a free-text withdrawal reason becomes ``other``
with its text beside it."""

from __future__ import annotations

from datetime import date

from conum_enrolment.app import SERVICE
from conum_enrolment.domain import WithdrawalReason
from conum_enrolment.store import EnrolmentUnitOfWork, metadata
from conum_runtime.db import create_engine, session_factory
from conum_runtime.migrations import upgrade
from conum_runtime.tables import runtime_tables
from sqlalchemy import text

STRUCTURE = "0b7e4c2d-9a1f-4e3b-8c5d-6f7a8b9c0d1e"
CONSEILLERS = {
    "6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f": ("withdrawn", "moved_away"),
    "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d": ("withdrawn", "health"),
    "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e": ("enrolled", None),
}


async def test_revision_0002_gives_every_enrolment_an_id_and_a_reason_code(
    database_url: str,
) -> None:
    engine = create_engine(database_url)
    await upgrade(engine, SERVICE.migrations, metadata, revision="0001")
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO structures (structure_id, siret, name, kind, department, region) "
                "VALUES (:id, '73282932000074', 'Mairie', 'collectivite', '40', 'FR-NAQ')"
            ),
            {"id": STRUCTURE},
        )
        for n, (conseiller_id, (state, reason)) in enumerate(CONSEILLERS.items()):
            await connection.execute(
                text(
                    "INSERT INTO conseillers (conseiller_id, email, first_name, last_name) "
                    "VALUES (:id, :email, 'Awa', 'Diallo')"
                ),
                {"id": conseiller_id, "email": f"awa{n}@example.org"},
            )
            await connection.execute(
                text(
                    "INSERT INTO enrolments (conseiller_id, structure_id, department, region, "
                    "scheme, employment, remote, training_organisation_id, "
                    "training_organisation_name, enrolled_on, state, attendance_breached, "
                    "withdrawn_on, withdrawal_reason) VALUES (:id, :structure, '40', 'FR-NAQ', "
                    "'2024', 'recruited', false, 'la-fabrik', 'La Fabrik', :day, :state, false, "
                    ":withdrawn_on, :reason)"
                ),
                {
                    "id": conseiller_id,
                    "structure": STRUCTURE,
                    "day": date(2026, 3, 2),
                    "state": state,
                    "withdrawn_on": date(2026, 3, 9) if reason else None,
                    "reason": reason,
                },
            )
    await upgrade(engine, SERVICE.migrations, metadata)
    sessions = session_factory(engine)
    async with EnrolmentUnitOfWork(sessions, runtime_tables(metadata), "enrolment") as uow:
        found = {c: await uow.enrolments.get(c) for c in CONSEILLERS}
    await engine.dispose()

    ids = {enrolment.enrolment_id for enrolment in found.values() if enrolment is not None}
    assert len(ids) == len(CONSEILLERS)
    moved, ill, open_ = (found[c] for c in CONSEILLERS)
    assert moved is not None and ill is not None and open_ is not None
    assert (moved.withdrawal_reason, moved.withdrawal_detail) == (
        WithdrawalReason.OTHER,
        "moved_away",
    )
    assert (ill.withdrawal_reason, ill.withdrawal_detail) == (WithdrawalReason.HEALTH, None)
    assert (open_.withdrawal_reason, open_.withdrawal_detail) == (None, None)
