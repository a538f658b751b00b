"""Finding the repository's own files (``deploy/...``) from wherever a launcher runs."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


def find_in_checkout(relative: Path, starts: Sequence[Path] | None = None) -> Path | None:
    """The first ``<dir>/<relative>`` that is a file, walking up from each of ``starts``
    (default: the working directory, then this package's location); None if there is none."""
    bases = list(starts) if starts is not None else [Path.cwd(), Path(__file__).resolve().parent]
    for base in bases:
        base = base.resolve()
        for directory in (base, *base.parents):
            candidate = directory / relative
            if candidate.is_file():
                return candidate
    return None


def user_cache_dir() -> Path:
    """Where built tools are kept between checkouts: ``$XDG_CACHE_HOME/conum`` or
    ``~/.cache/conum`` (like Maven's ``~/.m2``, outside any work tree)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "conum"
