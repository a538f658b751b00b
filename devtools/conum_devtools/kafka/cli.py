"""``python -m conum_devtools.kafka start|stop|status``: a detached broker per directory.

Usage::

    python -m conum_devtools.kafka start [--dir var/kafka] [--port 9092]   # prints the bootstrap
    python -m conum_devtools.kafka status [--dir var/kafka]
    python -m conum_devtools.kafka stop [--dir var/kafka]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from conum_devtools.daemon import cli_status, cli_stop
from conum_devtools.kafka.broker import LocalKafka
from conum_devtools.kafka.errors import LocalKafkaError
from conum_devtools.processes import LOOPBACK, port_is_bindable

DEFAULT_PORT = 9092


def _start(workdir: Path, port: int | None, timeout: float) -> int:
    previous = LocalKafka(workdir)
    pid = previous.pid
    state = previous.read_state()
    if pid is not None:
        bootstrap = state["bootstrap"] if state else "(unknown: kafka.state.json missing)"
        print(f"Kafka is already running from {previous.workdir} (pid {pid})", file=sys.stderr)
        print(bootstrap)
        return 0
    # --port 0: any free port; no --port: the previous port of this dir, else 9092.
    chosen_port: int | None
    if port == 0:
        chosen_port = None
    elif port is not None:
        chosen_port = port
    else:
        chosen_port = int(state["port"]) if state and "port" in state else DEFAULT_PORT
    controller: int | None = None
    if state and "controller_port" in state and port_is_bindable(int(state["controller_port"])):
        controller = int(state["controller_port"])
    if chosen_port is not None and not port_is_bindable(chosen_port):
        print(
            f"port {chosen_port} on {LOOPBACK} is in use; pass --port N, or --port 0 for any",
            file=sys.stderr,
        )
        return 1
    if controller is not None and controller == chosen_port:
        controller = None
    kafka = LocalKafka(workdir, port=chosen_port, controller_port=controller)
    started = time.monotonic()
    print(f"starting Kafka in {kafka.workdir} ...", file=sys.stderr)
    try:
        bootstrap = kafka.start(timeout=timeout)
    except LocalKafkaError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    elapsed = time.monotonic() - started
    print(
        f"Kafka started in {elapsed:.1f}s (pid {kafka.pid}, log {kafka.log_file})",
        file=sys.stderr,
    )
    print(bootstrap)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conum_devtools.kafka",
        description="Run a single-node Kafka broker (KRaft) from Maven Central jars.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="start a detached broker; prints the bootstrap")
    stop = commands.add_parser("stop", help="stop the broker started from --dir")
    status = commands.add_parser("status", help="tell whether the broker from --dir runs")
    for sub in (start, stop, status):
        sub.add_argument("--dir", type=Path, default=Path("var/kafka"), help="work directory")
    start.add_argument(
        "--port",
        type=int,
        default=None,
        help="client port (default: the dir's previous port, else 9092; 0: any free port)",
    )
    start.add_argument("--timeout", type=float, default=90.0, help="start-up timeout, seconds")
    stop.add_argument("--timeout", type=float, default=30.0, help="seconds before SIGKILL")
    args = parser.parse_args(argv)
    if args.command == "start":
        return _start(args.dir, args.port, args.timeout)
    if args.command == "stop":
        return cli_stop(LocalKafka(args.dir), args.timeout)
    return cli_status(
        LocalKafka(args.dir), lambda state: f"bootstrap {state.get('bootstrap', '(unknown)')}"
    )
