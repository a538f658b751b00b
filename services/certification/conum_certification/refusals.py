"""Refusals of the certification rules; each ``code`` is stable and machine-readable."""

from __future__ import annotations


class CertificationRefused(Exception):
    """A request the rules refuse. Messages never carry personal data."""

    code = "refused"


class UnknownConseiller(CertificationRefused):
    code = "unknown_conseiller"


class UnknownExamSession(CertificationRefused):
    code = "unknown_exam_session"


class WrongRegion(CertificationRefused):
    code = "wrong_region"


class NotTheirSession(CertificationRefused):
    code = "not_their_session"


class PathMissing(CertificationRefused):
    code = "path_missing"


class ConseillerWithdrawn(CertificationRefused):
    code = "conseiller_withdrawn"


class TrainingNotStarted(CertificationRefused):
    code = "training_not_started"


class ExamBeforeTrainingStart(CertificationRefused):
    code = "exam_before_training_start"


class AlreadyConvened(CertificationRefused):
    code = "already_convened"


class ConvocationPending(CertificationRefused):
    code = "convocation_pending"


class Ccp1AlreadyPassed(CertificationRefused):
    code = "ccp1_already_passed"


class RetakeMustBeLater(CertificationRefused):
    code = "retake_must_be_later"


class ConvocationMissing(CertificationRefused):
    code = "convocation_missing"


class ResultAlreadyRecorded(CertificationRefused):
    code = "result_already_recorded"


class DecidedBeforeExam(CertificationRefused):
    code = "decided_before_exam"


class InvalidPixScore(CertificationRefused):
    code = "invalid_pix_score"


class PixResultAlreadyRecorded(CertificationRefused):
    code = "pix_result_already_recorded"


class AlreadyInFullTitle(CertificationRefused):
    code = "already_enrolled_in_full_title"


class NoFullTitleOrganisation(CertificationRefused):
    code = "no_full_title_organisation"
