"""What the provider keeps: its registered clients, the signed-in account, the authorization
codes not exchanged yet (taken on first use), and who is signed in at the provider."""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from authlib.oauth2.rfc6749 import ClientMixin
from authlib.oidc.core import AuthorizationCodeMixin

from conum_devtools.identity.users import DevUser

CODE_LIFETIME = 60.0
"""Seconds an authorization code can be exchanged (RFC 6749 recommends at most ten minutes)."""
SCOPES = ("openid", "profile")
CLIENT_AUTH_METHODS = ("client_secret_basic", "client_secret_post")


@dataclass(frozen=True)
class Client(ClientMixin):  # type: ignore[misc]
    """A registered relying party: a confidential client with its redirect URIs."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...] = ()

    def get_client_id(self) -> str:
        return self.client_id

    @property
    def client_metadata(self) -> dict[str, list[str]]:
        return {"post_logout_redirect_uris": list(self.post_logout_redirect_uris)}

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in (scope or "").split() if s in SCOPES)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(client_secret.encode(), self.client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in CLIENT_AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"

    @classmethod
    def of_entry(cls, entry: Mapping[str, Any]) -> Client:
        return cls(
            entry["client_id"],
            entry["client_secret"],
            tuple(entry["redirect_uris"]),
            tuple(entry.get("post_logout_redirect_uris", ())),
        )


@dataclass(frozen=True)
class Account:
    """A signed-in user as Authlib sees it (``get_user_id`` is the token's ``sub``)."""

    user: DevUser

    def get_user_id(self) -> str:
        return self.user.subject


@dataclass(frozen=True)
class Code(AuthorizationCodeMixin):  # type: ignore[misc]
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    username: str
    nonce: str | None
    code_challenge: str
    code_challenge_method: str
    auth_time: int
    expires_at: float

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def is_expired(self) -> bool:
        return time.time() >= self.expires_at


@dataclass
class Codes:
    """Authorization codes not exchanged yet."""

    lifetime: float = CODE_LIFETIME
    pending: dict[str, Code] = field(default_factory=dict)

    def add(self, code: Code) -> None:
        now = time.time()
        for stale in [c for c, found in self.pending.items() if found.expires_at <= now]:
            del self.pending[stale]
        self.pending[code.code] = code

    def take(self, code: str, client_id: str) -> Code | None:
        """The code, removed: a second exchange finds nothing; a late one is refused."""
        found = self.pending.pop(code, None)
        if found is None or found.client_id != client_id or found.is_expired():
            return None
        return found


@dataclass
class SignOns:
    """Who is signed in at the provider (its own session, behind a cookie): a second
    authorization request of the same browser needs no password until it ends."""

    lifetime: float
    live: dict[str, tuple[str, float]] = field(default_factory=dict)

    def open(self, username: str) -> str:
        session = secrets.token_urlsafe(32)
        self.live[session] = (username, time.time() + self.lifetime)
        return session

    def username(self, session: str | None) -> str | None:
        found = self.live.get(session or "")
        if found is None or found[1] <= time.time():
            return None
        return found[0]

    def close(self, session: str | None) -> None:
        self.live.pop(session or "", None)
