"""The provider as a process: ``python -m conum_devtools.identity --state DIR --port P``, and
``LocalIdentity``, its launcher (detached, found again from any shell, like the other servers).

The state directory holds ``users.json`` (salted hashes), ``clients.json`` (the relying
parties, with their secrets: readable by its owner only) and ``signing-key.pem``.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from conum_devtools.daemon import DetachedServer, ServerError
from conum_devtools.identity.keys import SigningKey
from conum_devtools.identity.records import Client
from conum_devtools.identity.users import development_users, read_users, write_users
from conum_devtools.processes import LOOPBACK, port_is_bindable

AUDIENCE = "conum-api"
"""The ``aud`` of the access tokens, which every service of the local network expects."""


class IdentityError(ServerError):
    """The provider could not be prepared, started or stopped."""


@dataclass(frozen=True)
class ClientRegistration:
    """A relying party to register: its id, secret and where it may send people back."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...] = ()

    def entry(self) -> dict[str, object]:
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "redirect_uris": list(self.redirect_uris),
            "post_logout_redirect_uris": list(self.post_logout_redirect_uris),
        }


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def read_clients(path: Path) -> dict[str, Client]:
    entries = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
    return {entry["client_id"]: Client.of_entry(entry) for entry in entries}


def write_clients(path: Path, clients: Sequence[ClientRegistration]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps([c.entry() for c in clients], indent=2) + "\n")
    temporary.chmod(0o600)
    temporary.replace(path)


class LocalIdentity(DetachedServer):
    """The provider on ``127.0.0.1:<port>``, its state in ``workdir``."""

    name: ClassVar[str] = "identity"
    error: ClassVar[type[ServerError]] = IdentityError

    def __init__(self, workdir: Path, port: int, audience: str = AUDIENCE) -> None:
        super().__init__(workdir)
        self.port = port
        self.audience = audience

    @property
    def issuer(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def users_file(self) -> Path:
        return self.workdir / "users.json"

    @property
    def clients_file(self) -> Path:
        return self.workdir / "clients.json"

    def owns(self, cmdline: list[str]) -> bool:
        return "conum_devtools.identity" in cmdline and str(self.workdir) in cmdline

    def ready(self) -> bool:
        url = f"{self.issuer}/.well-known/openid-configuration"
        try:
            with urllib.request.urlopen(url, timeout=1.0) as response:
                return int(response.status) == 200
        except (urllib.error.URLError, OSError):
            return False

    def start(self, timeout: float = 60.0, clients: Sequence[ClientRegistration] = ()) -> str:
        """Write the users and the clients, start the provider, wait until it serves its
        discovery document. Returns the issuer."""
        if not port_is_bindable(self.port):
            raise IdentityError(f"port {self.port} on {LOOPBACK} is already in use")
        write_users(self.users_file, development_users())
        write_clients(self.clients_file, clients)
        command = [
            sys.executable,
            "-m",
            "conum_devtools.identity",
            "--state",
            str(self.workdir),
            "--port",
            str(self.port),
            "--audience",
            self.audience,
        ]
        self._launch(command, self.ready, timeout, {"port": self.port, "issuer": self.issuer})
        return self.issuer


def main(argv: Sequence[str] | None = None) -> int:
    import uvicorn

    from conum_devtools.identity.app import ProviderConfig, create_provider

    parser = argparse.ArgumentParser(prog="python -m conum_devtools.identity")
    parser.add_argument("--state", type=Path, required=True, help="users, clients, key")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--audience", default=AUDIENCE)
    parser.add_argument("--token-lifetime", type=int, default=3600, help="seconds")
    arguments = parser.parse_args(argv)
    state: Path = arguments.state
    config = ProviderConfig(
        issuer=f"http://{LOOPBACK}:{arguments.port}",
        audience=arguments.audience,
        key=SigningKey.load_or_create(state / "signing-key.pem"),
        clients=read_clients(state / "clients.json"),
        users=read_users(state / "users.json"),
        token_lifetime=arguments.token_lifetime,
    )
    uvicorn.run(create_provider(config), host=LOOPBACK, port=arguments.port, log_level="info")
    return 0
