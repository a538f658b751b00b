"""The provider's signing key: one RSA key kept in a PEM file (made on first start), named by
its RFC 7638 thumbprint, published as a JWKS."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from joserfc.jwk import KeySet, RSAKey

ALGORITHM = "RS256"


@dataclass(frozen=True)
class SigningKey:
    key: RSAKey

    @property
    def kid(self) -> str:
        return str(self.key.thumbprint())

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(RSAKey.generate_key(2048, private=True))

    @classmethod
    def load_or_create(cls, path: Path) -> SigningKey:
        """The key in ``path``, or a new one written there (readable by its owner only)."""
        if path.is_file():
            return cls(RSAKey.import_key(path.read_bytes()))
        made = cls.generate()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(made.key.as_pem(private=True))
        temporary.chmod(0o600)
        temporary.replace(path)
        return made

    def private_set(self) -> KeySet:
        """The key set the token generators sign with (the key names its ``kid``)."""
        private = self.key.as_dict(private=True, kid=self.kid, use="sig", alg=ALGORITHM)
        return KeySet([RSAKey.import_key(private)])

    def jwks(self) -> dict[str, Any]:
        """The public key set, as served at ``jwks_uri``."""
        public = self.key.as_dict(private=False, kid=self.kid, use="sig", alg=ALGORITHM)
        return {"keys": [public]}
