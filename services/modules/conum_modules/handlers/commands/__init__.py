"""HTTP-triggered use cases, one module per concern: the national catalogue
(:mod:`.catalogue`), sessions (:mod:`.sessions`), registrations and the waiting list
(:mod:`.registrations`), attendance and completion (:mod:`.attendance`), the satisfaction
survey (:mod:`.surveys`). Each takes a command, a unit of work and the caller, applies the
rules of :mod:`conum_modules.domain` and commits.
"""

from conum_modules.handlers.commands.attendance import (
    CompleteSession,
    RecordAttendance,
    complete_session,
    record_attendance,
)
from conum_modules.handlers.commands.catalogue import (
    PublishModule,
    WithdrawModule,
    module_for,
    publish_module,
    publish_starting_catalogue,
    withdraw_module,
)
from conum_modules.handlers.commands.registrations import (
    CancelRegistration,
    Register,
    Registered,
    cancel_registration,
    conseiller_for,
    promote,
    register,
    registration_for,
)
from conum_modules.handlers.commands.sessions import (
    CancelSession,
    ScheduleSession,
    cancel_session,
    emit_cancelled,
    held_session,
    schedule_session,
    session_for,
)
from conum_modules.handlers.commands.surveys import EvaluateSession, evaluate_session

__all__ = [
    "CancelRegistration",
    "CancelSession",
    "CompleteSession",
    "EvaluateSession",
    "PublishModule",
    "RecordAttendance",
    "Register",
    "Registered",
    "ScheduleSession",
    "WithdrawModule",
    "cancel_registration",
    "cancel_session",
    "complete_session",
    "conseiller_for",
    "emit_cancelled",
    "evaluate_session",
    "held_session",
    "module_for",
    "promote",
    "publish_module",
    "publish_starting_catalogue",
    "record_attendance",
    "register",
    "registration_for",
    "schedule_session",
    "session_for",
    "withdraw_module",
]
