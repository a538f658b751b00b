"""The README's first command, as a user runs it: ``./conum up`` starts Kafka, Jaeger,
Prometheus and every service, sends a wave and prints the national funnel; a killed service is
seen as stopped and started again; ``restart`` and ``down`` act on the services' own processes.

The network runs beside any a developer has running: every port is shifted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conum_devtools.network.instances import installed_instances
from conum_devtools.network.webapp import IDENTITY_PORT, WEB_PORT
from conum_devtools.processes import cmdline, pid_alive, port_is_bindable, wait_exit

REPOSITORY = Path(__file__).resolve().parents[2]
WAVE = 12


def free_offset() -> int:
    """An offset under which every port of the network is free."""
    for offset in range(20_000, 40_000, 1_000):
        ports = [9092, 9090, 4317, 4318, 16685, 16686, 13133, 1025, 8025, IDENTITY_PORT, WEB_PORT]
        ports += [instance.port for instance in installed_instances()]
        if all(port_is_bindable(port + offset) for port in ports):
            return offset
    raise RuntimeError("no free port range for a second network")


def network(var: Path, offset: int, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "conum_devtools.network",
            "--var",
            str(var),
            "--port-offset",
            str(offset),
            *arguments,
        ],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def pids(var: Path) -> dict[str, int]:
    return {file.stem: int(file.read_text()) for file in (var / "run").glob("*.pid")}


def status(var: Path, offset: int) -> dict[str, str]:
    answer = network(var, offset, "status")
    return {line.split()[0]: line.split()[1] for line in answer.stdout.splitlines()}


@pytest.mark.timeout(900)
def test_up_runs_the_network_sends_a_wave_and_recovers_a_killed_service(tmp_path: Path) -> None:
    var, offset = tmp_path / "var", free_offset()
    try:
        up = network(var, offset, "up", "--wave", str(WAVE))
        assert up.returncode == 0, up.stderr[-3000:]
        assert "Parcours de formation initiale" in up.stdout
        enrolled = next(line for line in up.stdout.splitlines() if line.startswith("Inscrits"))
        assert enrolled.split()[3] == str(WAVE), up.stdout
        assert "the national view agreed" in up.stderr
        assert f"the web application: http://127.0.0.1:{WEB_PORT + offset}" in up.stderr
        assert "regional_hub           FR-NAQ    hub-naq" in up.stdout  # the sign-in users
        assert "mdp-national-coordinator" in up.stdout

        names = [instance.name for instance in installed_instances()]
        assert {name: status(var, offset)[name] for name in names} == dict.fromkeys(names, "ready")
        assert (status(var, offset)["identity"], status(var, offset)["web"]) == ("running",) * 2
        started = pids(var)
        for name in names:  # the pid file holds the service's own process, not a wrapper
            line = cmdline(started[name]) or []
            assert f"conum_{name.split('-')[0]}" in line, line

        os.kill(started["enrolment"], signal.SIGKILL)
        assert wait_exit(started["enrolment"], 30)
        assert status(var, offset)["enrolment"] == "stopped"
        again = network(var, offset, "up", "--wave", "0")
        assert again.returncode == 0, again.stderr[-3000:]
        assert status(var, offset)["enrolment"] == "ready"
        assert pids(var)["enrolment"] != started["enrolment"]
        assert pids(var)["positioning"] == started["positioning"]  # left running

        before = pids(var)["certification"]
        restarted = network(var, offset, "restart", "certification")
        assert restarted.returncode == 0, restarted.stderr[-3000:]
        assert status(var, offset)["certification"] == "ready"
        assert pids(var)["certification"] != before
    finally:
        last = pids(var) if (var / "run").exists() else {}
        down = network(var, offset, "down")
    assert down.returncode == 0, down.stderr
    assert not any(pid_alive(pid) for pid in last.values())
    assert set(status(var, offset).values()) == {"stopped"}
