"""The authorization server, built on Authlib: the authorization-code grant with PKCE (S256,
required of every client), OpenID Connect ID tokens, and JWT access tokens (RFC 9068) that
carry the claims the services read (decision 0023).

Codes live in memory for :data:`CODE_LIFETIME` seconds and are taken on first use: a code
presented twice, or too late, is refused (``invalid_grant``).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from authlib.oauth2 import AuthorizationServer, OAuth2Request
from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6749.requests import OAuth2Payload
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from authlib.oidc.core import OpenIDCode
from authlib.oidc.rpinitiated import EndSessionEndpoint, EndSessionRequest

from conum_devtools.identity.keys import ALGORITHM, SigningKey
from conum_devtools.identity.records import (
    CLIENT_AUTH_METHODS,
    CODE_LIFETIME,
    SCOPES,
    Account,
    Client,
    Code,
    Codes,
    SignOns,
)
from conum_devtools.identity.users import DevUser


class S256Challenge(CodeChallenge):  # type: ignore[misc]
    """PKCE required of every client, with S256 only (``plain`` proves nothing)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]  # noqa: RUF012 (Authlib's attribute)
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError(
                "'code_challenge' is required (PKCE)", redirect_uri=redirect_uri
            )
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError(
                "'code_challenge_method' must be S256", redirect_uri=redirect_uri
            )
        super().validate_code_challenge(grant, redirect_uri)


class CodeGrant(AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = list(CLIENT_AUTH_METHODS)  # noqa: RUF012

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        server: Authority = self.server
        data = request.payload.data
        now = time.time()
        server.codes.add(
            Code(
                code=code,
                client_id=request.client.get_client_id(),
                redirect_uri=request.payload.redirect_uri,
                scope=request.client.get_allowed_scope(request.payload.scope),
                username=request.user.user.username,
                nonce=data.get("nonce"),
                code_challenge=data["code_challenge"],
                code_challenge_method=data["code_challenge_method"],
                auth_time=int(now),
                expires_at=now + server.codes.lifetime,
            )
        )

    def query_authorization_code(self, code: str, client: Client) -> Code | None:
        server: Authority = self.server
        return server.codes.take(code, client.get_client_id())

    def delete_authorization_code(self, authorization_code: Code) -> None:
        """Nothing left to do: :meth:`query_authorization_code` took the code."""

    def authenticate_user(self, authorization_code: Code) -> Account | None:
        server: Authority = self.server
        user = server.users.get(authorization_code.username)
        return Account(user) if user is not None else None

    def generate_authorization_code(self) -> str:
        return secrets.token_urlsafe(32)


def identity_claims(user: DevUser) -> dict[str, str]:
    """The claims that say who signs in and for which party (decision 0023)."""
    return {
        "conum_role": user.role,
        "conum_region": user.region,
        "conum_actor": user.actor,
        "preferred_username": user.username,
        "name": user.display_name,
    }


class IdTokens(OpenIDCode):  # type: ignore[misc]
    def __init__(self, issuer: str, key: SigningKey, lifetime: int) -> None:
        super().__init__(require_nonce=True)
        self.issuer, self.key, self.lifetime = issuer, key, lifetime

    def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
        return False  # a nonce is the client's; replays are caught by single-use codes

    def resolve_client_private_key(self, client: Client) -> Any:
        return self.key.private_set()

    def get_client_algorithm(self, client: Client) -> str:
        return ALGORITHM

    def get_client_claims(self, client: Client) -> dict[str, Any]:
        now = int(time.time())
        return {"iss": self.issuer, "aud": client.get_client_id(), "exp": now + self.lifetime}

    def get_encode_header(self, client: Client) -> dict[str, str]:
        return {"alg": ALGORITHM, "kid": self.key.kid}

    def generate_user_info(self, user: Account, scope: str) -> dict[str, str]:
        return {"sub": user.get_user_id(), **identity_claims(user.user)}


class AccessTokens(JWTBearerTokenGenerator):  # type: ignore[misc]
    """JWT access tokens for the services: ``aud`` is their audience, plus the CoNum claims."""

    def __init__(self, issuer: str, audience: str, key: SigningKey, lifetime: int) -> None:
        super().__init__(issuer, alg=ALGORITHM, expires_generator=lambda *_: lifetime)
        self.audience, self.key = audience, key

    def get_jwks(self) -> Any:
        return self.key.private_set()

    def get_audiences(self, client: Client, user: Account, scope: str) -> str:
        return self.audience

    def get_extra_claims(
        self, client: Client, grant_type: str, user: Account, scope: str
    ) -> dict[str, str]:
        return identity_claims(user.user)


class EndSession(EndSessionEndpoint):  # type: ignore[misc]
    """RP-initiated logout: ends the provider's session of the browser, then sends it back to
    a registered ``post_logout_redirect_uri`` when an ID token of ours names the client."""

    def get_server_jwks(self) -> Any:
        authority: Authority = self.server
        return authority.key.jwks()

    def get_algorithms(self) -> list[str]:
        return [ALGORITHM]

    def end_session(self, end_session_request: EndSessionRequest) -> None:
        authority: Authority = self.server
        authority.sign_ons.close(end_session_request.request.sign_on)


class Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, values: Sequence[tuple[str, str]]) -> None:
        self._data: dict[str, str] = {}
        self._datalist: dict[str, list[str]] = {}
        for name, value in values:
            self._data.setdefault(name, value)
            self._datalist.setdefault(name, []).append(value)

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> dict[str, list[str]]:
        return self._datalist


class ReadRequest(OAuth2Request):  # type: ignore[misc]
    """An HTTP request already read: its query and form values (repeated ones kept, so that
    Authlib can refuse them)."""

    def __init__(
        self,
        method: str,
        uri: str,
        headers: Mapping[str, str],
        query: Sequence[tuple[str, str]] = (),
        form: Sequence[tuple[str, str]] = (),
        sign_on: str | None = None,
    ) -> None:
        super().__init__(method, uri, headers=headers)
        self.sign_on = sign_on
        """The provider's session of the browser (its cookie), if any."""
        self._args = dict(query)
        self._form = dict(form)
        self.payload = Payload([*query, *form])

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


@dataclass(frozen=True)
class Answer:
    """What Authlib answers: a status, a body (JSON object or text) and headers."""

    status: int
    body: Any
    headers: list[tuple[str, str]]


class Authority(AuthorizationServer):  # type: ignore[misc]
    """Authlib's server, with our clients, users, codes and keys."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        key: SigningKey,
        clients: Mapping[str, Client],
        users: Mapping[str, DevUser],
        token_lifetime: int,
        code_lifetime: float = CODE_LIFETIME,
    ) -> None:
        super().__init__(scopes_supported=list(SCOPES))
        self.issuer, self.key = issuer, key
        self.clients = dict(clients)
        self.users = dict(users)
        self.codes = Codes(code_lifetime)
        self.sign_ons = SignOns(token_lifetime)
        self.register_token_generator(
            "default", AccessTokens(issuer, audience, key, token_lifetime)
        )
        self.register_grant(
            CodeGrant, [S256Challenge(required=True), IdTokens(issuer, key, token_lifetime)]
        )
        self.register_endpoint(EndSession)

    def query_client(self, client_id: str) -> Client | None:
        return self.clients.get(client_id)

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        """Nothing to keep: access tokens are self-contained JWTs."""

    def create_oauth2_request(self, request: ReadRequest) -> ReadRequest:
        return request

    def handle_response(self, status: int, body: Any, headers: list[tuple[str, str]]) -> Answer:
        return Answer(status, body, list(headers))

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No listeners."""
