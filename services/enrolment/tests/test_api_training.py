"""Initial training over a real broker: path.assigned → cohorts or individual start,
referent, attendance, completion, withdrawal."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from conum_contracts.envelope import Envelope
from conum_contracts.positioning import PathAssignedV2
from conum_enrolment.testing import path_assigned, valid_siret
from conum_runtime.consumer import Outcome
from conum_runtime.testing.events import envelope_for, publish_events, validated
from conum_runtime.testing.harness import ReadRecord, bearer, eventually, read_topic, running
from conum_runtime.testing.services import SettableClock
from fastapi import FastAPI

from .conftest import AppFactory

pytestmark = pytest.mark.kafka
NATIONAL = bearer("national")
ORGANISATION = bearer("organisation-naq")


async def enrol_many(client: httpx.AsyncClient, scheme: str, count: int) -> list[str]:
    structure = await client.post(
        "/structures",
        json={
            "siret": valid_siret(7),
            "name": "Mairie",
            "kind": "collectivite",
            "department": "33",
        },
        headers=NATIONAL,
    )
    ids = []
    for n in range(count):
        body = {
            "structure_id": structure.json()["structure_id"],
            "scheme": scheme,
            "employment": "hiring_promise",
            "person": {"first_name": "Léa", "last_name": "Martin", "email": f"lea{n}@example.org"},
        }
        answer = await client.post("/enrolments", json=body, headers=NATIONAL)
        assert answer.status_code == 201, answer.text
        ids.append(answer.json()["conseiller_id"])
    return ids


def assigned(event: PathAssignedV2) -> tuple[PathAssignedV2, Envelope]:
    return event, envelope_for(event, event.region)


async def topic(bootstrap: str, name: str, count: int) -> list[ReadRecord]:
    records = await read_topic(bootstrap, name, until=lambda found: len(found) >= count)
    for record in records:
        validated(record.envelope.type, record.value)
    return records


def types(records: list[ReadRecord]) -> list[str]:
    return [record.envelope.type for record in records]


async def test_eight_path_assigned_form_one_cohort_and_seven_do_not(
    make_app: AppFactory,
    database_url: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    clock: SettableClock,
) -> None:
    app = make_app(database_url)
    async with running(app) as client:
        ids = await enrol_many(client, "2021", 15)
        eight = [assigned(path_assigned(c, path_hours=280)) for c in ids[:8]]
        seven = [assigned(path_assigned(c, path_hours=350)) for c in ids[8:]]
        await publish_events(
            kafka_bootstrap, topic_prefix, [*seven, *eight, eight[3]]
        )  # one redelivered

        async def processed() -> bool:
            outcomes = app.state.host.outcomes
            return bool(outcomes[Outcome.PROCESSED] == 15 and outcomes[Outcome.DUPLICATE] == 1)

        await eventually(processed)
        cohorts = (await client.get("/cohorts", headers=NATIONAL)).json()["items"]
        assert len(cohorts) == 1
        cohort = cohorts[0]
        assert sorted(cohort["conseiller_ids"]) == sorted(ids[:8])
        assert (cohort["path_hours"], cohort["training_organisation"]["id"]) == (
            280,
            "afpa-simplon",
        )
        assert (cohort["starts_on"], cohort["ends_on"]) == ("2026-03-16", "2026-07-03")
        waiting = await client.get("/enrolments?state=awaiting_cohort", headers=NATIONAL)
        assert sorted(i["conseiller_id"] for i in waiting.json()["items"]) == sorted(ids[8:])

        formed = await topic(kafka_bootstrap, topic_prefix + "conum.enrolment.cohort", 1)
        assert types(formed) == ["fr.conum.enrolment.cohort.formed.v2"]
        conseillers = await topic(
            kafka_bootstrap, topic_prefix + "conum.enrolment.conseiller", 15 + 8
        )
        started = [r for r in conseillers if r.envelope.type.endswith("training_started.v1")]
        assert sorted(r.envelope.subject for r in started) == sorted(ids[:8])
        assert {r.json()["cohort_id"] for r in started} == {cohort["cohort_id"]}  # type: ignore[index]
        assert {r.envelope.causationid for r in started} <= {e.id for _, e in eight}

        cohort_path = f"/cohorts/{cohort['cohort_id']}/referent"
        clock.today = date(2026, 3, 15)
        early = await client.post(cohort_path, json={"conseiller_id": ids[2]}, headers=ORGANISATION)
        assert early.status_code == 422 and early.json()["code"] == "referent_window_closed"
        clock.today = date(2026, 3, 17)
        stranger = await client.post(
            cohort_path, json={"conseiller_id": ids[9]}, headers=ORGANISATION
        )
        assert stranger.status_code == 422 and stranger.json()["code"] == "not_a_cohort_member"
        assert (
            await client.post(cohort_path, json={"conseiller_id": ids[2]}, headers=NATIONAL)
        ).status_code == 403
        chosen = await client.post(
            cohort_path, json={"conseiller_id": ids[2]}, headers=ORGANISATION
        )
        assert chosen.status_code == 200 and chosen.json()["referent_id"] == ids[2]
        again = await client.post(cohort_path, json={"conseiller_id": ids[3]}, headers=ORGANISATION)
        assert again.status_code == 409
        designated = await topic(kafka_bootstrap, topic_prefix + "conum.enrolment.cohort", 2)
        assert designated[1].json() == {"cohort_id": cohort["cohort_id"], "conseiller_id": ids[2]}


async def test_path_assigned_for_an_unknown_conseiller_is_recorded_and_ignored(
    make_app: AppFactory, kafka_bootstrap: str, topic_prefix: str
) -> None:
    app = make_app()
    stranger = "0d3c2b1a-0000-4000-8000-000000000001"
    async with running(app):
        await publish_events(kafka_bootstrap, topic_prefix, [assigned(path_assigned(stranger))])
        await eventually(lambda: _processed(app, 1))
        async with app.state.new_uow() as uow:
            assert await uow.ignored_events.reasons_for(stranger) == ["unknown_conseiller"]
        assert app.state.host.outcomes[Outcome.DEAD_LETTERED] == 0


async def _processed(app: FastAPI, count: int) -> bool:
    return bool(app.state.host.outcomes[Outcome.PROCESSED] >= count)


async def record(client: httpx.AsyncClient, conseiller_id: str, day: date, present: bool) -> Any:
    return await client.put(
        f"/enrolments/{conseiller_id}/attendance/{day.isoformat()}",
        json={"present": present},
        headers=ORGANISATION,
    )


async def test_attendance_breaches_once_per_fall_and_completion_at_the_path_hours(
    make_app: AppFactory, kafka_bootstrap: str, topic_prefix: str, clock: SettableClock
) -> None:
    app = make_app()
    async with running(app) as client:
        [conseiller_id] = await enrol_many(client, "2024", 1)
        event = path_assigned(
            conseiller_id, scheme="2024", path_hours=70, weeks=5, assigned_on=date(2026, 3, 4)
        )
        await publish_events(kafka_bootstrap, topic_prefix, [assigned(event)])
        await eventually(lambda: _processed(app, 1))
        enrolment = (await client.get(f"/enrolments/{conseiller_id}", headers=NATIONAL)).json()
        assert enrolment["state"] == "in_training" and enrolment["cohort_id"] is None
        assert (enrolment["starts_on"], enrolment["planned_end_on"]) == ("2026-03-09", "2026-04-10")
        clock.today = date(2026, 4, 10)
        monday = date(2026, 3, 9)
        week = [monday + timedelta(days=n) for n in range(5)]
        assert (await record(client, conseiller_id, week[0], True)).status_code == 200
        breached = await record(client, conseiller_id, week[1], False)
        assert breached.json()["attendance_breached"] is True
        await record(client, conseiller_id, week[2], False)
        await record(client, conseiller_id, week[3], True)
        friday = await record(client, conseiller_id, week[4], True)
        assert friday.status_code == 422 and friday.json()["code"] == "alternance_day_taken"
        saturday = await record(client, conseiller_id, monday + timedelta(days=5), True)
        assert saturday.json()["code"] == "not_a_training_day"
        clock.today = date(2026, 3, 20)
        future = await record(client, conseiller_id, date(2026, 3, 23), True)
        assert future.json()["code"] == "not_a_training_day"
        hub = await client.put(
            f"/enrolments/{conseiller_id}/attendance/2026-03-16",
            json={"present": True},
            headers=bearer("hub-naq"),
        )
        assert hub.status_code == 403
        clock.today = date(2026, 4, 10)
        later = [monday + timedelta(weeks=w, days=d) for w in (1, 2) for d in range(4)]
        for day in later[:6]:  # 2 + 6 = 8 present of 10: 80 %, recovered
            await record(client, conseiller_id, day, True)
        assert (await record(client, conseiller_id, later[6], False)).json()[
            "attendance_rate"
        ] < 0.8
        await record(client, conseiller_id, later[7], True)  # 9 of 12
        done = await record(client, conseiller_id, monday + timedelta(weeks=3), True)
        assert done.json()["state"] == "completed" and done.json()["hours_attended"] == 70
        closed = await record(client, conseiller_id, monday + timedelta(weeks=3, days=1), True)
        assert closed.status_code == 409 and closed.json()["code"] == "not_in_training"
        records = await topic(kafka_bootstrap, topic_prefix + "conum.enrolment.conseiller", 5)
    kinds = [t.split(".")[-2] for t in types(records)]
    assert kinds == [
        "enrolled",
        "training_started",
        "attendance_breached",
        "attendance_breached",
        "training_completed",
    ]
    assert records[2].json()["days_elapsed"] == 2  # type: ignore[index]
    assert records[3].json()["days_elapsed"] == 11  # type: ignore[index]
    assert records[4].json()["completed_on"] == "2026-03-30"  # type: ignore[index]


async def test_withdrawal_of_a_conseiller_with_a_reason_code_and_free_text(
    make_app: AppFactory, kafka_bootstrap: str, topic_prefix: str
) -> None:
    async with running(make_app()) as client:
        [conseiller_id] = await enrol_many(client, "2021", 1)
        path = f"/enrolments/{conseiller_id}/withdrawal"
        for body in (
            {"reason": "Léa est partie"},  # free text is no code
            {"reason": "cnsh1n"},  # nor is an unknown code
            {"reason": "other", "detail": "x" * 501},
            {"reason": "other", "detail": ""},
        ):
            refused = await client.post(path, json=body, headers=ORGANISATION)
            assert refused.status_code == 422, body
        assert (
            await client.post(path, json={"reason": "health"}, headers=bearer("hub-naq"))
        ).status_code == 403
        body = {"reason": "left_structure", "detail": "moved to another region"}
        answer = await client.post(path, json=body, headers=ORGANISATION)
        assert answer.status_code == 200, answer.text
        withdrawn = answer.json()
        assert (withdrawn["state"], withdrawn["withdrawal_reason"]) == (
            "withdrawn",
            "left_structure",
        )
        assert withdrawn["withdrawal_detail"] == "moved to another region"
        again = await client.post(path, json={"reason": "health"}, headers=ORGANISATION)
        assert again.status_code == 409 and again.json()["code"] == "enrolment_closed"
        records = await topic(kafka_bootstrap, topic_prefix + "conum.enrolment.conseiller", 2)
    assert records[1].json() == {
        "conseiller_id": conseiller_id,
        "reason": "left_structure",
        "withdrawn_on": "2026-03-02",
        "enrolment_id": withdrawn["enrolment_id"],
        "reason_code": "left_structure",
        "reason_detail": "moved to another region",
    }
    assert records[0].json()["enrolment_id"] == withdrawn["enrolment_id"]  # type: ignore[index]
