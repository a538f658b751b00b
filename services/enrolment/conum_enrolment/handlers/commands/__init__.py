"""HTTP-triggered use cases: each takes a command, the unit of work and the caller (and the
day), applies the rules of :mod:`conum_enrolment.domain`, emits its events and commits.

Structures (:mod:`.structures`), enrolments (:mod:`.enrolments`), initial training
(:mod:`.training`); all re-exported here.
"""

from conum_enrolment.handlers.commands.enrolments import (
    EnrolConseiller,
    EraseConseiller,
    WithdrawConseiller,
    enrol_conseiller,
    erase_conseiller,
    withdraw_conseiller,
)
from conum_enrolment.handlers.commands.structures import (
    GrantHabilitation,
    RegisterStructure,
    RequestHabilitation,
    grant_habilitation,
    register_structure,
    request_habilitation,
)
from conum_enrolment.handlers.commands.training import (
    DesignateReferent,
    RecordAttendance,
    designate_referent,
    record_attendance,
)

__all__ = [
    "DesignateReferent",
    "EnrolConseiller",
    "EraseConseiller",
    "GrantHabilitation",
    "RecordAttendance",
    "RegisterStructure",
    "RequestHabilitation",
    "WithdrawConseiller",
    "designate_referent",
    "enrol_conseiller",
    "erase_conseiller",
    "grant_habilitation",
    "record_attendance",
    "register_structure",
    "request_habilitation",
    "withdraw_conseiller",
]
