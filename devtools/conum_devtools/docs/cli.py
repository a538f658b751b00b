"""Writes, or checks, every document generated from the code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from conum_devtools.docs import asyncapi, events

EVENT_CATALOGUE = Path("docs/design/events.md")


def workspace_services(root: Path) -> list[str]:
    """The services of the checkout: ``services/<name>/`` with a project of its own."""
    services = root / "services"
    return sorted(path.name for path in services.iterdir() if (path / "pyproject.toml").exists())


def documents(root: Path) -> dict[Path, Callable[[], str]]:
    """Each generated document's path (relative to ``root``) and how to write it."""
    services = workspace_services(root)
    found: dict[Path, Callable[[], str]] = {
        Path("services") / service / "asyncapi.yaml": partial(asyncapi.generate, service)
        for service in services
    }
    found[EVENT_CATALOGUE] = partial(events.generate, services)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conum_devtools.docs", description="write the documents made from the code"
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout (default: .)")
    parser.add_argument("--check", action="store_true", help="only report stale documents")
    args = parser.parse_args(argv)
    stale = 0
    for relative, write in documents(args.root).items():
        path = args.root / relative
        text = write()
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        if args.check:
            print(f"{relative} is stale: run ./conum docs", file=sys.stderr)
            stale += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(relative)
    return 1 if stale else 0
