"""A reconciliation run: every conseiller enrolment knows, the three views compared
(:mod:`.rules`), what still disagrees after a moment to settle, and the events that led
there; shown as a table, JSON or Prometheus metrics."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from conum_operations.reconciliation.network import (
    EventSummary,
    KafkaProbe,
    NetworkReader,
    Views,
    wait_until_quiet,
)
from conum_operations.reconciliation.rules import RULES, Disagreement, EnrolmentSide, compare

SERVICES = ("enrolment", "positioning", "certification")


@dataclass
class Report:
    checked: int
    quiet: bool
    """Whether the network was quiet (outboxes empty, consumers caught up) when read."""
    disagreements: list[Disagreement]
    events: dict[str, list[EventSummary]] = field(default_factory=dict)
    finished_at: float = field(default_factory=time.time)

    @property
    def conseillers(self) -> list[str]:
        return sorted({d.conseiller_id for d in self.disagreements})

    def by_rule(self) -> Counter[str]:
        return Counter(d.rule for d in self.disagreements)


async def _compared(reader: NetworkReader, enrolments: Sequence[EnrolmentSide]) -> list[Views]:
    return list(await asyncio.gather(*(reader.views(e) for e in enrolments)))


def _disagreements(views: Sequence[Views]) -> list[Disagreement]:
    return [
        d for v in views for d in compare(v.enrolment, v.positioning, v.certification, v.national)
    ]


async def reconcile(
    reader: NetworkReader,
    probe: KafkaProbe | None = None,
    *,
    wait: float = 30.0,
    settle: float = 1.0,
    batch: int = 16,
) -> Report:
    """Compare every conseiller's views. ``wait``: seconds to wait for a quiet network first;
    ``settle``: a disagreement must still hold this many seconds later (events in flight
    settle meanwhile); ``probe`` measures consumer lag and reads the events that led there."""
    quiet = await wait_until_quiet(reader, probe, timeout=wait) if wait > 0 else False
    checked = 0
    suspects: list[str] = []
    pending: list[EnrolmentSide] = []
    async for enrolment in reader.enrolments():
        checked += 1
        pending.append(enrolment)
        if len(pending) >= batch:
            suspects += {d.conseiller_id for d in _disagreements(await _compared(reader, pending))}
            pending = []
    if pending:
        suspects += {d.conseiller_id for d in _disagreements(await _compared(reader, pending))}
    disagreements: list[Disagreement] = []
    if suspects:
        await asyncio.sleep(settle)
        again = [e for e in await asyncio.gather(*(reader.enrolment(c) for c in suspects)) if e]
        disagreements = _disagreements(await _compared(reader, again))
    report = Report(checked, quiet, disagreements)
    if probe is not None and disagreements:
        report.events = await probe.history(report.conseillers)
    return report


def render_table(report: Report) -> str:
    """One line per disagreement (what each service holds), the conseiller's events under
    its first line; then a summary line."""
    lines = [
        f"{'conseiller':<36}  {'rule':<14}  {'enrolment':<24}  {'positioning':<24}  certification"
    ]
    shown: set[str] = set()
    for d in report.disagreements:
        lines.append(
            f"{d.conseiller_id:<36}  {d.rule:<14}  {d.holds('enrolment'):<24}  "
            f"{d.holds('positioning'):<24}  {d.holds('certification')}"
        )
        if d.conseiller_id not in shown:
            shown.add(d.conseiller_id)
            lines += [f"    {event.line()}" for event in report.events.get(d.conseiller_id, [])]
    lines.append(summary(report))
    return "\n".join(lines)


def summary(report: Report) -> str:
    state = "" if report.quiet else " (the network was not quiet)"
    if not report.disagreements:
        return f"{report.checked} conseillers checked: the services agree{state}"
    rules = ", ".join(f"{rule} {n}" for rule, n in sorted(report.by_rule().items()))
    return (
        f"{len(report.disagreements)} disagreements over {len(report.conseillers)} "
        f"conseillers ({rules}); {report.checked} conseillers checked{state}"
    )


def as_json(report: Report) -> dict[str, Any]:
    return {
        "checked": report.checked,
        "quiet": report.quiet,
        "finished_at": report.finished_at,
        "disagreements": [
            {
                "conseiller_id": d.conseiller_id,
                "rule": d.rule,
                "held": dict(d.held),
                "events": [
                    {
                        "time": event.time.isoformat(),
                        "type": event.type,
                        "source": event.source,
                        "fields": dict(event.fields),
                    }
                    for event in report.events.get(d.conseiller_id, [])
                ],
            }
            for d in report.disagreements
        ],
    }


def as_metrics(report: Report) -> str:
    """Prometheus text exposition of the last run."""
    counts = report.by_rule()
    lines = [
        "# HELP conum_reconciliation_disagreements Disagreements between the services' views "
        "of the conseillers at the last reconciliation, by rule.",
        "# TYPE conum_reconciliation_disagreements gauge",
        *(f'conum_reconciliation_disagreements{{rule="{r}"}} {counts.get(r, 0)}' for r in RULES),
        "# HELP conum_reconciliation_conseillers_checked Conseillers compared at the last run.",
        "# TYPE conum_reconciliation_conseillers_checked gauge",
        f"conum_reconciliation_conseillers_checked {report.checked}",
        "# HELP conum_reconciliation_quiet 1 when the network was quiet when read.",
        "# TYPE conum_reconciliation_quiet gauge",
        f"conum_reconciliation_quiet {int(report.quiet)}",
        "# HELP conum_reconciliation_last_run_timestamp_seconds When the last run finished.",
        "# TYPE conum_reconciliation_last_run_timestamp_seconds gauge",
        f"conum_reconciliation_last_run_timestamp_seconds {report.finished_at:.3f}",
    ]
    return "\n".join(lines) + "\n"
