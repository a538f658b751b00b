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
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

import pytest
from conum_devtools.network import tokens
from conum_devtools.network.network import LocalNetwork
from conum_devtools.network.wave import exam_day, luhn_siret
from playwright.async_api import expect

from .browsing import (
    WAIT,
    Person,
    api,
    conseiller_in_training,
    has_text,
    next_weekday,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


async def test_a_structure_enrols_a_conseiller_and_sees_the_path_the_positioning_assigns(
    signed_in: Callable[[str], Awaitable[Person]],
) -> None:
    structure = await signed_in("structure-naq")
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
    await expect(page.get_by_role("heading", name="Structure enregistrée")).to_be_visible()

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
    await expect(page.get_by_role("heading", name="Conseiller inscrit")).to_be_visible()
    await expect(page.locator("#etat")).to_have_text("Inscrit, en attente du positionnement")
    conseiller = page.url.rsplit("/", 1)[-1]

    trainer = await signed_in("la-fabrik-naq")
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
    await expect(
        trainer.page.get_by_role("heading", name="Résultat du positionnement enregistré")
    ).to_be_visible()
    await trainer.shot("organisme-positionnement")

    path = page.locator("#parcours-assigne")
    await structure.until(f"/structure/conseillers/{conseiller}", lambda: has_text(path, "heures"))
    await expect(path).to_contain_text("heures")
    await expect(page.locator("#positionnement")).to_contain_text("numérique 45/100")
    await structure.shot("structure-parcours-attribue")


async def test_a_hub_schedules_a_session_and_finds_it_in_its_calendar(
    signed_in: Callable[[str], Awaitable[Person]],
) -> None:
    hub = await signed_in("hub-naq")
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
    await expect(page.get_by_role("heading", name="Session programmée")).to_be_visible()
    cell = page.locator(f'#calendrier td[data-jour="{day.isoformat()}"]')
    await expect(cell).to_contain_text(place)
    await hub.shot("hub-calendrier")
    await cell.get_by_role("link").filter(has_text=place).click()
    await expect(page.locator("#etat-session")).to_have_text("Programmée")
    await hub.shot("hub-session")


async def test_a_certifier_imports_a_results_file_and_reads_the_report_row_by_row(
    network: LocalNetwork, signed_in: Callable[[str], Awaitable[Person]]
) -> None:
    conseiller = await conseiller_in_training(network)
    certifier = await signed_in("certifier-naq")
    page = certifier.page
    exam = exam_day(date.today())
    await page.get_by_label("Date de l'examen").fill(exam.isoformat())
    await page.get_by_role("button", name="Ouvrir la session").click()
    await expect(page.get_by_role("heading", name="Session d'examen ouverte")).to_be_visible()
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
    network: LocalNetwork, signed_in: Callable[[str], Awaitable[Person]]
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

    hub = await signed_in("hub-idf")
    await hub.go(f"/hub?mois={day.isoformat()[:7]}")
    await expect(hub.page.locator("#calendrier caption")).to_be_visible()
    assert "Session de Limoges" not in await hub.page.locator("#contenu").inner_text()
    await hub.go(f"/hub/sessions/{naq_session}")
    await expect(hub.page.get_by_role("heading", level=1, name="Introuvable")).to_be_visible()
    await hub.shot("hub-idf-session-naq-introuvable")

    structure = await signed_in("structure-idf")
    assert naq_conseiller not in await structure.page.locator("#conseillers").inner_html()
    await structure.go(f"/structure/conseillers/{naq_conseiller}")
    await expect(structure.page.get_by_role("heading", level=1, name="Introuvable")).to_be_visible()
    await structure.go("/hub")
    await expect(
        structure.page.get_by_role("heading", level=1, name="Accès refusé")
    ).to_be_visible()
    await structure.shot("structure-idf-page-d-un-hub")


async def test_la_mednum_publishes_a_module_then_withdraws_it(
    signed_in: Callable[[str], Awaitable[Person]],
) -> None:
    mednum = await signed_in("la-mednum")
    page = mednum.page
    title = f"Intervenir auprès des associations {uuid.uuid4().hex[:4]}"
    await page.get_by_label("Intitulé").fill(title)
    await page.get_by_label("Type de module").select_option("intervenir")
    await page.get_by_role("button", name="Publier le module").click()
    await expect(page.get_by_role("heading", name="Module publié")).to_be_visible()
    row = page.locator("#catalogue tr", has_text=title)
    await expect(row).to_contain_text("Publié")
    await mednum.shot("la-mednum-catalogue")
    await row.get_by_role("button", name="Retirer").click()
    await expect(page.get_by_role("heading", name="Module retiré")).to_be_visible()
    await expect(page.locator("#catalogue tr", has_text=title)).to_contain_text("Retiré")
    await mednum.go("/national")
    await expect(page.get_by_role("heading", level=1, name="Accès refusé")).to_be_visible()


async def test_the_national_space_maps_the_regions_and_a_sign_out_ends_both_sessions(
    network: LocalNetwork, signed_in: Callable[[str], Awaitable[Person]]
) -> None:
    national = await signed_in("national-coordinator")
    page = national.page
    await expect(page.locator("map-chart")).to_be_attached()
    await expect(page.locator('#regions-carte tr[data-key="FR-NAQ"]')).to_be_visible()
    await expect(page.locator("#tendances")).to_be_visible()
    await national.shot("national-vue-d-ensemble")
    await page.get_by_role("button", name="Se déconnecter").click()
    await expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()
    await national.go("/national")
    await expect(page.get_by_role("heading", name="Connexion")).to_be_visible()  # the form again
