"""OpenID Connect access tokens: a JWT signed by a configured issuer names an actor.

The issuer (``CONUM_OIDC_ISSUER``) publishes its keys (JWKS) at the ``jwks_uri`` of its
discovery document, or at ``CONUM_OIDC_JWKS_URL``. The keys are cached
(``CONUM_OIDC_JWKS_CACHE_SECONDS``) and fetched again when a token names a key the cache does
not hold (at most once every :data:`REFRESH_INTERVAL` seconds, so that made-up ``kid`` values
cannot make the service hammer the issuer).

A token is accepted when its algorithm is one of ``CONUM_OIDC_ALGORITHMS`` (asymmetric only),
its signature verifies with the issuer's key of its ``kid``, its ``iss`` is the issuer, its
``aud`` includes ``CONUM_OIDC_AUDIENCE``, it has not expired (``CONUM_OIDC_LEEWAY_SECONDS`` of
clock skew), and it carries a subject, a role and a region in the configured claims
(``CONUM_OIDC_ROLE_CLAIM``, ``CONUM_OIDC_REGION_CLAIM``; ``CONUM_OIDC_ACTOR_CLAIM``, optional,
binds it to a party). Every refusal is a :class:`TokenRefused` with a stable code.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
from conum_kernel.access import Actor, Role
from conum_kernel.territory import NATIONAL, REGION_PATTERN, current_region_code

from conum_runtime.settings import ServiceSettings

log = logging.getLogger(__name__)

REFRESH_INTERVAL = 10.0
"""Seconds between two fetches of the keys caused by an unknown ``kid``."""
FETCH_TIMEOUT = 5.0
REGION = re.compile(REGION_PATTERN)
PARTY = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


class TokenRefused(Exception):
    """A bearer token that names nobody: 401 with ``code``."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class IssuerUnavailable(Exception):
    """The issuer's keys could not be fetched (503: the token may well be good)."""


@dataclass(frozen=True)
class Identity:
    """Who calls: the actor and a subject that names it without personal data (an OIDC
    ``sub``, or ``token:<digest prefix>`` for a static token)."""

    actor: Actor
    subject: str


@dataclass(frozen=True)
class PublishedKey:
    jwk: jwt.PyJWK
    algorithm: str
    """The key's ``alg``, when the issuer declares one (a token must then use it)."""


def published_keys(document: Any) -> dict[str, PublishedKey]:
    """The signature keys of a JWKS document, by ``kid`` (symmetric keys are ignored: an
    issuer never publishes its secret, and a public key is never an HMAC secret)."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ValueError("not a JWKS document")
    keys: dict[str, PublishedKey] = {}
    for data in document["keys"]:
        if not isinstance(data, dict) or data.get("kty") not in ("RSA", "EC"):
            continue
        if data.get("use", "sig") != "sig":
            continue
        try:
            jwk = jwt.PyJWK(data)
        except jwt.PyJWTError:
            continue  # a key this library cannot use is not one a token can name
        keys[str(data.get("kid", ""))] = PublishedKey(jwk, str(data.get("alg", "")))
    return keys


class KeySet:
    """The issuer's published keys, cached, fetched again on an unknown ``kid``."""

    def __init__(
        self,
        issuer: str,
        jwks_url: str,
        *,
        cache_seconds: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._issuer = issuer.rstrip("/")
        self._jwks_url = jwks_url
        self._cache_seconds = cache_seconds
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._keys: dict[str, PublishedKey] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()
        self.fetches = 0

    async def key(self, kid: str | None) -> PublishedKey:
        """The key named ``kid`` (the only key when the token names none)."""
        now = time.monotonic()
        if now - self._fetched_at > self._cache_seconds:
            try:
                await self._refresh(self._fetched_at)
            except IssuerUnavailable:
                if not self._keys:
                    raise
                log.warning("the issuer's keys could not be refreshed; the cached ones serve")
        found = self._find(kid)
        if found is None and time.monotonic() - self._fetched_at > REFRESH_INTERVAL:
            await self._refresh(self._fetched_at)
            found = self._find(kid)
        if found is None:
            raise TokenRefused("unknown_key", "the token's key is not one of the issuer's")
        return found

    def _find(self, kid: str | None) -> PublishedKey | None:
        if kid is None:
            return next(iter(self._keys.values())) if len(self._keys) == 1 else None
        return self._keys.get(kid)

    async def _refresh(self, seen: float) -> None:
        async with self._lock:
            if self._fetched_at != seen:  # another request fetched them meanwhile
                return
            try:
                url = self._jwks_url or await self._discovered_jwks_url()
                answer = await self.client.get(url)
                answer.raise_for_status()
                keys = published_keys(answer.json())
            except (httpx.HTTPError, ValueError, jwt.PyJWTError) as error:
                raise IssuerUnavailable(f"the issuer's keys are unavailable: {error}") from error
            self.fetches += 1
            self._keys = keys
            self._fetched_at = time.monotonic()

    async def _discovered_jwks_url(self) -> str:
        answer = await self.client.get(f"{self._issuer}/.well-known/openid-configuration")
        answer.raise_for_status()
        jwks_uri = answer.json().get("jwks_uri")
        if not isinstance(jwks_uri, str) or not jwks_uri:
            raise ValueError("the discovery document has no jwks_uri")
        return jwks_uri

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                transport=self._transport, timeout=FETCH_TIMEOUT, follow_redirects=False
            )
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


class TokenVerifier:
    """Verifies the issuer's access tokens and reads the actor from their claims."""

    def __init__(
        self, settings: ServiceSettings, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings
        self.keys = KeySet(
            settings.oidc_issuer,
            settings.oidc_jwks_url,
            cache_seconds=settings.oidc_jwks_cache_seconds,
            transport=transport,
        )

    @classmethod
    def configured(cls, settings: ServiceSettings) -> TokenVerifier | None:
        return cls(settings) if settings.oidc_issuer else None

    async def identity(self, token: str) -> Identity:
        settings = self.settings
        try:
            header = jwt.get_unverified_header(token)
        except jwt.DecodeError as error:
            raise TokenRefused("malformed_token", "the token is not a JWT") from error
        algorithm = header.get("alg")
        if algorithm not in settings.oidc_algorithms:
            raise TokenRefused(
                "algorithm_not_allowed", f"tokens signed with {algorithm!r} are not accepted"
            )
        kid = header.get("kid")
        key = await self.keys.key(str(kid) if kid is not None else None)
        if key.algorithm not in ("", algorithm):
            raise TokenRefused("algorithm_not_allowed", "the key is not for this algorithm")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key.jwk.key,
                algorithms=[algorithm],
                audience=settings.oidc_audience,
                issuer=settings.oidc_issuer,
                leeway=settings.oidc_leeway_seconds,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise refusal_of(error) from error
        return Identity(actor_of(claims, settings), f"oidc:{claims['sub']}")

    async def close(self) -> None:
        await self.keys.close()


def refusal_of(error: jwt.PyJWTError) -> TokenRefused:
    match error:
        case jwt.ExpiredSignatureError():
            return TokenRefused("token_expired", "the token has expired")
        case jwt.ImmatureSignatureError():
            return TokenRefused("token_not_yet_valid", "the token is not valid yet")
        case jwt.InvalidSignatureError():
            return TokenRefused("bad_signature", "the token's signature does not verify")
        case jwt.InvalidIssuerError():
            return TokenRefused("wrong_issuer", "the token is not from the configured issuer")
        case jwt.InvalidAudienceError():
            return TokenRefused("wrong_audience", "the token is not meant for this service")
        case jwt.MissingRequiredClaimError():
            return TokenRefused("missing_claim", f"the token has no {error.claim!r} claim")
        case jwt.InvalidAlgorithmError():
            return TokenRefused("algorithm_not_allowed", "the token's algorithm is not accepted")
        case jwt.DecodeError():
            return TokenRefused("malformed_token", "the token cannot be read")
    return TokenRefused("invalid_token", "the token is not valid")


def actor_of(claims: Mapping[str, Any], settings: ServiceSettings) -> Actor:
    """The actor the verified claims name: role, region and, optionally, a bound party."""
    role_value = _single(claims, settings.oidc_role_claim, required=True)
    try:
        role = Role(role_value)
    except ValueError as error:
        raise TokenRefused(
            "invalid_claim", f"{settings.oidc_role_claim!r} is not a known role"
        ) from error
    region = _single(claims, settings.oidc_region_claim, required=True)
    if not REGION.match(region):
        raise TokenRefused(
            "invalid_claim", f"{settings.oidc_region_claim!r} is not a region or {NATIONAL!r}"
        )
    party = _single(claims, settings.oidc_actor_claim, required=False)
    if party and not PARTY.match(party):
        raise TokenRefused("invalid_claim", f"{settings.oidc_actor_claim!r} is not a party id")
    return Actor(role, current_region_code(region), party)


def _single(claims: Mapping[str, Any], name: str, *, required: bool) -> str:
    """A claim holding one string (or a list of exactly one)."""
    value = claims.get(name)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if value is None or value == "" or value == []:
        if required:
            raise TokenRefused("missing_claim", f"the token has no {name!r} claim")
        return ""
    if not isinstance(value, str):
        raise TokenRefused("invalid_claim", f"{name!r} must hold one string")
    return value
