"""The services' HTTP APIs, called with the signed-in person's access token.

Every refusal comes back as a :class:`ServiceProblem` (the service's problem details: status,
code, detail, fields), which the pages show in French (:mod:`conum_web.problems`). A 401 means
the person's token no longer opens the service: :class:`SignInAgain`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from conum_web.settings import WebSettings


@dataclass
class ServiceProblem(Exception):
    """What a service refused, as its problem details say (RFC 9457)."""

    status: int
    code: str
    detail: str = ""
    errors: list[dict[str, str]] = field(default_factory=list)
    service: str = ""

    def __str__(self) -> str:
        return f"{self.service}: {self.status} {self.code}"

    @classmethod
    def of(cls, answer: httpx.Response, service: str) -> ServiceProblem:
        try:
            body = answer.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        errors = [e for e in body.get("errors") or [] if isinstance(e, dict)]
        return cls(
            status=answer.status_code,
            code=str(body.get("code") or f"http_{answer.status_code}"),
            detail=str(body.get("detail") or ""),
            errors=errors,
            service=service,
        )


class SignInAgain(Exception):
    """The service refused the person's token (expired, or no longer valid)."""


@dataclass(frozen=True)
class Api:
    """The services as one person calls them: their token, their region's hub instance."""

    http: httpx.AsyncClient
    settings: WebSettings
    token: str
    region: str

    def url_of(self, service: str) -> str:
        settings = self.settings
        match service:
            case "enrolment":
                return settings.enrolment_url
            case "positioning":
                return settings.positioning_url
            case "certification":
                return settings.certification_url
            case "catalogue":
                return settings.catalogue_url
            case "national":
                return settings.national_url
            case "hub":
                if self.region not in settings.hubs:
                    raise ServiceProblem(404, "no_hub_instance", service="hub")
                return settings.hubs[self.region]
        raise ValueError(f"no service named {service!r}")

    @property
    def has_hub(self) -> bool:
        return self.region in self.settings.hubs

    async def request(
        self,
        method: str,
        service: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
        content_type: str | None = None,
    ) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if content_type:
            headers["Content-Type"] = content_type
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        try:
            answer = await self.http.request(
                method,
                f"{self.url_of(service)}{path}",
                params=clean,
                json=json,
                content=content,
                headers=headers,
                timeout=self.settings.service_timeout,
            )
        except httpx.HTTPError as error:
            raise ServiceProblem(503, "service_unreachable", str(error), service=service) from error
        if answer.status_code == 401:
            raise SignInAgain(service)
        if answer.status_code >= 400:
            raise ServiceProblem.of(answer, service)
        return answer.json() if answer.content else None

    async def get(self, service: str, path: str, **params: Any) -> Any:
        return await self.request("GET", service, path, params=params)

    async def found(self, service: str, path: str, **params: Any) -> Any | None:
        """The resource, or None when the service does not know it (or not for this person)."""
        try:
            return await self.get(service, path, **params)
        except ServiceProblem as problem:
            if problem.status == 404:
                return None
            raise

    async def post(self, service: str, path: str, body: Any = None) -> Any:
        return await self.request("POST", service, path, json=body)

    async def put(self, service: str, path: str, body: Any = None) -> Any:
        return await self.request("PUT", service, path, json=body)

    async def every(
        self, service: str, path: str, *, most: int = 1000, **params: Any
    ) -> list[dict[str, Any]]:
        """The items of a paged list (``items``, ``next_cursor``), up to ``most``."""
        items: list[dict[str, Any]] = []
        cursor: str | None = None
        while len(items) < most:
            page = await self.get(service, path, **params, cursor=cursor, limit=200)
            items += page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                break
        return items[:most]
