"""``python -m conum_devtools.prometheus start|stop|status``: Prometheus per directory.

Usage::

    python -m conum_devtools.prometheus start [--dir var/prometheus] [--port 9090]  # prints its URL
    python -m conum_devtools.prometheus status [--dir var/prometheus]
    python -m conum_devtools.prometheus stop [--dir var/prometheus]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from conum_devtools.daemon import cli_status, cli_stop
from conum_devtools.prometheus.install import PrometheusError
from conum_devtools.prometheus.server import STANDARD_PORT, LocalPrometheus


def _start(args: argparse.Namespace) -> int:
    previous = LocalPrometheus(args.dir)
    state = previous.read_state() or {}
    if previous.pid is not None:
        print(f"Prometheus is already running from {previous.workdir}", file=sys.stderr)
        print(state.get("url", previous.url))
        return 0
    port = args.port if args.port is not None else int(state.get("port", STANDARD_PORT))
    prometheus = LocalPrometheus(
        args.dir, port, scrape_interval=args.scrape_interval, extra_targets=args.target
    )
    started = time.monotonic()
    print(f"starting Prometheus in {prometheus.workdir} ...", file=sys.stderr)
    try:
        url = prometheus.start(timeout=args.timeout)
    except PrometheusError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(
        f"Prometheus started in {time.monotonic() - started:.1f}s "
        f"(pid {prometheus.pid}, log {prometheus.out_file})",
        file=sys.stderr,
    )
    print(url)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conum_devtools.prometheus",
        description="Run Prometheus (Debian's package) on 127.0.0.1, scraping the services.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="start Prometheus detached; prints its URL")
    stop = commands.add_parser("stop", help="stop the Prometheus started from --dir")
    status = commands.add_parser("status", help="tell whether the Prometheus from --dir runs")
    for sub in (start, stop, status):
        sub.add_argument("--dir", type=Path, default=Path("var/prometheus"), help="work directory")
    start.add_argument(
        "--port", type=int, default=None, help="default: the dir's previous port, else 9090"
    )
    start.add_argument("--scrape-interval", default="15s", help="e.g. 5s")
    start.add_argument(
        "--target", action="append", default=[], help="extra host:port to scrape (repeatable)"
    )
    start.add_argument("--timeout", type=float, default=60.0, help="start-up timeout, seconds")
    stop.add_argument("--timeout", type=float, default=30.0, help="seconds before SIGKILL")
    args = parser.parse_args(argv)
    if args.command == "start":
        return _start(args)
    if args.command == "stop":
        return cli_stop(LocalPrometheus(args.dir), args.timeout)
    return cli_status(LocalPrometheus(args.dir), lambda state: f"URL {state.get('url')}")
