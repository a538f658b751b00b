"""Limits on what a request may carry.

- **Body size**: :class:`BodyLimit` refuses a body over the route's limit with 413 without
  reading it whole: at once when ``Content-Length`` says so, else as soon as the streamed
  bytes pass it. The default, :data:`DEFAULT_MAX_BODY_BYTES`, fits JSON commands; a route
  that needs more (a CSV import) says so with ``max_body_size=`` (FastAPI's own limit
  answers in plain text, so the edge keeps the limit itself and answers a problem).
- **JSON text**: a JSON body must be UTF-8 (400), sent as JSON (415), not nested deeper than
  :data:`MAX_DEPTH` (400), and its strings must be valid Unicode without NUL (422): an
  unpaired surrogate or a NUL byte cannot be stored by every database, nor echoed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conum_runtime.http.problems import ProblemError, problem_response

DEFAULT_MAX_BODY_BYTES = 64 * 1024
MAX_DEPTH = 32
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class BodyTooLarge(ProblemError):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "body_too_large", f"the body is larger than {limit} bytes")


RouteLimit = tuple[frozenset[str], re.Pattern[str], int]
"""(methods, path pattern, limit in bytes) of a route that declares its own limit."""


class BodyLimit:
    """ASGI middleware refusing bodies over the limit of the route they are sent to."""

    def __init__(
        self, app: ASGIApp, limits: Iterable[RouteLimit], default: int = DEFAULT_MAX_BODY_BYTES
    ) -> None:
        self.app = app
        self._limits = list(limits)
        self._default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope["method"], scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            refusal = BodyTooLarge(limit)
            answer = problem_response(413, refusal.code, refusal.detail, instance=scope["path"])
            await answer(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)

    def _limit_for(self, method: str, path: str) -> int:
        for methods, pattern, limit in self._limits:
            if method in methods and pattern.match(path):
                return limit
        return self._default


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


async def check_json_body(request: Request) -> None:
    """Refuse a JSON body that is not UTF-8 JSON text storable everywhere (see module)."""
    body = await request.body()
    if not body:
        return
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise ProblemError(415, "unsupported_media_type", "send application/json")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProblemError(400, "malformed_body", "the body is not UTF-8") from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise ProblemError(400, "malformed_body", "the body is nested too deeply") from None
    except ValueError:
        raise ProblemError(400, "malformed_body", "the body is not valid JSON") from None
    errors = [
        {"loc": ("body", *path), "msg": problem, "type": "invalid_text"}
        for path, problem in _text_problems(value)
    ]
    if errors:
        raise RequestValidationError(errors)


def _text_problems(value: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), value)]
    while stack:
        path, node = stack.pop()
        if len(path) > MAX_DEPTH:
            raise ProblemError(400, "malformed_body", "the body is nested too deeply")
        if isinstance(node, str):
            if _UNSTORABLE.search(node):
                yield path, "text must be valid Unicode without NUL characters"
        elif isinstance(node, dict):
            for key, item in node.items():
                if _UNSTORABLE.search(key):
                    yield (*path, "<key>"), "keys must be valid Unicode without NUL characters"
                else:
                    stack.append(((*path, key), item))
        elif isinstance(node, list):
            stack.extend(((*path, index), item) for index, item in enumerate(node))
