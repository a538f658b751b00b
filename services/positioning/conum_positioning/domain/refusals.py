"""Refusals of the positioning rules; each ``code`` is stable and machine-readable."""

from __future__ import annotations

from conum_kernel.refusals import Conflict, Invalid, NotFound


class UnknownPositioning(NotFound):
    """No positioning for this conseiller, or none the caller may see."""

    code = "unknown_positioning"


class UnknownInquiry(NotFound):
    code = "unknown_inquiry"


class ResultAlreadyRecorded(Conflict):
    code = "result_already_recorded"


class PositioningClosed(Conflict):
    code = "positioning_closed"


class NoResultToReopen(Conflict):
    code = "no_result_to_reopen"


class NoResultToQuestion(Conflict):
    code = "no_result_to_question"


class InquiryAlreadyAnswered(Conflict):
    code = "inquiry_already_answered"


class ConcurrentChange(Conflict):
    code = "concurrent_change"


class NoRubricInForce(Conflict):
    code = "no_rubric_in_force"


class SchemeNotInRubric(Conflict):
    code = "scheme_not_in_rubric"


class TextRequired(Invalid):
    code = "text_required"


class InvalidScore(Invalid):
    code = "invalid_score"
