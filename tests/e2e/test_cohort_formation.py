"""2021 scheme, over a real broker: eight enrolments → positioning → path.assigned → one cohort.

The eight conseillers of one structure are enrolled over HTTP, the training organisation records
the same scores for each, positioning assigns the same path, and enrolment forms the cohort of
eight who start and end together.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conum_contracts.enrolment import CohortFormedV2, TrainingStartedV1
from conum_enrolment.app import create_app as create_enrolment
from conum_enrolment.testing import valid_siret
from conum_positioning.app import create_app as create_positioning
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import ReadRecord, bearer, read_topic, running, tokens_json

pytestmark = pytest.mark.kafka

TOKENS = tokens_json(
    ("structure", "host_structure", "FR-NAQ"),
    ("organisation", "training_organisation", "FR-NAQ"),
)
COHORT_SIZE = 8


async def test_eight_positioned_conseillers_form_one_cohort(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    def settings(name: str) -> ServiceSettings:
        return ServiceSettings(
            database_url=f"sqlite+aiosqlite:///{tmp_path}/{name}.db",
            kafka_bootstrap_servers=kafka_bootstrap,
            topic_prefix=topic_prefix,
            tokens=TOKENS,
            relay_poll_interval=0.05,
        )

    async with (
        running(create_enrolment(settings("enrolment"))) as enrolment,
        running(create_positioning(settings("positioning"))) as positioning,
    ):
        structure = await enrolment.post(
            "/structures",
            headers=bearer("structure"),
            json={
                "siret": valid_siret(21),
                "name": "Centre social",
                "kind": "association",
                "department": "33",
            },
        )
        assert structure.status_code == 201, structure.text
        conseillers = []
        for number in range(COHORT_SIZE):
            enrolled = await enrolment.post(
                "/enrolments",
                headers=bearer("structure"),
                json={
                    "structure_id": structure.json()["structure_id"],
                    "scheme": "2021",
                    "employment": "hiring_promise",
                    "person": {
                        "first_name": "Prénom",
                        "last_name": f"Nom{number}",
                        "email": f"conseiller{number}@example.org",
                    },
                },
            )
            assert enrolled.status_code == 201, enrolled.text
            conseillers.append(enrolled.json()["conseiller_id"])

        for conseiller_id in conseillers:
            result = None
            for _ in range(300):  # the positioning exists once the enrolment event arrived
                result = await positioning.post(
                    f"/positionings/{conseiller_id}/result",
                    headers=bearer("organisation"),
                    json={"digital_score": 52, "support_score": 61, "interview_note": "ok"},
                )
                if result.status_code != 404:
                    break
                await asyncio.sleep(0.1)
            assert result is not None and result.status_code == 201, result and result.text
            assert result.json()["path_hours"] == 280

        cohorts = await read_topic(
            kafka_bootstrap, topic_prefix + "conum.enrolment.cohort", until=lambda r: len(r) >= 1
        )
        started = await read_topic(
            kafka_bootstrap,
            topic_prefix + "conum.enrolment.conseiller",
            until=lambda found: _count(found, "training_started") >= COHORT_SIZE,
        )

    (formed_record,) = cohorts
    formed = CohortFormedV2.model_validate(formed_record.json())
    assert sorted(formed.conseiller_ids) == sorted(conseillers)
    assert formed.path_hours == 280
    assert (formed.ends_on - formed.starts_on).days >= 15 * 7  # 16 weeks together
    starts = [
        TrainingStartedV1.model_validate(record.json())
        for record in started
        if record.envelope.type.endswith("training_started.v1")
    ]
    assert {start.cohort_id for start in starts} == {formed.cohort_id}
    assert {start.starts_on for start in starts} == {formed.starts_on}
    assert {start.planned_end_on for start in starts} == {formed.ends_on}


def _count(records: list[ReadRecord], action: str) -> int:
    return sum(1 for record in records if f".{action}." in record.headers.get("ce_type", ""))
