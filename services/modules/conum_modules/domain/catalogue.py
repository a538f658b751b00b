"""The national catalogue of complementary modules (docs/design/domain.md, R-MOD-01 and
R-MOD-02; [HUB-2024]).

- La Mednum and its members design the catalogue; the national instance publishes it.
- Two kinds: **prise en main** (7 h, one day, in person) and **intervenir** (14 h over two
  non-consecutive days, the first remote, the second in person).
- Some modules need the host structure's habilitation first (Aidants Connect).
- A withdrawn module stays withdrawn: a new edition is a new module with a new id, so the
  stream never has to say which of two publications of one id is the latest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from itertools import pairwise

from conum_modules.domain.refusals import InvalidDayPattern, ModuleAlreadyWithdrawn


class ModuleKind(StrEnum):
    PRISE_EN_MAIN = "prise_en_main"
    INTERVENIR = "intervenir"

    @property
    def hours(self) -> int:
        return HOURS[self]


HOURS = {ModuleKind.PRISE_EN_MAIN: 7, ModuleKind.INTERVENIR: 14}
"""Length of each kind of module, in hours (R-MOD-01)."""


class Habilitation(StrEnum):
    """A scheme a host structure must be habilitated to before some modules."""

    AIDANTS_CONNECT = "aidants_connect"


class ModuleState(StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class DayMode(StrEnum):
    REMOTE = "remote"
    IN_PERSON = "in_person"


@dataclass(frozen=True)
class SessionDay:
    on: date
    mode: DayMode


@dataclass(frozen=True)
class Module:
    module_id: str
    title: str
    kind: ModuleKind
    requires_habilitation: Habilitation | None
    state: ModuleState = ModuleState.PUBLISHED
    published_on: date | None = None
    """None for a module learnt from the catalogue stream (the event carries no day)."""
    withdrawn_on: date | None = None

    @property
    def hours(self) -> int:
        return self.kind.hours

    @property
    def is_published(self) -> bool:
        return self.state is ModuleState.PUBLISHED

    def withdraw(self, today: date | None) -> Module:
        if not self.is_published:
            raise ModuleAlreadyWithdrawn(f"module {self.module_id} is already withdrawn")
        return replace(self, state=ModuleState.WITHDRAWN, withdrawn_on=today)


def check_day_pattern(kind: ModuleKind, days: Sequence[SessionDay]) -> None:
    """Refuse days that break the module's kind, naming how (:class:`InvalidDayPattern`).

    Two days are consecutive when the second is the day after the first (calendar days:
    **assumption**, a Friday and the next Monday are not consecutive).
    """
    if any(later.on <= earlier.on for earlier, later in pairwise(days)):
        raise InvalidDayPattern("days_out_of_order", "the days must be in order, each once")
    if kind is ModuleKind.PRISE_EN_MAIN:
        if len(days) != 1:
            raise InvalidDayPattern(
                "one_day_required", f"a prise en main module is one day, not {len(days)}"
            )
        if days[0].mode is not DayMode.IN_PERSON:
            raise InvalidDayPattern(
                "remote_prise_en_main", "a prise en main module is held in person"
            )
        return
    if len(days) != 2:
        raise InvalidDayPattern(
            "two_days_required", f"an intervenir module is two days, not {len(days)}"
        )
    first, second = days
    if (second.on - first.on).days == 1:
        raise InvalidDayPattern(
            "consecutive_days", "the two days of an intervenir module are not consecutive"
        )
    if first.mode is not DayMode.REMOTE:
        raise InvalidDayPattern(
            "in_person_day_first", "the first day of an intervenir module is remote"
        )
    if second.mode is not DayMode.IN_PERSON:
        raise InvalidDayPattern(
            "second_day_remote", "the second day of an intervenir module is in person"
        )
