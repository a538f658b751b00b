"""The national view's rules: journeys folded from facts, how figures are counted, and the
statistical secrecy of open data. Standard library and kernel only."""

from conum_national.domain.figures import (
    MANDATORY_MODULES,
    Duration,
    FunnelStep,
    Satisfaction,
    Span,
    Survey,
    durations,
    funnel,
    mandatory_modules,
    median,
    percentile,
    satisfaction,
)
from conum_national.domain.journeys import (
    Fact,
    FactKind,
    Folded,
    Journey,
    Step,
    Value,
    fold,
    withdrawal_reason,
)
from conum_national.domain.refusals import InvalidPeriod, UnknownConseiller
from conum_national.domain.suppression import CountTable, Equation, disclosed, suppress

__all__ = [
    "MANDATORY_MODULES",
    "CountTable",
    "Duration",
    "Equation",
    "Fact",
    "FactKind",
    "Folded",
    "FunnelStep",
    "InvalidPeriod",
    "Journey",
    "Satisfaction",
    "Span",
    "Step",
    "Survey",
    "UnknownConseiller",
    "Value",
    "disclosed",
    "durations",
    "fold",
    "funnel",
    "mandatory_modules",
    "median",
    "percentile",
    "satisfaction",
    "suppress",
    "withdrawal_reason",
]
