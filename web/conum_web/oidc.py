"""The application as an OpenID Connect relying party (a confidential client): the
authorization-code flow with PKCE (S256), the ID token checked (signature by the issuer's key,
issuer, audience, expiry, nonce), RP-initiated logout.

The access token is not read here: it is handed to the services, which verify it themselves
(decision 0023). Who the person is and which space they get comes from the ID token's claims.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

from conum_web.sessions import PendingSignIn, Person
from conum_web.settings import WebSettings

ALGORITHMS = ["RS256", "ES256", "PS256"]


class SignInFailed(Exception):
    """The sign-in could not complete; ``reason`` is said to the person (in French)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Metadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str = ""


@dataclass(frozen=True)
class SignedIn:
    person: Person
    access_token: str
    id_token: str
    expires_in: int


def challenge_of(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class RelyingParty:
    def __init__(self, settings: WebSettings, http: httpx.AsyncClient) -> None:
        self.settings = settings
        self.http = http
        self._metadata: Metadata | None = None
        self._keys: dict[str, jwt.PyJWK] = {}

    async def metadata(self) -> Metadata:
        if self._metadata is None:
            url = f"{self.settings.oidc_issuer.rstrip('/')}/.well-known/openid-configuration"
            document = await self._get_json(url)
            try:
                self._metadata = Metadata(
                    issuer=document["issuer"],
                    authorization_endpoint=document["authorization_endpoint"],
                    token_endpoint=document["token_endpoint"],
                    jwks_uri=document["jwks_uri"],
                    end_session_endpoint=document.get("end_session_endpoint", ""),
                )
            except (KeyError, TypeError) as error:
                raise SignInFailed(
                    "le fournisseur d'identité publie un document incomplet"
                ) from error
        return self._metadata

    def begin(self, return_to: str) -> PendingSignIn:
        return PendingSignIn(
            state=secrets.token_urlsafe(24),
            nonce=secrets.token_urlsafe(24),
            verifier=secrets.token_urlsafe(64),
            return_to=return_to,
        )

    async def authorization_url(self, pending: PendingSignIn) -> str:
        metadata = await self.metadata()
        query = {
            "response_type": "code",
            "client_id": self.settings.oidc_client_id,
            "redirect_uri": self.settings.redirect_uri,
            "scope": self.settings.oidc_scopes,
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": challenge_of(pending.verifier),
            "code_challenge_method": "S256",
            "ui_locales": "fr-FR",
        }
        return f"{metadata.authorization_endpoint}?{urlencode(query)}"

    async def finish(self, pending: PendingSignIn, code: str) -> SignedIn:
        """Exchange the code (with the verifier) and read the person from the ID token."""
        metadata = await self.metadata()
        try:
            answer = await self.http.post(
                metadata.token_endpoint,
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": self.settings.redirect_uri,
                    "code_verifier": pending.verifier,
                },
                auth=(
                    self.settings.oidc_client_id,
                    self.settings.oidc_client_secret.get_secret_value(),
                ),
            )
        except httpx.HTTPError as error:
            raise SignInFailed("le fournisseur d'identité ne répond pas") from error
        if answer.status_code != 200:
            raise SignInFailed(f"le fournisseur d'identité a refusé le code ({_error_of(answer)})")
        tokens = answer.json()
        access_token, id_token = tokens.get("access_token"), tokens.get("id_token")
        if not isinstance(access_token, str) or not isinstance(id_token, str):
            raise SignInFailed("le fournisseur d'identité n'a pas donné les jetons attendus")
        claims = await self.verified_claims(id_token, metadata, pending.nonce)
        expires_in = int(tokens.get("expires_in") or 300)
        return SignedIn(self.person_of(claims), access_token, id_token, expires_in)

    async def verified_claims(
        self, id_token: str, metadata: Metadata, nonce: str
    ) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(id_token)
            key = await self._key(str(header.get("kid", "")), metadata)
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key=key.key,
                algorithms=ALGORITHMS,
                audience=self.settings.oidc_client_id,
                issuer=metadata.issuer,
                leeway=self.settings.oidc_leeway_seconds,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise SignInFailed(f"le jeton d'identité n'est pas valide ({error})") from error
        if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
            raise SignInFailed("le jeton d'identité ne répond pas à cette connexion (nonce)")
        return claims

    def person_of(self, claims: dict[str, Any]) -> Person:
        settings = self.settings
        role, region = claims.get(settings.oidc_role_claim), claims.get(settings.oidc_region_claim)
        if not isinstance(role, str) or not role or not isinstance(region, str) or not region:
            raise SignInFailed("votre compte n'a ni rôle ni région CoNum : demandez-les")
        actor = claims.get(settings.oidc_actor_claim) or ""
        username = str(claims.get("preferred_username") or claims["sub"])
        return Person(
            subject=str(claims["sub"]),
            name=str(claims.get("name") or username),
            username=username,
            role=role,
            region=region,
            actor=str(actor),
        )

    async def logout_url(self, id_token: str) -> str:
        """Where to send the browser to end the provider's session too ("" if it has none)."""
        metadata = await self.metadata()
        if not metadata.end_session_endpoint:
            return ""
        query = {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": self.settings.after_logout_uri,
            "client_id": self.settings.oidc_client_id,
            "ui_locales": "fr-FR",
        }
        return f"{metadata.end_session_endpoint}?{urlencode(query)}"

    async def _key(self, kid: str, metadata: Metadata) -> jwt.PyJWK:
        if kid not in self._keys:  # unknown: the keys may have rotated
            document = await self._get_json(metadata.jwks_uri)
            self._keys = {
                str(data.get("kid", "")): jwt.PyJWK(data)
                for data in document.get("keys", [])
                if data.get("use", "sig") == "sig" and data.get("kty") in ("RSA", "EC")
            }
        if kid not in self._keys:
            raise SignInFailed("le jeton d'identité est signé d'une clé inconnue")
        return self._keys[kid]

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            answer = await self.http.get(url)
            answer.raise_for_status()
            document = answer.json()
        except (httpx.HTTPError, ValueError) as error:
            raise SignInFailed("le fournisseur d'identité ne répond pas") from error
        if not isinstance(document, dict):
            raise SignInFailed("le fournisseur d'identité répond autre chose qu'un objet JSON")
        return document


def _error_of(answer: httpx.Response) -> str:
    try:
        return str(answer.json().get("error", answer.status_code))
    except ValueError:
        return str(answer.status_code)


def expiry(expires_in: int, lifetime: int) -> float:
    """When a session ends: at the access token's expiry, within the session lifetime."""
    return time.time() + min(expires_in, lifetime)
