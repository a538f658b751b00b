"""Refusals of the rules: each carries a stable, machine-readable ``code``.

Messages never carry personal data (names, e-mail addresses).
"""

from __future__ import annotations


class EnrolmentRefused(Exception):
    """A request the rules refuse; ``code`` is stable and machine-readable."""

    code = "refused"


class UnknownDepartment(EnrolmentRefused):
    code = "unknown_department"


class UnknownStructure(EnrolmentRefused):
    code = "unknown_structure"


class StructureNotFound(UnknownStructure):
    """The structure named in the path does not exist (or is out of the caller's regions)."""


class UnknownEnrolment(EnrolmentRefused):
    code = "unknown_enrolment"


class UnknownCohort(EnrolmentRefused):
    code = "unknown_cohort"


class InvalidSiret(EnrolmentRefused):
    code = "invalid_siret"


class StructureAlreadyRegistered(EnrolmentRefused):
    code = "structure_already_registered"


class HabilitationAlreadyRequested(EnrolmentRefused):
    code = "habilitation_already_requested"


class HabilitationNotRequested(EnrolmentRefused):
    code = "habilitation_not_requested"


class HabilitationAlreadyGranted(EnrolmentRefused):
    code = "habilitation_already_granted"


class AlreadyInOpenTraining(EnrolmentRefused):
    code = "already_in_open_training"


class RemoteTrainingRefused(EnrolmentRefused):
    code = "remote_training_refused"


class WrongRegion(EnrolmentRefused):
    code = "wrong_region"


class NotYourConseiller(EnrolmentRefused):
    code = "not_your_conseiller"


class EnrolmentClosed(EnrolmentRefused):
    code = "enrolment_closed"


class NotInTraining(EnrolmentRefused):
    code = "not_in_training"


class NotATrainingDay(EnrolmentRefused):
    code = "not_a_training_day"


class AlternanceDayTaken(EnrolmentRefused):
    """The week already has its full count of training days: the rest stay with the structure."""

    code = "alternance_day_taken"


class NotACohortMember(EnrolmentRefused):
    code = "not_a_cohort_member"


class ReferentWindowClosed(EnrolmentRefused):
    code = "referent_window_closed"


class ReferentAlreadyDesignated(EnrolmentRefused):
    code = "referent_already_designated"
