"""Signing in and out, and the pages outside the spaces (home, accessibility).

``/connexion`` starts the authorization-code flow (PKCE, state, nonce kept in a short session),
``/connexion/retour`` finishes it and opens the person's session (a new id), ``/deconnexion``
(POST, with the CSRF token) ends it here and at the provider.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from conum_web.oidc import SignInFailed, expiry
from conum_web.sessions import COOKIE, Session
from conum_web.visits import render, session_of, web_of

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
SIGN_IN_WINDOW = 600
"""Seconds the provider's sign-in form may take before the flow must restart."""


def safe_return(target: str | None) -> str:
    """A path of this application only (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def with_cookie(response: Response, request: Request, session: Session) -> Response:
    web = web_of(request)
    response.set_cookie(
        COOKIE,
        web.sessions.cookie_value(session),
        httponly=True,
        samesite="lax",
        secure=web.settings.cookie_secure,
        path="/",
    )
    return response


def failed(request: Request, reason: str, status: int = 400) -> HTMLResponse:
    return render(
        request, "signin_failed.html", status, page_title="Connexion impossible", reason=reason
    )


@router.get("/connexion")
async def sign_in(request: Request, retour: str | None = None) -> Response:
    web = web_of(request)
    current = session_of(request)
    if current is not None and current.signed_in:
        return RedirectResponse(safe_return(retour), status_code=303)
    pending = web.relying_party.begin(safe_return(retour))
    try:
        target = await web.relying_party.authorization_url(pending)
    except SignInFailed as error:
        return failed(request, error.reason, 503)
    session = web.sessions.open(lifetime=SIGN_IN_WINDOW)
    session.pending = pending
    return with_cookie(RedirectResponse(target, status_code=303), request, session)


@router.get("/connexion/retour")
async def signed_in(
    request: Request,
    code: str | None = None,
    state: str | None = None,
    error: str | None = None,
) -> Response:
    web = web_of(request)
    session = session_of(request)
    pending = session.pending if session is not None else None
    if session is None or pending is None or state is None or state != pending.state:
        return failed(request, "cette connexion a expiré ou ne vient pas d'ici : recommencez")
    if error or not code:
        return failed(request, f"le fournisseur d'identité n'a pas autorisé la connexion ({error})")
    try:
        done = await web.relying_party.finish(pending, code)
    except SignInFailed as refused:
        return failed(request, refused.reason)
    web.sessions.close(session)  # a new id once signed in: no fixation
    opened = web.sessions.open()
    opened.expires_at = expiry(done.expires_in, web.settings.session_lifetime)
    opened.person = done.person
    opened.access_token, opened.id_token = done.access_token, done.id_token
    log.info("signed in: subject %s, role %s", done.person.subject, done.person.role)
    space = web.space_of(done.person)
    target = pending.return_to if pending.return_to != "/" else (space.home if space else "/")
    return with_cookie(RedirectResponse(target, status_code=303), request, opened)


@router.post("/deconnexion")
async def sign_out(request: Request) -> Response:
    web = web_of(request)
    session = session_of(request)
    form = await request.form()
    if session is None or form.get("csrf") != session.csrf:
        return RedirectResponse("/", status_code=303)
    target = "/"
    if session.id_token:
        try:
            target = await web.relying_party.logout_url(session.id_token) or "/"
        except SignInFailed:
            target = "/"
    web.sessions.close(session)
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/")
async def home(request: Request) -> Response:
    session = session_of(request)
    if session is not None and session.signed_in and session.person is not None:
        space = web_of(request).space_of(session.person)
        if space is not None:
            return RedirectResponse(space.home, status_code=303)
        return render(request, "no_space.html", page_title="Aucun espace")
    return render(request, "home.html", page_title="Accueil")


@router.get("/accessibilite")
async def accessibility(request: Request) -> Response:
    return render(request, "accessibility.html", page_title="Accessibilité")


@router.get("/health/ready")
async def ready() -> Response:
    """Serving (the launcher waits for this)."""
    return Response("prêt", media_type="text/plain; charset=utf-8")
