"""Sessions: a regional hub deploys a module on its territory (R-MOD-02, R-MOD-08).

A session has a place, its days (following the module's kind), a capacity and its hub.
Seats are given in order of registration; beyond capacity a registration waits on the
session's waiting list, and a freed seat goes to the first one waiting (:mod:`.registrations`
decides who that is; the store holds the session's lock while it does).

Sessions are the regional calendar: every caller of the region sees them. Acting on one
(cancelling it, its attendance, its survey, its participants) is its hub's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from conum_kernel.access import Caller, Role

from conum_modules.domain.catalogue import Module, SessionDay, check_day_pattern
from conum_modules.domain.hubs import Hub
from conum_modules.domain.policy import ModulesPolicy
from conum_modules.domain.refusals import (
    InvalidCapacity,
    ModuleWithdrawn,
    NotTheirHub,
    RegistrationClosed,
    SessionCancelled,
    SessionCompleted,
    SessionInThePast,
    SessionTooFar,
)


class SessionState(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


@dataclass(frozen=True)
class Session:
    session_id: str
    module_id: str
    region: str
    hub: str
    days: tuple[SessionDay, ...]
    capacity: int
    place: str
    state: SessionState = SessionState.SCHEDULED
    cancel_reason: str | None = None

    @property
    def first_day(self) -> date:
        return self.days[0].on

    @property
    def last_day(self) -> date:
        return self.days[-1].on

    @property
    def funding_year(self) -> int:
        """The calendar year a module of this session is funded in: its first day's
        (**assumption**, R-MOD-05)."""
        return self.first_day.year

    def check_hub(self, caller: Caller) -> None:
        """A hub token bound to one hub acts on that hub's sessions only (403)."""
        if caller.role is Role.REGIONAL_HUB and caller.bound_to not in (None, self.hub):
            raise NotTheirHub(f"session {self.session_id} is another hub's")

    def check_scheduled(self) -> None:
        if self.state is SessionState.CANCELLED:
            raise SessionCancelled(f"session {self.session_id} is cancelled")
        if self.state is SessionState.COMPLETED:
            raise SessionCompleted(f"session {self.session_id} is completed")

    def check_open_for_registration(self, today: date) -> None:
        """Registration closes when the session's first day is over."""
        self.check_scheduled()
        if today > self.first_day:
            raise RegistrationClosed(f"session {self.session_id} started on {self.first_day}")

    def cancelled(self, reason: str) -> Session:
        self.check_scheduled()
        return replace(self, state=SessionState.CANCELLED, cancel_reason=reason)

    def completed(self) -> Session:
        self.check_scheduled()
        return replace(self, state=SessionState.COMPLETED)


def schedule_session(
    *,
    session_id: str,
    module: Module,
    hub: Hub,
    days: Sequence[SessionDay],
    capacity: int,
    place: str,
    today: date,
    policy: ModulesPolicy,
) -> Session:
    """A session of a published module, its days following the module's kind, from today
    on and within the policy's horizon."""
    if not module.is_published:
        raise ModuleWithdrawn(f"module {module.module_id} is withdrawn")
    check_day_pattern(module.kind, days)
    if days[0].on < today:
        raise SessionInThePast("a session is scheduled from today on")
    if days[-1].on > today + timedelta(days=policy.horizon_days):
        raise SessionTooFar(f"sessions are scheduled at most {policy.horizon_days} days ahead")
    if not 1 <= capacity <= policy.max_capacity:
        raise InvalidCapacity(f"the capacity is from 1 to {policy.max_capacity} seats")
    return Session(
        session_id=session_id,
        module_id=module.module_id,
        region=hub.region,
        hub=hub.slug,
        days=tuple(days),
        capacity=capacity,
        place=place,
    )
