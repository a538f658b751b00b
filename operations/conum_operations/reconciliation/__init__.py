"""The reconciliation (decision 0036): what must agree between the services for one
conseiller (:mod:`.rules`, pure, over :mod:`.sides`), the services' listings in key order
read over HTTP (:mod:`.reader`) and merged like a merge-join (:mod:`.merge`), the network's
Kafka (:mod:`.network`), a run and its renderings (:mod:`.report`), and ``./conum
reconcile`` (:mod:`.cli`)."""

from conum_operations.reconciliation.merge import Held, OutOfOrder, merged, ranges_around
from conum_operations.reconciliation.network import (
    CONSUMED_TOPICS,
    KafkaProbe,
    wait_until_quiet,
)
from conum_operations.reconciliation.reader import KeyRange, NetworkReader, Services
from conum_operations.reconciliation.report import Report, as_json, as_metrics, reconcile
from conum_operations.reconciliation.rules import (
    RULES,
    Disagreement,
    compare,
    unknown_to_enrolment,
)
from conum_operations.reconciliation.sides import (
    CertificationSide,
    EnrolmentSide,
    NationalSide,
    PositioningSide,
)

__all__ = [
    "CONSUMED_TOPICS",
    "RULES",
    "CertificationSide",
    "Disagreement",
    "EnrolmentSide",
    "Held",
    "KafkaProbe",
    "KeyRange",
    "NationalSide",
    "NetworkReader",
    "OutOfOrder",
    "PositioningSide",
    "Report",
    "Services",
    "as_json",
    "as_metrics",
    "compare",
    "merged",
    "ranges_around",
    "reconcile",
    "unknown_to_enrolment",
    "wait_until_quiet",
]
