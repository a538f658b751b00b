"""The journey's parties (their development tokens) and how it waits and checks answers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

STRUCTURE = {"Authorization": "Bearer dev-structure-naq"}
ORGANISATION = {"Authorization": "Bearer dev-la-fabrik-naq"}
CERTIFIER = {"Authorization": "Bearer dev-certifier-naq"}  # Afpa, in Nouvelle-Aquitaine
PIX = {"Authorization": "Bearer dev-pix-naq"}  # Pix sees every conseiller of its region
HUB = {"Authorization": "Bearer dev-hub-naq"}  # Hubikoop, the hub of Nouvelle-Aquitaine
NATIONAL = {"Authorization": "Bearer dev-national-coordinator"}  # La Mednum
EXAM_AFTER_WEEKS = 12  # after any 2024 start (the Monday after the path is assigned)


async def wait_for(
    what: str, probe: Callable[[], Awaitable[dict[str, Any] | None]], timeout: float = 60.0
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        found = await probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)


async def get_json_when(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    ready: Callable[[dict[str, Any]], bool],
) -> dict[str, Any] | None:
    answer = await client.get(url, headers=headers)
    if answer.status_code != 200:
        return None
    body: dict[str, Any] = answer.json()
    return body if ready(body) else None


def expect(answer: httpx.Response, status: int = 201) -> dict[str, Any]:
    if answer.status_code != status:
        raise RuntimeError(
            f"{answer.request.method} {answer.request.url.path}: {answer.status_code} {answer.text}"
        )
    body: dict[str, Any] = answer.json()
    return body
