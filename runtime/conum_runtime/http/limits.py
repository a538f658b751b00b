"""Limits on what a request may carry.

- **Body size**: FastAPI's body limit refuses a body over the route's limit with 413 without
  reading it whole (at once when ``Content-Length`` says so, else as soon as the streamed
  bytes pass it). The application's default, :data:`DEFAULT_MAX_BODY_BYTES`, fits JSON
  commands; a route that needs more (a CSV import) sets its own ``max_body_size``.
- **JSON text**: a JSON body must be UTF-8 (400), sent as JSON (415), not nested deeper than
  :data:`MAX_DEPTH` (400), and its strings must be valid Unicode without NUL (422): an
  unpaired surrogate or a NUL byte cannot be stored by every database, nor echoed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from conum_runtime.http.problems import ProblemError

DEFAULT_MAX_BODY_BYTES = 64 * 1024
MAX_DEPTH = 32
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


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
