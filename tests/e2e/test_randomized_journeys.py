"""Randomized journeys over the real network (:mod:`.journeys`): random sequences of the acts
of the network's users, on the three services over HTTP with real Kafka between them, each
answer and, once quiet, every service's view of every conseiller checked against a model of
the rules; at the end the reconciliation of the whole network finds exactly the
disagreements the model expects (decision 0016).

The seed is fixed and printed; ``CONUM_JOURNEYS_SEED``, ``CONUM_JOURNEYS_EXAMPLES`` and
``CONUM_JOURNEYS_STEPS`` explore further, ``CONUM_JOURNEYS_SHRINK=1`` shrinks a failing
journey (slow: every step waits for the network). A failing journey, once shrunk, becomes a
regular test in ``test_journeys_found.py``.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from conum_enrolment.domain import TrainingPolicy
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis.stateful import run_state_machine_as_test

from .journeys import model
from .journeys.machine import Driver, Journeys
from .network import network

pytestmark = pytest.mark.kafka

SEED = int(os.environ.get("CONUM_JOURNEYS_SEED", "20261123"))
EXAMPLES = int(os.environ.get("CONUM_JOURNEYS_EXAMPLES", "3"))
STEPS = int(os.environ.get("CONUM_JOURNEYS_STEPS", "30"))
SHRINK = os.environ.get("CONUM_JOURNEYS_SHRINK") == "1"
POLICY = TrainingPolicy(
    cohort_min_size=model.COHORT_MIN_SIZE, hours_per_training_day=model.HOURS_PER_DAY
)


@pytest.mark.timeout(1800)
async def test_randomized_journeys_agree_with_the_model_and_reconcile(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with capsys.disabled():
        print(f"\nrandomized journeys: seed {SEED}, {EXAMPLES} examples of {STEPS} steps")
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if SHRINK else [])
    async with network(tmp_path, kafka_bootstrap, topic_prefix, policy=POLICY) as net:
        driver = Driver(net, asyncio.get_running_loop(), expected={})
        machine = seed(SEED)(type("Journeys", (Journeys,), {"driver": driver}))
        await asyncio.to_thread(
            run_state_machine_as_test,
            machine,
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=STEPS,
                deadline=None,
                database=None,
                phases=phases,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
        report = await net.reconcile()
    found = {(d.conseiller_id, d.rule) for d in report.disagreements}
    expected = {(cid, rule) for cid, rules in driver.expected.items() for rule in rules}
    with capsys.disabled():
        for act, count in sorted(driver.acts.items()):
            print(f"  {count:4d} × {act}")
        print(
            f"randomized journeys: {sum(driver.acts.values())} acts, {report.checked} "
            f"conseillers reconciled, {len(expected)} disagreements expected"
        )
    assert found == expected
    assert report.checked == len(driver.expected)
