"""No Python module over 300 lines (decision 0014): one that grows becomes a package of the
same name, split by concept. Alembic revisions are left out (each is history, written once);
so are the modules listed in ``EXCLUDED``, each with its reason. No file of the repository
is generated Python."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 300

MIGRATIONS = "services/*/conum_*/migrations/*.py"
"""The services' Alembic revisions."""

EXCLUDED: dict[str, str] = {}
"""Modules allowed over the limit for now, and why."""


def python_modules() -> list[Path]:
    """The Python files git tracks, and the new ones it does not ignore."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def lines_of(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_is_over_300_lines() -> None:
    modules = python_modules()
    assert len(modules) > 100, "the repository's modules were not found"
    too_long = {
        str(path.relative_to(ROOT)): lines_of(path)
        for path in modules
        if not path.relative_to(ROOT).match(MIGRATIONS)
        and str(path.relative_to(ROOT)) not in EXCLUDED
        and lines_of(path) > LIMIT
    }
    assert too_long == {}, f"split by concept (a module becomes a package): {too_long}"


def test_every_exclusion_names_a_module_still_over_the_limit() -> None:
    """An exclusion whose module was split, renamed or trimmed is removed with it."""
    stale = [
        name for name in EXCLUDED if not (ROOT / name).is_file() or lines_of(ROOT / name) <= LIMIT
    ]
    assert stale == []
