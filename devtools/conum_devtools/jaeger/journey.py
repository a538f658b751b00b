"""A conseiller's journey as Jaeger holds it: every trace whose spans name the conseiller
(``conum.conseiller_id``), each printed as a tree of spans with their services and timings.

    python -m conum_devtools.jaeger.journey <conseiller_id> [--query-url http://127.0.0.1:16686]
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

ATTRIBUTE = "conum.conseiller_id"


@dataclass
class SpanNode:
    span_id: str
    name: str
    service: str
    start_us: int
    duration_us: int
    children: list[SpanNode] = field(default_factory=list)


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.load(answer)


def fetch_traces(query_url: str, conseiller_id: str, lookback: str = "7d") -> list[dict[str, Any]]:
    """Every trace of every conum service whose spans name the conseiller, by trace id."""
    services = [
        s for s in _get(f"{query_url}/api/services").get("data") or [] if s.startswith("conum-")
    ]
    tags = json.dumps({ATTRIBUTE: conseiller_id})
    traces: dict[str, dict[str, Any]] = {}
    for service in services:
        query = urllib.parse.urlencode(
            {"service": service, "tags": tags, "limit": 500, "lookback": lookback}
        )
        for trace in _get(f"{query_url}/api/traces?{query}").get("data") or []:
            traces.setdefault(trace["traceID"], trace)
    return sorted(traces.values(), key=lambda t: min(s["startTime"] for s in t["spans"]))


def trees(trace: dict[str, Any]) -> list[SpanNode]:
    """The trace's spans as trees (roots first by start time)."""
    services = {pid: process["serviceName"] for pid, process in trace["processes"].items()}
    nodes = {
        span["spanID"]: SpanNode(
            span["spanID"],
            span["operationName"],
            services.get(span["processID"], "?"),
            span["startTime"],
            span["duration"],
        )
        for span in trace["spans"]
    }
    roots: list[SpanNode] = []
    for span in trace["spans"]:
        parents = [r["spanID"] for r in span.get("references", []) if r["refType"] == "CHILD_OF"]
        parent = nodes.get(parents[0]) if parents else None
        (parent.children if parent else roots).append(nodes[span["spanID"]])
    for node in nodes.values():
        node.children.sort(key=lambda child: child.start_us)
    return sorted(roots, key=lambda root: root.start_us)


def render(node: SpanNode, origin_us: int, depth: int = 0) -> list[str]:
    offset = (node.start_us - origin_us) / 1000
    line = (
        f"{'  ' * depth}{node.name}  [{node.service}]  +{offset:.1f} ms, "
        f"{node.duration_us / 1000:.1f} ms"
    )
    return [line] + [
        text for child in node.children for text in render(child, origin_us, depth + 1)
    ]


def journey(query_url: str, conseiller_id: str) -> str:
    traces = fetch_traces(query_url, conseiller_id)
    if not traces:
        return f"no trace names conseiller {conseiller_id}"
    lines = [f"conseiller {conseiller_id}: {len(traces)} trace(s)"]
    for trace in traces:
        roots = trees(trace)
        origin = roots[0].start_us
        services = sorted({n.service for root in roots for n in _walk(root)})
        lines.append(f"\ntrace {trace['traceID']} ({', '.join(services)})")
        lines.extend(text for root in roots for text in render(root, origin, 1))
    return "\n".join(lines)


def _walk(node: SpanNode) -> list[SpanNode]:
    return [node] + [n for child in node.children for n in _walk(child)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conum_devtools.jaeger.journey")
    parser.add_argument("conseiller_id")
    parser.add_argument("--query-url", default="http://127.0.0.1:16686")
    arguments = parser.parse_args(argv)
    print(journey(arguments.query_url.rstrip("/"), arguments.conseiller_id))
    return 0


if __name__ == "__main__":
    sys.exit(main())
