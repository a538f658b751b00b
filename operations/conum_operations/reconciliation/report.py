"""A reconciliation run: the services' listings merged in the order of conseiller ids and
each conseiller's views compared (:mod:`.rules`), what still disagrees after a moment to
settle, and the events that led there; shown as a table, JSON or Prometheus metrics."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from conum_operations.reconciliation.merge import Held, merged, ranges_around
from conum_operations.reconciliation.network import EventSummary, KafkaProbe, wait_until_quiet
from conum_operations.reconciliation.reader import KeyRange, NetworkReader
from conum_operations.reconciliation.rules import (
    RULES,
    Disagreement,
    compare,
    unknown_to_enrolment,
)
from conum_operations.reconciliation.sides import (
    CertificationSide,
    EnrolmentSide,
    NationalSide,
    PositioningSide,
)

SERVICES = ("enrolment", "positioning", "certification")
GAP = 64
"""Suspects this many conseillers apart or closer are read again in one range."""


@dataclass
class Report:
    checked: int
    """The conseillers enrolment holds."""
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


def disagreements_of(held: Held, national: bool) -> list[Disagreement]:
    """What the services' items about one conseiller break of the rules; ``national``: the
    national view was read (a conseiller it does not hold is ``unknown`` there)."""
    items = held.items
    positioning = PositioningSide.of(items["positioning"]) if "positioning" in items else None
    certification = (
        CertificationSide.of(items["certification"]) if "certification" in items else None
    )
    journey: NationalSide | None = None
    if national:
        journey = (
            NationalSide.of(items["national"]) if "national" in items else NationalSide.unknown()
        )
    if "enrolment" not in items:
        return unknown_to_enrolment(held.conseiller_id, positioning, certification, journey)
    return compare(EnrolmentSide.listed(items["enrolment"]), positioning, certification, journey)


def _held(reader: NetworkReader, keys: KeyRange) -> AsyncIterator[Held]:
    return merged({service: reader.listing(service, keys) for service in reader.compared})


async def _again(reader: NetworkReader, suspects: Sequence[Held]) -> list[Disagreement]:
    """What still disagrees among ``suspects``, read again."""
    wanted = {held.conseiller_id for held in suspects}
    found: list[Disagreement] = []
    for keys in ranges_around(suspects, GAP):
        async for held in _held(reader, keys):
            if held.conseiller_id in wanted:
                found += disagreements_of(held, reader.compares_national)
    return found


async def reconcile(
    reader: NetworkReader,
    probe: KafkaProbe | None = None,
    *,
    wait: float = 30.0,
    settle: float = 1.0,
) -> Report:
    """Compare every conseiller's views. ``wait``: seconds to wait for a quiet network first;
    ``settle``: a disagreement must still hold this many seconds later (events in flight
    settle meanwhile: only the key ranges around the suspects are read again); ``probe``
    measures consumer lag and reads the events that led there."""
    quiet = await wait_until_quiet(reader, probe, timeout=wait) if wait > 0 else False
    checked = 0
    suspects: list[Held] = []
    async for held in _held(reader, KeyRange()):
        checked += "enrolment" in held.items
        if disagreements_of(held, reader.compares_national):
            suspects.append(held)
    disagreements: list[Disagreement] = []
    if suspects:
        await asyncio.sleep(settle)
        disagreements = await _again(reader, suspects)
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
