"""Attendance and completion of a session, by its hub; completion publishes
``module.completed`` for every conseiller present each day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from conum_contracts.modules import ModuleCompletedV2
from conum_kernel.access import Caller

from conum_modules import domain
from conum_modules.domain import AttendanceSheet, Completion, RegistrationStatus
from conum_modules.handlers.commands.catalogue import module_for
from conum_modules.handlers.commands.sessions import emit_cancelled, held_session
from conum_modules.store import ModulesUnitOfWork


@dataclass(frozen=True)
class RecordAttendance:
    session_id: str
    on: date
    present: Sequence[str]
    """The conseillers present; every other seat holder is absent that day."""


async def record_attendance(
    command: RecordAttendance, uow: ModulesUnitOfWork, caller: Caller, today: date
) -> AttendanceSheet:
    session = await held_session(uow, command.session_id, caller)
    sheet = domain.attendance_sheet(
        session,
        await uow.registrations.of_session(session.session_id),
        on=command.on,
        present=command.present,
        today=today,
    )
    await uow.attendance.record(sheet)
    await uow.commit()
    return sheet


@dataclass(frozen=True)
class CompleteSession:
    session_id: str


async def complete_session(
    command: CompleteSession, uow: ModulesUnitOfWork, caller: Caller, today: date
) -> Completion:
    session_id = command.session_id
    session = await held_session(uow, session_id, caller)
    module = await module_for(uow, session.module_id)
    completion = domain.complete_session(
        session,
        await uow.registrations.of_session(session_id),
        await uow.attendance.sheets(session_id),
        today=today,
    )
    await uow.sessions.save(completion.session)
    for registration in completion.ended:
        await uow.registrations.save(registration)
        if registration.status is RegistrationStatus.COMPLETED:
            assert registration.track is not None
            uow.emit(
                ModuleCompletedV2.of(
                    registration,
                    module_id=module.module_id,
                    hours=module.hours,
                    completed_on=session.last_day,
                ),
                region=registration.region,
            )
    for registration in completion.dropped:
        await uow.registrations.save(registration)
        emit_cancelled(uow, registration)
    await uow.commit()
    return completion
