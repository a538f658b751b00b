"""Command line: ``python -m conum_contracts.snapshot check|write [--schemas-dir DIR]``.

``check`` exits 1 when a type has no snapshot, a model drifts from its latest snapshot or
the snapshot history is inconsistent. ``write`` adds a revision for every changed model, or
refuses (exit 1, reasons printed) when a change is not compatible with earlier revisions.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .registry import EVENT_TYPES
from .schemas import DEFAULT_SCHEMAS_DIR, check_snapshots, write_snapshots


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the process exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m conum_contracts.snapshot",
        description="Check or write the JSON Schema snapshots of the event contracts.",
    )
    parser.add_argument("command", choices=("check", "write"))
    parser.add_argument("--schemas-dir", type=Path, default=DEFAULT_SCHEMAS_DIR)
    arguments = parser.parse_args(argv)
    event_types = list(EVENT_TYPES.values())
    if arguments.command == "check":
        problems = check_snapshots(event_types, arguments.schemas_dir)
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            print(f"{len(event_types)} event types match their snapshots")
        return 1 if problems else 0
    report = write_snapshots(event_types, arguments.schemas_dir)
    for reason in report.refused:
        print(f"refused: {reason}", file=sys.stderr)
    if report.refused:
        return 1
    for path in report.written:
        print(f"wrote {path}")
    if not report.written:
        print("every snapshot is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
