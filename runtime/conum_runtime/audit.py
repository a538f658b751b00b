"""The audit trail of a service instance: every write, who made it, and how it ended.

Each request that may change something (any method but GET, HEAD and OPTIONS) from an
authenticated caller leaves one row in the instance's ``audit`` table: the caller's subject
(an OIDC ``sub`` or a static token's digest prefix; never a name or an e-mail), role, region
and bound party, the method, the route's template (``/exam-sessions/{exam_session_id}``), the
resource (the path's ids, or the first emitted event's key for a creation), the status and the
time. The row is written by :meth:`~conum_runtime.uow.UnitOfWork.commit` in the same transaction
as the write it records (with the route's success status); a write refused or failed before its
commit is recorded right after the answer, with the answer's status. Unauthenticated requests
are not recorded (no one to name, and anyone could fill the table).

National coordinators read it at ``GET /audit`` (:mod:`conum_runtime.audit_trail`).
"""

from __future__ import annotations

import json
import logging
import re
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from conum_kernel.refusals import Refusal
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from conum_runtime.http.problems import STATUS_OF
from conum_runtime.oidc import Identity

log = logging.getLogger(__name__)

READS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_RESOURCE = 200


def printable(text: object) -> str:
    """``text`` with its control characters and lone surrogates (which a store may refuse,
    PostgreSQL a NUL byte) written as ``\\uXXXX``: a refused path is recorded as sent."""
    return "".join(
        c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else f"\\u{ord(c):04x}"
        for c in str(text)
    )


@dataclass
class AuditEntry:
    """The write a request is making; recorded once."""

    request: Request
    route: str
    success_status: int
    resource_id: str | None
    recorded: bool = False
    row_id: int | None = None
    recorded_row: dict[str, Any] | None = None

    def recorded_as(self, row_id: int, row: dict[str, Any]) -> None:
        self.recorded, self.row_id, self.recorded_row = True, row_id, row

    @classmethod
    def of(cls, request: Request, route: str, success_status: int) -> AuditEntry:
        params = request.path_params
        resource = ",".join(f"{name}={printable(value)}" for name, value in params.items()) or None
        return cls(request, route, success_status, resource[:MAX_RESOURCE] if resource else None)

    def row(self, status: int, resource_id: str | None = None) -> dict[str, Any] | None:
        """The audit row; ``None`` when no one authenticated."""
        identity: Identity | None = getattr(self.request.state, "identity", None)
        if identity is None:
            return None
        actor = identity.actor
        return {
            "at": datetime.now(UTC),
            "subject": identity.subject[:200],
            "role": actor.role.value,
            "region": actor.region,
            "bound_to": actor.actor_id[:100] or None,
            "method": self.request.method,
            "route": self.route[:300],
            "resource_id": self.resource_id or (resource_id or "")[:MAX_RESOURCE] or None,
            "status": status,
        }


_pending: ContextVar[AuditEntry | None] = ContextVar("conum_audit_entry", default=None)


def pending() -> AuditEntry | None:
    """The write the current request is making, not yet recorded (``None`` outside one)."""
    entry = _pending.get()
    return entry if entry is not None and not entry.recorded else None


def begin(request: Request, route: str, success_status: int) -> Token[AuditEntry | None] | None:
    if request.method in READS:
        return None
    return _pending.set(AuditEntry.of(request, route, success_status))


async def finish(
    token: Token[AuditEntry | None] | None, status: int, body: bytes | None = None
) -> None:
    """After the answer: record the write if its unit of work did not; complete the row it
    did record when the answer tells more (the id of what was created, another status)."""
    if token is None:
        return
    entry = _pending.get()
    _pending.reset(token)
    host = getattr(entry.request.app.state, "host", None) if entry else None
    if entry is None or host is None:
        return
    table = host.tables.audit
    if entry.recorded:
        recorded = entry.recorded_row or {}
        changes: dict[str, Any] = {}
        if recorded.get("status") != status:
            changes["status"] = status
        if not recorded.get("resource_id") and (created := created_id(body)):
            changes["resource_id"] = created
        if not changes or entry.row_id is None:
            return
        statement: Any = table.update().where(table.c.id == entry.row_id).values(changes)
    else:
        row = entry.row(status, created_id(body))
        if row is None:
            return
        statement = table.insert().values(row)
        entry.recorded = True
    try:
        async with host.sessions() as session:
            await session.exec(statement)
            await session.commit()
    except Exception:  # the answer is given; a lost audit row is logged, never hidden
        log.exception("audit row not written for %s %s", entry.request.method, entry.route)


ID = re.compile(r"^[A-Za-z0-9._:-]{1,200}$")


def created_id(body: bytes | None) -> str | None:
    """The id an answer names first (``exam_session_id``…), if it is a JSON object."""
    if not body or len(body) > 1_000_000 or not body.startswith(b"{"):
        return None
    try:
        answer = json.loads(body)
    except ValueError:
        return None
    for name, value in answer.items():
        if (name == "id" or name.endswith("_id")) and isinstance(value, str) and ID.match(value):
            return value
    return None


def status_of(error: BaseException) -> int:
    """The status the edge answers for ``error``."""
    if isinstance(error, Refusal):
        return STATUS_OF[error.category]
    if isinstance(error, HTTPException):
        return error.status_code
    if isinstance(error, RequestValidationError):
        return 422
    return 500
