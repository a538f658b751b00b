"""HTTP authentication: a bearer token names an actor (role and region).

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
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

__all__ = ["Actor", "CurrentActor", "Role", "TokenBook", "current_actor", "digest"]


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
                Actor(Role(item["role"]), str(item["region"]), str(item.get("actor_id", ""))),
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


def current_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """FastAPI dependency: the authenticated actor, or 401."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    book: TokenBook = request.app.state.token_book
    actor = book.actor_for(credentials.credentials)
    if actor is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "unknown token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


if __name__ == "__main__":
    for token in sys.argv[1:]:
        print(digest(token))
