"""Refusals of the certification rules; each ``code`` is stable and machine-readable, and its
kernel category decides the HTTP status (404, 409, 403, 422). Messages never carry personal
data."""

from __future__ import annotations

from conum_kernel.refusals import Conflict, Forbidden, Invalid, Narrowed, NotFound


class UnknownConseiller(NotFound):
    """No enrolled conseiller with this id, or none the caller may see."""

    code = "unknown_conseiller"


class UnknownExamSession(NotFound):
    """No exam session with this id, or none the caller may see."""

    code = "unknown_exam_session"


class NotTheirSession(Forbidden):
    """A certifier token naming its certifier creates sessions for that certifier only."""

    code = "not_their_session"


class NotThePixCertifier(Forbidden):
    """Pix results are recorded by the Pix certifier (or a token naming no certifier)."""

    code = "not_the_pix_certifier"


class ConseillerOfAnotherRegion(Invalid):
    """A session convenes conseillers of its own region only."""

    code = "conseiller_of_another_region"


class PathMissing(Invalid):
    code = "path_missing"


class ConseillerWithdrawn(Invalid):
    code = "conseiller_withdrawn"


class TrainingNotStarted(Invalid):
    code = "training_not_started"


class ExamBeforeTrainingStart(Invalid):
    code = "exam_before_training_start"


class RetakeMustBeLater(Invalid):
    code = "retake_must_be_later"


class DecidedBeforeExam(Invalid):
    code = "decided_before_exam"


class InvalidPixScore(Invalid):
    code = "invalid_pix_score"


class NoFullTitleOrganisation(Invalid):
    code = "no_full_title_organisation"


class AlreadyConvened(Conflict):
    code = "already_convened"


class ConvocationPending(Conflict):
    code = "convocation_pending"


class Ccp1AlreadyPassed(Conflict):
    code = "ccp1_already_passed"


class ConvocationMissing(Conflict):
    code = "convocation_missing"


class ResultAlreadyRecorded(Conflict):
    code = "result_already_recorded"


class PixResultAlreadyRecorded(Conflict):
    code = "pix_result_already_recorded"


class AlreadyInFullTitle(Conflict):
    code = "already_enrolled_in_full_title"


class InvalidFile(Invalid):
    """A results file that cannot be read at all (header, size, encoding)."""

    code = "invalid_csv"


class InvalidRow(Narrowed, Invalid):
    """A row of a results file that cannot be read; its ``reason`` names the faulty column."""

    code = "invalid_row"
