"""One visit to a page: the application's parts, the person's session, the services as this
person calls them, and how a page answers (a rendered template, a redirect with a notice).

A space's routes take a :class:`Visit` from :func:`visitor` (``Depends(visitor(space))``): a
visitor not signed in is sent to sign in and brought back; a person of another space gets a
403 page; a POST whose CSRF token does not match the session's is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from conum_web.oidc import RelyingParty
from conum_web.services import Api
from conum_web.sessions import COOKIE, Person, Session, SessionStore
from conum_web.settings import WebSettings

if TYPE_CHECKING:
    from conum_web.space import Space


@dataclass
class Web:
    """The application's parts, made once (``app.state.web``)."""

    settings: WebSettings
    sessions: SessionStore
    http: httpx.AsyncClient
    relying_party: RelyingParty
    templates: Jinja2Templates
    spaces: tuple[Space, ...]

    def space_of(self, person: Person) -> Space | None:
        return next((space for space in self.spaces if space.serves(person)), None)


def web_of(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


def session_of(request: Request) -> Session | None:
    return web_of(request).sessions.find(request.cookies.get(COOKIE))


class NeedsSignIn(Exception):
    def __init__(self, return_to: str) -> None:
        super().__init__(return_to)
        self.return_to = return_to


class NotYourSpace(Exception):
    """The person is signed in, but this space is another party's."""


class FormExpired(Exception):
    """A POST whose CSRF token is not the session's."""


@dataclass
class Visit:
    request: Request
    web: Web
    session: Session
    person: Person
    space: Space

    @property
    def api(self) -> Api:
        return Api(self.web.http, self.web.settings, self.session.access_token, self.person.region)

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return render(self.request, template, status, visit=self, **context)

    def redirect(self, url: str, notice: tuple[str, str] | None = None) -> RedirectResponse:
        """Back to a page (303: the browser GETs it), with a success notice to show there."""
        if notice is not None:
            self.session.notify("success", *notice)
        return RedirectResponse(url, status_code=303)

    async def form(self) -> FormData:
        form = await self.request.form()
        if form.get("csrf") != self.session.csrf:
            raise FormExpired()
        return form


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    web = web_of(request)
    visit: Visit | None = context.get("visit")
    session = visit.session if visit is not None else session_of(request)
    person = session.person if session is not None and session.signed_in else None
    space = visit.space if visit is not None else (web.space_of(person) if person else None)
    values: Mapping[str, Any] = {
        "person": person,
        "space": space,
        "csrf": session.csrf if session is not None else "",
        "notices": session.take_notices() if session is not None else [],
        "path": request.url.path,
        **context,
    }
    return web.templates.TemplateResponse(request, template, dict(values), status_code=status)


def visitor(space: Space) -> Callable[[Request], Coroutine[Any, Any, Visit]]:
    """The dependency of a space's routes."""

    async def visit(request: Request) -> Visit:
        session = session_of(request)
        if session is None or not session.signed_in or session.person is None:
            target = request.url.path
            if request.url.query:
                target += f"?{request.url.query}"
            raise NeedsSignIn(target if request.method == "GET" else space.home)
        if not space.serves(session.person):
            raise NotYourSpace()
        return Visit(request, web_of(request), session, session.person, space)

    return visit


def sign_in_url(return_to: str) -> str:
    return f"/connexion?retour={quote(return_to, safe='')}"
