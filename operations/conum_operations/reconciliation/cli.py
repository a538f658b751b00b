"""``./conum reconcile`` (``python -m conum_operations.reconciliation``).

Compares what enrolment, positioning and certification hold of every conseiller and lists
every disagreement with the events that led there. Quiet when all agree (exit 0); a table
of disagreements otherwise (exit 1). ``--json`` prints the report as JSON; ``--serve``
keeps running, reconciling every ``--every`` seconds, and serves the last report at
``/operations/reconciliation`` and Prometheus gauges at ``/metrics``.

Each service lists what it holds of every conseiller in key order and the listings are merged
(decision 0036). The token must be a national coordinator's or an operator's (they see every
region); the services' addresses, the token and Kafka come from the options or
``CONUM_RECONCILE_*`` and ``CONUM_KAFKA_BOOTSTRAP_SERVERS``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conum_operations.reconciliation.network import KafkaProbe
from conum_operations.reconciliation.reader import NetworkReader, Services
from conum_operations.reconciliation.report import (
    Report,
    as_json,
    as_metrics,
    reconcile,
    render_table,
    summary,
)


def parser() -> argparse.ArgumentParser:
    env = os.environ.get
    p = argparse.ArgumentParser(
        prog="conum reconcile", description=__doc__.split("\n\n")[1] if __doc__ else None
    )
    p.add_argument(
        "--enrolment", default=env("CONUM_RECONCILE_ENROLMENT_URL", "http://127.0.0.1:8001")
    )
    p.add_argument(
        "--positioning", default=env("CONUM_RECONCILE_POSITIONING_URL", "http://127.0.0.1:8002")
    )
    p.add_argument(
        "--certification",
        default=env("CONUM_RECONCILE_CERTIFICATION_URL", "http://127.0.0.1:8003"),
    )
    p.add_argument(
        "--national",
        default=env("CONUM_RECONCILE_NATIONAL_URL", "http://127.0.0.1:8007"),
        help="the national view, compared too ('' to leave it out)",
    )
    p.add_argument(
        "--token",
        default=env("CONUM_RECONCILE_TOKEN"),
        help="a national coordinator's or an operator's token (CONUM_RECONCILE_TOKEN)",
    )
    p.add_argument(
        "--kafka",
        default=env("CONUM_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        help="bootstrap servers, for consumer lag and the events ('' to skip Kafka)",
    )
    p.add_argument("--topic-prefix", default=env("CONUM_TOPIC_PREFIX", ""))
    p.add_argument("--region", default="national", help="region of the service instances")
    p.add_argument(
        "--wait", type=float, default=30.0, help="seconds to wait for a quiet network first"
    )
    p.add_argument(
        "--settle", type=float, default=1.0, help="seconds a disagreement must last to count"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("-v", "--verbose", action="store_true", help="a summary line when all agree")
    p.add_argument("--serve", metavar="HOST:PORT", help="keep running and serve the last report")
    p.add_argument("--every", type=float, default=60.0, help="seconds between runs (--serve)")
    return p


def kafka_connection(bootstrap: str) -> dict[str, str]:
    """aiokafka's options for the broker, as the principal ``CONUM_KAFKA_SASL_*`` name when
    it is secured (SCRAM-SHA-512)."""
    username = os.environ.get("CONUM_KAFKA_SASL_USERNAME")
    if not username:
        return {"bootstrap_servers": bootstrap}
    return {
        "bootstrap_servers": bootstrap,
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": username,
        "sasl_plain_password": os.environ.get("CONUM_KAFKA_SASL_PASSWORD", ""),
    }


async def run_once(args: argparse.Namespace) -> Report:
    services = Services(
        args.enrolment,
        args.positioning,
        args.certification,
        args.token,
        national=args.national or None,
    )
    async with NetworkReader(services) as reader:
        if not args.kafka:
            return await reconcile(reader, None, wait=args.wait, settle=args.settle)
        async with KafkaProbe(
            kafka_connection(args.kafka), topic_prefix=args.topic_prefix, region=args.region
        ) as probe:
            return await reconcile(reader, probe, wait=args.wait, settle=args.settle)


class _Latest:
    def __init__(self) -> None:
        self.report: Report | None = None
        self.lock = threading.Lock()


def _handler(latest: _Latest) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with latest.lock:
                report = latest.report
            if self.path not in ("/operations/reconciliation", "/metrics"):
                self._send(404, "text/plain", "not found\n")
            elif report is None:
                self._send(503, "text/plain", "no reconciliation has finished yet\n")
            elif self.path == "/metrics":
                self._send(200, "text/plain; version=0.0.4", as_metrics(report))
            else:
                self._send(200, "application/json", json.dumps(as_json(report)))

        def _send(self, status: int, kind: str, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


async def serve(args: argparse.Namespace) -> int:
    host, _, port = args.serve.rpartition(":")
    latest = _Latest()
    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), _handler(latest))
    threading.Thread(target=server.serve_forever, name="reconciliation-http", daemon=True).start()
    print(f"serving the last reconciliation on http://{host or '127.0.0.1'}:{port}", flush=True)
    try:
        while True:
            report = await run_once(args)
            with latest.lock:
                latest.report = report
            print(summary(report), flush=True)
            await asyncio.sleep(args.every)
    finally:
        server.shutdown()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not args.token:
        print(
            "conum reconcile: a national coordinator's or an operator's token is needed (--token)",
            file=sys.stderr,
        )
        return 2
    if args.serve:
        return asyncio.run(serve(args))
    report = asyncio.run(run_once(args))
    if args.json:
        print(json.dumps(as_json(report), indent=2))
    elif report.disagreements:
        print(render_table(report))
    elif args.verbose:
        print(summary(report))
    return 1 if report.disagreements else 0
