"""Refusals of the modules rules; each ``code`` is stable and machine-readable.

A refused request changes nothing and publishes nothing: the use case raises before it
commits.
"""

from __future__ import annotations

from conum_kernel.refusals import Conflict, Forbidden, Invalid, Narrowed, NotFound


class UnknownModule(NotFound):
    code = "unknown_module"


class UnknownSession(NotFound):
    """No session with this id, or none the caller may see."""

    code = "unknown_session"


class UnknownRegistration(NotFound):
    code = "unknown_registration"


class UnknownConseiller(NotFound):
    """No enrolled conseiller with this id, or none the caller may see."""

    code = "unknown_conseiller"


class NationalInstanceOnly(Forbidden):
    """The catalogue is written on the national instance (La Mednum's) only."""

    code = "national_instance_only"


class RegionalInstanceOnly(Forbidden):
    """Sessions and registrations are written on their region's instance, not elsewhere."""

    code = "regional_instance_only"


class NotTheirHub(Forbidden):
    """A hub token bound to one hub acts on another hub's session."""

    code = "not_their_hub"


class ModuleWithdrawn(Conflict):
    code = "module_withdrawn"


class ModuleAlreadyWithdrawn(Conflict):
    code = "module_already_withdrawn"


class InvalidDayPattern(Narrowed, Invalid):
    """The session's days break the module's kind; ``reason`` says how."""

    code = "invalid_day_pattern"


class SessionInThePast(Invalid):
    code = "session_in_the_past"


class SessionTooFar(Invalid):
    code = "session_too_far"


class InvalidCapacity(Invalid):
    code = "invalid_capacity"


class SessionCancelled(Conflict):
    code = "session_cancelled"


class SessionCompleted(Conflict):
    code = "session_completed"


class RegistrationClosed(Conflict):
    """The session has started (its first day is past): registration is closed."""

    code = "registration_closed"


class SessionFull(Conflict):
    """Every seat is taken and the caller asked for no waiting list."""

    code = "session_full"


class ConvocationMissing(Conflict):
    """Initial-training modules need the CCP1 convocation first (R-MOD-04)."""

    code = "convocation_missing"


class HabilitationMissing(Conflict):
    """The module needs the host structure's habilitation first (R-MOD-06)."""

    code = "habilitation_missing"


class AlreadyRegistered(Conflict):
    code = "already_registered"


class ModuleAlreadyTaken(Conflict):
    """The conseiller has this module already (completed, or registered to another
    session)."""

    code = "module_already_taken"


class ConseillerWithdrawn(Conflict):
    code = "conseiller_withdrawn"


class RegistrationNotOpen(Conflict):
    """The registration is already cancelled, completed or missed."""

    code = "registration_not_open"


class DayNotInSession(Invalid):
    code = "day_not_in_session"


class DayNotReached(Conflict):
    code = "day_not_reached"


class NotRegistered(Invalid):
    """Attendance names a conseiller without an accepted registration to the session."""

    code = "not_registered"


class SessionNotOver(Conflict):
    code = "session_not_over"


class AttendanceMissing(Conflict):
    code = "attendance_missing"


class SessionNotCompleted(Conflict):
    code = "session_not_completed"


class AlreadyEvaluated(Conflict):
    code = "already_evaluated"


class TooManyAnswers(Invalid):
    code = "too_many_answers"


class NoHubForRegion(Invalid):
    code = "no_hub_for_region"


class NoAnswers(Invalid):
    code = "no_answers"
