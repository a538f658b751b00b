"""``GET /audit``: the instance's audit trail (:mod:`conum_runtime.audit`), for national
coordinators."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from conum_kernel.access import Role
from fastapi import Query, Request
from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy import select

from conum_runtime.http.dependencies import allow
from conum_runtime.http.fields import Limit, PageOut
from conum_runtime.http.routing import new_router


class AuditRecordOut(BaseModel):
    id: int
    at: AwareDatetime
    subject: str = Field(description="`oidc:<sub>` or `token:<digest prefix>`; no name.")
    role: Role
    region: str
    bound_to: str | None
    method: str
    route: str = Field(description="The route's template.")
    resource_id: str | None
    status: int


def in_utc(row: dict[str, Any]) -> dict[str, Any]:
    """SQLite gives back the UTC time it was given without its zone."""
    at: datetime = row["at"]
    return row | {"at": at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)}


router = new_router(tags=["audit"])

AuditCursor = Annotated[
    str | None,
    Query(pattern=r"^[0-9]{1,18}$", description="`next_cursor` of the previous page."),
]
Subject = Annotated[
    str | None,
    Query(min_length=1, max_length=200, pattern=r"^[!-~]+$", description="Only this subject."),
]


@router.get("/audit", dependencies=[allow(Role.NATIONAL_COORDINATOR)])
async def audit_trail(
    request: Request,
    since: Annotated[datetime | None, Query(description="Only writes at or after.")] = None,
    actor: Subject = None,
    cursor: AuditCursor = None,
    limit: Limit = 50,
) -> PageOut[AuditRecordOut]:
    """The writes this instance recorded, oldest first."""
    host = request.app.state.host
    table = host.tables.audit
    query = select(table).order_by(table.c.id).limit(limit + 1)
    if since is not None:
        since = since.replace(tzinfo=UTC) if since.tzinfo is None else since.astimezone(UTC)
        query = query.where(table.c.at >= since)
    if actor is not None:
        query = query.where(table.c.subject == actor)
    if cursor is not None:
        query = query.where(table.c.id > int(cursor))
    async with host.sessions() as session:
        connection = await session.connection()
        rows = (await connection.execute(query)).mappings().all()
    items = [AuditRecordOut.model_validate(in_utc(dict(row))) for row in rows[:limit]]
    more = len(rows) > limit
    return PageOut(items=items, next_cursor=str(items[-1].id) if more else None)
