"""HTTP-triggered use cases of the certifiers and of those who enrol in the full title.

Each takes a command, a unit of work and the caller, applies the rules of
:mod:`conum_certification.domain` and commits; one module per concern: exam sessions and
convocations (:mod:`.sessions`), CCP1 and Pix results (:mod:`.results`), the CSV import of
results (:mod:`.imports`), the full REMN title (:mod:`.full_title`).
"""

from conum_certification.handlers.commands.full_title import EnrolInFullTitle, enrol_in_full_title
from conum_certification.handlers.commands.imports import (
    ImportReport,
    ImportResults,
    Rejection,
    import_results,
)
from conum_certification.handlers.commands.results import (
    RecordCcp1Result,
    RecordPixResult,
    apply_ccp1_result,
    apply_pix_result,
    record_ccp1_result,
    record_pix_result,
)
from conum_certification.handlers.commands.sessions import (
    Convene,
    CreateExamSession,
    convene,
    create_exam_session,
    exam_session_for,
)

__all__ = [
    "Convene",
    "CreateExamSession",
    "EnrolInFullTitle",
    "ImportReport",
    "ImportResults",
    "RecordCcp1Result",
    "RecordPixResult",
    "Rejection",
    "apply_ccp1_result",
    "apply_pix_result",
    "convene",
    "create_exam_session",
    "enrol_in_full_title",
    "exam_session_for",
    "import_results",
    "record_ccp1_result",
    "record_pix_result",
]
