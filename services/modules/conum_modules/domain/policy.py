"""The service's policies: the values the sources leave open, configurable
(``CONUM_MODULES_*``, :mod:`conum_modules.settings`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModulesPolicy:
    max_capacity: int = 30
    """**Assumption**: at most 30 seats a session (Hubikoop trained 1,858 people in 132
    training actions, about 14 each)."""

    horizon_days: int = 730
    """**Assumption**: sessions are scheduled at most two years ahead."""

    def __post_init__(self) -> None:
        if self.max_capacity < 1:
            raise ValueError("a session has at least one seat")
        if self.horizon_days < 1:
            raise ValueError("the scheduling horizon is at least a day")
