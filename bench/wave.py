"""A wave of N 2024-scheme conseillers through the running network, end to end.

Enrolled over HTTP (host structures of every metropolitan region, ``--clients`` at once, or
at a steady ``--rate`` per second);
each ``test.scheduled`` read from Kafka is answered by La Fabrik's positioning result over
HTTP; the wave ends when every conseiller's ``training_started`` is on Kafka and the
certification and national consumer groups have caught up (no lag), and the national funnel
counts them. Prints HTTP throughput, per-hop latency p50/p99 from the Kafka record timestamps,
the end-to-end rate, and the CPU time per conseiller that each instance of the network used,
the broker, Jaeger and Prometheus beside them, this bench (its HTTP clients and its Kafka
reader), and the machine as a whole.

    ./conum up --wave 0                 # the network, in another terminal
    uv run python bench/wave.py 1000 [--clients 16] [--rate 100] [--port-offset 0]
"""

from __future__ import annotations

import argparse
import asyncio
import os
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
from conum_devtools.network.instances import instance_named
from conum_devtools.network.network import LocalNetwork
from conum_devtools.network.tokens import organisation_token, structure_token
from conum_devtools.network.wave import bearer, luhn_siret, national_funnel
from conum_kernel.territory import territory
from machine import describe

ENROLMENT_TOPIC = "conum.enrolment.conseiller"
POSITIONING_TOPIC = "conum.positioning.conseiller"
CAUGHT_UP_GROUPS = ("conum-certification-national", "conum-national-national")
SECURITY_FILE = Path("var/kafka/security.json")


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


SERVERS = ("kafka", "jaeger", "prometheus")
BENCH = "this bench"


def cpu_seconds(pids: dict[str, int]) -> dict[str, float]:
    """CPU time (user and system) used so far by each running part of the network, and by this
    bench (``this bench``)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for name, pid in {**pids, BENCH: os.getpid()}.items():
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()  # from the state on: utime, stime at 11, 12
        used[name] = (int(fields[11]) + int(fields[12])) / tick
    return used


def machine_seconds() -> tuple[float, float]:
    """The machine's busy and idle CPU seconds so far, over all its cores (``/proc/stat``)."""
    tick = os.sysconf("SC_CLK_TCK")
    user, nice, system, idle, iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().splitlines()[0].split()[1:9]
    )
    busy = user + nice + system + irq + softirq + steal
    return busy / tick, (idle + iowait) / tick


def report_cpu(used: dict[str, float], machine: tuple[float, float], count: int) -> None:
    """Each part's CPU time per conseiller: the services, the servers beside them, this bench,
    and the machine as a whole."""

    def per(seconds: float) -> str:
        return f"{1000 * seconds / count:.1f}"

    services = {name: s for name, s in used.items() if name not in (*SERVERS, BENCH)}
    others = {name: s for name, s in used.items() if name not in services}
    print(
        f"CPU per conseiller (ms): services {per(sum(services.values()))} in all, "
        + ", ".join(f"{name} {per(seconds)}" for name, seconds in services.items())
    )
    print("  beside them: " + ", ".join(f"{n} {per(s)}" for n, s in others.items()))
    busy, idle = machine
    print(
        f"  the machine: {per(busy)} busy, {per(idle)} idle "
        f"({100 * busy / (busy + idle):.0f} % of {os.cpu_count()} cores busy)"
    )


def kind_of(event_type: str) -> str:
    """``fr.conum.positioning.test.scheduled.v1`` → ``test.scheduled``."""
    return ".".join(event_type.split(".")[-3:-1])


def percentiles(values: Sequence[float]) -> str:
    if len(values) < 2:
        return "n/a"
    cuts = statistics.quantiles(values, n=100)
    return f"p50 {1000 * cuts[49]:.0f} ms, p99 {1000 * cuts[98]:.0f} ms"


async def structures(client: httpx.AsyncClient) -> list[tuple[str, str]]:
    made = []
    for region in (r.code for r in territory().regions.values() if not r.is_overseas):
        department = territory().departments_of(region)[0].code
        siret = luhn_siret(f"{uuid.uuid4().int % 10**13:013d}")
        answer = await client.post(
            "/structures",
            headers=bearer(structure_token(region)),
            json={
                "siret": siret,
                "name": "Tiers-lieu",
                "kind": "association",
                "department": department,
            },
        )
        answer.raise_for_status()
        made.append((answer.json()["structure_id"], region))
    return made


async def watch(
    bootstrap: str,
    timeline: Timeline,
    scheduled: asyncio.Queue[str],
    started: asyncio.Event,
    expected: int,
) -> None:
    """Read both topics from their ends; queue each of our scheduled tests; note timestamps."""
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
        done = 0
        while done < expected:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for record in records:
                    headers = {k: v.decode() for k, v in record.headers}
                    kind = kind_of(headers.get("ce_type", ""))
                    subject = headers.get("ce_subject", "")
                    timeline.note(subject, kind, record.timestamp / 1000)
                    if kind == "test.scheduled":
                        scheduled.put_nowait(subject)
                    if kind == "conseiller.training_started" and subject in timeline.answered:
                        done += 1
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


async def wave(count: int, clients: int, rate: float | None, offset: int) -> None:
    bootstrap = f"127.0.0.1:{9092 + offset}"
    timeline, scheduled, ready = Timeline(), asyncio.Queue[str](), asyncio.Event()
    limit = asyncio.Semaphore(clients)
    regions: dict[str, str] = {}
    async with (
        httpx.AsyncClient(base_url=instance_named("enrolment", offset).url, timeout=60) as enrol,
        httpx.AsyncClient(base_url=instance_named("positioning", offset).url, timeout=60) as pos,
        httpx.AsyncClient(base_url=instance_named("national", offset).url, timeout=60) as nat,
    ):
        places = await structures(enrol)
        before = await national_funnel(nat)
        watcher = asyncio.create_task(watch(bootstrap, timeline, scheduled, ready, count))
        await asyncio.wait(
            [watcher, asyncio.create_task(ready.wait())], return_when=asyncio.FIRST_COMPLETED
        )
        if watcher.done():
            watcher.result()  # its error

        async def enrol_one(number: int) -> None:
            structure, region = places[number % len(places)]
            body = {
                "structure_id": structure,
                "scheme": "2024",
                "employment": "recruited",
                "person": {
                    "first_name": "Alex",
                    "last_name": "Martin",
                    "email": f"wave.{uuid.uuid4().hex}@example.org",
                },
            }
            async with limit:
                answer = await enrol.post(
                    "/enrolments", headers=bearer(structure_token(region)), json=body
                )
            answer.raise_for_status()
            conseiller = answer.json()["conseiller_id"]
            timeline.answered[conseiller] = time.time()
            regions[conseiller] = region

        async def answer_tests() -> None:
            while True:
                conseiller = await scheduled.get()
                if conseiller not in timeline.answered:
                    await asyncio.sleep(0.05)  # our 201 may still be on its way
                    if conseiller not in timeline.answered:
                        continue
                token = organisation_token("la-fabrik", regions[conseiller])
                async with limit:
                    answer = await pos.post(
                        f"/positionings/{conseiller}/result",
                        headers=bearer(token),
                        json={
                            "digital_score": 61,
                            "support_score": 70,
                            "interview_note": "entretien",
                        },
                    )
                answer.raise_for_status()

        async def paced(number: int) -> None:
            if rate is not None:
                await asyncio.sleep(first + number / rate - time.monotonic())
            await enrol_one(number)

        pids = LocalNetwork(Path("var"), offset).pids()
        cpu_before, machine_before = cpu_seconds(pids), machine_seconds()
        first = time.monotonic()
        answering = [asyncio.create_task(answer_tests()) for _ in range(clients)]
        await asyncio.gather(*(paced(n) for n in range(count)))
        enrolled_in = time.monotonic() - first
        await watcher
        started_in = time.monotonic() - first
        for task in answering:
            task.cancel()

        async def caught_up() -> bool:
            return not any([await lag(bootstrap, group) for group in CAUGHT_UP_GROUPS])

        async def counted() -> bool:
            return (await national_funnel(nat))["enrolled"] - before["enrolled"] >= count

        await until(caught_up)
        caught_up_in = time.monotonic() - first
        await until(counted)
        national_in = time.monotonic() - first
        cpu_after, machine_after = cpu_seconds(pids), machine_seconds()

    print(describe())
    pace = f", {rate:g} enrolments/s asked" if rate is not None else ""
    print(
        f"wave of {count} conseillers (2024 scheme), {clients} HTTP clients{pace}, "
        f"bootstrap {bootstrap}"
    )
    print(f"enrolments over HTTP: {count / enrolled_in:.1f}/s ({enrolled_in:.1f} s)")
    print(f"201 → test.scheduled on Kafka: {percentiles(timeline.from_answer('test.scheduled'))}")
    for start, end in (
        ("conseiller.enrolled", "test.scheduled"),
        ("path.assigned", "conseiller.training_started"),
    ):
        print(f"{start} → {end}: {percentiles(timeline.hop(start, end))}")
    print(
        f"all started in {started_in:.1f} s; certification and national caught up at "
        f"{caught_up_in:.1f} s; national funnel at {national_in:.1f} s"
    )
    print(f"end to end: {count / caught_up_in:.1f} conseillers/s")
    used = {name: cpu_after[name] - cpu_before[name] for name in cpu_after if name in cpu_before}
    machine = tuple(
        after - before for after, before in zip(machine_after, machine_before, strict=True)
    )
    report_cpu(used, (machine[0], machine[1]), count)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("conseillers", type=int)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--rate", type=float, help="enrolments asked per second (default: as fast as answered)"
    )
    parser.add_argument("--port-offset", type=int, default=0)
    arguments = parser.parse_args()
    asyncio.run(
        wave(arguments.conseillers, arguments.clients, arguments.rate, arguments.port_offset)
    )


if __name__ == "__main__":
    main()
