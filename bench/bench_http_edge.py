"""The HTTP edge under oversized bodies: a 5 MB body is refused without being read whole, and
concurrent requests keep the latency they have without it. Baseline and hostile run in the
same run, against the same service process.

    uv run python bench/bench_http_edge.py [--requests 400] [--concurrency 8]

Starts the positioning service as a process of its own (SQLite store) on a local Kafka
broker (KAFKA_BOOTSTRAP_SERVERS, else one from the Maven jars).
"""

from __future__ import annotations

import argparse
import asyncio
import select
import socket
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from conum_devtools.processes import free_port
from conum_runtime.testing.harness import tokens_json
from machine import describe
from parts import kafka_bootstrap, start_service

TOKEN = "bench-organisation"
FIVE_MB = 5 * 1024 * 1024


def start_positioning(workdir: Path, bootstrap: str, port: int) -> subprocess.Popen[bytes]:
    environment = {
        "CONUM_DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/positioning.db",
        "CONUM_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "CONUM_TOPIC_PREFIX": f"bench{uuid.uuid4().hex[:6]}.",
        "CONUM_TOKENS": tokens_json((TOKEN, "training_organisation", "national")),
    }
    return start_service("conum_positioning", environment, workdir, port)


async def latencies(base: str, requests: int, concurrency: int) -> list[float]:
    """Concurrent GETs of a positioning (404: unknown), seconds each."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    found: list[float] = []
    queue = iter(range(requests))

    async def worker(client: httpx.AsyncClient) -> None:
        for _ in queue:
            started = time.perf_counter()
            answer = await client.get(f"/positionings/{uuid.uuid4()}", headers=headers)
            found.append(time.perf_counter() - started)
            assert answer.status_code == 404, answer.text

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return found


def refusal_of_a_declared_body(port: int) -> tuple[float, int, bytes]:
    """Declare 5 MB, send 64 KiB of it, read the answer: (seconds, bytes sent, status line)."""
    head = (
        f"POST /positionings/{uuid.uuid4()}/result HTTP/1.1\r\nHost: bench\r\n"
        f"Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {FIVE_MB}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port)) as connection:
        started = time.perf_counter()
        connection.sendall(head + b"[" * 65536)
        answer = connection.recv(4096)
        return time.perf_counter() - started, 65536, answer.split(b"\r\n", 1)[0]


def refusal_of_a_streamed_body(port: int) -> tuple[float, int, bytes]:
    """Stream chunks without a length until the service answers: (seconds, bytes, status)."""
    head = (
        f"POST /positionings/{uuid.uuid4()}/result HTTP/1.1\r\nHost: bench\r\n"
        f"Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = b"%x\r\n%s\r\n" % (16384, b"[" * 16384)
    sent = 0
    with socket.create_connection(("127.0.0.1", port)) as connection:
        started = time.perf_counter()
        connection.sendall(head)
        while sent < FIVE_MB:
            readable, _, _ = select.select([connection], [], [], 0.002)
            if readable:
                break
            try:
                connection.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += 16384
        answer = connection.recv(4096)
        return time.perf_counter() - started, sent, answer.split(b"\r\n", 1)[0]


async def under_hostile_bodies(
    base: str, port: int, requests: int, concurrency: int
) -> list[float]:
    """The same GETs while 5 MB bodies keep coming."""
    stop = asyncio.Event()

    async def hostile() -> None:
        while not stop.is_set():
            await asyncio.to_thread(refusal_of_a_declared_body, port)

    task = asyncio.create_task(hostile())
    try:
        return await latencies(base, requests, concurrency)
    finally:
        stop.set()
        await task


def summary(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    return (
        f"  {name:34s} p50 {statistics.median(ordered) * 1000:6.1f} ms   p99 {p99 * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="conum-bench-"))
    with kafka_bootstrap(workdir) as bootstrap:
        port = free_port()
        service = start_positioning(workdir, bootstrap, port)
        base = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(latencies(base, 50, args.concurrency))  # warm up
            quiet = asyncio.run(latencies(base, args.requests, args.concurrency))
            hostile = asyncio.run(under_hostile_bodies(base, port, args.requests, args.concurrency))
            declared = refusal_of_a_declared_body(port)
            streamed = refusal_of_a_streamed_body(port)
        finally:
            service.terminate()
            service.wait(30)
    print(describe())
    print(f"positioning service, SQLite, {args.requests} GETs, {args.concurrency} concurrent")
    print(summary("baseline (no large bodies)", quiet))
    print(summary("while 5 MB bodies keep coming", hostile))
    ratio = statistics.median(hostile) / statistics.median(quiet)
    print(f"  p50 ratio hostile / baseline: {ratio:.2f}")
    for name, (seconds, sent, status) in (
        ("5 MB declared, 64 KiB sent", declared),
        ("5 MB streamed in chunks", streamed),
    ):
        print(f"  {name:34s} {status.decode()} after {seconds * 1000:.1f} ms, {sent} bytes sent")


if __name__ == "__main__":
    main()
