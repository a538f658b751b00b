"""Corsica is FR-20R (ISO 3166-2, decision 0024), over HTTP and on Kafka.

A Corsican structure and its conseiller are FR-20R in answers, stores and the new majors;
``FR-COR``, the former code, is still read (a filter, a token's region, an instance's
region); during the deprecation period the previous majors go out too, with ``FR-COR``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conum_enrolment.app import create_app
from conum_runtime.testing.events import validated
from conum_runtime.testing.harness import bearer, read_topic, running, tokens_json
from conum_runtime.testing.services import SettableClock, service_settings

from .conftest import TOKEN_ENTRIES
from .test_api_enrolments import enrolment_body, new_structure, structure_body

pytestmark = pytest.mark.kafka

CORSICAN_TOKENS = (
    ("structure-corse", "host_structure", "FR-20R"),
    ("structure-cor", "host_structure", "FR-COR"),  # a token issued before the new code
)


async def test_a_corsican_enrolment_is_fr_20r_and_the_former_code_is_still_read(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    settings = service_settings(
        f"sqlite+aiosqlite:///{tmp_path}/enrolment.db",
        kafka_bootstrap,
        topic_prefix,
        tokens_json(*TOKEN_ENTRIES, *CORSICAN_TOKENS),
        region="FR-COR",  # an instance configured before the new code runs as FR-20R
        publish_previous_majors_until=date(2027, 6, 30),
    )
    app = create_app(settings, clock=SettableClock(date(2026, 3, 2)))
    async with running(app) as client:
        ajaccio = await new_structure(client, "structure-cor", department="2A")
        enrolled = await client.post(
            "/enrolments", json=enrolment_body(ajaccio), headers=bearer("structure-corse")
        )
        assert enrolled.status_code == 201, enrolled.text
        assert enrolled.json()["region"] == "FR-20R"
        for region in ("FR-20R", "FR-COR"):
            listed = await client.get(f"/enrolments?region={region}", headers=bearer("national"))
            assert [item["region"] for item in listed.json()["items"]] == ["FR-20R"], region
        elsewhere = structure_body(seed=2, department="40")
        refused = await client.post("/structures", json=elsewhere, headers=bearer("national"))
        assert refused.json()["code"] == "wrong_region"  # a Corsican instance: Corsica only
        records = await read_topic(
            kafka_bootstrap,
            topic_prefix + "conum.enrolment.conseiller",
            until=lambda r: len(r) >= 2,
        )
    by_type = {record.envelope.type: record for record in records}
    assert set(by_type) == {
        "fr.conum.enrolment.conseiller.enrolled.v3",
        "fr.conum.enrolment.conseiller.enrolled.v2",
    }
    for major, region in ((3, "FR-20R"), (2, "FR-COR")):
        record = by_type[f"fr.conum.enrolment.conseiller.enrolled.v{major}"]
        event = validated(record.envelope.type, record.value)
        assert getattr(event, "region") == record.envelope.region == region  # noqa: B009
        assert record.envelope.source == f"/{region}/enrolment"
    assert by_type["fr.conum.enrolment.conseiller.enrolled.v2"].envelope.sunset == "2027-06-30"
    assert by_type["fr.conum.enrolment.conseiller.enrolled.v3"].envelope.deprecation is None
