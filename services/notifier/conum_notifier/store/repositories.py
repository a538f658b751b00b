"""Repositories of the notifier's store: domain objects in, rows out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, or_, update
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_notifier.domain import (
    FACTS_OF,
    Kind,
    Notification,
    Reason,
    Registration,
    RegistrationState,
    Session,
    SessionDay,
    Status,
    facts_from_data,
    facts_to_data,
)
from conum_notifier.store.tables import ModuleRow, NotificationRow, RegistrationRow, SessionRow


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive UTC moments."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Page:
    items: list[Notification]
    next_after: str | None


async def _upsert(session: AsyncSession, table: type[SQLModel], **values: Any) -> None:
    """Insert the row, or update the one of the same primary key (the first value)."""
    row = await session.get(table, next(iter(values.values())))
    if row is None:
        row = table(**values)
    else:
        row.sqlmodel_update(values)
    session.add(row)


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session


class Notifications(_Repository):
    async def add(self, notification: Notification) -> None:
        self._session.add(_row(notification))

    async def add_absent(self, notifications: Sequence[Notification]) -> list[Notification]:
        """Add those not stored yet (a reminder is made once, whoever makes it again)."""
        ids = [n.notification_id for n in notifications]
        if not ids:
            return []
        query = select(NotificationRow.notification_id).where(
            col(NotificationRow.notification_id).in_(ids)
        )
        known = set(await self._session.exec(query))
        added = [n for n in notifications if n.notification_id not in known]
        self._session.add_all(_row(n) for n in added)
        return added

    async def get(self, notification_id: str) -> Notification | None:
        row = await self._session.get(NotificationRow, notification_id)
        return None if row is None else _notification(row)

    async def due(self, now: datetime, limit: int) -> list[Notification]:
        """Pending notifications whose time has come, oldest first."""
        query = (
            select(NotificationRow)
            .where(
                NotificationRow.status == Status.PENDING.value,
                or_(
                    col(NotificationRow.next_attempt_at).is_(None),
                    col(NotificationRow.next_attempt_at) <= now,
                ),
            )
            .order_by(col(NotificationRow.created_at), col(NotificationRow.notification_id))
            .limit(limit)
        )
        return [_notification(row) for row in await self._session.exec(query)]

    async def save(self, notification: Notification) -> bool:
        """Store a pending notification's new state; False when it is no longer pending (a
        cancellation closed it meanwhile)."""
        result = await self._session.exec(
            update(NotificationRow)
            .where(
                col(NotificationRow.notification_id) == notification.notification_id,
                col(NotificationRow.status) == Status.PENDING.value,
            )
            .values(
                status=notification.status.value,
                reason=notification.reason.value if notification.reason else None,
                attempts=notification.attempts,
                next_attempt_at=notification.next_attempt_at,
                sent_at=notification.sent_at,
            )
        )
        return bool(result.rowcount)

    async def skip_pending(
        self, reason: Reason, *, registration_id: str | None = None, session_id: str | None = None
    ) -> None:
        """Close the pending notifications of a registration or a session, unsent."""
        where = (
            col(NotificationRow.registration_id) == registration_id
            if registration_id is not None
            else col(NotificationRow.session_id) == session_id
        )
        await self._session.exec(
            update(NotificationRow)
            .where(where, col(NotificationRow.status) == Status.PENDING.value)
            .values(status=Status.SKIPPED.value, reason=reason.value, next_attempt_at=None)
        )

    async def page(
        self,
        regions: frozenset[str] | None,
        *,
        status: Status | None,
        kind: Kind | None,
        after: str | None,
        limit: int,
    ) -> Page:
        """Notifications of ``regions`` (None: all), by id, a page at a time."""
        query = select(NotificationRow).order_by(col(NotificationRow.notification_id))
        if regions is not None:
            query = query.where(col(NotificationRow.region).in_(sorted(regions)))
        if status is not None:
            query = query.where(NotificationRow.status == status.value)
        if kind is not None:
            query = query.where(NotificationRow.kind == kind.value)
        if after is not None:
            query = query.where(col(NotificationRow.notification_id) > after)
        rows = list(await self._session.exec(query.limit(limit + 1)))
        items = [_notification(row) for row in rows[:limit]]
        return Page(items, items[-1].notification_id if len(rows) > limit else None)

    async def counts(self, regions: frozenset[str] | None) -> list[tuple[Kind, Status, int]]:
        query = select(NotificationRow.kind, NotificationRow.status, func.count()).group_by(
            col(NotificationRow.kind), col(NotificationRow.status)
        )
        if regions is not None:
            query = query.where(col(NotificationRow.region).in_(sorted(regions)))
        return [
            (Kind(kind), Status(status), int(count))
            for kind, status, count in await self._session.exec(query)
        ]


def _row(notification: Notification) -> NotificationRow:
    return NotificationRow(
        notification_id=notification.notification_id,
        event_id=notification.event_id,
        kind=notification.kind.value,
        conseiller_id=notification.conseiller_id,
        region=notification.region,
        registration_id=notification.registration_id,
        session_id=notification.session_id,
        facts=json.dumps(facts_to_data(notification.facts), sort_keys=True),
        occurred_at=notification.occurred_at,
        created_at=datetime.now(UTC),
        status=notification.status.value,
        reason=notification.reason.value if notification.reason else None,
        attempts=notification.attempts,
        next_attempt_at=notification.next_attempt_at,
        sent_at=notification.sent_at,
    )


def _notification(row: NotificationRow) -> Notification:
    kind = Kind(row.kind)
    occurred_at = aware(row.occurred_at)
    assert occurred_at is not None
    return Notification(
        notification_id=row.notification_id,
        event_id=row.event_id,
        kind=kind,
        conseiller_id=row.conseiller_id,
        region=row.region,
        facts=facts_from_data(FACTS_OF[kind], json.loads(row.facts)),
        occurred_at=occurred_at,
        status=Status(row.status),
        reason=Reason(row.reason) if row.reason else None,
        attempts=row.attempts,
        next_attempt_at=aware(row.next_attempt_at),
        sent_at=aware(row.sent_at),
    )


class Sessions(_Repository):
    async def get(self, session_id: str) -> Session | None:
        row = await self._session.get(SessionRow, session_id)
        return None if row is None else _session(row)

    async def save(self, session: Session) -> None:
        days = [{"on": d.on.isoformat(), "mode": d.mode} for d in session.days]
        await _upsert(
            self._session,
            SessionRow,
            session_id=session.session_id,
            module_id=session.module_id,
            region=session.region,
            hub=session.hub,
            place=session.place,
            days=json.dumps(days),
            last_day=session.last_day,
            cancelled=session.cancelled,
        )


def _session(row: SessionRow) -> Session:
    days = tuple(SessionDay(date.fromisoformat(d["on"]), d["mode"]) for d in json.loads(row.days))
    return Session(
        row.session_id, row.module_id, row.region, row.hub, row.place, days, row.cancelled
    )


class Modules(_Repository):
    async def title_of(self, module_id: str | None) -> str | None:
        if module_id is None:
            return None
        row = await self._session.get(ModuleRow, module_id)
        return None if row is None else row.title

    async def save(self, module_id: str, title: str) -> None:
        await _upsert(self._session, ModuleRow, module_id=module_id, title=title)


class Registrations(_Repository):
    async def get(self, registration_id: str) -> Registration | None:
        row = await self._session.get(RegistrationRow, registration_id)
        return None if row is None else _registration(row)

    async def save(self, registration: Registration) -> None:
        await _upsert(
            self._session,
            RegistrationRow,
            registration_id=registration.registration_id,
            conseiller_id=registration.conseiller_id,
            session_id=registration.session_id,
            module_id=registration.module_id,
            region=registration.region,
            state=registration.state.value,
            accepted_on=registration.accepted_on,
        )

    async def accepted_with_sessions(self, today: date) -> list[tuple[Registration, Session]]:
        """Accepted registrations of sessions not over, each with its session."""
        query = (
            select(RegistrationRow, SessionRow)
            .join(SessionRow, col(SessionRow.session_id) == col(RegistrationRow.session_id))
            .where(
                RegistrationRow.state == RegistrationState.ACCEPTED.value,
                col(SessionRow.last_day) >= today,
                col(SessionRow.cancelled).is_(False),
            )
            .order_by(col(RegistrationRow.registration_id))
        )
        return [(_registration(r), _session(s)) for r, s in await self._session.exec(query)]


def _registration(row: RegistrationRow) -> Registration:
    return Registration(
        registration_id=row.registration_id,
        conseiller_id=row.conseiller_id,
        session_id=row.session_id,
        region=row.region,
        state=RegistrationState(row.state),
        module_id=row.module_id,
        accepted_on=row.accepted_on,
    )
