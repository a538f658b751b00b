"""Each party in Debian's Chromium, against the real local network (Kafka, every service
instance, the OpenID Connect provider, the web application: ``LocalNetwork.up`` on shifted
ports, once for the module), signing in through the provider's form as a person would.

Screenshots are kept in ``var/artefacts/web/``. What a test needs beforehand (an enrolled
conseiller in training, a hub's session in another region) is made through the services' HTTP
APIs with the development tokens, as the wave does.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from conum_devtools.network import tokens
from conum_devtools.network.instances import installed_instances
from conum_devtools.network.network import LocalNetwork
from conum_devtools.network.wave import exam_day, luhn_siret
from conum_devtools.network.webapp import IDENTITY_PORT, WEB_PORT
from conum_devtools.processes import port_is_bindable
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--lang=fr-FR", "--no-first-run"]
REPOSITORY = Path(__file__).resolve().parents[2]
ARTEFACTS = REPOSITORY / "var" / "artefacts" / "web"
WAIT = 60.0
"""Seconds the events may take to reach another service."""


def free_offset() -> int:
    for offset in range(21_000, 41_000, 1_000):
        ports = [9092, IDENTITY_PORT, WEB_PORT] + [i.port for i in installed_instances()]
        if all(port_is_bindable(port + offset) for port in ports):
            return offset
    raise RuntimeError("no free port range for a network")


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


class Person:
    """One person's browser (its own cookies), signed in as a development user."""

    def __init__(self, context: BrowserContext, page: Page, base: str) -> None:
        self.context, self.page, self.base = context, page, base
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    async def go(self, path: str) -> None:
        await self.page.goto(f"{self.base}{path}")

    async def shot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        await self.page.screenshot(path=str(path), full_page=True)
        return path

    async def until(self, path: str, ready: Callable[[], Awaitable[bool]]) -> None:
        """Reload ``path`` until ``ready()`` (what another service learns by events)."""
        deadline = time.monotonic() + WAIT
        while True:
            await self.go(path)
            if await ready():
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} did not show what was awaited within {WAIT}s")
            await asyncio.sleep(1.0)


@pytest.fixture
async def sign_in(
    network: LocalNetwork, browser: Browser
) -> AsyncIterator[Callable[[str], Awaitable[Person]]]:
    people: list[Person] = []

    async def signed_in(username: str) -> Person:
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

    yield signed_in
    for person in people:
        assert not person.errors, person.errors
        await person.context.close()


def api(network: LocalNetwork, name: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=network.url_of(name), timeout=30)


async def eventually(probe: Callable[[], Awaitable[bool]], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not await probe():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.5)


async def conseiller_in_training(network: LocalNetwork, region: str = "FR-NAQ") -> str:
    """A 2024 conseiller of ``region`` enrolled, positioned and in training (through the APIs)."""
    structure_token = {"Authorization": f"Bearer {tokens.structure_token(region)}"}
    async with api(network, "enrolment") as enrolment, api(network, "positioning") as positioning:
        siret = luhn_siret(f"{random.randrange(10**12, 10**13):013d}")
        department = "33" if region == "FR-NAQ" else "75"
        made = await enrolment.post(
            "/structures",
            json={
                "siret": siret,
                "name": "Médiathèque",
                "kind": "collectivite",
                "department": department,
            },
            headers=structure_token,
        )
        assert made.status_code == 201, made.text
        enrolled = await enrolment.post(
            "/enrolments",
            json={
                "structure_id": made.json()["structure_id"],
                "scheme": "2024",
                "employment": "recruited",
                "person": {
                    "first_name": "Inès",
                    "last_name": "Garnier",
                    "email": f"{uuid.uuid4().hex}@example.org",
                },
            },
            headers=structure_token,
        )
        assert enrolled.status_code == 201, enrolled.text
        conseiller = enrolled.json()["conseiller_id"]
        organisation = enrolled.json()["training_organisation"]["id"]
        trainer = {"Authorization": f"Bearer {tokens.organisation_token(organisation, region)}"}

        async def scheduled() -> bool:
            return (
                await positioning.get(f"/positionings/{conseiller}", headers=trainer)
            ).status_code == 200

        await eventually(scheduled, "the positioning test")
        result = {"digital_score": 70, "support_score": 60, "interview_note": "entretien fait"}
        recorded = await positioning.post(
            f"/positionings/{conseiller}/result", json=result, headers=trainer
        )
        assert recorded.status_code == 201, recorded.text
    return conseiller


async def test_a_structure_enrols_a_conseiller_and_sees_the_path_the_positioning_assigns(
    sign_in: Callable[[str], Awaitable[Person]],
) -> None:
    structure = await sign_in("structure-naq")
    page = structure.page
    await expect(page.get_by_role("heading", name="Mes conseillers")).to_be_visible()

    await structure.go("/structure/structures/nouvelle")
    await page.get_by_label("SIRET").fill("12345678901234")  # fails the checksum
    await page.get_by_label("Nom de la structure").fill("Espace numérique de Pessac")
    await page.get_by_label("Type de structure").select_option("collectivite")
    await page.get_by_label("Département").select_option("33")
    await page.get_by_role("button", name="Enregistrer la structure").click()
    await expect(page.locator("#erreur-service")).to_contain_text(
        "Le numéro SIRET n'est pas valide"
    )
    await expect(page.get_by_label("Nom de la structure")).to_have_value(
        "Espace numérique de Pessac"
    )
    await structure.shot("structure-siret-refuse")
    await page.get_by_label("SIRET").fill(luhn_siret(f"{random.randrange(10**12, 10**13):013d}"))
    await page.get_by_role("button", name="Enregistrer la structure").click()
    await expect(page.get_by_text("Structure enregistrée")).to_be_visible()

    await structure.go("/structure/inscrire")
    await page.get_by_label("Prénom").fill("Léa")
    await page.get_by_label("Nom", exact=True).fill("Dubois")
    await page.get_by_label("Adresse électronique").fill(f"lea.{uuid.uuid4().hex[:8]}@example.org")
    await page.get_by_label("Structure d'accueil").select_option(
        label="Espace numérique de Pessac (33)"
    )
    await page.get_by_label("Dispositif").select_option("2024")
    await page.get_by_label("Emploi").select_option("recruited")
    await page.get_by_role("button", name="Vérifier l'orientation").click()
    routed = page.locator("#organisme-oriente")
    await expect(routed).to_contain_text("Fabrik")
    await structure.shot("structure-orientation")
    await page.get_by_role("button", name="Confirmer l'inscription").click()
    await expect(page.get_by_text("Conseiller inscrit")).to_be_visible()
    await expect(page.locator("#etat")).to_have_text("Inscrit, en attente du positionnement")
    conseiller = page.url.rsplit("/", 1)[-1]

    trainer = await sign_in("la-fabrik-naq")
    await trainer.until(
        "/organisme",
        lambda: trainer.page.locator(f'tr[data-conseiller="{conseiller}"]').is_visible(),
    )
    await trainer.page.locator(f'tr[data-conseiller="{conseiller}"] a').click()
    await trainer.until(
        f"/organisme/conseillers/{conseiller}",
        lambda: trainer.page.locator("#resultat").is_visible(),
    )
    await trainer.page.get_by_label("Score numérique").fill("45")
    await trainer.page.get_by_label("Score d'accompagnement").fill("55")
    await trainer.page.get_by_label("Note d'entretien").fill("Motivée, à l'aise à l'oral")
    await trainer.page.get_by_role("button", name="Enregistrer le résultat").click()
    await expect(trainer.page.get_by_text("Résultat du positionnement enregistré")).to_be_visible()
    await trainer.shot("organisme-positionnement")

    path = page.locator("#parcours-assigne")
    await structure.until(f"/structure/conseillers/{conseiller}", lambda: _has(path, "heures"))
    await expect(path).to_contain_text("heures")
    await expect(page.locator("#positionnement")).to_contain_text("numérique 45/100")
    await structure.shot("structure-parcours-attribue")


async def _has(locator: Any, text: str) -> bool:
    return text in (await locator.inner_text())


def next_weekday(after: date, weekday: int) -> date:
    return after + timedelta(days=(weekday - after.weekday()) % 7 or 7)


async def test_a_hub_schedules_a_session_and_finds_it_in_its_calendar(
    sign_in: Callable[[str], Awaitable[Person]],
) -> None:
    hub = await sign_in("hub-naq")
    page = hub.page
    await expect(page.locator("#calendrier")).to_be_visible()
    day = next_weekday(date.today() + timedelta(days=10), 1)
    await hub.go("/hub/sessions/nouvelle")
    option = page.locator("#champ-module_id option", has_text="(7 h)").first
    module = await option.get_attribute("value")
    assert module
    await page.get_by_label("Module du catalogue").select_option(module)
    await page.get_by_label("Premier jour", exact=True).fill(day.isoformat())
    await page.get_by_label("Modalité du premier jour").select_option("in_person")
    await page.get_by_label("Nombre de places").fill("0")  # no seat
    place = f"Tiers-lieu de Bègles {uuid.uuid4().hex[:4]}"
    await page.get_by_label("Lieu").fill(place)
    await page.get_by_role("button", name="Programmer la session").click()
    await expect(page.locator("#erreur-service")).to_contain_text(
        re.compile("nombre de places", re.I)
    )
    await expect(page.get_by_label("Lieu")).to_have_value(place)
    await page.get_by_label("Nombre de places").fill("12")
    await page.get_by_role("button", name="Programmer la session").click()
    await expect(page.get_by_text("Session programmée")).to_be_visible()
    cell = page.locator(f'#calendrier td[data-jour="{day.isoformat()}"]')
    await expect(cell).to_contain_text(place)
    await hub.shot("hub-calendrier")
    await cell.get_by_role("link").filter(has_text=place).click()
    await expect(page.locator("#etat-session")).to_have_text("Programmée")
    await hub.shot("hub-session")


async def test_a_certifier_imports_a_results_file_and_reads_the_report_row_by_row(
    network: LocalNetwork, sign_in: Callable[[str], Awaitable[Person]]
) -> None:
    conseiller = await conseiller_in_training(network)
    certifier = await sign_in("certifier-naq")
    page = certifier.page
    exam = exam_day(date.today())
    await page.get_by_label("Date de l'examen").fill(exam.isoformat())
    await page.get_by_role("button", name="Ouvrir la session").click()
    await expect(page.get_by_text("Session d'examen ouverte")).to_be_visible()
    session = (await page.locator("#numero-session").inner_text()).strip()

    async def convened() -> bool:
        await page.get_by_label("Identifiant du conseiller").fill(conseiller)
        await page.get_by_role("button", name="Convoquer").click()
        await page.wait_for_load_state()
        return await page.get_by_role("heading", name="Conseiller convoqué").is_visible()

    deadline = time.monotonic() + WAIT  # certification learns of the training by events
    while not await convened():
        assert time.monotonic() < deadline, await page.locator("#erreur-service").inner_text()
        await asyncio.sleep(1.0)
        await certifier.go(f"/certification/sessions/{session}")

    csv = (
        "conseiller_id,kind,exam_session_id,result,score,decided_on\n"
        f"{conseiller},ccp1,{session},passed,,{exam.isoformat()}\n"
        f"{uuid.uuid4()},ccp1,{session},passed,,{exam.isoformat()}\n"
        f"{conseiller},pix,,certified,700,{exam.isoformat()}\n"
        f"{conseiller},ccp1,{session},passed,,pas-une-date\n"
    )
    await certifier.go("/certification/import")
    await page.get_by_label("Fichier de résultats").set_input_files(
        files=[{"name": "resultats-session.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    await page.get_by_role("button", name="Importer").click()
    report = page.locator("#rapport-import")
    await expect(report).to_contain_text("1 ligne(s) enregistrée(s), 3 refusée(s)")
    rows = page.locator("#lignes-refusees tbody tr")
    await expect(rows).to_have_count(3)
    assert await rows.nth(0).get_attribute("data-ligne") == "3"
    await expect(page.locator('#lignes-refusees tr[data-ligne="4"]')).to_contain_text("Pix")
    await certifier.shot("certificateur-import")
    await certifier.go(f"/certification/sessions/{session}")
    await expect(page.locator(f'#convocations tr[data-conseiller="{conseiller}"]')).to_contain_text(
        "Obtenu"
    )


async def test_a_party_never_sees_another_regions_data(
    network: LocalNetwork, sign_in: Callable[[str], Awaitable[Person]]
) -> None:
    naq_conseiller = await conseiller_in_training(network, "FR-NAQ")
    hub_naq = {"Authorization": f"Bearer {tokens.hub_token('FR-NAQ')}"}
    async with api(network, "modules-FR-NAQ") as modules:
        published = (
            await modules.get("/modules", params={"state": "published"}, headers=hub_naq)
        ).json()
        module = next(m for m in published if m["kind"] == "prise_en_main")
        day = next_weekday(date.today() + timedelta(days=7), 3)
        made = await modules.post(
            "/sessions",
            json={
                "module_id": module["module_id"],
                "region": "FR-NAQ",
                "capacity": 10,
                "days": [{"on": day.isoformat(), "mode": "in_person"}],
                "place": "Session de Limoges",
            },
            headers=hub_naq,
        )
        assert made.status_code == 201, made.text
        naq_session = made.json()["session_id"]

    hub = await sign_in("hub-idf")
    await hub.go(f"/hub?mois={day.isoformat()[:7]}")
    await expect(hub.page.locator("#calendrier caption")).to_be_visible()
    assert "Session de Limoges" not in await hub.page.locator("#contenu").inner_text()
    await hub.go(f"/hub/sessions/{naq_session}")
    await expect(hub.page.get_by_role("heading", level=1, name="Introuvable")).to_be_visible()
    await hub.shot("hub-idf-session-naq-introuvable")

    structure = await sign_in("structure-idf")
    assert naq_conseiller not in await structure.page.locator("#conseillers").inner_html()
    await structure.go(f"/structure/conseillers/{naq_conseiller}")
    await expect(structure.page.get_by_role("heading", level=1, name="Introuvable")).to_be_visible()
    await structure.go("/hub")
    await expect(
        structure.page.get_by_role("heading", level=1, name="Accès refusé")
    ).to_be_visible()
    await structure.shot("structure-idf-page-d-un-hub")


async def test_the_national_space_maps_the_regions_and_a_sign_out_ends_both_sessions(
    network: LocalNetwork, sign_in: Callable[[str], Awaitable[Person]]
) -> None:
    national = await sign_in("national-coordinator")
    page = national.page
    await expect(page.locator("map-chart")).to_be_attached()
    await expect(page.locator('#regions-carte tr[data-key="FR-NAQ"]')).to_be_visible()
    await expect(page.locator("#tendances")).to_be_visible()
    await national.shot("national-vue-d-ensemble")
    await page.get_by_role("button", name="Se déconnecter").click()
    await expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()
    await national.go("/national")
    await expect(page.get_by_role("heading", name="Connexion")).to_be_visible()  # the form again
