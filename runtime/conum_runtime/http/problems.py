"""One error shape for every refusal and every invalid request: problem details (RFC 9457).

Every error answer is ``application/problem+json``::

    {"type": "urn:conum:problem:wrong_region", "title": "Forbidden", "status": 403,
     "code": "wrong_region", "detail": "not allowed to act in region FR-IDF",
     "instance": "/structures", "errors": []}

``code`` is stable and machine-readable; ``errors`` lists the fields of an invalid request by
location, never echoing the values sent (they may be large, unencodable or personal).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from conum_kernel.refusals import Category, Refusal
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as StoreQueueTimeout
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:conum:problem:"
MAX_FIELD_ERRORS = 20
MAX_MESSAGE = 200

STATUS_OF: Mapping[Category, int] = {
    Category.INVALID: 422,
    Category.NOT_FOUND: 404,
    Category.CONFLICT: 409,
    Category.FORBIDDEN: 403,
}
"""The HTTP status of each category of refusal."""

RETRY_AFTER_BUSY = 1
"""Seconds a client is asked to wait before retrying when the store is busy (503)."""

CODE_OF_STATUS: Mapping[int, str] = {
    400: "malformed_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
}


class FieldError(BaseModel):
    location: str = Field(description="Where: `body.person.email`, `query.limit`…")
    message: str = Field(description="What is wrong, without the value sent.")
    type: str = Field(description="Machine-readable kind of error, e.g. `string_too_long`.")


class Problem(BaseModel):
    """Problem details (RFC 9457), the shape of every error answer."""

    type: str = Field(description="`urn:conum:problem:<code>`")
    title: str = Field(description="The HTTP status phrase.")
    status: int
    code: str = Field(description="Stable, machine-readable reason.")
    detail: str = Field(description="What happened, for a person.")
    instance: str | None = Field(default=None, description="The path of the request.")
    errors: list[FieldError] = Field(default_factory=list)


class ProblemError(HTTPException):
    """An HTTP error with a code of its own (the edge's refusals: limits, media types)."""

    def __init__(
        self, status: int, code: str, detail: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(status, detail, dict(headers) if headers else None)
        self.code = code


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    instance: str | None = None,
    errors: Sequence[FieldError] = (),
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=TYPE_PREFIX + code,
        title=HTTPStatus(status).phrase,
        status=status,
        code=code,
        detail=detail,
        instance=instance,
        errors=list(errors),
    )
    return JSONResponse(
        body.model_dump(), status_code=status, media_type=MEDIA_TYPE, headers=headers
    )


def field_errors(errors: Sequence[Any]) -> list[FieldError]:
    """Pydantic's errors without their input (the values sent are never echoed)."""
    found = []
    for error in list(errors)[:MAX_FIELD_ERRORS]:
        location = ".".join(str(part) for part in error.get("loc", ())) or "request"
        message = str(error.get("msg", "invalid"))[:MAX_MESSAGE]
        found.append(FieldError(location=location, message=message, type=str(error.get("type"))))
    return found


async def _refused(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, Refusal)
    status = STATUS_OF[error.category]
    return problem_response(status, error.reason, error.detail, instance=request.url.path)


async def _invalid(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = field_errors(error.errors())
    if any(e.type == "json_invalid" for e in errors):
        return problem_response(
            400, "malformed_body", "the body is not valid JSON", instance=request.url.path
        )
    return problem_response(
        422,
        "invalid_request",
        "the request does not follow this operation's schema",
        instance=request.url.path,
        errors=errors,
    )


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    code = getattr(error, "code", None) or CODE_OF_STATUS.get(error.status_code, "http_error")
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request.app, request.url.path))
    return problem_response(
        error.status_code, code, str(error.detail), instance=request.url.path, headers=headers
    )


async def _store_busy(request: Request, error: Exception) -> JSONResponse:
    """The store did not take the request in time (SQLite: the queue for its connection, or
    another process's write lock past the busy timeout): a load to retry, not a failure."""
    if isinstance(error, OperationalError) and "database is locked" not in str(error.orig):
        return await _crashed(request, error)
    log.warning("store busy on %s %s", request.method, request.url.path)
    return problem_response(
        503,
        "store_busy",
        "the service's store is busy; the request changed nothing, retry later",
        instance=request.url.path,
        headers={"Retry-After": str(RETRY_AFTER_BUSY)},
    )


async def _crashed(request: Request, error: Exception) -> JSONResponse:
    log.error("unhandled %s on %s %s", type(error).__name__, request.method, request.url.path)
    return problem_response(
        500, "internal_error", "the service failed; the request changed nothing"
    )


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Every method the application's document declares on ``path`` (a 405's ``Allow``)."""
    methods: set[str] = set()
    for template, operations in app.openapi().get("paths", {}).items():
        if compile_path(template)[0].match(path):
            methods |= {method.upper() for method in operations}
    return sorted(methods)


def install_problem_handlers(app: FastAPI) -> None:
    """Every error the application answers takes the problem shape."""
    app.add_exception_handler(Refusal, _refused)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(StoreQueueTimeout, _store_busy)
    app.add_exception_handler(OperationalError, _store_busy)
    app.add_exception_handler(Exception, _crashed)


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` of a route: the error statuses it can answer, in the problem shape."""
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in sorted(statuses)
    }
