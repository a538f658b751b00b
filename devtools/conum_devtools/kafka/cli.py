"""``python -m conum_devtools.kafka start|stop|status``: a detached broker per directory.

Usage::

    python -m conum_devtools.kafka start [--dir var/kafka] [--port 9092]   # prints the bootstrap
    python -m conum_devtools.kafka start --secure [--instance enrolment-national …]
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
from conum_devtools.kafka.security import BrokerSecurity
from conum_devtools.processes import LOOPBACK, port_is_bindable

DEFAULT_PORT = 9092


def _start(
    workdir: Path,
    port: int | None,
    timeout: float,
    secure: bool = False,
    instances: Sequence[str] = (),
) -> int:
    previous = LocalKafka(workdir)
    pid = previous.pid
    state = previous.read_state()
    if pid is not None:
        bootstrap = state["bootstrap"] if state else "(unknown: kafka.state.json missing)"
        print(f"Kafka is already running from {previous.workdir} (pid {pid})", file=sys.stderr)
        if secure != bool(state and state.get("security")):
            print("it runs " + ("without" if secure else "with") + " --secure", file=sys.stderr)
            return 1
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
    security: BrokerSecurity | None = None
    if secure:
        from conum_devtools.kafka.network import installed_instances, network_security

        security = network_security(workdir, list(instances) or installed_instances())
    kafka = LocalKafka(workdir, port=chosen_port, controller_port=controller, security=security)
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
    if security is not None:
        from conum_devtools.kafka.network import CREDENTIALS_DIR, write_credentials

        written = write_credentials(security, bootstrap, kafka.workdir / CREDENTIALS_DIR)
        print(
            f"SASL/SCRAM with ACLs: {len(written)} principals ({', '.join(written)}); "
            f"their CONUM_KAFKA_* settings are in {kafka.workdir / CREDENTIALS_DIR}/<name>.env",
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
    start.add_argument(
        "--secure",
        action="store_true",
        help="SASL/SCRAM and ACLs: one principal per service instance (credentials under --dir)",
    )
    start.add_argument(
        "--instance",
        action="append",
        default=[],
        metavar="SERVICE-REGION",
        help="with --secure: an instance to make a principal for (repeatable; default: every "
        "installed service, national)",
    )
    stop.add_argument("--timeout", type=float, default=30.0, help="seconds before SIGKILL")
    args = parser.parse_args(argv)
    if args.command == "start":
        return _start(args.dir, args.port, args.timeout, args.secure, args.instance)
    if args.command == "stop":
        return cli_stop(LocalKafka(args.dir), args.timeout)
    return cli_status(
        LocalKafka(args.dir), lambda state: f"bootstrap {state.get('bootstrap', '(unknown)')}"
    )
