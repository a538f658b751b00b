"""A conseiller's enrolments, withdrawals and convocation, keyed on the current enrolment
(re-enrolment, possibly the same day), with the date fallback for events without an id."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from conum_modules.domain import Conseiller, Enrolment, convened, enrolled, withdrawn

MARCH, APRIL = date(2026, 3, 2), date(2026, 4, 1)


def enrolment(enrolment_id: str | None, on: date = MARCH, structure: str = "s1") -> Enrolment:
    return Enrolment(enrolment_id, "c1", "FR-NAQ", structure, "la-fabrik", "2024", on)


def withdraw(
    current: Conseiller | None, enrolment_id: str | None, on: date = APRIL
) -> Conseiller | None:
    return withdrawn(
        current, conseiller_id="c1", region="FR-NAQ", enrolment_id=enrolment_id, withdrawn_on=on
    )


def test_a_re_enrolment_the_same_day_is_the_current_enrolment() -> None:
    first = enrolled(None, enrolment("e1"), seen_before=False)
    assert first is not None and first.enrolment_id == "e1"
    gone = withdraw(first, "e1", on=APRIL)
    assert gone is not None and gone.is_withdrawn
    again = enrolled(gone, enrolment("e2", on=APRIL, structure="s2"), seen_before=False)
    assert again is not None
    assert (again.enrolment_id, again.structure_id, again.withdrawn_on) == ("e2", "s2", None)


def test_events_of_an_older_enrolment_are_ignored() -> None:
    current = enrolled(None, enrolment("e2", on=APRIL), seen_before=False)
    assert current is not None
    assert enrolled(current, enrolment("e1"), seen_before=True) is None  # a replay of e1
    assert withdraw(current, "e1") is None  # e1's withdrawal
    assert enrolled(current, enrolment("e2", on=APRIL), seen_before=True) is None  # repeated


def test_without_enrolment_ids_dates_decide() -> None:
    first = enrolled(None, enrolment(None), seen_before=False)
    assert first is not None
    assert withdraw(first, None, on=date(2026, 2, 1)) is None  # before this enrolment
    gone = withdraw(first, None, on=APRIL)
    assert gone is not None
    assert enrolled(gone, enrolment(None, on=date(2026, 3, 20)), seen_before=False) is None
    again = enrolled(gone, enrolment(None, on=APRIL), seen_before=False)
    assert again is not None and not again.is_withdrawn


def test_a_withdrawal_received_before_its_enrolment_is_kept() -> None:
    early = withdraw(None, "e1")
    assert early is not None and not early.is_enrolled
    completed = enrolled(early, enrolment("e1"), seen_before=True)
    assert completed is not None and completed.is_enrolled and completed.is_withdrawn
    newer = enrolled(early, enrolment("e2", on=APRIL), seen_before=False)
    assert newer is not None and not newer.is_withdrawn


def test_the_convocation_is_kept_across_enrolments() -> None:
    first = convened(None, conseiller_id="c1", region="FR-NAQ", exam_on=date(2026, 6, 18))
    assert first.convened_for == date(2026, 6, 18) and not first.is_enrolled
    current = enrolled(first, enrolment("e1"), seen_before=False)
    assert current is not None and current.is_convened
    gone = withdraw(current, "e1")
    assert gone is not None
    again = enrolled(gone, enrolment("e2", on=APRIL), seen_before=False)
    assert again is not None and again.convened_for == date(2026, 6, 18)
    later = convened(again, conseiller_id="c1", region="FR-NAQ", exam_on=date(2026, 11, 5))
    assert later.convened_for == date(2026, 6, 18)  # the earliest exam stays


def test_the_stake_names_the_structure_the_organisation_and_the_regions_hub() -> None:
    conseiller = replace(
        Conseiller("c1", "FR-NAQ"), structure_id="s1", training_organisation_id="la-fabrik"
    )
    stake = conseiller.stake({"hubikoop"})
    assert stake.region == "FR-NAQ"
    assert {role.value: set(parties) for role, parties in stake.parties.items()} == {
        "host_structure": {"s1"},
        "training_organisation": {"la-fabrik"},
        "regional_hub": {"hubikoop"},
    }
