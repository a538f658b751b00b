"""Statistical secrecy of published counts: small counts are suppressed, and enough others
with them that no suppressed count can be worked out from what is published.

A table is cells (counts) bound by equations ``total = part + part + …`` (a department's two
schemes and their sum, a region's departments and the region, the regions and the nation).

1. **Primary suppression**: every count from 1 to ``threshold - 1`` (a count of 0 names
   nobody and is published).
2. **Secondary suppression**, repeated until nothing changes:
   - an equation with exactly one suppressed cell would give it away: one more of its cells
     is suppressed;
   - an equation whose total is published and whose suppressed parts add up to less than the
     threshold would tell each of them is small: one more part is suppressed;
   - the choice: a part rather than the total, a non-zero count rather than a zero, the
     smallest count, then the first cell in the table's order (deterministic);
   - **audit**: the published cells and the equations form a linear system whose unknowns
     are the suppressed cells; a suppressed cell that the system determines (Gaussian
     elimination, exact modular arithmetic) would be disclosed by combining several
     equations (a suppression pattern with a "bridge"): one more cell of one of its
     equations is suppressed, and the loop goes on.

:func:`disclosed` is the audit, also used by the tests on crafted tables.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

Cell = Hashable
_PRIME = 2**61 - 1  # exact arithmetic modulo a large prime (coefficients are 0, 1, -1)


@dataclass(frozen=True)
class Equation:
    total: Cell
    parts: tuple[Cell, ...]

    @property
    def members(self) -> tuple[Cell, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class CountTable:
    """Counts by cell (in publication order) and the equations binding them."""

    values: Mapping[Cell, int]
    equations: Sequence[Equation]


def suppress(table: CountTable, threshold: int = 5) -> frozenset[Cell]:
    """The cells to leave out of the publication (see the module)."""
    order = {cell: index for index, cell in enumerate(table.values)}
    hidden = {cell for cell, value in table.values.items() if 0 < value < threshold}
    while True:
        if _complete_equations(table, hidden, order, threshold):
            continue
        found = disclosed(table, hidden)
        if not found:
            return frozenset(hidden)
        cell = min(found, key=order.__getitem__)
        if not _hide_one_more(table, hidden, order, cell):
            return frozenset(hidden)


def _complete_equations(
    table: CountTable, hidden: set[Cell], order: Mapping[Cell, int], threshold: int
) -> bool:
    changed = False
    for equation in table.equations:
        suppressed = [cell for cell in equation.members if cell in hidden]
        if not suppressed or len(suppressed) == len(equation.members):
            continue
        parts_sum = sum(table.values[cell] for cell in equation.parts if cell in hidden)
        too_small = equation.total not in hidden and parts_sum < threshold
        if len(suppressed) == 1 or too_small:
            candidate = _candidate(table, hidden, order, equation, parts_only=too_small)
            if candidate is not None:
                hidden.add(candidate)
                changed = True
    return changed


def _candidate(
    table: CountTable,
    hidden: set[Cell],
    order: Mapping[Cell, int],
    equation: Equation,
    *,
    parts_only: bool = False,
) -> Cell | None:
    members = equation.parts if parts_only else equation.members
    published = [cell for cell in members if cell not in hidden]
    if not published:
        return None

    def cost(cell: Cell) -> tuple[bool, bool, int, int]:
        value = table.values[cell]
        return (cell == equation.total, value == 0, value, order[cell])

    return min(published, key=cost)


def _hide_one_more(
    table: CountTable, hidden: set[Cell], order: Mapping[Cell, int], cell: Cell
) -> bool:
    for equation in table.equations:
        if cell in equation.members:
            candidate = _candidate(table, hidden, order, equation)
            if candidate is not None:
                hidden.add(candidate)
                return True
    return False


def disclosed(table: CountTable, hidden: frozenset[Cell] | set[Cell]) -> set[Cell]:
    """The suppressed cells that the published cells and the equations determine exactly."""
    columns = sorted(hidden, key=list(table.values).index)
    index = {cell: position for position, cell in enumerate(columns)}
    rows: list[dict[int, int]] = []
    for equation in table.equations:
        row: dict[int, int] = {}
        for cell, sign in ((equation.total, -1), *((part, 1) for part in equation.parts)):
            if cell in index:
                row[index[cell]] = (row.get(index[cell], 0) + sign) % _PRIME
        row = {column: value for column, value in row.items() if value}
        if row:
            rows.append(row)
    reduced = _reduced_row_echelon(rows)
    return {columns[next(iter(row))] for row in reduced if len(row) == 1}


def _reduced_row_echelon(rows: list[dict[int, int]]) -> list[dict[int, int]]:
    """Sparse Gauss-Jordan elimination modulo a prime: the non-zero reduced rows."""
    pivots: dict[int, dict[int, int]] = {}
    for original in rows:
        row = dict(original)
        for column, pivot_row in pivots.items():
            if column in row:
                _subtract(row, pivot_row, row[column])
        if not row:
            continue
        column = min(row)
        inverse = pow(row[column], _PRIME - 2, _PRIME)
        row = {c: v * inverse % _PRIME for c, v in row.items()}
        for other in pivots.values():
            if column in other:
                _subtract(other, row, other[column])
        pivots[column] = row
    return list(pivots.values())


def _subtract(row: dict[int, int], pivot: dict[int, int], factor: int) -> None:
    """``row -= factor * pivot`` in place, dropping the zeros."""
    for column, value in pivot.items():
        updated = (row.get(column, 0) - factor * value) % _PRIME
        if updated:
            row[column] = updated
        else:
            row.pop(column, None)
