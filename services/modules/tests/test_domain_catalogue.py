"""The catalogue's kinds and the day patterns they allow (R-MOD-01): every refused pattern
is refused with its reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conum_modules.domain import (
    DayMode,
    InvalidDayPattern,
    Module,
    ModuleAlreadyWithdrawn,
    ModuleKind,
    ModuleState,
    SessionDay,
    check_day_pattern,
)

MONDAY = date(2026, 9, 14)
REMOTE, IN_PERSON = DayMode.REMOTE, DayMode.IN_PERSON


def day(offset: int, mode: DayMode) -> SessionDay:
    return SessionDay(MONDAY + timedelta(days=offset), mode)


def test_a_prise_en_main_is_7_hours_and_an_intervenir_14() -> None:
    assert (ModuleKind.PRISE_EN_MAIN.hours, ModuleKind.INTERVENIR.hours) == (7, 14)


@pytest.mark.parametrize(
    ("kind", "days"),
    [
        (ModuleKind.PRISE_EN_MAIN, [day(0, IN_PERSON)]),
        (ModuleKind.INTERVENIR, [day(0, REMOTE), day(2, IN_PERSON)]),
        (ModuleKind.INTERVENIR, [day(4, REMOTE), day(7, IN_PERSON)]),  # Friday, then Monday
    ],
    ids=["prise-en-main-one-day-in-person", "intervenir-remote-then-in-person", "over-a-weekend"],
)
def test_day_patterns_that_follow_the_kind_are_accepted(
    kind: ModuleKind, days: list[SessionDay]
) -> None:
    check_day_pattern(kind, days)


@pytest.mark.parametrize(
    ("kind", "days", "reason"),
    [
        (ModuleKind.INTERVENIR, [day(0, REMOTE)], "two_days_required"),
        (
            ModuleKind.INTERVENIR,
            [day(0, REMOTE), day(2, IN_PERSON), day(4, IN_PERSON)],
            "two_days_required",
        ),
        (ModuleKind.INTERVENIR, [day(0, REMOTE), day(1, IN_PERSON)], "consecutive_days"),
        (ModuleKind.INTERVENIR, [day(0, IN_PERSON), day(2, REMOTE)], "in_person_day_first"),
        (ModuleKind.INTERVENIR, [day(0, IN_PERSON), day(2, IN_PERSON)], "in_person_day_first"),
        (ModuleKind.INTERVENIR, [day(0, REMOTE), day(2, REMOTE)], "second_day_remote"),
        (ModuleKind.INTERVENIR, [day(2, REMOTE), day(0, IN_PERSON)], "days_out_of_order"),
        (ModuleKind.INTERVENIR, [day(0, REMOTE), day(0, IN_PERSON)], "days_out_of_order"),
        (ModuleKind.PRISE_EN_MAIN, [day(0, REMOTE)], "remote_prise_en_main"),
        (
            ModuleKind.PRISE_EN_MAIN,
            [day(0, IN_PERSON), day(2, IN_PERSON)],
            "one_day_required",
        ),
        (ModuleKind.PRISE_EN_MAIN, [], "one_day_required"),
    ],
    ids=[
        "intervenir-one-day",
        "intervenir-three-days",
        "intervenir-consecutive-days",
        "intervenir-in-person-day-first",
        "intervenir-no-remote-day",
        "intervenir-no-in-person-day",
        "days-out-of-order",
        "the-same-day-twice",
        "remote-prise-en-main",
        "prise-en-main-two-days",
        "no-day",
    ],
)
def test_every_day_pattern_that_breaks_the_kind_is_refused_with_its_reason(
    kind: ModuleKind, days: list[SessionDay], reason: str
) -> None:
    with pytest.raises(InvalidDayPattern) as refused:
        check_day_pattern(kind, days)
    assert refused.value.reason == reason
    assert refused.value.code == "invalid_day_pattern"


def test_a_withdrawn_module_stays_withdrawn() -> None:
    module = Module("m", "Prise en main", ModuleKind.PRISE_EN_MAIN, None)
    withdrawn = module.withdraw(MONDAY)
    assert (withdrawn.state, withdrawn.withdrawn_on) == (ModuleState.WITHDRAWN, MONDAY)
    with pytest.raises(ModuleAlreadyWithdrawn):
        withdrawn.withdraw(MONDAY)
