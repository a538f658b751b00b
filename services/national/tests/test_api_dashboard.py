"""The dashboard in a real browser (Debian's Chromium driven by Playwright): the page signs
in with a token, shows the figures of a seeded stream, and drills down into a region. A
screenshot is kept under the test's directory and copied to ``var/artefacts/``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from conum_national.app import create_app
from conum_national.testing import (
    envelope_on,
    expected_funnel,
    module_events,
    scripted_plans,
    scripted_stream,
)
from conum_runtime.testing.events import publish_events
from conum_runtime.testing.served import served
from conum_runtime.testing.services import service_settings
from playwright.async_api import async_playwright

from .test_api import NATIONAL, TOKENS, funnel_of

pytestmark = [pytest.mark.kafka, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(__file__).resolve().parents[3] / "var" / "artefacts"
PLANS = scripted_plans(36, seed=21)


@pytest.fixture
def base_url(sqlite_url: str, kafka_bootstrap: str, topic_prefix: str) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: ./conum test installs it (apt-get install chromium)")
    settings = service_settings(sqlite_url, kafka_bootstrap, topic_prefix, TOKENS)
    with served(create_app(settings)) as url:
        yield url


async def test_the_dashboard_shows_the_seeded_figures_and_drills_down_into_a_region(
    base_url: str, kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    modules = module_events("FR-NAQ")
    seeded = scripted_stream(PLANS) + [
        (event, envelope_on(event, "FR-NAQ", date(2026, 5, 4), n))
        for n, event in enumerate(modules.values())
    ]
    await publish_events(kafka_bootstrap, topic_prefix, seeded)
    async with httpx.AsyncClient(base_url=base_url) as client:
        for _ in range(300):
            rows = (await client.get("/national/tables/funnel", headers=NATIONAL)).json()["rows"]
            if funnel_of(rows) == expected_funnel(PLANS):
                break
            await _sleep()
        else:
            pytest.fail("the view did not catch up")
    naq = [p for p in PLANS if p.region == "FR-NAQ"]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        await page.goto(f"{base_url}/national/dashboard")
        await page.fill("#token", "national")
        await page.click("#sign-in-form button[type=submit]")

        row = page.locator('#regions-table tr[data-key="FR-NAQ"]')
        await row.wait_for()
        enrolled = row.locator('td[data-column="enrolled"]')
        assert await enrolled.inner_text() == str(len(naq))
        bar = page.locator('#funnel-chart text.bar-value[data-step="enrolled"]')
        assert _digits(await bar.text_content()) == str(len(PLANS))
        double = page.locator('#funnel-chart text.bar-value[data-step="double_certified"]')
        doubles = sum(p.reached("double") for p in PLANS)
        assert _digits((await double.text_content() or "").split("(")[0]) == str(doubles)
        await page.locator("#freshness-summary").filter(has_text="Retard total : 0").wait_for()
        satisfied = page.locator('#satisfaction-table td[data-column="satisfied_overall_pct"]')
        assert (await satisfied.first.inner_text()).startswith("80")

        await row.click()
        await page.locator("#region-detail").wait_for(state="visible")
        assert "Nouvelle-Aquitaine" in await page.locator("#region-title").inner_text()
        cells = page.locator('#departments-table tbody td[data-column="department"]')
        shown = set(await cells.all_inner_texts())
        assert shown == {p.department for p in naq}
        await page.wait_for_function(
            "n => document.querySelector('#funnel-chart text.bar-value[data-step=\"enrolled\"]')"
            ".textContent.replace(/\\D/g, '') === String(n)",
            arg=len(naq),
        )
        screenshot = tmp_path / "national-dashboard.png"
        await page.screenshot(path=str(screenshot), full_page=True)
        await browser.close()
    assert not errors, errors
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    kept = ARTEFACTS / screenshot.name
    shutil.copy(screenshot, kept)
    print(f"dashboard screenshot: {screenshot} (kept as {kept})")


def _digits(text: str | None) -> str:
    return "".join(c for c in text or "" if c.isdigit())


async def _sleep() -> None:
    import asyncio

    await asyncio.sleep(0.3)
