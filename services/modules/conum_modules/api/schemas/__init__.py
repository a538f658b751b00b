"""HTTP bodies and answers of the modules service (the OpenAPI document is generated from
them), one module per group of routes; each answer is read from the domain or a view
(``of``)."""

from conum_modules.api.schemas.catalogue import HubOut, ModuleIn, ModuleOut
from conum_modules.api.schemas.registrations import (
    FiguresOut,
    InitialOut,
    RecordOut,
    RegistrationIn,
    RegistrationOut,
    YearOut,
)
from conum_modules.api.schemas.sessions import (
    AnswerIn,
    AttendanceIn,
    AttendanceOut,
    CancellationIn,
    CompletionOut,
    EvaluationOut,
    SessionDayIn,
    SessionDayOut,
    SessionIn,
    SessionOut,
    SessionPageOut,
    SurveyIn,
    SurveyOut,
)

__all__ = [
    "AnswerIn",
    "AttendanceIn",
    "AttendanceOut",
    "CancellationIn",
    "CompletionOut",
    "EvaluationOut",
    "FiguresOut",
    "HubOut",
    "InitialOut",
    "ModuleIn",
    "ModuleOut",
    "RecordOut",
    "RegistrationIn",
    "RegistrationOut",
    "SessionDayIn",
    "SessionDayOut",
    "SessionIn",
    "SessionOut",
    "SessionPageOut",
    "SurveyIn",
    "SurveyOut",
    "YearOut",
]
