"""An OpenID Connect issuer for tests: key pairs made in the test, its discovery document and
its keys (JWKS) served on 127.0.0.1 from a thread, and access tokens it signs.

Nothing reaches a network beyond the loopback interface.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

AUDIENCE = "conum-api"


@dataclass
class SigningKey:
    kid: str
    algorithm: str
    private: Any

    @classmethod
    def rsa(cls, kid: str | None = None) -> SigningKey:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return cls(kid or f"rsa-{uuid.uuid4().hex[:8]}", "RS256", private)

    @classmethod
    def ec(cls, kid: str | None = None) -> SigningKey:
        private = ec.generate_private_key(ec.SECP256R1())
        return cls(kid or f"ec-{uuid.uuid4().hex[:8]}", "ES256", private)

    def jwk(self) -> dict[str, Any]:
        algorithm = RSAAlgorithm if self.algorithm.startswith("RS") else ECAlgorithm
        data: dict[str, Any] = json.loads(algorithm.to_jwk(self.private.public_key()))
        return data | {"kid": self.kid, "use": "sig", "alg": self.algorithm}


@dataclass
class TestIssuer:
    """Serves ``/.well-known/openid-configuration`` and ``/jwks.json``; counts key fetches."""

    __test__ = False  # not a test class

    base_url: str = ""
    keys: list[SigningKey] = field(default_factory=lambda: [SigningKey.rsa(), SigningKey.ec()])
    jwks_fetches: int = 0

    @property
    def issuer(self) -> str:
        return self.base_url

    def settings(self, **extra: Any) -> dict[str, Any]:
        """The ``ServiceSettings`` fields that trust this issuer."""
        return {"oidc_issuer": self.issuer, "oidc_audience": AUDIENCE} | extra

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.jwk() for key in self.keys]}

    def token(
        self,
        role: str,
        region: str,
        actor: str = "",
        *,
        subject: str | None = None,
        key: SigningKey | None = None,
        lifetime: int = 300,
        headers: dict[str, Any] | None = None,
        **claims: Any,
    ) -> str:
        """An access token naming ``role`` in ``region`` (bound to ``actor``); ``claims``
        override or add claims (``None`` removes one)."""
        key = key or self.keys[0]
        now = int(time.time())
        body: dict[str, Any] = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": subject or f"agent-{uuid.uuid4().hex[:12]}",
            "iat": now,
            "exp": now + lifetime,
            "conum_role": role,
            "conum_region": region,
        }
        if actor:
            body["conum_actor"] = actor
        body |= claims
        body = {name: value for name, value in body.items() if value is not None}
        return jwt.encode(
            body, key.private, algorithm=key.algorithm, headers={"kid": key.kid, **(headers or {})}
        )


@contextmanager
def served_issuer() -> Iterator[TestIssuer]:
    """A :class:`TestIssuer` served on a loopback port until the block ends."""
    issuer = TestIssuer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/.well-known/openid-configuration":
                body: dict[str, Any] = {
                    "issuer": issuer.issuer,
                    "jwks_uri": f"{issuer.base_url}/jwks.json",
                }
            elif self.path == "/jwks.json":
                issuer.jwks_fetches += 1
                body = issuer.jwks()
            else:
                self.send_error(404)
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    issuer.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="test-issuer", daemon=True)
    thread.start()
    try:
        yield issuer
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
