"""The service's policies: the values the sources leave open, configurable
(``CONUM_MODULES_*``, :mod:`conum_modules.settings`)."""

from __future__ import annotations

from dataclasses import dataclass

MOST_SEATS = 100
"""The most seats any session may have, whatever the policy: it also bounds the lists a
request carries (attendance, survey answers), far below the edge's body limit, so a list
one too long is refused as invalid, never as too large."""


@dataclass(frozen=True)
class ModulesPolicy:
    max_capacity: int = 30
    """**Assumption**: at most 30 seats a session (Hubikoop trained 1,858 people in 132
    training actions, about 14 each)."""

    horizon_days: int = 730
    """**Assumption**: sessions are scheduled at most two years ahead."""

    def __post_init__(self) -> None:
        if not 1 <= self.max_capacity <= MOST_SEATS:
            raise ValueError(f"a session has from 1 to {MOST_SEATS} seats")
        if self.horizon_days < 1:
            raise ValueError("the scheduling horizon is at least a day")
