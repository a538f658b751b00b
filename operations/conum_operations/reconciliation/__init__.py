"""The reconciliation: what must agree between the services for one conseiller
(:mod:`.rules`, pure), reading the running network (:mod:`.network`), a run and its
renderings (:mod:`.report`), and ``./conum reconcile`` (:mod:`.cli`)."""

from conum_operations.reconciliation.network import (
    CONSUMED_TOPICS,
    KafkaProbe,
    NetworkReader,
    Services,
    wait_until_quiet,
)
from conum_operations.reconciliation.report import Report, as_json, as_metrics, reconcile
from conum_operations.reconciliation.rules import (
    RULES,
    CertificationSide,
    Disagreement,
    EnrolmentSide,
    NationalSide,
    PositioningSide,
    compare,
)

__all__ = [
    "CONSUMED_TOPICS",
    "RULES",
    "CertificationSide",
    "Disagreement",
    "EnrolmentSide",
    "KafkaProbe",
    "NationalSide",
    "NetworkReader",
    "PositioningSide",
    "Report",
    "Services",
    "as_json",
    "as_metrics",
    "compare",
    "reconcile",
    "wait_until_quiet",
]
