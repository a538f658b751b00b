"""The four stores ``./conum reconcile`` reads, filled directly: the rows of agreeing
services (:mod:`reconcile_rows`), a handful of planted disagreements that reconciliation must
find, no more, no less, written through each service's own tables after its migrations (no
wave)."""

from __future__ import annotations

import asyncio
import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from conum_runtime.db import create_engine
from conum_runtime.migrations import upgrade
from reconcile_rows import (
    Conseiller,
    Rows,
    certification_rows,
    conseillers,
    enrolment_rows,
    national_rows,
    new_id,
    positioning_rows,
)
from sqlalchemy import create_engine as create_sync_engine

SERVICES = ("enrolment", "positioning", "certification", "national")
Planted = dict[str, frozenset[str]]
"""The rules reconciliation must report, by conseiller."""


@dataclass(frozen=True)
class Stores:
    """Each service's rows by table, before they are written."""

    enrolment: Rows
    positioning: Rows
    certification: Rows
    national: Rows

    def row(self, service: str, table: str, conseiller_id: str) -> dict[str, Any]:
        rows = getattr(self, service)[table]
        current = (r for r in rows if r.get("current", True))
        return next(r for r in current if r["conseiller_id"] == conseiller_id)


Plant = Callable[[Stores, Conseiller, random.Random], None]


def _no_positioning(stores: Stores, p: Conseiller, _rng: random.Random) -> None:
    for table in ("positionings", "positioning_results"):
        rows = stores.positioning[table]
        rows[:] = [r for r in rows if r["conseiller_id"] != p.conseiller_id]


def _set(service: str, table: str, **values: Any) -> Plant:
    def plant(stores: Stores, p: Conseiller, _rng: random.Random) -> None:
        row = stores.row(service, table, p.conseiller_id)
        row.update({k: v(row) if callable(v) else v for k, v in values.items()})

    return plant


def _stale_enrolment(stores: Stores, p: Conseiller, rng: random.Random) -> None:
    stores.row("positioning", "positionings", p.conseiller_id)["enrolment_id"] = new_id(rng)


def _another_structure(stores: Stores, p: Conseiller, rng: random.Random) -> None:
    stores.row("positioning", "positionings", p.conseiller_id)["structure_id"] = new_id(rng)


PLANTED: tuple[tuple[str, frozenset[str], Plant], ...] = (
    # (state of the conseiller planted on, the rules reconciliation must report, the change)
    ("in_training", frozenset({"known"}), _no_positioning),
    ("in_training", frozenset({"path_hours"}), _set("certification", "conseillers", path_hours=1)),
    (
        "in_training",
        frozenset({"training_dates"}),
        _set(
            "certification",
            "conseillers",
            training_planned_end_on=lambda r: r["training_planned_end_on"] + timedelta(days=7),
        ),
    ),
    ("enrolled", frozenset({"enrolment"}), _stale_enrolment),
    ("withdrawn", frozenset({"withdrawn"}), _set("positioning", "positionings", state="completed")),
    ("withdrawn", frozenset({"national"}), _set("national", "journeys", withdrawn_on=None)),
    ("completed", frozenset({"parties"}), _another_structure),
    (
        "completed",
        frozenset({"training", "training_dates"}),
        _set("certification", "conseillers", training_completed_on=None),
    ),
)
"""Each planted disagreement; one more is a conseiller certification alone holds (a path
whose enrolment never arrived): ``known``, enrolment ``unknown``."""


def stores_with_disagreements(count: int, seed: int) -> tuple[Stores, Planted]:
    """The rows of ``count`` conseillers, and the disagreements planted among them (by
    conseiller: the rules reconciliation must report)."""
    rng = random.Random(seed + 1)
    people = conseillers(count, seed)
    stores = Stores(
        enrolment_rows(people),
        positioning_rows(people, rng),
        certification_rows(people),
        national_rows(people),
    )
    planted: Planted = {}
    for state, rules, plant in PLANTED:
        target = next(
            p
            for p in rng.sample(people, len(people))
            if p.enrolment_state == state and not p.earlier and p.conseiller_id not in planted
        )
        plant(stores, target, rng)
        planted[target.conseiller_id] = rules
    orphan = replace(people[0], conseiller_id=new_id(rng), earlier=[])
    stores.certification["conseillers"] += certification_rows([orphan])["conseillers"]
    planted[orphan.conseiller_id] = frozenset({"known"})
    return stores, planted


async def write(stores: Stores, workdir: Path) -> dict[str, str]:
    """Each service's SQLite store under ``workdir``, migrated by the service's revisions,
    filled with ``stores``; their URLs, by service."""
    urls = {}
    for service in SERVICES:
        definition = importlib.import_module(f"conum_{service}.app").SERVICE
        url = f"sqlite+aiosqlite:///{workdir}/{service}.db"
        engine = create_engine(url)
        await upgrade(engine, definition.migrations, definition.metadata)
        await engine.dispose()
        writer = create_sync_engine(f"sqlite:///{workdir}/{service}.db")
        with writer.begin() as connection:
            for table, rows in getattr(stores, service).items():
                if rows:
                    connection.execute(definition.metadata.tables[table].insert(), rows)
        writer.dispose()
        urls[service] = url
    return urls


def filled(count: int, seed: int, workdir: Path) -> tuple[dict[str, str], Planted]:
    """The four stores of ``count`` conseillers under ``workdir`` (their URLs) and the
    disagreements planted in them."""
    stores, planted = stores_with_disagreements(count, seed)
    return asyncio.run(write(stores, workdir)), planted
