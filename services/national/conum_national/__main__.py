"""``python -m conum_national``: run the service; ``funnel`` prints the training funnel in the
terminal (from the running service's API); ``replay`` rebuilds the projection from the start
of the topics into a fresh store and compares its figures with the live store's.

    python -m conum_national                      # serve (settings from CONUM_* variables)
    python -m conum_national funnel [--region FR-NAQ] [--from 2026-01-01] [--to …]
                                    [--url http://127.0.0.1:8007] [--token …]
    python -m conum_national replay --into sqlite+aiosqlite:///var/national-replay.db
                                    [--compare-with <live database URL>]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence

import httpx
from conum_kernel.schemes import SCHEMES
from conum_runtime.serve import serve
from conum_runtime.settings import ServiceSettings

from conum_national.app import create_app, figures_of, rebuild
from conum_national.views.tables import FUNNEL_LABELS

STEPS = tuple((step.value, label) for step, label in FUNNEL_LABELS.items())


def funnel_text(rows: Sequence[dict[str, object]], title: str) -> str:
    """The funnel as a terminal table: one line per step, a column per scheme, the total and
    its share of the enrolled."""
    totals = {scheme: dict.fromkeys((s for s, _ in STEPS), 0) for scheme in SCHEMES}
    for row in rows:
        scheme = str(row.get("scheme"))
        if scheme in totals:
            for step, _label in STEPS:
                value = row.get(step)
                totals[scheme][step] += value if isinstance(value, int) else 0
    enrolled = sum(totals[s]["enrolled"] for s in SCHEMES)
    width = max(len(label) for _, label in STEPS)
    lines = [title, f"{'':{width}}  {'2021':>8}  {'2024':>8}  {'ensemble':>8}  {'part':>6}"]
    for step, label in STEPS:
        both = sum(totals[s][step] for s in SCHEMES)
        share = f"{100 * both / enrolled:5.1f} %" if enrolled else "     -"
        lines.append(
            f"{label:{width}}  {totals['2021'][step]:>8}  {totals['2024'][step]:>8}  "
            f"{both:>8}  {share}"
        )
    return "\n".join(lines)


def funnel(arguments: argparse.Namespace) -> int:
    params = {
        name: value
        for name, value in (
            ("region", arguments.region),
            ("from", arguments.start),
            ("to", arguments.end),
        )
        if value
    }
    answer = httpx.get(
        f"{arguments.url.rstrip('/')}/national/tables/funnel",
        params=params,
        headers={"Authorization": f"Bearer {arguments.token}"},
        timeout=30,
    )
    if answer.status_code != 200:
        print(f"{answer.status_code}: {answer.text}", file=sys.stderr)
        return 1
    table = answer.json()
    where = arguments.region or "France entière"
    period = " ".join(f"{k} {v}" for k, v in params.items() if k != "region")
    print(funnel_text(table["rows"], f"Parcours de formation initiale, {where} {period}".strip()))
    return 0


def replay(arguments: argparse.Namespace) -> int:
    settings = ServiceSettings().model_copy(update={"service": "national"})
    report = asyncio.run(rebuild(settings, arguments.into))
    print(
        f"rebuilt from {len(report.end_offsets)} partitions: {report.records} records in "
        f"{report.seconds:.1f}s ({report.per_second:.0f}/s); "
        + ", ".join(f"{outcome.value} {n}" for outcome, n in sorted(report.outcomes.items()))
    )
    if not arguments.compare_with:
        return 0
    rebuilt = asyncio.run(figures_of(arguments.into))
    live = asyncio.run(figures_of(arguments.compare_with))
    different = sorted(name for name in rebuilt if rebuilt[name] != live.get(name))
    if different:
        print("figures differ in: " + ", ".join(different))
        return 1
    print(f"the rebuilt figures equal the live ones ({len(rebuilt)} tables)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conum_national")
    commands = parser.add_subparsers(dest="command")
    shown = commands.add_parser("funnel", help="print the training funnel")
    shown.add_argument("--region", help="a region code, e.g. FR-NAQ")
    shown.add_argument("--from", dest="start", help="enrolled from this day (ISO 8601)")
    shown.add_argument("--to", dest="end", help="enrolled until this day (ISO 8601)")
    shown.add_argument(
        "--url", default=os.environ.get("CONUM_NATIONAL_URL", "http://127.0.0.1:8007")
    )
    shown.add_argument(
        "--token",
        default=os.environ.get("CONUM_NATIONAL_TOKEN", "dev-national-coordinator"),
        help="a national coordinator's or regional hub's token (CONUM_NATIONAL_TOKEN)",
    )
    rebuilt = commands.add_parser("replay", help="rebuild the projection into a fresh store")
    rebuilt.add_argument("--into", required=True, help="database URL of the fresh store")
    rebuilt.add_argument("--compare-with", help="database URL of the live store")
    arguments = parser.parse_args(argv)
    if arguments.command == "funnel":
        return funnel(arguments)
    if arguments.command == "replay":
        return replay(arguments)
    serve(create_app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
