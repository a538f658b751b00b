"""A secured local broker: SASL/SCRAM on the client listener, ACLs enforced.

- The **client listener** is ``SASL_PLAINTEXT`` with ``SCRAM-SHA-512`` only: a client without
  credentials, or with a wrong password, is refused at the handshake.
- The **controller listener** is ``SASL_PLAINTEXT`` with ``PLAIN`` and one static user, the
  broker itself (KRaft cannot use SCRAM there: SCRAM credentials live in the metadata log the
  controller serves). Nobody is anonymous on either listener.
- **Authorization**: ``StandardAuthorizer`` (KRaft), ``allow.everyone.if.no.acl.found=false``;
  the admin and the broker are super users, every other principal gets only its ACLs.
- **Users** are created at format time (``StorageTool format --add-scram``), and upserted again
  with the ACLs at every start (``deploy/kafka/BrokerAccess.java``, one JVM, Kafka's Admin
  API), so a user or ACL added to an existing data directory takes effect too.

Everything here is plain data and text (standard library only); which principal may do what
is computed elsewhere (``conum_runtime.broker_access``) and handed over as :class:`AclEntry`.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

MECHANISM = "SCRAM-SHA-512"
PROTOCOL = "SASL_PLAINTEXT"
ADMIN = "admin"
BROKER = "broker"
SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule"
PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule"


@dataclass(frozen=True)
class ScramUser:
    name: str
    password: str = field(repr=False)

    def __post_init__(self) -> None:
        for character in '\t\n\r",=':
            if character in self.name:
                raise ValueError(f"a user name may not hold {character!r}")
        for character in '\t\n\r"\\':
            if character in self.password:
                raise ValueError("a password may not hold a tab, a newline, a quote or a backslash")

    @classmethod
    def new(cls, name: str) -> ScramUser:
        return cls(name, secrets.token_urlsafe(24))


@dataclass(frozen=True, order=True)
class AclEntry:
    """One ALLOW binding: ``principal`` may do ``operation`` on a resource."""

    principal: str
    """``User:<name>``"""
    resource_type: str
    """``TOPIC``, ``GROUP``, ``CLUSTER`` or ``TRANSACTIONAL_ID``"""
    pattern_type: str
    """``LITERAL`` or ``PREFIXED``"""
    resource: str
    operation: str
    """``READ``, ``WRITE``, ``CREATE``, ``DESCRIBE``, ``IDEMPOTENT_WRITE``…"""


@dataclass(frozen=True)
class BrokerSecurity:
    """Who may connect to a secured broker (its users) and what each may do (its ACLs)."""

    admin: ScramUser
    broker: ScramUser
    users: tuple[ScramUser, ...] = ()
    acls: tuple[AclEntry, ...] = ()

    @classmethod
    def new(cls, users: Iterable[str] = (), acls: Iterable[AclEntry] = ()) -> BrokerSecurity:
        """Fresh random passwords for the admin, the broker and ``users``."""
        return cls(
            ScramUser.new(ADMIN),
            ScramUser.new(BROKER),
            tuple(ScramUser.new(name) for name in dict.fromkeys(users)),
            tuple(sorted(set(acls))),
        )

    def __post_init__(self) -> None:
        names = [self.admin.name, self.broker.name, *(user.name for user in self.users)]
        if len(set(names)) != len(names):
            raise ValueError("user names must be unique (admin and broker included)")

    def user(self, name: str) -> ScramUser:
        for user in (self.admin, *self.users):
            if user.name == name:
                return user
        raise KeyError(name)

    def with_access(
        self, users: Iterable[str] = (), acls: Iterable[AclEntry] = ()
    ) -> BrokerSecurity:
        """The same, plus ``users`` (new passwords for new names only) and ``acls``."""
        known = {user.name for user in (self.admin, self.broker, *self.users)}
        added = tuple(ScramUser.new(name) for name in dict.fromkeys(users) if name not in known)
        return replace(
            self, users=self.users + added, acls=tuple(sorted(set(self.acls) | set(acls)))
        )

    # -- files -------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "mechanism": MECHANISM,
            "admin": _user_json(self.admin),
            "broker": _user_json(self.broker),
            "users": [_user_json(user) for user in self.users],
            "acls": [entry.__dict__ for entry in self.acls],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BrokerSecurity:
        return cls(
            _user(data["admin"]),
            _user(data["broker"]),
            tuple(_user(item) for item in data.get("users", ())),
            tuple(AclEntry(**item) for item in data.get("acls", ())),
        )

    def save(self, path: Path) -> None:
        """Write the users and ACLs, readable by the owner only (it holds passwords)."""
        write_private(path, json.dumps(self.to_json(), indent=2, sort_keys=True) + "\n")

    @classmethod
    def load(cls, path: Path) -> BrokerSecurity | None:
        try:
            return cls.from_json(json.loads(path.read_text()))
        except FileNotFoundError:
            return None

    # -- the broker's side -------------------------------------------------------------

    def server_settings(self, listener: str) -> list[tuple[str, str]]:
        """Settings of server.properties beyond the listeners (``listener`` is the client
        listener's name, e.g. ``SASL_PLAINTEXT``)."""
        prefix = f"listener.name.{listener.lower()}"
        controller = (
            f'{PLAIN_LOGIN} required username="{self.broker.name}" '
            f'password="{self.broker.password}" '
            f'user_{self.broker.name}="{self.broker.password}";'
        )
        inter_broker = (
            f'{SCRAM_LOGIN} required username="{self.broker.name}" '
            f'password="{self.broker.password}";'
        )
        return [
            (f"{prefix}.sasl.enabled.mechanisms", MECHANISM),
            (f"{prefix}.{MECHANISM.lower()}.sasl.jaas.config", inter_broker),
            ("sasl.mechanism.inter.broker.protocol", MECHANISM),
            ("listener.name.controller.sasl.enabled.mechanisms", "PLAIN"),
            ("listener.name.controller.plain.sasl.jaas.config", controller),
            ("sasl.mechanism.controller.protocol", "PLAIN"),
            ("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
            ("super.users", f"User:{self.admin.name};User:{self.broker.name}"),
            ("allow.everyone.if.no.acl.found", "false"),
        ]

    def format_arguments(self) -> list[str]:
        """``--add-scram`` arguments of ``StorageTool format``: every SCRAM user."""
        arguments = []
        for user in (self.admin, self.broker, *self.users):
            arguments += ["--add-scram", f"{MECHANISM}=[name={user.name},password={user.password}]"]
        return arguments

    def admin_properties(self, bootstrap: str) -> str:
        """The Admin client's settings (``BrokerAccess.java``), as the admin."""
        return "\n".join(
            [
                f"bootstrap.servers={bootstrap}",
                *(f"{key}={value}" for key, value in client_properties(self.admin).items()),
            ]
        )

    def access_lines(self) -> str:
        """``BrokerAccess.java``'s input: the users to upsert, then the ACLs to create."""
        lines = [f"user\t{user.name}\t{MECHANISM}\t{user.password}" for user in self.users]
        lines += [
            "\t".join(
                ("allow", e.principal, e.resource_type, e.pattern_type, e.resource, e.operation)
            )
            for e in self.acls
        ]
        return "\n".join(lines) + "\n"

    # -- the clients' side -------------------------------------------------------------

    def service_environment(self, user: str, bootstrap: str) -> dict[str, str]:
        """The ``CONUM_KAFKA_*`` variables of a service instance connecting as ``user``."""
        found = self.user(user)
        return {
            "CONUM_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "CONUM_KAFKA_SECURITY_PROTOCOL": PROTOCOL,
            "CONUM_KAFKA_SASL_MECHANISM": MECHANISM,
            "CONUM_KAFKA_SASL_USERNAME": found.name,
            "CONUM_KAFKA_SASL_PASSWORD": found.password,
        }


def client_properties(user: ScramUser) -> dict[str, str]:
    """A Java client's security settings for ``user``."""
    return {
        "security.protocol": PROTOCOL,
        "sasl.mechanism": MECHANISM,
        "sasl.jaas.config": (
            f'{SCRAM_LOGIN} required username="{user.name}" password="{user.password}";'
        ),
    }


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to a file only its owner can read (created so, never widened)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
    os.replace(temporary, path)


def _user_json(user: ScramUser) -> dict[str, str]:
    return {"name": user.name, "password": user.password}


def _user(data: Mapping[str, str]) -> ScramUser:
    return ScramUser(str(data["name"]), str(data["password"]))
