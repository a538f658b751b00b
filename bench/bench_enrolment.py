"""The enrolment service's write path, the network's bottleneck while a wave is enrolled,
beside the same process answering its liveness probe (the HTTP stack alone), in the same run.

Enrols N conseillers (``POST /enrolments``, ``--concurrency`` at once) into a service process
of its own (SQLite store), and sends it N ``GET /health/live``. For each, prints requests per
second and the service process's CPU time per request (from ``/proc``, its threads
included; for the enrolments, their publication by the outbox relay too).

    uv run python bench/bench_enrolment.py [--requests 1000] [--concurrency 16]

Uses KAFKA_BOOTSTRAP_SERVERS, else starts a local broker from the Maven jars.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
from conum_devtools.network.wave import luhn_siret
from conum_devtools.processes import free_port
from conum_runtime.testing.harness import tokens_json
from machine import describe
from parts import kafka_bootstrap, start_service

TOKEN = "bench-structure"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


def start_enrolment(workdir: Path, bootstrap: str, port: int) -> subprocess.Popen[bytes]:
    environment = {
        "CONUM_DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/enrolment.db",
        "CONUM_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "CONUM_TOPIC_PREFIX": f"bench{uuid.uuid4().hex[:6]}.",
        "CONUM_TOKENS": tokens_json((TOKEN, "host_structure", "FR-NAQ")),
    }
    return start_service("conum_enrolment", environment, workdir, port)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def register_structure(client: httpx.AsyncClient) -> str:
    body = {
        "siret": luhn_siret(f"{uuid.uuid4().int % 10**13:013d}"),
        "name": "Espace France services",
        "kind": "collectivite",
        "department": "33",
    }
    answer = await client.post("/structures", headers=HEADERS, json=body)
    answer.raise_for_status()
    structure_id: str = answer.json()["structure_id"]
    return structure_id


def enrolment(structure_id: str) -> Callable[[httpx.AsyncClient], object]:
    async def send(client: httpx.AsyncClient) -> httpx.Response:
        body = {
            "structure_id": structure_id,
            "scheme": "2024",
            "employment": "recruited",
            "person": {
                "first_name": "Alex",
                "last_name": "Martin",
                "email": f"bench.{uuid.uuid4().hex}@example.org",
            },
        }
        return await client.post("/enrolments", headers=HEADERS, json=body)

    return send


async def liveness(client: httpx.AsyncClient) -> httpx.Response:
    return await client.get("/health/live")


async def phase(
    client: httpx.AsyncClient, pid: int, send: Callable[..., object], requests: int, at_once: int
) -> tuple[float, float]:
    """(requests per second, service CPU seconds per request), the relay's work included."""
    queue = iter(range(requests))

    async def worker() -> None:
        for _ in queue:
            answer = await send(client)  # type: ignore[misc]
            answer.raise_for_status()

    cpu_before, started = cpu_seconds(pid), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(at_once)))
    elapsed = time.perf_counter() - started
    await asyncio.sleep(1.0)  # the relay publishes what was committed
    return requests / elapsed, (cpu_seconds(pid) - cpu_before) / requests


async def run(port: int, pid: int, requests: int, at_once: int) -> dict[str, tuple[float, float]]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        enrol = enrolment(await register_structure(client))
        await phase(client, pid, enrol, 100, at_once)  # warm up
        await phase(client, pid, liveness, 100, at_once)
        return {
            "GET /health/live (the HTTP stack)": await phase(
                client, pid, liveness, requests, at_once
            ),
            "POST /enrolments": await phase(client, pid, enrol, requests, at_once),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="conum-bench-"))
    with kafka_bootstrap(workdir) as bootstrap:
        port = free_port()
        service = start_enrolment(workdir, bootstrap, port)
        try:
            results = asyncio.run(run(port, service.pid, args.requests, args.concurrency))
        finally:
            service.terminate()
            service.wait(30)
    print(describe())
    print(f"enrolment service, SQLite, {args.requests} requests, {args.concurrency} at once")
    for name, (rate, cpu) in results.items():
        print(f"  {name:36s} {rate:7.0f} requests/s  {cpu * 1000:6.2f} ms CPU each")
    (_, floor), (_, write) = results.values()
    print(f"  an enrolment costs {write / floor:.1f} times the HTTP stack's CPU")


if __name__ == "__main__":
    main()
