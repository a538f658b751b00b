"""Journeys the randomized test (``test_randomized_journeys.py``) found failing, shrunk and
kept as regular tests: each replays its acts on the real network (the four services over
HTTP, real Kafka between them), checks every service's view of every conseiller against the
model after each act, then withdraws what is left open (:func:`.journeys.machine.replay`).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conum_enrolment.domain import TrainingPolicy

from .journeys import model
from .journeys.machine import Driver, Step, replay
from .network import network

pytestmark = pytest.mark.kafka

POLICY = TrainingPolicy(
    cohort_min_size=model.COHORT_MIN_SIZE, hours_per_training_day=model.HOURS_PER_DAY
)


async def journey(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str, steps: list[Step]
) -> None:
    async with network(tmp_path, kafka_bootstrap, topic_prefix, policy=POLICY) as net:
        driver = Driver(net, asyncio.get_running_loop(), expected={})
        await asyncio.to_thread(replay, driver, steps)


async def test_2021_conseillers_of_one_path_wait_for_a_cohort_of_eight(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    """Found with seed 7 while the test policy formed cohorts of 2: enrolment formed a
    cohort the ``cohort.formed`` contract refuses (at least 8), so the path of its members was
    dead-lettered in enrolment and they stayed ``awaiting_cohort`` without a cohort while
    positioning and certification held the path. A policy below 8 is now refused; two 2021
    conseillers of one path, one of them withdrawn and enrolled again, wait."""
    await journey(
        tmp_path,
        kafka_bootstrap,
        topic_prefix,
        [
            ("enrol_someone_new", {"person": 0, "scheme": "2021", "structure": 0}),
            ("enrol_someone_new", {"person": 0, "scheme": "2021", "structure": 1}),
            ("record_positioning_result", {"person": 0, "scores": (50, 60)}),
            ("record_positioning_result", {"person": 1, "scores": (50, 60)}),
            (
                "withdraw_and_enrol_again_at_once",
                {"person": 1, "reason": "health", "scheme": "2021", "structure": 1},
            ),
            ("record_positioning_result", {"person": 1, "scores": (50, 60)}),
        ],
    )
