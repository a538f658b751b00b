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

Requests are retried as a real client retries them (:mod:`faults`): refused connections,
resets, timeouts and 5xx answers, with a bounded backoff. ``--kill N`` SIGKILLs a random
service instance every N seconds and restarts it through the local network's supervisor;
whatever happens, the wave then checks the topics (every conseiller of the wave has each of
its events exactly once: nothing lost, nothing doubled; no conseiller enrolled twice) and
finishes, at the latest after ``--deadline`` seconds, saying what is missing (exit 1).

    ./conum up --wave 0                 # the network, in another terminal
    uv run python bench/wave.py 1000 [--clients 16] [--rate 100] [--port-offset 0] [--kill 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from pathlib import Path

import httpx
from conum_devtools.network.instances import instance_named
from conum_devtools.network.network import LocalNetwork
from conum_devtools.network.tokens import organisation_token, structure_token
from conum_devtools.network.wave import bearer, national_funnel
from cpu_use import cpu_seconds, machine_seconds, report_cpu
from faults import GaveUp, Killer, retried, send
from machine import describe
from wave_parts import Wave, find_by_email, lag, report, structures, until, watch

CAUGHT_UP_GROUPS = ("conum-certification-national", "conum-national-national")


async def run_wave(
    state: Wave, clients: int, rate: float | None, offset: int, killer: Killer | None
) -> dict[str, float]:
    """Enrol, answer the tests, wait for every training start and for the consumers to catch
    up; the times at which each stage ended, from the first enrolment."""
    bootstrap = f"127.0.0.1:{9092 + offset}"
    limit = asyncio.Semaphore(clients)
    ready, stop = asyncio.Event(), asyncio.Event()
    marks: dict[str, float] = {}
    async with (
        httpx.AsyncClient(base_url=instance_named("enrolment", offset).url, timeout=30) as enrol,
        httpx.AsyncClient(base_url=instance_named("positioning", offset).url, timeout=30) as pos,
        httpx.AsyncClient(base_url=instance_named("national", offset).url, timeout=30) as nat,
    ):
        places = await structures(enrol, state.retries)
        before = await retried(lambda: national_funnel(nat), state.retries, "funnel")
        watcher = asyncio.create_task(
            watch(bootstrap, state.timeline, state.audit, state.scheduled, ready, stop)
        )
        await asyncio.wait(
            [watcher, asyncio.create_task(ready.wait())], return_when=asyncio.FIRST_COMPLETED
        )
        if watcher.done():
            watcher.result()  # its error

        async def enrol_one(number: int) -> None:
            structure, region = places[number % len(places)]
            email = f"wave.{uuid.uuid4().hex}@example.org"
            person = {"first_name": "Alex", "last_name": "Martin", "email": email}
            body = {"structure_id": structure, "scheme": "2024", "employment": "recruited"}
            async with limit:
                answer = await send(
                    enrol,
                    "POST",
                    "/enrolments",
                    state.retries,
                    headers=bearer(structure_token(region)),
                    json=body | {"person": person},
                )
            if answer.status_code == 409 and answer.json().get("code") == (
                "already_in_open_training"
            ):  # a retry of an enrolment that had committed: its 201 was lost
                state.answers_lost += 1
                found = await find_by_email(enrol, region, email, state.retries)
            else:
                found = [answer.raise_for_status().json()["conseiller_id"]]
            state.known(email, found, region)

        async def answer_tests() -> None:
            while True:
                conseiller = await state.scheduled.get()
                if conseiller not in state.regions:
                    state.unclaimed.add(conseiller)  # queued again once its 201 is read
                    continue
                token = organisation_token("la-fabrik", state.regions[conseiller])
                result = {"digital_score": 61, "support_score": 70, "interview_note": "entretien"}
                async with limit:
                    answer = await send(
                        pos,
                        "POST",
                        f"/positionings/{conseiller}/result",
                        state.retries,
                        headers=bearer(token),
                        json=result,
                    )
                if answer.status_code != 409:  # 409: recorded already (a retry, a redelivery)
                    answer.raise_for_status()

        async def paced(number: int) -> None:
            if rate is not None:
                await asyncio.sleep(first + number / rate - time.monotonic())
            await enrol_one(number)

        first = time.monotonic()
        chaos = asyncio.create_task(killer.run()) if killer else None
        answering = [asyncio.create_task(answer_tests()) for _ in range(clients)]
        try:
            await asyncio.gather(*(paced(n) for n in range(state.count)))
            marks["enrolled"] = time.monotonic() - first

            async def all_started() -> bool:
                if watcher.done():
                    watcher.result()
                return state.all_started()

            await until(all_started)
            marks["started"] = time.monotonic() - first
            if killer and chaos:
                killer.stop()
                await chaos  # the instance being restarted is back

            async def caught_up() -> bool:
                lags = [await lag(bootstrap, group) for group in CAUGHT_UP_GROUPS]
                return not any(lags)

            async def counted() -> bool:
                funnel = await retried(lambda: national_funnel(nat), state.retries, "funnel")
                return funnel["enrolled"] - before["enrolled"] >= state.count

            await until(caught_up)
            marks["caught_up"] = time.monotonic() - first
            await until(counted)
            marks["national"] = time.monotonic() - first
        finally:
            for task in answering:
                task.cancel()
            if killer and chaos:
                killer.stop()
                await chaos
            await asyncio.sleep(1.0)  # the last records reach the watcher
            stop.set()
            await watcher
    return marks


async def wave(
    count: int,
    clients: int,
    rate: float | None,
    offset: int,
    kill_every: float | None,
    deadline: float,
    seed: int | None = None,
) -> bool:
    network = LocalNetwork(Path("var"), offset)
    killer = Killer(network, kill_every, seed) if kill_every else None
    state = Wave(count)
    pids = network.pids()
    cpu_before, machine_before = cpu_seconds(pids), machine_seconds()
    marks: dict[str, float] = {}
    try:
        async with asyncio.timeout(deadline):
            marks = await run_wave(state, clients, rate, offset, killer)
    except (TimeoutError, GaveUp) as error:
        print(f"the wave stopped: {error or f'past its deadline of {deadline:.0f} s'}")
    cpu_after, machine_after = cpu_seconds(pids), machine_seconds()
    print(describe())
    pace = f", {rate:g} enrolments/s asked" if rate is not None else ""
    print(
        f"wave of {count} conseillers (2024 scheme), {clients} HTTP clients{pace}, "
        f"bootstrap {network.kafka_bootstrap}"
    )
    complete = report(state, marks, killer)
    if not killer:  # a killed instance's pid changes: its CPU time is not comparable
        used = {n: cpu_after[n] - cpu_before[n] for n in cpu_after if n in cpu_before}
        machine = tuple(a - b for a, b in zip(machine_after, machine_before, strict=True))
        report_cpu(used, (machine[0], machine[1]), count)
    return complete


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("conseillers", type=int)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--rate", type=float, help="enrolments asked per second (default: as fast as answered)"
    )
    parser.add_argument(
        "--port-offset", type=int, default=int(os.environ.get("CONUM_PORT_OFFSET", "0"))
    )
    parser.add_argument(
        "--kill", type=float, metavar="N", help="SIGKILL a random service instance every N s"
    )
    parser.add_argument("--kill-seed", type=int, help="which instances --kill picks (printed)")
    parser.add_argument(
        "--deadline", type=float, default=1800.0, help="seconds after which the wave stops"
    )
    arguments = parser.parse_args()
    complete = asyncio.run(
        wave(
            arguments.conseillers,
            arguments.clients,
            arguments.rate,
            arguments.port_offset,
            arguments.kill,
            arguments.deadline,
            arguments.kill_seed,
        )
    )
    raise SystemExit(0 if complete else 1)


if __name__ == "__main__":
    main()
