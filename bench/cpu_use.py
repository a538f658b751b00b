"""The CPU time the parts of a running network used, and the machine's, from ``/proc``."""

from __future__ import annotations

import os
from pathlib import Path


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user and system) a process used so far, its threads included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


SERVERS = ("kafka", "jaeger", "prometheus")
BENCH = "this bench"


def cpu_seconds(pids: dict[str, int]) -> dict[str, float]:
    """CPU time (user and system) used so far by each running part of the network, and by this
    bench (``this bench``)."""
    used = {}
    for name, pid in {**pids, BENCH: os.getpid()}.items():
        try:
            used[name] = process_cpu_seconds(pid)
        except OSError:
            continue
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
