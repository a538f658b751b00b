"""HTTP edge helpers: refusals of the rules become 4xx answers with a reason."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse


def install_refusal_handler(
    app: FastAPI,
    refusal: type[Exception],
    statuses: Mapping[type[Exception], int],
    default: int = status.HTTP_422_UNPROCESSABLE_CONTENT,
) -> None:
    """Answer ``refusal`` (and subclasses) as ``{"error": code, "detail": message}``.

    A refusal class carries a stable ``code`` attribute; ``statuses`` maps classes to HTTP
    statuses (the closest class in the hierarchy wins), ``default`` otherwise.
    """

    async def refused(_request: Request, error: Exception) -> JSONResponse:
        http_status = next(
            (statuses[kind] for kind in type(error).__mro__ if kind in statuses), default
        )
        code = getattr(error, "code", "refused")
        return JSONResponse({"error": code, "detail": str(error)}, status_code=http_status)

    app.add_exception_handler(refusal, refused)
