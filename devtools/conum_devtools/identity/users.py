"""The people who sign in to the local network: one per party and region, from the same list as
the development tokens (:func:`conum_devtools.network.tokens.development_tokens`), so a user and
a token of the same party act alike.

A user's name is its token's without ``dev-`` (``structure-naq``, ``la-fabrik-naq``,
``hub-idf``, ``national-coordinator``) and its password is public, like the tokens:
``mdp-<username>``. The users file keeps only salted scrypt hashes of the passwords. Never use
these users outside a developer's machine.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from conum_kernel.territory import NATIONAL, territory

from conum_devtools.network.tokens import DevToken, development_tokens

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SUBJECTS = uuid.UUID("6f1d3a52-52a4-4c4e-9a55-8f0a3c7f4e21")
"""The namespace of the users' subjects: a stable, opaque ``sub`` per username."""

ROLE_LABELS = {
    "host_structure": "Structure d'accueil",
    "training_organisation": "Organisme de formation",
    "certifier": "Certificateur",
    "regional_hub": "Hub régional",
    "national_coordinator": "Coordination nationale",
    "operator": "Exploitation",
}


PARTY_NAMES = {
    "la-mednum": "La Mednum",
    "afpa": "Afpa",
    "pix": "Pix",
    "la-fabrik": "La Fabrik",
    "pop-school": "POP School",
    "afpa-simplon": "Afpa – Simplon.co",
    "idf-groupement": "Groupement Île-de-France",
    "webforce3": "WebForce3",
}


@dataclass(frozen=True)
class DevUser:
    """Who signs in: the claims its tokens carry, and its public development password."""

    username: str
    role: str
    region: str
    actor: str = ""

    @property
    def password(self) -> str:
        return f"mdp-{self.username}"

    @property
    def subject(self) -> str:
        return str(uuid.uuid5(SUBJECTS, self.username))

    @property
    def display_name(self) -> str:
        """A label for the screens (no person's name: these are parties)."""
        label = ROLE_LABELS.get(self.role, self.role)
        if self.actor:
            label = PARTY_NAMES.get(self.actor, f"{label} {self.actor}")
        if self.region == NATIONAL:
            return label
        return f"{label} — {territory().regions[self.region].name}"

    @classmethod
    def of_token(cls, token: DevToken) -> DevUser:
        return cls(token.token.removeprefix("dev-"), token.role, token.region, token.actor_id)


MACHINE_ROLES = frozenset({"notifier"})
"""Roles of programs, not people: their development tokens make no sign-in user."""


def development_users() -> list[DevUser]:
    """Every person's development user, in the tokens' order (national ones, then each
    region's)."""
    return [
        DevUser.of_token(token) for token in development_tokens() if token.role not in MACHINE_ROLES
    ]


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$<salt hex>$<hash hex>`` (salted, memory-hard)."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    scheme, _, rest = stored.partition("$")
    salt_hex, _, digest_hex = rest.partition("$")
    if scheme != "scrypt" or not salt_hex or not digest_hex:
        return False
    try:
        expected = hash_password(password, bytes.fromhex(salt_hex))
    except ValueError:
        return False
    return hmac.compare_digest(expected, stored)


@dataclass(frozen=True)
class StoredUser:
    """A user as the provider reads it: the claims and the password's hash."""

    user: DevUser
    password_hash: str

    def entry(self) -> dict[str, str]:
        user = self.user
        return {
            "username": user.username,
            "role": user.role,
            "region": user.region,
            "actor": user.actor,
            "password_hash": self.password_hash,
        }

    @classmethod
    def of_entry(cls, entry: Mapping[str, str]) -> StoredUser:
        user = DevUser(entry["username"], entry["role"], entry["region"], entry.get("actor", ""))
        return cls(user, entry["password_hash"])


def read_users(path: Path) -> dict[str, StoredUser]:
    """The users of a users file, by username (none when the file is absent)."""
    if not path.is_file():
        return {}
    entries = json.loads(path.read_text(encoding="utf-8"))
    return {entry["username"]: StoredUser.of_entry(entry) for entry in entries}


def write_users(path: Path, users: Iterable[DevUser]) -> list[StoredUser]:
    """Write the users file; a user already there with the same claims keeps its hash (hashing
    is slow on purpose: a second ``up`` does not pay it again)."""
    known = read_users(path)
    stored = []
    for user in users:
        kept = known.get(user.username)
        if kept is not None and kept.user == user:
            stored.append(kept)
        else:
            stored.append(StoredUser(user, hash_password(user.password)))
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps([s.entry() for s in stored], indent=2, ensure_ascii=False) + "\n"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(path)
    return stored
