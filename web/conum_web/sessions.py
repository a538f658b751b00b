"""Who is signed in, kept on the server: the browser holds only a signed, random session id in
an HttpOnly cookie; the tokens never reach the page or its scripts.

A session is opened for the sign-in (it keeps the PKCE verifier, the state and the nonce), and
replaced by a new one once signed in (no fixation). It ends at sign-out, at its lifetime, or
when the access token expires. Every form carries the session's CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field

COOKIE = "conum_session"
MAX_SESSIONS = 10_000
"""Beyond this many live sessions the oldest are dropped (a bound on memory)."""


@dataclass(frozen=True)
class Person:
    """The signed-in person, as the ID token names them (no e-mail, no name of a person:
    the display name is the party's)."""

    subject: str
    name: str
    username: str
    role: str
    region: str
    actor: str = ""

    @property
    def is_national(self) -> bool:
        return self.region == "national"


@dataclass(frozen=True)
class PendingSignIn:
    state: str
    nonce: str
    verifier: str
    return_to: str


@dataclass(frozen=True)
class Notice:
    """A message shown once on the next page (``success``, ``info``, ``warning``, ``error``)."""

    kind: str
    title: str
    text: str = ""


@dataclass
class Session:
    id: str
    csrf: str
    expires_at: float
    person: Person | None = None
    access_token: str = ""
    id_token: str = ""
    pending: PendingSignIn | None = None
    notices: list[Notice] = field(default_factory=list)

    @property
    def signed_in(self) -> bool:
        return self.person is not None and time.time() < self.expires_at

    def notify(self, kind: str, title: str, text: str = "") -> None:
        self.notices.append(Notice(kind, title, text))

    def take_notices(self) -> list[Notice]:
        taken, self.notices = self.notices, []
        return taken


class SessionStore:
    """Sessions in this process's memory (one process serves the application; a restart signs
    everyone out, and the provider's own session signs them back in)."""

    def __init__(self, secret: bytes | None = None, lifetime: int = 8 * 3600) -> None:
        self._secret = secret or secrets.token_bytes(32)
        self.lifetime = lifetime
        self._sessions: dict[str, Session] = {}

    def open(self, lifetime: float | None = None) -> Session:
        self._sweep()
        session = Session(
            id=secrets.token_urlsafe(32),
            csrf=secrets.token_urlsafe(32),
            expires_at=time.time() + (lifetime if lifetime is not None else self.lifetime),
        )
        self._sessions[session.id] = session
        return session

    def find(self, cookie: str | None) -> Session | None:
        """The live session a cookie names (None when forged, unknown or ended)."""
        session_id, _, signature = (cookie or "").partition(".")
        if not session_id or not hmac.compare_digest(signature, self._sign(session_id)):
            return None
        session = self._sessions.get(session_id)
        if session is None or time.time() >= session.expires_at:
            self._sessions.pop(session_id, None)
            return None
        return session

    def close(self, session: Session) -> None:
        self._sessions.pop(session.id, None)

    def cookie_value(self, session: Session) -> str:
        return f"{session.id}.{self._sign(session.id)}"

    def _sign(self, session_id: str) -> str:
        return hmac.new(self._secret, session_id.encode(), hashlib.sha256).hexdigest()

    def _sweep(self) -> None:
        now = time.time()
        for ended in [k for k, s in self._sessions.items() if s.expires_at <= now]:
            del self._sessions[ended]
        while len(self._sessions) >= MAX_SESSIONS:
            del self._sessions[next(iter(self._sessions))]
