"""The people's side of the local network: the OpenID Connect provider and the web application,
each a detached process under ``var/`` like the services.

The provider registers the application as a confidential client (a secret made on its first
start, kept in the provider's ``clients.json``); the application is given the same secret, the
issuer and every service instance's address.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from conum_devtools.daemon import DetachedServer, ServerError
from conum_devtools.identity.server import (
    ClientRegistration,
    LocalIdentity,
    new_secret,
    read_clients,
)
from conum_devtools.identity.users import DevUser, development_users
from conum_devtools.network.instances import Instance
from conum_devtools.network.progress import say
from conum_devtools.network.supervisor import answers
from conum_devtools.processes import LOOPBACK

IDENTITY_PORT = 8090
WEB_PORT = 8080
WEB_CLIENT = "conum-web"


class WebError(ServerError):
    """The web application could not be started or stopped."""


class LocalWeb(DetachedServer):
    """``python -m conum_web`` on ``127.0.0.1:<port>``."""

    name: ClassVar[str] = "web"
    error: ClassVar[type[ServerError]] = WebError

    def __init__(self, workdir: Path, port: int) -> None:
        super().__init__(workdir)
        self.port = port

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def owns(self, cmdline: list[str]) -> bool:
        return "conum_web" in cmdline and "-m" in cmdline

    def ready(self) -> bool:
        return answers(f"{self.url}/health/ready")

    def start(self, timeout: float = 60.0, environment: Mapping[str, str] | None = None) -> str:
        env = {**os.environ, **(environment or {})}
        self._launch(
            [sys.executable, "-m", "conum_web"], self.ready, timeout, {"url": self.url}, env
        )
        return self.url


def web_registration(web_url: str, secret: str) -> ClientRegistration:
    return ClientRegistration(
        WEB_CLIENT, secret, (f"{web_url}/connexion/retour",), (f"{web_url}/",)
    )


def web_secret(clients_file: Path) -> str:
    """The application's secret at the provider: the one registered already, else a new one."""
    known = read_clients(clients_file).get(WEB_CLIENT)
    return known.client_secret if known is not None else new_secret()


def web_environment(
    web: LocalWeb, issuer: str, secret: str, instances: Sequence[Instance]
) -> dict[str, str]:
    """The ``CONUM_WEB_*`` settings: where the provider and every service instance answer."""
    urls = {instance.name: instance.url for instance in instances}
    hubs = {
        instance.region: instance.url
        for instance in instances
        if instance.service == "modules" and instance.region != "national"
    }
    return {
        "CONUM_WEB_HTTP_PORT": str(web.port),
        "CONUM_WEB_OIDC_ISSUER": issuer,
        "CONUM_WEB_OIDC_CLIENT_ID": WEB_CLIENT,
        "CONUM_WEB_OIDC_CLIENT_SECRET": secret,
        "CONUM_WEB_ENROLMENT_URL": urls.get("enrolment", ""),
        "CONUM_WEB_POSITIONING_URL": urls.get("positioning", ""),
        "CONUM_WEB_CERTIFICATION_URL": urls.get("certification", ""),
        "CONUM_WEB_CATALOGUE_URL": urls.get("modules-national", ""),
        "CONUM_WEB_NATIONAL_URL": urls.get("national", ""),
        "CONUM_WEB_HUBS": json.dumps(hubs),
    }


def start_identity(identity: LocalIdentity, web: LocalWeb) -> None:
    """The provider, with the application registered as its client (once running, left)."""
    if identity.pid is not None:
        return
    say(f"starting the OpenID Connect provider on {identity.issuer} (development users)")
    secret = web_secret(identity.clients_file)
    identity.start(clients=[web_registration(web.url, secret)])


def start_web(web: LocalWeb, identity: LocalIdentity, instances: Sequence[Instance]) -> None:
    """The application, told the provider and every instance (once running, left)."""
    if web.pid is not None:
        return
    secret = web_secret(identity.clients_file)
    environment = web_environment(web, identity.issuer, secret, instances)
    started = time.monotonic()
    try:
        web.start(environment=environment)
    except ServerError as error:
        say(f"the web application could not start (npm ci in web/ ?): {error}")
        return
    say(f"web application: {web.url} (ready in {time.monotonic() - started:.1f}s)")


def users_table(regions: Sequence[str] | None = None) -> list[str]:
    """The sign-in users as lines of a table (role, region, username, password): the national
    ones and those of ``regions`` (every region when None)."""
    users: list[DevUser] = [
        user
        for user in development_users()
        if regions is None or user.region == "national" or user.region in regions
    ]
    rows = [("rôle", "région", "identifiant", "mot de passe")]
    rows += [(u.role, u.region, u.username, u.password) for u in users]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
