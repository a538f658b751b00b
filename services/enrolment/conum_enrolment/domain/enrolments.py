"""Enrolment of a conseiller by its host structure (docs/design/domain.md, R-ENR-*).

Every enrolment has an id of its own (``enrolment_id``): a conseiller withdrawn and enrolled
again (by the same or another structure, the same day or later) keeps their conseiller id
and gets a new enrolment id, which every event of that enrolment carries, so that the other
services tell a new enrolment from an old one without comparing days (decision 0016).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from conum_kernel.access import Caller, Role, Stake
from conum_kernel.territory import Department

from conum_enrolment.domain.policy import TrainingPolicy, planned_end
from conum_enrolment.domain.refusals import (
    AlreadyInOpenTraining,
    EnrolmentClosed,
    RemoteTrainingRefused,
    WithdrawalDetailTooLong,
)
from conum_enrolment.domain.structures import Structure
from conum_enrolment.domain.territory import Routing, TrainingOrganisation


class Scheme(StrEnum):
    S2021 = "2021"
    S2024 = "2024"


class Employment(StrEnum):
    RECRUITED = "recruited"  # paid by the structure throughout training (R-ENR-04)
    HIRING_PROMISE = "hiring_promise"  # opens POEI with Pôle emploi (R-ENR-04)


class EnrolmentState(StrEnum):
    ENROLLED = "enrolled"  # waiting for the positioning result
    AWAITING_COHORT = "awaiting_cohort"  # 2021: path known, fewer than 8 to start with
    IN_TRAINING = "in_training"  # training_started published (the start may lie ahead)
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self not in (EnrolmentState.COMPLETED, EnrolmentState.WITHDRAWN)


class WithdrawalReason(StrEnum):
    """Why a conseiller left initial training: a code of this list, so withdrawals can be
    counted by reason, with free text beside it (``withdrawal_detail``). **Assumption**: the
    sources give no list; this one is the contract's (``WithdrawalReason`` of
    ``conseiller.withdrawn``, revision 2)."""

    LEFT_STRUCTURE = "left_structure"
    CONTRACT_ENDED = "contract_ended"
    CHANGED_JOB = "changed_job"
    HEALTH = "health"
    PERSONAL = "personal"
    TRAINING_UNSUITABLE = "training_unsuitable"
    ENROLLED_BY_MISTAKE = "enrolled_by_mistake"
    OTHER = "other"


MAX_WITHDRAWAL_DETAIL = 500
"""Characters of free text beside a withdrawal's reason (the contract's bound)."""


@dataclass(frozen=True)
class TrainingPath:
    """The path the positioning result placed the conseiller on (``path.assigned``)."""

    hours: int
    weeks: int
    alternance_days_per_week: int
    assigned_on: date

    @property
    def training_days_per_week(self) -> int:
        """At least one day a week stays with the host structure (R-TRN-01)."""
        return max(0, 5 - self.alternance_days_per_week)

    def same_course_as(self, other: TrainingPath) -> bool:
        """The same hours, weeks and alternance (the day it was assigned aside)."""
        return (self.hours, self.weeks, self.alternance_days_per_week) == (
            other.hours,
            other.weeks,
            other.alternance_days_per_week,
        )


@dataclass(frozen=True)
class Person:
    """The conseiller's personal data: kept apart from the enrolment, shown to few (below),
    never logged nor put in spans or refusals."""

    first_name: str
    last_name: str
    email: str

    @classmethod
    def of(cls, first_name: str, last_name: str, email: str) -> Person:
        """Names trimmed, the e-mail address trimmed and in lower case (it names the person)."""
        return cls(first_name.strip(), last_name.strip(), email.strip().lower())


PERSONAL_DATA_ROLES = frozenset(
    {Role.HOST_STRUCTURE, Role.TRAINING_ORGANISATION, Role.NATIONAL_COORDINATOR}
)
"""Who sees a conseiller's names and e-mail: the structure employing them, the organisation
training them, the national coordinators; never regional hubs, certifiers or operators."""


def sees_personal_data(caller: Caller) -> bool:
    return caller.role in PERSONAL_DATA_ROLES


WITHDRAWING_ROLES = (Role.HOST_STRUCTURE, Role.TRAINING_ORGANISATION, Role.NATIONAL_COORDINATOR)
"""Who may withdraw a conseiller: the host structure employing them (its own conseiller), the
training organisation training them (its own learner), a national coordinator; nobody else.
Which structure or organisation is the enrolment's stake's to say."""


# "in case of impossibility" only, and a lockdown is not such a case (R-ENR-05).
LOCKDOWN_WORDS = ("confinement", "lockdown", "confiné", "confinée", "confines", "reconfinement")


def check_remote_training(remote: bool, impossibility_reason: str | None) -> None:
    if not remote:
        return
    reason = (impossibility_reason or "").strip()
    if not reason:
        raise RemoteTrainingRefused(
            "remote training needs a stated impossibility to attend in person"
        )
    if any(word in reason.lower() for word in LOCKDOWN_WORDS):
        raise RemoteTrainingRefused("a lockdown is not an impossibility to attend in person")


@dataclass
class Enrolment:
    conseiller_id: str
    enrolment_id: str
    """This enrolment's own id: a re-enrolment after a withdrawal gets a new one."""
    structure_id: str
    department: Department
    scheme: Scheme
    employment: Employment
    remote: bool
    remote_reason: str | None
    training_organisation: TrainingOrganisation
    enrolled_on: date
    state: EnrolmentState = EnrolmentState.ENROLLED
    path: TrainingPath | None = None
    cohort_id: str | None = None
    starts_on: date | None = None
    planned_end_on: date | None = None
    attendance_breached: bool = False
    completed_on: date | None = None
    withdrawn_on: date | None = None
    withdrawal_reason: WithdrawalReason | None = None
    withdrawal_detail: str | None = None

    @property
    def region(self) -> str:
        return self.department.region.code

    @property
    def stake(self) -> Stake:
        """An enrolment is its host structure's and its training organisation's."""
        return Stake.of_conseiller(self.region, self.structure_id, self.training_organisation.id)

    def path_refusal(self, path: TrainingPath, *, days_recorded: bool) -> str | None:
        """Why a path of this enrolment cannot be followed (None: it can).

        The latest path positioning assigns wins (a reopened result gives a new one) while
        the training can follow it: before training, while a 2021 conseiller waits for a
        cohort, and in a 2024 individual training no day of which was recorded yet. A
        cohort's path is fixed, and a training under way or completed keeps its path: the
        new one is set aside with this reason, for operators to settle.

        A withdrawn enrolment answers as it would have just before its withdrawal: a path
        positioning assigned before the withdrawal reached it may arrive after it, and the
        outcome must not depend on which came first (it is recorded, no training starts).
        """
        if self.state is EnrolmentState.COMPLETED:
            return "enrolment_completed"
        if self.path is not None and self.path.same_course_as(path):
            return "same_path"
        if self.state in (EnrolmentState.IN_TRAINING, EnrolmentState.WITHDRAWN):
            if self.cohort_id is not None:
                return "in_cohort"
            if days_recorded:
                return "training_under_way"
        return None

    def assign_path(self, path: TrainingPath, policy: TrainingPolicy) -> None:
        """2024: individual start on the next start day, planned end from the path's weeks
        (a new path before any training day keeps the start and moves the planned end).
        2021: wait for a cohort (see :mod:`cohorts`). A withdrawn enrolment records the path
        only."""
        self.path = path
        if self.state is EnrolmentState.WITHDRAWN:
            return
        if self.scheme is Scheme.S2021:
            self.state = EnrolmentState.AWAITING_COHORT
            return
        starts_on = self.starts_on or policy.individual_start(path.assigned_on)
        self.start_training(None, starts_on, planned_end(starts_on, path.weeks))

    def start_training(self, cohort_id: str | None, starts_on: date, ends_on: date) -> None:
        self.cohort_id = cohort_id
        self.starts_on = starts_on
        self.planned_end_on = ends_on
        self.state = EnrolmentState.IN_TRAINING

    def complete(self, on: date) -> None:
        self.state = EnrolmentState.COMPLETED
        self.completed_on = on

    def withdraw(self, reason: WithdrawalReason, today: date, detail: str | None = None) -> None:
        """A conseiller leaves initial training before its end, with a reason code and, if
        wanted, free text beside it (never personal details)."""
        if not self.state.is_open:
            raise EnrolmentClosed(f"this enrolment is already {self.state.value}")
        text = (detail or "").strip() or None
        if text is not None and len(text) > MAX_WITHDRAWAL_DETAIL:
            raise WithdrawalDetailTooLong(
                f"the detail of a withdrawal is at most {MAX_WITHDRAWAL_DETAIL} characters"
            )
        self.state = EnrolmentState.WITHDRAWN
        self.withdrawn_on = today
        self.withdrawal_reason = reason
        self.withdrawal_detail = text


def enrol(
    *,
    conseiller_id: str,
    enrolment_id: str,
    structure: Structure,
    scheme: Scheme,
    employment: Employment,
    remote: bool,
    remote_reason: str | None,
    open_enrolment: Enrolment | None,
    routing: Routing,
    today: date,
) -> Enrolment:
    """Enrol a conseiller with the reference organisation of the structure's territory
    (R-ENR-01); ``enrolment_id`` is new for every enrolment, a re-enrolment's included."""
    if open_enrolment is not None:
        raise AlreadyInOpenTraining(
            "this conseiller is already enrolled in an open initial training"
        )
    check_remote_training(remote, remote_reason)
    return Enrolment(
        conseiller_id=conseiller_id,
        enrolment_id=enrolment_id,
        structure_id=structure.structure_id,
        department=structure.department,
        scheme=scheme,
        employment=employment,
        remote=remote,
        remote_reason=remote_reason.strip() if remote and remote_reason else None,
        training_organisation=routing.organisation_for(structure.department, remote=remote),
        enrolled_on=today,
    )
