"""``./conum reconcile`` over stores of 3,000 to 100,000 conseillers, beside two baselines
measured in the same run.

For each size: the four stores (enrolment, positioning, certification, the national view)
are filled directly with a realistic mix of states and nine planted disagreements
(``reconcile_stores.py``); the four services start on them (a process each, SQLite, one
broker); the reconciler runs as operators run it (``python -m conum_operations.reconciliation
--json``, its wait for a quiet network, its second look after ``--settle 1`` and its read of
the events included) and must report exactly the planted disagreements. Printed: its wall
time, its peak memory, the services' CPU time, and
- the raw cost of reading the same columns from the four SQLite files in key order (a floor:
  no HTTP, no comparison);
- the approach before decision 0036 (a request per conseiller and service: ``GET
  /enrolments`` pages, then each conseiller's positioning, certification and national view,
  16 at once, compared by the same rules) over the first ``--sample`` conseillers,
  extrapolated to the size.

    uv run python bench/bench_reconcile.py [--sizes 3000 30000 100000] [--sample 3000]

Uses KAFKA_BOOTSTRAP_SERVERS, else starts a local broker from the Maven jars.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from conum_devtools.processes import free_port
from conum_operations.reconciliation import (
    CertificationSide,
    EnrolmentSide,
    NationalSide,
    PositioningSide,
    compare,
)
from conum_runtime.testing.harness import tokens_json
from cpu_use import process_cpu_seconds
from machine import describe
from parts import kafka_bootstrap, start_service
from reconcile_stores import SERVICES, filled

TOKEN = "bench-national"
RAW_READS = {
    "enrolment": "SELECT conseiller_id, enrolment_id, state, region, scheme, structure_id, "
    "training_organisation_id, enrolled_on, path_hours, starts_on, planned_end_on, "
    "completed_on, withdrawn_on FROM enrolments ORDER BY conseiller_id",
    "positioning": "SELECT p.conseiller_id, p.enrolment_id, p.state, p.region, p.scheme, "
    "p.structure_id, p.training_organisation_id, p.enrolled_on, r.path_hours "
    "FROM positionings p LEFT JOIN positioning_results r ON r.conseiller_id = p.conseiller_id "
    "ORDER BY p.conseiller_id, r.sequence",
    "certification": "SELECT * FROM conseillers ORDER BY conseiller_id",
    "national": "SELECT conseiller_id, region, step, enrolment_id, structure_id, enrolled_on, "
    "withdrawn_on FROM journeys WHERE current ORDER BY conseiller_id",
}


def raw_read(workdir: Path) -> float:
    """Seconds to read what reconciliation compares straight from the four files."""
    started = time.perf_counter()
    for service, query in RAW_READS.items():
        with sqlite3.connect(workdir / f"{service}.db") as connection:
            for _row in connection.execute(query):
                pass
    return time.perf_counter() - started


def start_services(
    urls: dict[str, str], bootstrap: str, workdir: Path
) -> dict[str, tuple[subprocess.Popen[bytes], int]]:
    prefix = f"bench{uuid.uuid4().hex[:6]}."
    tokens = tokens_json((TOKEN, "national_coordinator", "national"))

    def start(service: str) -> tuple[subprocess.Popen[bytes], int]:
        port = free_port()
        (workdir / service).mkdir(exist_ok=True)
        environment = {
            "CONUM_DATABASE_URL": urls[service],
            "CONUM_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "CONUM_TOPIC_PREFIX": prefix,
            "CONUM_TOKENS": tokens,
        }
        started = start_service(f"conum_{service}", environment, workdir / service, port, 180)
        return started, port

    with concurrent.futures.ThreadPoolExecutor(len(SERVICES)) as pool:
        starting = {service: pool.submit(start, service) for service in SERVICES}
    started = {s: f.result() for s, f in starting.items() if f.exception() is None}
    if len(started) < len(SERVICES):  # stop those that started, then say why
        for process, _ in started.values():
            process.terminate()
        next(f for f in starting.values() if f.exception() is not None).result()
    (workdir / "prefix").write_text(prefix)
    return started


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def reconcile(
    ports: dict[str, int], bootstrap: str, prefix: str
) -> tuple[float, int, dict[str, Any]]:
    """The reconciler as operators run it: (seconds, peak resident kB, its JSON report)."""
    base = {service: f"http://127.0.0.1:{port}" for service, port in ports.items()}
    command = [sys.executable, "-m", "conum_operations.reconciliation", "--json"]
    command += [f"--{service}={url}" for service, url in base.items()]
    command += ["--token", TOKEN, "--kafka", bootstrap, "--topic-prefix", prefix, "--settle", "1"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    status = Path(f"/proc/{process.pid}/status")
    while process.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.1)
    elapsed = time.perf_counter() - started
    out, err = process.communicate()
    if process.returncode not in (0, 1):
        raise SystemExit(f"the reconciler failed ({process.returncode}): {err.decode()[-2000:]}")
    return elapsed, peak, json.loads(out)


async def per_conseiller(ports: dict[str, int], sample: int) -> tuple[float, int]:
    """The approach before decision 0036 over the first ``sample`` conseillers: (seconds,
    conseillers compared)."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    clients = {
        service: httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}",
            headers=headers,
            timeout=60,
            limits=httpx.Limits(keepalive_expiry=2),  # before the server's 5 s
        )
        for service, port in ports.items()
    }

    async def get(service: str, path: str, **params: Any) -> dict[str, Any] | None:
        try:
            answer = await clients[service].get(path, params=params)
        except httpx.TransportError:  # a reused connection the server closed: once more
            answer = await clients[service].get(path, params=params)
        if answer.status_code == 404:
            return None
        found: dict[str, Any] = answer.raise_for_status().json()
        return found

    async def views(enrolment: dict[str, Any]) -> None:
        cid = enrolment["conseiller_id"]
        positioning, certification, national = await asyncio.gather(
            get("positioning", f"/positionings/{cid}"),
            get("certification", f"/conseillers/{cid}/certification"),
            get("national", f"/national/conseillers/{cid}"),
        )
        compare(
            EnrolmentSide.of(enrolment),
            PositioningSide.of(positioning) if positioning else None,
            CertificationSide.of(certification) if certification else None,
            NationalSide.of(national) if national else NationalSide.unknown(),
        )

    started, done, cursor = time.perf_counter(), 0, None
    while done < sample:
        after: dict[str, str] = {"cursor": cursor} if cursor else {}
        page = await get("enrolment", "/enrolments", limit=200, **after)
        assert page is not None
        items = page["items"][: sample - done]
        for at in range(0, len(items), 16):
            await asyncio.gather(*(views(item) for item in items[at : at + 16]))
        done += len(items)
        cursor = page["next_cursor"]
        if not cursor:
            break
    elapsed = time.perf_counter() - started
    for client in clients.values():
        await client.aclose()
    return elapsed, done


def measure(size: int, sample: int, bootstrap: str, seed: int) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix=f"conum-bench-reconcile-{size}-"))
    try:
        return measure_in(workdir, size, sample, bootstrap, seed)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def measure_in(workdir: Path, size: int, sample: int, bootstrap: str, seed: int) -> dict[str, Any]:
    started = time.perf_counter()
    urls, planted = filled(size, seed, workdir)
    fill = time.perf_counter() - started
    raw = raw_read(workdir)
    services = start_services(urls, bootstrap, workdir)
    ports = {service: port for service, (_, port) in services.items()}
    try:
        cpu_before = sum(process_cpu_seconds(process.pid) for process, _ in services.values())
        own_before = children_cpu()  # the reconciler is the only child waited for meanwhile
        elapsed, peak_kb, report = reconcile(ports, bootstrap, (workdir / "prefix").read_text())
        own = children_cpu() - own_before
        cpu = sum(process_cpu_seconds(process.pid) for process, _ in services.values()) - cpu_before
        old, compared = asyncio.run(per_conseiller(ports, min(sample, size)))
    finally:
        for process, _ in services.values():
            process.terminate()
        for process, _ in services.values():
            process.wait(30)
    found: dict[str, set[str]] = {}
    for d in report["disagreements"]:
        found.setdefault(d["conseiller_id"], set()).add(d["rule"])
    return {
        "size": size,
        "fill": fill,
        "raw": raw,
        "seconds": elapsed,
        "peak_mb": peak_kb / 1024,
        "services_cpu": cpu,
        "reconciler_cpu": own,
        "checked": report["checked"],
        "found_all": found == {cid: set(rules) for cid, rules in planted.items()},
        "found": sum(len(rules) for rules in found.values()),
        "planted": sum(len(rules) for rules in planted.values()),
        "old_extrapolated": old / compared * size,
        "old_sample": (compared, old),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 30000, 100000])
    parser.add_argument("--sample", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=36)
    args = parser.parse_args()
    results = []
    kafka = Path(tempfile.mkdtemp(prefix="conum-bench-kafka-"))
    try:
        with kafka_bootstrap(kafka) as bootstrap:
            for size in args.sizes:
                results.append(measure(size, args.sample, bootstrap, args.seed))
                print(f"  measured {size} conseillers", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(kafka, ignore_errors=True)
    print(describe())
    print(
        "conseillers  found/planted  reconcile  CPU: reconciler services  peak mem  raw read  "
        "÷raw   per conseiller: measured on  extrapolated  speed-up"
    )
    for r in results:
        sample, sample_seconds = r["old_sample"]
        print(
            f"{r['size']:>11,}  {r['found']:>2}/{r['planted']:<2} "
            f"{'exact' if r['found_all'] else 'WRONG':5}  {r['seconds']:7.1f} s  "
            f"{r['reconciler_cpu']:11.1f} s {r['services_cpu']:6.1f} s  "
            f"{r['peak_mb']:5.0f} MB  {r['raw']:6.2f} s  {r['seconds'] / r['raw']:5.1f}×  "
            f"{sample:>6,} in {sample_seconds:5.1f} s  {r['old_extrapolated']:10.0f} s  "
            f"{r['old_extrapolated'] / r['seconds']:7.0f}×"
        )
    if not all(r["found_all"] for r in results):
        raise SystemExit("reconciliation did not report exactly the planted disagreements")


if __name__ == "__main__":
    main()
