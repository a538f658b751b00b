"""What the benchmarks start: a Kafka broker, and a service as a process of its own."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
from conum_devtools.kafka import LocalKafka


@contextlib.contextmanager
def kafka_bootstrap(workdir: Path) -> Iterator[str]:
    """The broker named by ``KAFKA_BOOTSTRAP_SERVERS``, else one started from the Maven jars
    under ``workdir`` for the time of the block."""
    named = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if named:
        yield named
        return
    broker = LocalKafka(workdir / "kafka")
    try:
        yield broker.start()
    finally:
        broker.stop()


def start_service(
    package: str, environment: Mapping[str, str], workdir: Path, port: int, timeout: float = 60
) -> subprocess.Popen[bytes]:
    """``python -m <package>`` with ``environment`` over ours (``CONUM_HTTP_PORT`` set to
    ``port``), its output in ``workdir/service.log``, once it answers ready (within
    ``timeout`` seconds)."""
    env = os.environ | dict(environment) | {"CONUM_HTTP_PORT": str(port)}
    log = (workdir / "service.log").open("ab")
    process = subprocess.Popen([sys.executable, "-m", package], env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{package} did not start (see {workdir}/service.log)")
