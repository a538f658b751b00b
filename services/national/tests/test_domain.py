"""The national view's rules without a store: journeys folded from facts in any order,
percentiles, satisfaction weights, and statistical secrecy that totals cannot undo."""

from __future__ import annotations

import itertools
import random
from datetime import date

from conum_national.domain import (
    CountTable,
    Equation,
    Fact,
    FactKind,
    Step,
    Survey,
    disclosed,
    fold,
    percentile,
    satisfaction,
    suppress,
    withdrawal_reason,
)

C = "6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f"


def fact(kind: FactKind, on: date, n: int, enrolment: str | None = None, **values: object) -> Fact:
    return Fact(
        event_id=f"00000000-0000-4000-8000-{n:012d}",
        conseiller_id=C,
        kind=kind,
        on=on,
        at=f"{on.isoformat()}T09:00:00.000000Z",
        region="FR-NAQ",
        enrolment_id=enrolment,
        values=values,  # type: ignore[arg-type]
    )


FACTS = [
    fact(FactKind.ENROLLED, date(2026, 1, 5), 1, scheme="2024", department="40"),
    fact(FactKind.PATH_ASSIGNED, date(2026, 1, 15), 2, scheme="2024", path_hours=175),
    fact(FactKind.TRAINING_STARTED, date(2026, 1, 19), 3),
    fact(FactKind.WITHDRAWN, date(2026, 2, 2), 4, reason_code="health"),
    fact(FactKind.ENROLLED, date(2026, 9, 7), 5, scheme="2024", department="40"),
    fact(FactKind.PATH_ASSIGNED, date(2026, 9, 17), 6, scheme="2024", path_hours=70),
]


def test_every_order_of_the_facts_folds_into_the_same_journeys() -> None:
    expected = fold(C, FACTS)
    for order in itertools.permutations(FACTS):
        assert fold(C, order) == expected
    assert fold(C, FACTS + FACTS[:3]) == expected


def test_a_re_enrolment_opens_a_new_current_journey() -> None:
    first, second = fold(C, FACTS).journeys
    assert (first.ordinal, first.current, first.step) == (1, False, Step.WITHDRAWN)
    assert first.withdrawal_reason == "health" and first.path_hours == 175
    assert (second.ordinal, second.current, second.step) == (2, True, Step.POSITIONED)
    assert second.path_hours == 70 and second.withdrawn_on is None


def test_a_fact_naming_an_unknown_enrolment_waits_for_it() -> None:
    named = [
        fact(FactKind.ENROLLED, date(2026, 1, 5), 1, "a" * 8 + "-0000-4000-8000-000000000001"),
        fact(
            FactKind.PATH_ASSIGNED, date(2026, 1, 15), 2, "b" * 8 + "-0000-4000-8000-000000000002"
        ),
    ]
    folded = fold(C, named)
    assert folded.pending == 1 and folded.journeys[0].positioned_on is None


def test_facts_without_their_enrolment_make_a_journey_awaiting_it() -> None:
    (journey,) = fold(C, FACTS[1:3]).journeys
    assert journey.step is Step.IN_TRAINING and journey.enrolled_on is None
    assert journey.ordinal == 0


def test_legacy_reasons_map_to_a_code_or_other() -> None:
    known = frozenset({"health", "personal"})
    assert withdrawal_reason(None, " Health ", known) == "health"
    assert withdrawal_reason(None, "moved to Lyon", known) == "other"
    assert withdrawal_reason("personal", "anything", known) == "personal"


def test_percentiles_are_nearest_rank() -> None:
    assert percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90) == 90
    assert percentile([5], 90) == 5
    assert percentile([], 90) is None


def test_satisfaction_is_weighted_by_responses() -> None:
    found = satisfaction([Survey(30, 90.0, 80.0, 8.0), Survey(10, 50.0, 40.0, 4.0)])
    assert (found.responses, found.satisfied_overall_pct) == (40, 70.0)
    assert found.mean_self_rated_ability == 7.0


def grid(values: dict[tuple[int, int], int]) -> CountTable:
    """A two-way table with its row, column and grand totals, all published unless hidden."""
    rows = sorted({r for r, _ in values})
    cols = sorted({c for _, c in values})
    cells = dict(values)
    for r in rows:
        cells[(r, -1)] = sum(values[(r, c)] for c in cols)
    for c in cols:
        cells[(-1, c)] = sum(values[(r, c)] for r in rows)
    cells[(-1, -1)] = sum(values.values())
    equations = [Equation((r, -1), tuple((r, c) for c in cols)) for r in [*rows, -1]]
    equations += [Equation((-1, c), tuple((r, c) for r in rows)) for c in [*cols, -1]]
    return CountTable(cells, equations)


def recoverable(table: CountTable, hidden: frozenset[object]) -> bool:
    """Whether an attacker, knowing the published cells, can compute a hidden one."""
    return bool(disclosed(table, set(hidden)))


def test_one_small_count_takes_three_others_with_it_and_none_can_be_recomputed() -> None:
    table = grid({(0, 0): 3, (0, 1): 40, (1, 0): 25, (1, 1): 60, (2, 0): 12, (2, 1): 9})
    hidden = suppress(table, 5)
    assert (0, 0) in hidden
    assert len([c for c in hidden if c[0] >= 0 and c[1] >= 0]) >= 4
    assert not recoverable(table, hidden)
    for cell in hidden:  # each hidden value has another solution: it cannot be told
        assert cell not in disclosed(table, set(hidden))


def test_a_bridge_between_two_protected_blocks_is_caught_by_the_audit() -> None:
    # Crafted: the "at least two hidden per line" rule alone leaves a cell that a
    # combination of equations gives away; the audit must hide more.
    table = grid(
        {
            (0, 0): 2, (0, 1): 3, (0, 2): 50, (0, 3): 60,
            (1, 0): 4, (1, 1): 1, (1, 2): 70, (1, 3): 80,
            (2, 0): 90, (2, 1): 91, (2, 2): 2, (2, 3): 3,
            (3, 0): 92, (3, 1): 93, (3, 2): 4, (3, 3): 1,
        }
    )  # fmt: skip
    hidden = suppress(table, 5)
    assert not recoverable(table, hidden)
    naive = {cell for cell, value in table.values.items() if 0 < value < 5}
    naive.add((0, 2))  # a bridge between the two blocks
    assert recoverable(table, frozenset(naive))  # the audit does see such a leak


def test_random_tables_never_publish_a_small_count_nor_leak_a_hidden_one() -> None:
    chance = random.Random(2026)
    for _ in range(40):
        values = {
            (r, c): chance.choice([0, 1, 2, 3, 7, 12, 30]) for r in range(5) for c in range(3)
        }
        table = grid(values)
        hidden = suppress(table, 5)
        assert all(not (0 < v < 5) for cell, v in table.values.items() if cell not in hidden)
        assert not recoverable(table, hidden)
        for equation in table.equations:  # no hidden set adds up to a small published sum
            parts = [p for p in equation.parts if p in hidden]
            if parts and equation.total not in hidden:
                assert sum(table.values[p] for p in parts) >= 5 or len(parts) == len(equation.parts)
