"""``python -m conum_devtools.jaeger build|start|stop|status``: Jaeger v2 per directory.

    python -m conum_devtools.jaeger build                       # build once, print the binary
    python -m conum_devtools.jaeger start [--dir var/jaeger] [--query-port 16686] ...
    python -m conum_devtools.jaeger status [--dir var/jaeger]
    python -m conum_devtools.jaeger stop [--dir var/jaeger]

Ports default to the directory's previous ones, else Jaeger's standard ports (OTLP 4317 and
4318, query 16686 and 16685, health 13133); 0 takes any free port.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from conum_devtools.daemon import cli_status, cli_stop
from conum_devtools.jaeger.build import JaegerError, jaeger_binary
from conum_devtools.jaeger.server import PORT_NAMES, STANDARD_PORTS, LocalJaeger


def _start(args: argparse.Namespace) -> int:
    previous = LocalJaeger(args.dir)
    state = previous.read_state() or {}
    if previous.pid is not None:
        print(f"Jaeger is already running from {previous.workdir}", file=sys.stderr)
        print(state.get("query_url", "(unknown)"))
        return 0
    ports: dict[str, Any] = {}
    for name in PORT_NAMES:
        given = getattr(args, name)
        ports[name] = given if given is not None else state.get(name, STANDARD_PORTS[name])
    started = time.monotonic()
    try:
        jaeger = LocalJaeger(
            args.dir, max_traces=args.max_traces, ui_assets=args.ui_assets, **ports
        )
        print(f"starting Jaeger in {jaeger.workdir} ...", file=sys.stderr)
        jaeger.start(timeout=args.timeout)
    except JaegerError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(
        f"Jaeger started in {time.monotonic() - started:.1f}s (pid {jaeger.pid}, "
        f"OTLP {jaeger.otlp_http_endpoint}, log {jaeger.out_file})",
        file=sys.stderr,
    )
    if jaeger.ui_assets is None:
        print("no UI assets: the query port serves the API and a placeholder page", file=sys.stderr)
    print(jaeger.query_url)
    return 0


def _describe(state: dict[str, Any]) -> str:
    return f"UI/API {state.get('query_url')}, OTLP HTTP {state.get('otlp_http_endpoint')}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conum_devtools.jaeger",
        description="Run Jaeger v2 (in-memory, 127.0.0.1 only), built from the Go module proxy.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="build Jaeger once (cached); prints the binary's path")
    start = commands.add_parser("start", help="start Jaeger detached; prints the query URL")
    stop = commands.add_parser("stop", help="stop the Jaeger started from --dir")
    status = commands.add_parser("status", help="tell whether the Jaeger from --dir runs")
    for sub in (start, stop, status):
        sub.add_argument("--dir", type=Path, default=Path("var/jaeger"), help="work directory")
    for name in PORT_NAMES:
        flag = "--" + name.replace("_", "-")
        start.add_argument(flag, type=int, default=None, help=f"default {STANDARD_PORTS[name]}")
    start.add_argument("--max-traces", type=int, default=100_000, help="in-memory trace limit")
    start.add_argument("--ui-assets", type=Path, default=None, help="built Jaeger UI directory")
    start.add_argument("--timeout", type=float, default=60.0, help="start-up timeout, seconds")
    stop.add_argument("--timeout", type=float, default=30.0, help="seconds before SIGKILL")
    args = parser.parse_args(argv)
    if args.command == "build":
        try:
            print(jaeger_binary())
        except JaegerError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        return 0
    if args.command == "start":
        return _start(args)
    if args.command == "stop":
        return cli_stop(LocalJaeger(args.dir), args.timeout)
    return cli_status(LocalJaeger(args.dir), _describe)
