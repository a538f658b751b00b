"""2021 cohorts: at least 8 learners of one organisation, region and path, who start and
finish together over 16 weeks (R-TRN-03) and designate a referent in the first days
(R-TRN-04)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from conum_kernel.access import Stake

from conum_enrolment.domain.enrolments import Enrolment, EnrolmentState, Scheme
from conum_enrolment.domain.policy import TrainingPolicy, planned_end
from conum_enrolment.domain.refusals import (
    NotACohortMember,
    ReferentAlreadyDesignated,
    ReferentWindowClosed,
)
from conum_enrolment.domain.territory import TrainingOrganisation


@dataclass(frozen=True)
class CohortKey:
    """Who may learn together: one training organisation, one region, one path."""

    training_organisation_id: str
    region: str
    path_hours: int

    @classmethod
    def of(cls, enrolment: Enrolment) -> CohortKey:
        if enrolment.path is None:
            raise ValueError("an enrolment without a path belongs to no cohort")
        return cls(enrolment.training_organisation.id, enrolment.region, enrolment.path.hours)


@dataclass
class Cohort:
    cohort_id: str
    training_organisation: TrainingOrganisation
    region: str
    path_hours: int
    formed_on: date
    starts_on: date
    ends_on: date
    member_ids: tuple[str, ...]
    referent_id: str | None = None

    @property
    def stake(self) -> Stake:
        """A cohort is its training organisation's, in its region."""
        return Stake.of(self.region, training_organisation=self.training_organisation.id)

    def designate_referent(self, member: Enrolment, today: date, policy: TrainingPolicy) -> None:
        """The learners designate their referent in the first days of training (R-TRN-04)."""
        if member.conseiller_id not in self.member_ids or not member.state.is_open:
            raise NotACohortMember("the referent must be a member of the cohort still in training")
        if self.referent_id is not None:
            raise ReferentAlreadyDesignated("this cohort already has its referent")
        closes_on = self.starts_on + timedelta(days=policy.referent_window_days)
        if not self.starts_on <= today < closes_on:
            raise ReferentWindowClosed(
                f"the referent is designated between {self.starts_on} and "
                f"{closes_on - timedelta(days=1)}"
            )
        self.referent_id = member.conseiller_id


def form_cohort(
    cohort_id: str, waiting: Sequence[Enrolment], formed_on: date, policy: TrainingPolicy
) -> Cohort | None:
    """Form a cohort of every waiting conseiller of one key, once there are enough of them.

    Formation is automatic when the ``cohort_min_size``-th matching conseiller waits; below
    that nobody starts (``None``). The members start on the cohort's start day and all end
    together ``cohort_weeks`` later.
    """
    if len(waiting) < policy.cohort_min_size:
        return None
    keys = {CohortKey.of(enrolment) for enrolment in waiting}
    if len(keys) != 1 or any(
        e.scheme is not Scheme.S2021 or e.state is not EnrolmentState.AWAITING_COHORT
        for e in waiting
    ):
        raise ValueError("a cohort gathers waiting 2021 conseillers of one key only")
    starts_on = policy.cohort_start(formed_on)
    ends_on = planned_end(starts_on, policy.cohort_weeks)
    for enrolment in waiting:
        enrolment.start_training(cohort_id, starts_on, ends_on)
    first = waiting[0]
    return Cohort(
        cohort_id=cohort_id,
        training_organisation=first.training_organisation,
        region=first.region,
        path_hours=keys.pop().path_hours,
        formed_on=formed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        member_ids=tuple(e.conseiller_id for e in waiting),
    )
