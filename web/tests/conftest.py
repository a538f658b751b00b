"""What the web application's tests share: the local provider served on 127.0.0.1 (its
users: a host structure, an operator, a national coordinator), the application in process
(its services where the test says), and a person signing in as a browser would; for the
browser tests, the whole local network (once per test module) and Chromium."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import uvicorn
from conum_devtools.identity.app import ProviderConfig, create_provider
from conum_devtools.identity.keys import SigningKey
from conum_devtools.identity.records import Client
from conum_devtools.identity.users import DevUser, StoredUser, hash_password
from conum_devtools.network.network import LocalNetwork
from conum_devtools.processes import free_port
from conum_web.app import create_app
from conum_web.settings import WebSettings
from playwright.async_api import Browser, async_playwright, expect
from pydantic import SecretStr

from .browsing import ARGS, CHROMIUM, REPOSITORY, Person, free_offset

WEB = "http://web.test"
ASSETS = Path(__file__).resolve().parents[1] / "node_modules"
USERS = [
    DevUser("structure-naq", "host_structure", "FR-NAQ"),
    DevUser("operator", "operator", "national"),
    DevUser("national-coordinator", "national_coordinator", "national"),
]


@contextmanager
def serving(app: Any, port: int) -> Iterator[str]:
    """``app`` served on 127.0.0.1:``port`` from a thread until the block ends; its URL."""
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def provider() -> Iterator[str]:
    """The local provider on a port: its issuer is its own address."""
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    client = Client("conum-web", "secret", (f"{WEB}/connexion/retour",), (f"{WEB}/",))
    config = ProviderConfig(
        issuer,
        "conum-api",
        SigningKey.generate(),
        {client.client_id: client},
        {u.username: StoredUser(u, hash_password(u.password)) for u in USERS},
    )
    with serving(create_provider(config), port) as url:
        yield url


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    if not (ASSETS / "@gouvfr/dsfr/dist").is_dir():
        pytest.fail("the design system is missing: ./conum test runs npm ci in web/")
    with provider() as url:
        yield url


@asynccontextmanager
async def application(issuer: str, **services: str) -> AsyncIterator[httpx.AsyncClient]:
    """The application in process; every service not given answers nowhere."""
    closed = f"http://127.0.0.1:{free_port()}"
    urls = dict.fromkeys(
        ("enrolment_url", "positioning_url", "certification_url", "catalogue_url", "national_url"),
        closed,
    )
    settings = WebSettings(
        public_url=WEB,
        oidc_issuer=issuer,
        oidc_client_secret=SecretStr("secret"),
        assets_dir=ASSETS,
        hubs={},
        **(urls | services),
    )
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=WEB) as client,
    ):
        yield client


@pytest.fixture
async def web(issuer: str) -> AsyncIterator[httpx.AsyncClient]:
    async with application(issuer) as client:
        yield client


async def sign_in(web: httpx.AsyncClient, user: DevUser, back_to: str = "/") -> httpx.Response:
    """The browser's steps: to the application, to the provider's form, back with a code."""
    to_provider = await web.get("/connexion", params={"retour": back_to})
    assert to_provider.status_code == 303
    authorize = to_provider.headers["location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["client_id"] == ["conum-web"]
    async with httpx.AsyncClient() as browser:
        form = await browser.get(authorize)
        hidden = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form.text))
        hidden = {name: unescape(value) for name, value in hidden.items()}
        back = await browser.post(
            authorize.split("?")[0],
            data=hidden | {"username": user.username, "password": user.password},
        )
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["location"])
    return await web.get(f"{callback.path}?{callback.query}")


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNetwork]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: ./conum test installs it (apt-get install chromium)")
    if not (REPOSITORY / "web/node_modules/@gouvfr/dsfr/dist").is_dir():
        pytest.fail("the design system is missing: ./conum test runs npm ci in web/")
    local = LocalNetwork(tmp_path_factory.mktemp("network") / "var", free_offset())
    try:
        local.up(observability=False)
        assert local.web().pid is not None, "the web application did not start"
        yield local
    finally:
        local.down()


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def signed_in(
    network: LocalNetwork, browser: Browser
) -> AsyncIterator[Callable[[str], Awaitable[Person]]]:
    people: list[Person] = []

    async def sign_in_as(username: str) -> Person:
        context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        page = await context.new_page()
        person = Person(context, page, network.web().url)
        people.append(person)
        await person.go("/")
        await page.get_by_role("link", name="Se connecter").first.click()
        await expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
        assert page.url.startswith(network.identity().issuer)
        await page.get_by_label("Identifiant").fill(username)
        await page.get_by_label("Mot de passe").fill(f"mdp-{username}")
        await page.get_by_role("button", name="Se connecter").click()
        await expect(page.locator("#connecte")).to_be_visible()
        return person

    yield sign_in_as
    for person in people:
        assert not person.errors, person.errors
        await person.context.close()
