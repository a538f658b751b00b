"""Refusals of the enrolment rules; each ``code`` is stable and machine-readable, and its
kernel category decides the HTTP status (decision 0014).

Messages never carry personal data (names, e-mail addresses).
"""

from __future__ import annotations

from conum_kernel.refusals import Conflict, Invalid, NotFound


class UnknownDepartment(Invalid):
    """A department named in a request is not one of the territory's."""

    code = "unknown_department"


class DepartmentNotFound(NotFound):
    """The department asked for (in the path) is not one of the territory's."""

    code = "unknown_department"


class UnknownStructure(Invalid):
    """The structure named in a request's body does not exist, or not for the caller."""

    code = "unknown_structure"


class StructureNotFound(NotFound):
    """The structure named in the path does not exist, or not for the caller."""

    code = "unknown_structure"


class UnknownEnrolment(NotFound):
    """No enrolment for this conseiller, or none the caller may see."""

    code = "unknown_enrolment"


class UnknownCohort(NotFound):
    """No such cohort, or none the caller may see."""

    code = "unknown_cohort"


class InvalidSiret(Invalid):
    code = "invalid_siret"


class StructureAlreadyRegistered(Conflict):
    code = "structure_already_registered"


class HabilitationAlreadyRequested(Conflict):
    code = "habilitation_already_requested"


class HabilitationNotRequested(Conflict):
    code = "habilitation_not_requested"


class HabilitationAlreadyGranted(Conflict):
    code = "habilitation_already_granted"


class AlreadyInOpenTraining(Conflict):
    code = "already_in_open_training"


class RemoteTrainingRefused(Invalid):
    code = "remote_training_refused"


class EnrolmentClosed(Conflict):
    code = "enrolment_closed"


class WithdrawalDetailTooLong(Invalid):
    code = "withdrawal_detail_too_long"


class NotInTraining(Conflict):
    code = "not_in_training"


class NotATrainingDay(Invalid):
    code = "not_a_training_day"


class AlternanceDayTaken(Invalid):
    """The week already has its full count of training days: the rest stay with the structure."""

    code = "alternance_day_taken"


class NotACohortMember(Invalid):
    code = "not_a_cohort_member"


class ReferentWindowClosed(Invalid):
    code = "referent_window_closed"


class ReferentAlreadyDesignated(Conflict):
    code = "referent_already_designated"


class InvalidReferenceData(Invalid):
    """The reference files are inconsistent; the data in use is kept."""

    code = "invalid_reference_data"


class AlreadyErased(Conflict):
    """The person's data was already erased (an erasure is done once)."""

    code = "already_erased"


class PersonErased(Conflict):
    """The person's data was erased (decision 0021): there is no one to write to."""

    code = "person_erased"
