"""The key vault: one AES-256-GCM key per conseiller, and the seal of their person with it.

Crypto-shredding (decision 0021): the person travels and is kept sealed with their own key;
destroying the key forgets them in every sealed copy, in any log or backup. The keys are kept
in ONE place, behind :class:`KeyVault`; :class:`StoredKeyVault` keeps them in the service's
own database (a key-management service could take its place behind the same interface).
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from conum_contracts.enrolment import SealedPerson
from conum_runtime.uow import Repository
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, delete
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_enrolment.domain import Person
from conum_enrolment.store.tables import ConseillerKeyRow

ALGORITHM = "AES-256-GCM"


@dataclass(frozen=True, repr=False)
class ConseillerKey:
    """A conseiller's key; its material never reaches a log (no ``repr``)."""

    conseiller_id: str
    key_id: str
    material: bytes


class KeyVault(Protocol):
    """Where the conseillers' keys live; the one place that can forget a person."""

    async def key_of(self, conseiller_id: str) -> ConseillerKey | None: ...

    async def key_for(self, conseiller_id: str) -> ConseillerKey:
        """The conseiller's key, made on first use."""
        ...

    def new_key(self, conseiller_id: str) -> ConseillerKey:
        """A key for a conseiller who has none yet (a new conseiller)."""
        ...

    async def destroy(self, conseiller_id: str) -> bool:
        """Forget the key for good; ``False`` if there was none."""
        ...


class StoredKeyVault(Repository):
    """The keys in the ``conseiller_keys`` table of the enrolment store."""

    async def key_of(self, conseiller_id: str) -> ConseillerKey | None:
        row = await self._session.get(ConseillerKeyRow, conseiller_id)
        return None if row is None else ConseillerKey(row.conseiller_id, row.key_id, row.material)

    async def key_for(self, conseiller_id: str) -> ConseillerKey:
        found = await self.key_of(conseiller_id)
        return found if found is not None else self.new_key(conseiller_id)

    def new_key(self, conseiller_id: str) -> ConseillerKey:
        key = ConseillerKey(conseiller_id, str(uuid.uuid4()), AESGCM.generate_key(bit_length=256))
        self._session.add(
            ConseillerKeyRow(
                conseiller_id=key.conseiller_id,
                key_id=key.key_id,
                material=key.material,
                created_at=datetime.now(UTC),
            )
        )
        return key

    async def destroy(self, conseiller_id: str) -> bool:
        await scrub_deleted_content(self._session)
        found = await self._session.exec(
            delete(ConseillerKeyRow).where(col(ConseillerKeyRow.conseiller_id) == conseiller_id)
        )
        return bool(found.rowcount)


async def scrub_deleted_content(session: AsyncSession) -> None:
    """SQLite: overwrite what this connection deletes or rewrites from now on with zeros, so
    that a destroyed key or a wiped name does not linger in the file's free space."""
    connection = await session.connection()
    if connection.dialect.name == "sqlite":
        await connection.exec_driver_sql("PRAGMA secure_delete = ON")


async def truncate_journal(session: AsyncSession) -> None:
    """SQLite in WAL mode: copy the committed pages into the database file and empty the
    write-ahead log, which otherwise keeps older page images (with the wiped values)."""
    engine = session.bind
    if not isinstance(engine, AsyncEngine) or engine.dialect.name != "sqlite":
        return
    async with engine.connect() as connection:  # outside any transaction (none begins here)
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def seal(person: Person, key: ConseillerKey) -> SealedPerson:
    """The person, sealed with the conseiller's key; the conseiller id is associated data, so
    a seal moved onto another conseiller does not open."""
    nonce = os.urandom(12)
    plain = json.dumps(
        {"first_name": person.first_name, "last_name": person.last_name, "email": person.email},
        separators=(",", ":"),
    ).encode()
    sealed = AESGCM(key.material).encrypt(nonce, plain, key.conseiller_id.encode())
    return SealedPerson(
        algorithm=ALGORITHM,
        key_id=key.key_id,
        nonce=base64.b64encode(nonce).decode(),
        ciphertext=base64.b64encode(sealed).decode(),
    )


def unseal(sealed: SealedPerson, key: ConseillerKey) -> Person:
    """The person of a seal (``cryptography.exceptions.InvalidTag`` if the key is not its)."""
    if sealed.key_id != key.key_id:
        raise ValueError("the seal is not of this key")
    plain = AESGCM(key.material).decrypt(
        base64.b64decode(sealed.nonce),
        base64.b64decode(sealed.ciphertext),
        key.conseiller_id.encode(),
    )
    fields = json.loads(plain)
    return Person(fields["first_name"], fields["last_name"], fields["email"])
