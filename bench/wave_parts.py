"""The parts of ``wave.py``: the broker's options, the timeline of a wave's events, its
structures, the reader of its topics, the wave's state (its conseillers as they become known)
and its report."""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from conum_devtools.kafka.security import BrokerSecurity
from conum_devtools.network.tokens import structure_token
from conum_devtools.network.wave import bearer, luhn_siret
from conum_kernel.territory import territory
from faults import Audit, Killer, Retries, kind_of, send

ENROLMENT_TOPIC = "conum.enrolment.conseiller"
POSITIONING_TOPIC = "conum.positioning.conseiller"
SECURITY_FILE = Path("var/kafka/security.json")
EXPECTED = (
    "conseiller.enrolled",
    "test.scheduled",
    "test.completed",
    "path.assigned",
    "conseiller.training_started",
)
"""The events each conseiller of the wave has, once each."""


def kafka_options(bootstrap: str) -> dict[str, Any]:
    """The network's broker is secured (decision 0022): the bench reads as its admin."""
    security = BrokerSecurity.load(SECURITY_FILE)
    if security is None:
        return {"bootstrap_servers": bootstrap}
    return {
        "bootstrap_servers": bootstrap,
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": security.admin.name,
        "sasl_plain_password": security.admin.password,
    }


@dataclass
class Timeline:
    """Per conseiller: when its 201 came back and when each event was written (Kafka)."""

    answered: dict[str, float] = field(default_factory=dict)
    written: dict[str, dict[str, float]] = field(default_factory=dict)

    def note(self, conseiller: str, kind: str, at: float) -> None:
        self.written.setdefault(conseiller, {}).setdefault(kind, at)

    def hop(self, start: str, end: str) -> list[float]:
        return [
            events[end] - events[start]
            for conseiller, events in self.written.items()
            if conseiller in self.answered and start in events and end in events
        ]

    def from_answer(self, end: str) -> list[float]:
        return [
            events[end] - self.answered[c]
            for c, events in self.written.items()
            if c in self.answered and end in events
        ]


def percentiles(values: Sequence[float]) -> str:
    if len(values) < 2:
        return "n/a"
    cuts = statistics.quantiles(values, n=100)
    return f"p50 {1000 * cuts[49]:.0f} ms, p99 {1000 * cuts[98]:.0f} ms"


async def structures(client: httpx.AsyncClient, retries: Retries) -> list[tuple[str, str]]:
    made = []
    for region in (r.code for r in territory().regions.values() if not r.is_overseas):
        department = territory().departments_of(region)[0].code
        siret = luhn_siret(f"{uuid.uuid4().int % 10**13:013d}")
        body = {"siret": siret, "name": "Tiers-lieu", "kind": "association"}
        answer = await send(
            client,
            "POST",
            "/structures",
            retries,
            headers=bearer(structure_token(region)),
            json=body | {"department": department},
        )
        answer.raise_for_status()
        made.append((answer.json()["structure_id"], region))
    return made


async def watch(
    bootstrap: str,
    timeline: Timeline,
    audit: Audit,
    scheduled: asyncio.Queue[str],
    started: asyncio.Event,
    stop: asyncio.Event,
) -> None:
    """Read both topics from their ends until ``stop``: note every record (timestamps, the
    audit) and queue each test scheduled (once per event, a redelivery is not queued)."""
    consumer = AIOKafkaConsumer(**kafka_options(bootstrap), enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [
            TopicPartition(topic, p)
            for topic in (ENROLMENT_TOPIC, POSITIONING_TOPIC)
            for p in await _partitions(consumer, topic)
        ]
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        started.set()
        queued: set[str] = set()
        while not stop.is_set():
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for record in records:
                    headers = {k: v.decode() for k, v in record.headers}
                    event_type, ce_id = headers.get("ce_type", ""), headers.get("ce_id", "")
                    subject = headers.get("ce_subject", "")
                    timeline.note(subject, kind_of(event_type), record.timestamp / 1000)
                    audit.seen(subject, event_type, ce_id)
                    if kind_of(event_type) == "test.scheduled" and ce_id not in queued:
                        queued.add(ce_id)
                        scheduled.put_nowait(subject)
    finally:
        await consumer.stop()


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
    while not consumer.partitions_for_topic(topic):
        await consumer._client.force_metadata_update()
    return consumer.partitions_for_topic(topic) or set()


async def until(probe: Callable[[], Awaitable[bool]]) -> None:
    while not await probe():  # noqa: ASYNC110 (polling another process's state)
        await asyncio.sleep(0.2)


async def lag(bootstrap: str, group: str) -> int:
    admin = AIOKafkaAdminClient(**kafka_options(bootstrap))
    consumer = AIOKafkaConsumer(**kafka_options(bootstrap), enable_auto_commit=False)
    await admin.start()
    await consumer.start()
    try:
        committed = await admin.list_consumer_group_offsets(group)
        ends = await consumer.end_offsets(list(committed))
        return sum(
            ends[tp] - (meta.offset if meta.offset >= 0 else 0) for tp, meta in committed.items()
        )
    finally:
        await consumer.stop()
        await admin.close()


async def find_by_email(
    client: httpx.AsyncClient, region: str, email: str, retries: Retries
) -> list[str]:
    """The conseillers enrolled in ``region`` with this e-mail (as their host structure sees
    them): for an enrolment whose answer was lost."""
    found, cursor = [], None
    while True:
        params = {"region": region, "limit": 200} | ({"cursor": cursor} if cursor else {})
        answer = await send(
            client,
            "GET",
            "/enrolments",
            retries,
            headers=bearer(structure_token(region)),
            params=params,
        )
        page = answer.raise_for_status().json()
        found += [
            item["conseiller_id"]
            for item in page["items"]
            if (item.get("person") or {}).get("email") == email
        ]
        cursor = page["next_cursor"]
        if not cursor:
            return found


@dataclass
class Wave:
    """The wave's conseillers as they become known, and what was retried or found again."""

    count: int
    timeline: Timeline = field(default_factory=Timeline)
    audit: Audit = field(default_factory=Audit)
    retries: Retries = field(default_factory=Retries)
    scheduled: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    regions: dict[str, str] = field(default_factory=dict)
    """Our conseillers' regions, by conseiller id."""
    by_email: dict[str, list[str]] = field(default_factory=dict)
    unclaimed: set[str] = field(default_factory=set)
    """Conseillers whose test was scheduled before we knew them (their 201 on its way)."""
    answers_lost: int = 0
    """Enrolments whose 201 was lost, the retry refused (already enrolled): found by e-mail."""

    def known(self, email: str, conseillers: list[str], region: str) -> None:
        self.by_email[email] = conseillers
        for conseiller in conseillers:
            self.timeline.answered.setdefault(conseiller, time.time())
            self.regions[conseiller] = region
            if conseiller in self.unclaimed:
                self.unclaimed.discard(conseiller)
                self.scheduled.put_nowait(conseiller)

    def all_started(self) -> bool:
        return len(self.by_email) == self.count and all(
            "conseiller.training_started" in self.timeline.written.get(c, {}) for c in self.regions
        )

    @property
    def duplicates(self) -> int:
        """Conseillers the wave enrolled more than once: an e-mail that names two
        conseillers, or a conseiller with two ``conseiller.enrolled`` events."""
        doubled = self.audit.check(self.regions, ())["doubled"]
        enrolled_twice = sum(1 for line in doubled if ".conseiller.enrolled." in line)
        return enrolled_twice + sum(len(ids) - 1 for ids in self.by_email.values() if ids)


def report(state: Wave, marks: dict[str, float], killer: Killer | None) -> bool:
    """Print the wave's figures and the audit of the topics; True when nothing is missing,
    lost, doubled nor enrolled twice."""
    timeline, count = state.timeline, state.count
    if "enrolled" in marks:
        enrolled_in = marks["enrolled"]
        print(f"enrolments over HTTP: {count / enrolled_in:.1f}/s ({enrolled_in:.1f} s)")
    print(f"201 → test.scheduled on Kafka: {percentiles(timeline.from_answer('test.scheduled'))}")
    for start, end in (
        ("conseiller.enrolled", "test.scheduled"),
        ("path.assigned", "conseiller.training_started"),
    ):
        print(f"{start} → {end}: {percentiles(timeline.hop(start, end))}")
    if "national" in marks:
        print(
            f"all started in {marks['started']:.1f} s; certification and national caught up at "
            f"{marks['caught_up']:.1f} s; national funnel at {marks['national']:.1f} s"
        )
        print(f"end to end: {count / marks['caught_up']:.1f} conseillers/s")
    else:
        print(f"NOT FINISHED: stages reached {marks}")
    print(state.retries.line())
    print(
        f"enrolments answered 409 on a retry (had committed), found by e-mail: {state.answers_lost}"
    )
    if killer:
        print("\n".join(killer.lines()))
    audit = state.audit.check(state.regions, EXPECTED)
    unknown = count - len(state.by_email)
    print(
        f"audit of the topics over {len(state.regions)} conseillers (of {count} sent; "
        f"{unknown} without an answer): lost {len(audit['lost'])}, doubled "
        f"{len(audit['doubled'])}, redelivered (one ce_id read again) "
        f"{len(audit['redelivered'])}; conseillers enrolled twice by the wave: "
        f"{state.duplicates}"
    )
    for kind in ("lost", "doubled"):
        for line in audit[kind][:10]:
            print(f"  {kind}: {line}")
    return (
        "national" in marks
        and not unknown
        and not audit["lost"]
        and not audit["doubled"]
        and not state.duplicates
    )
