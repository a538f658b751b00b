"""The web application: the spaces' routes, sign-in, the design system's files, and what every
answer carries (security headers; a refusal as a French page).

It imports no service: it calls their HTTP APIs (``conum_web.services``) with the person's
access token, like any other client.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from conum_web import labels
from conum_web.auth import router as auth_router
from conum_web.forms import Values
from conum_web.oidc import RelyingParty
from conum_web.problems import explain
from conum_web.services import ServiceProblem, SignInAgain
from conum_web.sessions import SessionStore
from conum_web.settings import PACKAGE, WebSettings
from conum_web.spaces import ROUTERS, SPACES
from conum_web.visits import (
    FormExpired,
    NeedsSignIn,
    NotYourSpace,
    Web,
    render,
    session_of,
    sign_in_url,
)


class AssetsMissing(RuntimeError):
    """The design system's files are not installed (``npm ci`` in ``web/``)."""


def templates() -> Jinja2Templates:
    found = Jinja2Templates(directory=str(PACKAGE / "templates"))
    env = found.env
    env.globals.update(
        label=labels.label,
        choices=labels.choices,
        region_name=labels.region_name,
        department_name=labels.department_name,
        department_choices=labels.department_choices,
        no_values=Values(),
    )
    return found


def security_headers(settings: WebSettings) -> dict[str, str]:
    issuer = urlsplit(settings.oidc_issuer)
    provider = f"{issuer.scheme}://{issuer.netloc}" if issuer.netloc else ""
    return {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
            f"base-uri 'none'; frame-ancestors 'none'; form-action 'self' {provider}"
        ).strip(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }


def create_app(settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    dsfr = settings.assets_dir / "@gouvfr" / "dsfr" / "dist"
    charts = settings.assets_dir / "@gouvfr" / "dsfr-chart" / "dist"
    for needed in (dsfr, charts):
        if not needed.is_dir():
            raise AssetsMissing(f"{needed} is missing: run `npm ci` in web/ (./conum does)")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=settings.service_timeout) as http:
            app.state.web = Web(
                settings=settings,
                sessions=SessionStore(lifetime=settings.session_lifetime),
                http=http,
                relying_party=RelyingParty(settings, http),
                templates=templates(),
                spaces=SPACES,
            )
            yield

    app = FastAPI(
        title="CoNum — application web",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.mount("/static/dsfr", StaticFiles(directory=dsfr), name="dsfr")
    app.mount("/static/dsfr-chart", StaticFiles(directory=charts), name="dsfr-chart")
    app.mount("/static/conum", StaticFiles(directory=PACKAGE / "static"), name="conum")
    app.include_router(auth_router)
    for router in ROUTERS:
        app.include_router(router)
    headers = security_headers(settings)

    @app.middleware("http")
    async def secure(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(NeedsSignIn)
    async def needs_sign_in(request: Request, error: NeedsSignIn) -> Response:
        return RedirectResponse(sign_in_url(error.return_to), status_code=303)

    @app.exception_handler(SignInAgain)
    async def sign_in_again(request: Request, error: SignInAgain) -> Response:
        session = session_of(request)
        if session is not None:
            request.app.state.web.sessions.close(session)
        target = request.url.path if request.method == "GET" else "/"
        return RedirectResponse(sign_in_url(target), status_code=303)

    @app.exception_handler(NotYourSpace)
    async def not_your_space(request: Request, error: NotYourSpace) -> Response:
        message = "Cette page appartient à l'espace d'un autre acteur : votre rôle n'y a pas accès."
        return render(request, "error.html", 403, page_title="Accès refusé", message=message)

    @app.exception_handler(FormExpired)
    async def form_expired(request: Request, error: FormExpired) -> Response:
        message = "Le formulaire a expiré : rechargez la page et recommencez."
        return render(request, "error.html", 403, page_title="Formulaire expiré", message=message)

    @app.exception_handler(RequestValidationError)
    async def invalid_address(request: Request, error: RequestValidationError) -> Response:
        message = (
            "Cette adresse ne désigne rien ici (un identifiant ou une valeur n'est pas valide)."
        )
        return render(request, "error.html", 404, page_title="Page introuvable", message=message)

    @app.exception_handler(404)
    async def not_found(request: Request, error: Exception) -> Response:
        message = "Cette page n'existe pas."
        return render(request, "error.html", 404, page_title="Page introuvable", message=message)

    @app.exception_handler(ServiceProblem)
    async def service_problem(request: Request, problem: ServiceProblem) -> Response:
        explained = explain(problem)
        return render(
            request, "error.html", problem.status, page_title=explained.title, explained=explained
        )

    return app
