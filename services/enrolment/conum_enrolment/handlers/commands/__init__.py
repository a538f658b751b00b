"""HTTP-triggered use cases: each takes a command, the unit of work and the caller (and the
day), loads what it acts on through the repositories (``*_for``: what the caller may not see
does not exist for it, 404; the read side uses them too), applies the rules of
:mod:`conum_enrolment.domain`, emits its events and commits.

Structures (:mod:`.structures`), enrolments (:mod:`.enrolments`), initial training
(:mod:`.training`); all re-exported here.
"""

from conum_enrolment.handlers.commands.enrolments import (
    EnrolConseiller,
    EraseConseiller,
    WithdrawConseiller,
    enrol_conseiller,
    enrolment_for,
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
    structure_for,
    visible_structure,
)
from conum_enrolment.handlers.commands.training import (
    DesignateReferent,
    RecordAttendance,
    cohort_for,
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
    "cohort_for",
    "designate_referent",
    "enrol_conseiller",
    "enrolment_for",
    "erase_conseiller",
    "grant_habilitation",
    "record_attendance",
    "register_structure",
    "request_habilitation",
    "structure_for",
    "visible_structure",
    "withdraw_conseiller",
]
