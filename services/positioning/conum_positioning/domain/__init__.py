"""The rules of the positioning service (docs/design/domain.md, R-POS-*), in pure Python: the
standard library and the kernel only.

One module per concept: the positioning and its sovereign result, the rounds (which
enrolment an event belongs to), inquiries, the versioned rubric, and the refusals.
Everything is re-exported here: ``from conum_positioning import
domain``.
"""

from conum_positioning.domain.inquiries import (
    Inquiry,
    InquirySource,
    answer_inquiry,
    open_inquiry,
)
from conum_positioning.domain.positioning import (
    INTERVIEW_MINUTES,
    MAX_TEXT,
    TEST_MINUTES,
    Act,
    ActKind,
    EnrolmentFacts,
    Positioning,
    PositioningState,
    Result,
    SchedulingPolicy,
    required_text,
)
from conum_positioning.domain.refusals import (
    ConcurrentChange,
    InquiryAlreadyAnswered,
    InvalidScore,
    NoResultToQuestion,
    NoResultToReopen,
    NoRubricInForce,
    PositioningClosed,
    ResultAlreadyRecorded,
    SchemeNotInRubric,
    TextRequired,
    UnknownInquiry,
    UnknownPositioning,
)
from conum_positioning.domain.rounds import (
    Arrival,
    Recorded,
    RoundOf,
    Withdrawal,
    WithdrawalEffect,
    arrival_of,
    close_early,
    effect_of,
    ends,
    of_current_round,
    schedule_positioning,
)
from conum_positioning.domain.rubric import (
    MiddlePath,
    Rubric,
    RubricBook,
    SchemeRubric,
    Scores,
    TrainingPath,
)

__all__ = [
    "INTERVIEW_MINUTES",
    "MAX_TEXT",
    "TEST_MINUTES",
    "Act",
    "ActKind",
    "Arrival",
    "ConcurrentChange",
    "EnrolmentFacts",
    "Inquiry",
    "InquiryAlreadyAnswered",
    "InquirySource",
    "InvalidScore",
    "MiddlePath",
    "NoResultToQuestion",
    "NoResultToReopen",
    "NoRubricInForce",
    "Positioning",
    "PositioningClosed",
    "PositioningState",
    "Recorded",
    "Result",
    "ResultAlreadyRecorded",
    "RoundOf",
    "Rubric",
    "RubricBook",
    "SchedulingPolicy",
    "SchemeNotInRubric",
    "SchemeRubric",
    "Scores",
    "TextRequired",
    "TrainingPath",
    "UnknownInquiry",
    "UnknownPositioning",
    "Withdrawal",
    "WithdrawalEffect",
    "answer_inquiry",
    "arrival_of",
    "close_early",
    "effect_of",
    "ends",
    "of_current_round",
    "open_inquiry",
    "required_text",
    "schedule_positioning",
]
