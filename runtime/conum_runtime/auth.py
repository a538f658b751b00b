"""HTTP authentication: a bearer token names an actor (role and region).

Two kinds of bearer tokens are accepted: the static tokens below (development, automation),
and, when an issuer is configured, OpenID Connect access tokens (:mod:`conum_runtime.oidc`).

Tokens are configured as JSON, from a file (``CONUM_TOKENS_FILE``) or inline
(``CONUM_TOKENS``): ``[{"sha256": "<hex digest of the token>", "role": "host_structure",
"region": "FR-NAQ", "actor_id": "…"}]``. Only digests are stored; ``python -m
conum_runtime.auth <token>`` prints the digest of a token.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

from conum_kernel.access import Actor, Role
from conum_kernel.territory import current_region_code
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from conum_runtime.http.problems import ProblemError
from conum_runtime.oidc import Identity, IssuerUnavailable, TokenRefused, TokenVerifier

__all__ = [
    "Actor",
    "CurrentActor",
    "Identity",
    "Role",
    "TokenBook",
    "current_actor",
    "current_identity",
    "digest",
]

REALM = 'Bearer realm="conum"'


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenBook:
    """Hashed tokens → actors."""

    def __init__(self, entries: Iterable[tuple[str, Actor]]) -> None:
        self._actors = dict(entries)

    @classmethod
    def from_json(cls, text: str) -> TokenBook:
        raw = json.loads(text)
        if not isinstance(raw, list):
            raise ValueError("tokens must be a JSON list of {sha256, role, region}")
        return cls(
            (
                str(item["sha256"]).lower(),
                Actor(
                    Role(item["role"]),
                    current_region_code(str(item["region"])),
                    str(item.get("actor_id", "")),
                ),
            )
            for item in raw
        )

    @classmethod
    def load(cls, file: Path | None, inline: str | None) -> TokenBook:
        if inline:
            return cls.from_json(inline)
        if file is not None:
            return cls.from_json(file.read_text())
        return cls(())

    def actor_for(self, token: str) -> Actor | None:
        wanted = digest(token)
        for known, actor in self._actors.items():
            if hmac.compare_digest(known, wanted):
                return actor
        return None


_bearer = HTTPBearer(auto_error=False)


def static_subject(token: str) -> str:
    """A static token's subject: a prefix of its digest (stable, and not the token)."""
    return f"token:{digest(token)[:16]}"


def refused(code: str, detail: str, error: str | None = "invalid_token") -> ProblemError:
    challenge = REALM if error is None else f'{REALM}, error="{error}"'
    return ProblemError(401, code, detail, headers={"WWW-Authenticate": challenge})


async def current_identity(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Identity:
    """The authenticated caller (a static token, or the configured issuer's JWT), or 401."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise refused("unauthenticated", "a bearer token is required", error=None)
    token = credentials.credentials
    book: TokenBook = request.app.state.token_book
    actor = book.actor_for(token)
    if actor is not None:
        identity = Identity(actor, static_subject(token))
    else:
        verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
        if verifier is None or token.count(".") != 2:
            raise refused("unauthenticated", "unknown token")
        try:
            identity = await verifier.identity(token)
        except TokenRefused as refusal:
            raise refused(refusal.code, refusal.detail) from refusal
        except IssuerUnavailable as error:
            raise ProblemError(
                503, "issuer_unavailable", "the identity provider's keys are unavailable"
            ) from error
    request.state.identity = identity
    return identity


async def current_actor(identity: Annotated[Identity, Depends(current_identity)]) -> Actor:
    """FastAPI dependency: the authenticated actor, or 401."""
    return identity.actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


if __name__ == "__main__":
    for token in sys.argv[1:]:
        print(digest(token))
