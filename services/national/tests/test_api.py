"""The national view over real Kafka, on SQLite and PostgreSQL: a scripted stream of several
regions gives the expected funnel; a rebuild from the start of the topics gives exactly the
same figures; access by role and region; exports, open data, freshness; no personal data."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from conum_kernel.access import Role
from conum_national.app import create_app, figures_of, rebuild
from conum_national.testing import expected_funnel, scripted_plans, scripted_stream
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.events import publish_events
from conum_runtime.testing.harness import bearer, eventually, running, tokens_json
from conum_runtime.testing.services import service_settings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

pytestmark = pytest.mark.kafka

TOKENS = tokens_json(
    ("national", Role.NATIONAL_COORDINATOR.value, "national"),
    ("hub-naq", Role.REGIONAL_HUB.value, "FR-NAQ"),
    ("operator", Role.OPERATOR.value, "national"),
    ("structure-naq", Role.HOST_STRUCTURE.value, "FR-NAQ"),
    ("certifier", Role.CERTIFIER.value, "national"),
)
NATIONAL, HUB, OPERATOR = bearer("national"), bearer("hub-naq"), bearer("operator")
STEPS = (
    "enrolled", "positioned", "training_started", "training_completed", "ccp1_convened",
    "ccp1_passed", "ccp1_failed", "pix_certified", "double_certified", "withdrawn",
)  # fmt: skip
PLANS = scripted_plans(48, seed=5)


def settings_for(database_url: str, kafka: str, prefix: str) -> ServiceSettings:
    return service_settings(database_url, kafka, prefix, TOKENS)


def funnel_of(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, int]]:
    return {(r["region"], r["scheme"]): {s: r[s] for s in STEPS} for r in rows}


async def caught_up(client: httpx.AsyncClient) -> list[dict[str, Any]] | None:
    answer = await client.get("/national/tables/funnel", headers=NATIONAL)
    rows: list[dict[str, Any]] = answer.json()["rows"]
    return rows if funnel_of(rows) == expected_funnel(PLANS) else None


async def test_a_scripted_stream_over_kafka_shows_its_funnel_and_a_rebuild_reproduces_it(
    database_url: str, kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    settings = settings_for(database_url, kafka_bootstrap, topic_prefix)
    await publish_events(kafka_bootstrap, topic_prefix, scripted_stream(PLANS))
    async with running(create_app(settings)) as client:
        await eventually(lambda: caught_up(client), timeout=90)
        freshness = (await client.get("/national/freshness", headers=OPERATOR)).json()
    assert freshness["broker_reachable"] and freshness["lag"] == 0
    applied = [t for t in freshness["topics"] if t["last_applied_at"]]
    assert {t["topic"].removeprefix(topic_prefix) for t in applied} == {
        "conum.enrolment.conseiller",
        "conum.positioning.conseiller",
        "conum.certification.conseiller",
    }

    rebuilt_url = f"sqlite+aiosqlite:///{tmp_path}/rebuilt.db"
    report = await rebuild(settings, rebuilt_url)
    assert report.records == sum(report.end_offsets.values()) == len(scripted_stream(PLANS))
    live, rebuilt = await figures_of(database_url), await figures_of(rebuilt_url)
    assert rebuilt == live
    assert funnel_of(rebuilt["funnel"]) == expected_funnel(PLANS)

    everything = await dump(database_url)
    for plan in PLANS:
        assert plan.email not in everything and plan.last_name not in everything


async def test_coordinators_see_everything_hubs_their_region_others_nothing(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    settings = settings_for(sqlite_url, kafka_bootstrap, topic_prefix)
    await publish_events(kafka_bootstrap, topic_prefix, scripted_stream(PLANS))
    async with running(create_app(settings)) as client:
        await eventually(lambda: caught_up(client), timeout=90)
        everywhere = (await client.get("/national/tables/regions", headers=NATIONAL)).json()
        assert len(everywhere["rows"]) == 19
        mine = (await client.get("/national/tables/funnel", headers=HUB)).json()["rows"]
        assert {row["region"] for row in mine} == {"FR-NAQ"}
        other = await client.get("/national/tables/funnel?region=FR-IDF", headers=HUB)
        assert (other.status_code, other.json()["code"]) == (403, "wrong_region")
        drill = await client.get("/national/regions/FR-IDF", headers=HUB)
        assert drill.status_code == 403
        for token in ("structure-naq", "certifier", "operator"):
            refused = await client.get("/national/tables/funnel", headers=bearer(token))
            assert (refused.status_code, refused.json()["code"]) == (403, "role_not_allowed")
        naq = next(p for p in PLANS if p.region == "FR-NAQ")
        idf = next(p for p in PLANS if p.region == "FR-IDF")
        step = await client.get(f"/national/conseillers/{naq.conseiller_id}", headers=HUB)
        assert step.status_code == 200 and step.json()["region"] == "FR-NAQ"
        assert "email" not in step.text and naq.last_name not in step.text
        hidden = await client.get(f"/national/conseillers/{idf.conseiller_id}", headers=HUB)
        assert (hidden.status_code, hidden.json()["code"]) == (404, "unknown_conseiller")

        region = (await client.get("/national/regions/FR-IDF", headers=NATIONAL)).json()
        departments = {row["department"] for row in region["tables"]["departments"]["rows"]}
        assert departments == {p.department for p in PLANS if p.region == "FR-IDF"}


async def test_exports_csv_json_and_open_data_with_secrecy(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    settings = settings_for(sqlite_url, kafka_bootstrap, topic_prefix)
    await publish_events(kafka_bootstrap, topic_prefix, scripted_stream(PLANS))
    async with running(create_app(settings)) as client:
        await eventually(lambda: caught_up(client), timeout=90)
        exported = await client.get(
            "/national/exports/funnel?region=FR-NAQ&from=2026-01-01&to=2026-12-31",
            headers=NATIONAL,
        )
        assert exported.headers["content-type"].startswith("text/csv")
        assert "attachment" in exported.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(exported.text)))
        assert {row["region"] for row in rows} == {"FR-NAQ"}
        assert sum(int(r["enrolled"]) for r in rows) == sum(p.region == "FR-NAQ" for p in PLANS)
        as_json = await client.get("/national/exports/withdrawals?format=json", headers=NATIONAL)
        assert as_json.json()["name"] == "withdrawals"
        early = await client.get("/national/tables/funnel?to=2026-01-31", headers=NATIONAL)
        early_count = sum(row["enrolled"] for row in early.json()["rows"])
        assert early_count == sum(p.enrolled_on.month == 1 for p in PLANS)
        backwards = await client.get(
            "/national/tables/funnel?from=2026-03-01&to=2026-02-01", headers=NATIONAL
        )
        assert (backwards.status_code, backwards.json()["code"]) == (422, "invalid_period")

        published = await client.get("/national/open-data/departments", headers=NATIONAL)
        assert published.text.startswith("niveau,code_region,")
        assert "\r\n" in published.text
        table = list(csv.DictReader(io.StringIO(published.text)))
        national = next(
            r for r in table if r["niveau"] == "national" and r["dispositif"] == "ensemble"
        )
        assert national["inscrits"] == str(len(PLANS))
        landes = [r for r in table if r["code_departement"] == "40"]
        assert {r["code_region"] for r in landes} == {"75"}
        small = [r for r in table if r["inscrits"] not in ("", "0") and int(r["inscrits"]) < 5]
        assert not small, "no published count under the threshold"
        assert any(r["inscrits"] == "" for r in table)
        schema = (await client.get("/national/open-data/schema", headers=NATIONAL)).json()
        assert [f["name"] for f in schema["fields"]] == list(table[0])
        hub = await client.get("/national/open-data/departments?format=json", headers=HUB)
        hub_rows = hub.json()["rows"]
        assert {r["code_region_reseau"] for r in hub_rows} == {"FR-NAQ"}
        same = {(r["code_departement"], r["dispositif"]): r for r in table}
        for row in hub_rows:
            if row["niveau"] == "departement":
                assert row == same[(row["code_departement"], row["dispositif"])]


async def test_the_dashboard_page_is_served_with_its_assets_and_no_figure(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    settings = settings_for(sqlite_url, kafka_bootstrap, topic_prefix)
    async with running(create_app(settings)) as client:
        page = await client.get("/national/dashboard")
        assert page.status_code == 200 and 'lang="fr"' in page.text
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert "http" not in page.text.replace("http://www.w3.org", "")
        script = await client.get("/national/dashboard/app.js")
        assert script.headers["content-type"].startswith("text/javascript")
        assert (await client.get("/national/dashboard/secret.py")).status_code == 404
        assert (await client.get("/")).status_code in (302, 307)


async def dump(database_url: str) -> str:
    from conum_national.store import metadata

    engine = create_async_engine(database_url)
    texts: list[str] = []
    async with engine.connect() as connection:
        for table in metadata.sorted_tables:
            rows = await connection.execute(text(f"SELECT * FROM {table.name}"))
            texts += [str(value) for row in rows.all() for value in row]
    await engine.dispose()
    return "\n".join(texts)
