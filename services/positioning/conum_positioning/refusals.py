"""Refusals of the positioning rules; each ``code`` is stable and machine-readable."""

from __future__ import annotations


class PositioningRefused(Exception):
    """A request the rules refuse; ``code`` is stable and machine-readable."""

    code = "refused"


class UnknownPositioning(PositioningRefused):
    code = "unknown_positioning"


class UnknownInquiry(PositioningRefused):
    code = "unknown_inquiry"


class WrongRegion(PositioningRefused):
    code = "wrong_region"


class NotTheirConseiller(PositioningRefused):
    code = "not_their_conseiller"


class ResultAlreadyRecorded(PositioningRefused):
    code = "result_already_recorded"


class PositioningClosed(PositioningRefused):
    code = "positioning_closed"


class NoResultToReopen(PositioningRefused):
    code = "no_result_to_reopen"


class NoResultToQuestion(PositioningRefused):
    code = "no_result_to_question"


class InquiryAlreadyAnswered(PositioningRefused):
    code = "inquiry_already_answered"


class TextRequired(PositioningRefused):
    code = "text_required"


class ConcurrentChange(PositioningRefused):
    code = "concurrent_change"


class InvalidScore(PositioningRefused):
    code = "invalid_score"


class NoRubricInForce(PositioningRefused):
    code = "no_rubric_in_force"


class SchemeNotInRubric(PositioningRefused):
    code = "scheme_not_in_rubric"
