"""The network's other aggregates, through the ORM: structures, cohorts and full-title
enrolments (:class:`Network`); the catalogue, sessions and registrations (:class:`Modules`).
Each telling merges into its row by rules that ignore the order of events: the latest telling
(by ``key``) wins what a republication may change, flags are "ever true", a region hint is the
smallest region told."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from conum_runtime.uow import Repository
from sqlalchemy.orm import class_mapper
from sqlmodel import SQLModel, select

from conum_national.store.tables import (
    CohortRow,
    FullTitleRow,
    ModuleRow,
    RegistrationRow,
    SessionRow,
    StructureRow,
)

R = TypeVar("R", bound=SQLModel)
Hinted = TypeVar("Hinted", StructureRow, CohortRow, SessionRow)


def key_of(at: str, event_id: str) -> str:
    """The order of two tellings of one thing: the event's time, then its id."""
    return f"{at}|{event_id}"


def smallest(old: Any, new: Any) -> Any:
    """Merge two tellings of a value that should agree: the smallest, whatever the order."""
    if old is None:
        return new
    if new is None:
        return old
    return min(old, new)


class _Rows(Repository):
    """Rows merged one telling at a time, by their primary key."""

    async def _row(self, kind: type[R], row_id: str, **identity: Any) -> R:
        """The row, or a new one (added to the session) named by its primary key."""
        row = await self._session.get(kind, row_id)
        if row is None:
            id_name = class_mapper(kind).primary_key[0].name
            row = kind(**{id_name: row_id, **identity})
        self._session.add(row)
        return row

    async def _latest(
        self, kind: type[R], row_id: str, key_name: str, key: str, values: Mapping[str, Any]
    ) -> None:
        """The row's ``values`` are the latest telling's (``key_name``: the column keeping
        the latest telling's key)."""
        row = await self._row(kind, row_id)
        known = getattr(row, key_name)
        if known is None or key > known:
            row.sqlmodel_update({key_name: key, **values})

    async def _hinted(self, kind: type[Hinted], row_id: str, region: str) -> Hinted:
        """The row, keeping the smallest region told (for events that name no region)."""
        row = await self._row(kind, row_id)
        row.region_hint = smallest(row.region_hint, region)
        return row

    async def _all(self, kind: type[R]) -> list[R]:
        return list((await self._session.exec(select(kind))).all())


class Network(_Rows):
    """Structures, cohorts, full-title enrolments."""

    async def structure_registered(
        self, structure_id: str, key: str, values: Mapping[str, Any]
    ) -> None:
        await self._latest(StructureRow, structure_id, "registered_key", key, values)

    async def habilitation(
        self, structure_id: str, region: str, *, granted_on: date | None = None
    ) -> None:
        row = await self._hinted(StructureRow, structure_id, region)
        if granted_on is None:
            row.habilitation_requested = True
        else:
            row.habilitation_granted_on = smallest(row.habilitation_granted_on, granted_on)

    async def cohort_formed(self, cohort_id: str, key: str, values: Mapping[str, Any]) -> None:
        await self._latest(CohortRow, cohort_id, "formed_key", key, values)

    async def referent_designated(self, cohort_id: str, region: str) -> None:
        row = await self._hinted(CohortRow, cohort_id, region)
        row.referent_designated = True

    async def full_title(self, conseiller_id: str, key: str, values: Mapping[str, Any]) -> None:
        row = await self._session.get(FullTitleRow, conseiller_id)
        if row is None:
            self._session.add(FullTitleRow(conseiller_id=conseiller_id, key=key, **values))
        elif key > row.key:
            row.sqlmodel_update({"key": key, **values})

    async def structures(self) -> list[StructureRow]:
        return await self._all(StructureRow)

    async def cohorts(self) -> list[CohortRow]:
        return await self._all(CohortRow)

    async def full_titles(self) -> list[FullTitleRow]:
        return await self._all(FullTitleRow)


class Modules(_Rows):
    """The catalogue, sessions and registrations."""

    async def published(self, module_id: str, key: str, values: Mapping[str, Any]) -> None:
        await self._latest(ModuleRow, module_id, "published_key", key, values)

    async def module_withdrawn(self, module_id: str) -> None:
        row = await self._row(ModuleRow, module_id)
        row.withdrawn = True

    async def session_scheduled(self, session_id: str, key: str, values: Mapping[str, Any]) -> None:
        await self._latest(SessionRow, session_id, "scheduled_key", key, values)

    async def session_cancelled(self, session_id: str, region: str) -> None:
        row = await self._hinted(SessionRow, session_id, region)
        row.cancelled = True

    async def session_evaluated(self, session_id: str, key: str, values: Mapping[str, Any]) -> None:
        await self._latest(SessionRow, session_id, "evaluated_key", key, values)

    async def registration(
        self,
        registration_id: str,
        conseiller_id: str,
        *,
        agreed: Mapping[str, Any],
        accepted: tuple[str, Mapping[str, Any]] | None = None,
        waitlisted: tuple[str, int] | None = None,
        cancelled: bool = False,
        completed: tuple[date, int] | None = None,
    ) -> None:
        """Merge one telling of a registration: ``agreed`` values (session, module, region,
        track) that every telling shares; the latest acceptance and waitlisting; "ever
        cancelled"; the earliest completion."""
        row = await self._row(RegistrationRow, registration_id, conseiller_id=conseiller_id)
        for name, value in agreed.items():
            setattr(row, name, smallest(getattr(row, name), value))
        if accepted is not None and (row.accepted_key is None or accepted[0] > row.accepted_key):
            row.sqlmodel_update({"accepted_key": accepted[0], **accepted[1]})
        if waitlisted is not None and (
            row.waitlisted_key is None or waitlisted[0] > row.waitlisted_key
        ):
            row.waitlisted_key, row.waitlist_position = waitlisted
        row.cancelled = row.cancelled or cancelled
        if completed is not None:
            row.completed_on = smallest(row.completed_on, completed[0])
            row.hours = smallest(row.hours, completed[1])

    async def catalogue(self) -> list[ModuleRow]:
        return await self._all(ModuleRow)

    async def sessions(self) -> list[SessionRow]:
        return await self._all(SessionRow)

    async def registrations(self) -> list[RegistrationRow]:
        return await self._all(RegistrationRow)
