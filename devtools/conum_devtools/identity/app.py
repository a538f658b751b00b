"""The provider's HTTP side (Starlette): discovery, keys, the authorization endpoint and its
sign-in form, the token endpoint, RP-initiated logout.

``GET /authorize`` checks the request (client, redirect URI, PKCE, nonce) before anything is
shown; a browser already signed in at the provider (its cookie) goes straight back with a code,
others get the form. ``POST /authorize`` checks the password, opens the provider's session and
redirects with the code. Errors that cannot go back to the client are shown as a page.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from authlib.oauth2 import OAuth2Error
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from conum_devtools.identity import pages
from conum_devtools.identity.authority import Answer, Authority, ReadRequest
from conum_devtools.identity.keys import ALGORITHM, SigningKey
from conum_devtools.identity.records import (
    CLIENT_AUTH_METHODS,
    CODE_LIFETIME,
    SCOPES,
    Account,
    Client,
)
from conum_devtools.identity.users import StoredUser, password_matches

log = logging.getLogger(__name__)

COOKIE = "conum_idp_session"
CREDENTIALS = ("username", "password")
CLAIMS = ("sub", "name", "preferred_username", "conum_role", "conum_region", "conum_actor")


@dataclass(frozen=True)
class ProviderConfig:
    issuer: str
    audience: str
    key: SigningKey
    clients: Mapping[str, Client]
    users: Mapping[str, StoredUser]
    token_lifetime: int = 3600
    code_lifetime: float = CODE_LIFETIME


def discovery(issuer: str) -> dict[str, Any]:
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "jwks_uri": f"{issuer}/jwks",
        "end_session_endpoint": f"{issuer}/logout",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [ALGORITHM],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": list(CLIENT_AUTH_METHODS),
        "scopes_supported": list(SCOPES),
        "claims_supported": list(CLAIMS),
        "ui_locales_supported": ["fr-FR"],
    }


def create_provider(config: ProviderConfig) -> Starlette:
    authority = Authority(
        issuer=config.issuer,
        audience=config.audience,
        key=config.key,
        clients=config.clients,
        users={name: stored.user for name, stored in config.users.items()},
        token_lifetime=config.token_lifetime,
        code_lifetime=config.code_lifetime,
    )

    def answer(result: Answer, *, sign_on: str | None = None) -> Response:
        if isinstance(result.body, dict):
            response: Response = JSONResponse(result.body, result.status)
        else:
            response = Response(result.body or "", result.status)
        for name, value in result.headers:
            if name.lower() != "content-type":
                response.headers[name] = value
        if sign_on is not None:
            response.set_cookie(
                COOKIE, sign_on, max_age=config.token_lifetime, httponly=True, samesite="lax"
            )
        return response

    def page(html: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(html, status, headers=pages.HEADERS)

    def refused(error: OAuth2Error, request: ReadRequest) -> Response:
        """Back to the client when its redirect URI is known and checked, else a page."""
        if error.redirect_uri:
            return answer(authority.handle_error_response(request, error))
        detail = f"{error.error} : {error.description or ''}".strip(" :")
        return page(pages.message_page("Demande d'autorisation refusée", detail), 400)

    async def read(request: Request) -> ReadRequest:
        form = list((await request.form()).multi_items()) if request.method == "POST" else []
        return ReadRequest(
            request.method,
            str(request.url),
            request.headers,
            list(request.query_params.multi_items()),
            [(k, v) for k, v in form if isinstance(v, str) and k not in CREDENTIALS],
            sign_on=request.cookies.get(COOKIE),
        )

    async def authorize(request: Request) -> Response:
        oauth = await read(request)
        try:
            grant = authority.get_consent_grant(oauth)
        except OAuth2Error as error:
            return refused(error, oauth)
        hidden = [*oauth.args.items(), *oauth.form.items()]
        if request.method == "GET":
            username = authority.sign_ons.username(oauth.sign_on)
            if username in authority.users and oauth.payload.data.get("prompt") != "login":
                account = Account(authority.users[username])
                return answer(authority.create_authorization_response(oauth, account, grant))
            return page(pages.sign_in_page("/authorize", hidden))
        form = await request.form()
        username, password = str(form.get("username", "")), str(form.get("password", ""))
        stored = config.users.get(username)
        if stored is None or not await run_in_threadpool(
            password_matches, password, stored.password_hash
        ):
            wrong = "Identifiant ou mot de passe incorrect."
            return page(pages.sign_in_page("/authorize", hidden, username, wrong), 401)
        sign_on = authority.sign_ons.open(username)
        log.info("signed in: %s", stored.user.subject)
        result = authority.create_authorization_response(oauth, Account(stored.user), grant)
        return answer(result, sign_on=sign_on)

    async def token(request: Request) -> Response:
        return answer(authority.create_token_response(await read(request)))

    async def logout(request: Request) -> Response:
        oauth = await read(request)
        try:
            ending = authority.validate_endpoint_request("end_session", oauth)
        except OAuth2Error as error:
            return refused(error, oauth)
        if ending.needs_confirmation and request.method == "GET":
            hidden = [*oauth.args.items()]
            return page(pages.confirm_sign_out_page("/logout", hidden))
        result = authority.create_endpoint_response("end_session", ending)
        response = (
            answer(result)
            if result is not None
            else page(pages.message_page("Déconnecté", "Vous êtes déconnecté."))
        )
        response.delete_cookie(COOKIE)
        return response

    async def configuration(_request: Request) -> JSONResponse:
        return JSONResponse(discovery(config.issuer))

    async def jwks(_request: Request) -> JSONResponse:
        return JSONResponse(config.key.jwks())

    async def style(_request: Request) -> Response:
        return Response(pages.STYLE, media_type="text/css", headers=pages.HEADERS)

    return Starlette(
        routes=[
            Route("/.well-known/openid-configuration", configuration),
            Route("/jwks", jwks),
            Route("/authorize", authorize, methods=["GET", "POST"]),
            Route("/token", token, methods=["POST"]),
            Route("/logout", logout, methods=["GET", "POST"]),
            Route("/style.css", style),
        ]
    )
