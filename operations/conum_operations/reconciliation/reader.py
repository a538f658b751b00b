"""Reading the services' stores from outside, over HTTP: each service's listing of what it
holds of every conseiller, in the order of their ids, a page at a time (decision 0036), and
each service's outbox backlog. A national coordinator's or an operator's token sees every
region.

Nothing here keeps or prints personal data: the listings hold ids, codes and days only.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

LISTING = "/reconciliation/conseillers"
"""Where every service answers its listing in key order (``cursor``, ``until``, ``limit``)."""
PAGE = 2000
"""Items asked per page (a service answers at most 5,000)."""


@dataclass(frozen=True)
class Services:
    """Where the services answer, and the token the reader shows them."""

    enrolment: str
    positioning: str
    certification: str
    token: str
    national: str | None = None
    """The national view, compared too when given."""

    @property
    def urls(self) -> dict[str, str]:
        urls = {
            "enrolment": self.enrolment,
            "positioning": self.positioning,
            "certification": self.certification,
        }
        if self.national is not None:
            urls["national"] = self.national
        return urls


@dataclass(frozen=True)
class KeyRange:
    """Conseiller ids after ``after`` (exclusive), up to ``until`` (inclusive); ``None``: no
    bound."""

    after: str | None = None
    until: str | None = None


class NetworkReader:
    """The services' listings and outbox backlogs over HTTP."""

    def __init__(
        self,
        services: Services,
        *,
        timeout: float = 60.0,
        page: int = PAGE,
        transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    ) -> None:
        """``transports``: per service, another way to reach it (tests reach applications
        in-process)."""
        self.services = services
        self.page = page
        headers = {"Authorization": f"Bearer {services.token}"}
        self._clients = {
            name: httpx.AsyncClient(
                base_url=url,
                headers=headers,
                timeout=timeout,
                transport=(transports or {}).get(name),
                # idle connections dropped before a server's keep-alive (5 s) closes them
                limits=httpx.Limits(keepalive_expiry=2),
            )
            for name, url in services.urls.items()
        }

    async def __aenter__(self) -> NetworkReader:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        for client in self._clients.values():
            await client.aclose()

    @property
    def compared(self) -> tuple[str, ...]:
        """The services read: enrolment, positioning, certification, and the national view
        when given."""
        return tuple(self._clients)

    @property
    def compares_national(self) -> bool:
        return "national" in self._clients

    async def listing(
        self, service: str, keys: KeyRange = KeyRange()
    ) -> AsyncIterator[dict[str, Any]]:
        """What ``service`` holds of each conseiller in ``keys``, in the order of their ids;
        the next page is asked for while this one is read."""
        params: dict[str, str | int] = {"limit": self.page}
        if keys.until is not None:
            params["until"] = keys.until
        following: asyncio.Task[dict[str, Any]] | None = self._page(service, params, keys.after)
        try:
            while following is not None:
                page = await following
                cursor = page.get("next_cursor")
                following = self._page(service, params, cursor) if cursor else None
                for item in page["items"]:
                    yield item
        finally:
            if following is not None:
                following.cancel()

    def _page(
        self, service: str, params: dict[str, str | int], cursor: str | None
    ) -> asyncio.Task[dict[str, Any]]:
        after = {"cursor": cursor} if cursor is not None else {}
        return asyncio.ensure_future(self._get(service, LISTING, params | after))

    async def outbox_backlogs(self) -> dict[str, int]:
        """Rows each service has not published yet (``/operations/status``)."""
        backlogs = {}
        for name in self._clients:
            if name == "national":  # it publishes nothing
                continue
            status = await self._get(name, "/operations/status", {})
            backlogs[name] = int(status["outbox_backlog"])
        return backlogs

    async def _get(self, service: str, path: str, params: Mapping[str, Any]) -> dict[str, Any]:
        client = self._clients[service]
        try:
            answer = await client.get(path, params=dict(params))
        except httpx.TransportError:  # a reused connection the server closed: once more
            answer = await client.get(path, params=dict(params))
        answer.raise_for_status()
        found: dict[str, Any] = answer.json()
        return found
