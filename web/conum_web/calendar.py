"""A month as a grid of weeks (Monday first), each day with what happens on it: the hub's
calendar of sessions, drawn as a table (a caption, a header per weekday), which every screen
reader can walk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

T = TypeVar("T")

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
WEEKDAYS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")


@dataclass(frozen=True)
class Day(Generic[T]):
    on: date
    in_month: bool
    is_today: bool
    entries: tuple[T, ...]

    @property
    def label(self) -> str:
        """``mardi 8 décembre 2026``: the day's full name, for screen readers."""
        weekday, month = WEEKDAYS[self.on.weekday()].lower(), MONTHS[self.on.month - 1]
        return f"{weekday} {self.on.day} {month} {self.on.year}"


@dataclass(frozen=True)
class Month(Generic[T]):
    first: date
    weeks: tuple[tuple[Day[T], ...], ...]

    @property
    def title(self) -> str:
        return f"{MONTHS[self.first.month - 1]} {self.first.year}"

    @property
    def previous(self) -> str:
        return month_key((self.first - timedelta(days=1)).replace(day=1))

    @property
    def next(self) -> str:
        return month_key((self.first + timedelta(days=31)).replace(day=1))

    @property
    def start(self) -> date:
        return self.weeks[0][0].on

    @property
    def end(self) -> date:
        return self.weeks[-1][-1].on


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(key: str | None, today: date) -> date:
    """The first day of ``YYYY-MM`` (this month's when absent or not a month)."""
    if key:
        try:
            year, month = (int(part) for part in key.split("-"))
            return date(year, month, 1)
        except ValueError:
            pass
    return today.replace(day=1)


def month_grid(first: date, entries: Iterable[tuple[date, T]], today: date) -> Month[T]:
    """The weeks that cover the month of ``first``, each day with its entries (in the order
    given)."""
    first = first.replace(day=1)
    by_day: dict[date, list[T]] = defaultdict(list)
    for on, entry in entries:
        by_day[on].append(entry)
    last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    grid = [
        Day(day, day.month == first.month, day == today, tuple(by_day.get(day, ()))) for day in days
    ]
    weeks = tuple(tuple(grid[n : n + 7]) for n in range(0, len(grid), 7))
    return Month(first, weeks)
