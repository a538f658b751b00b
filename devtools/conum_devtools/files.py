"""Files the launchers share: state (JSON), logs (where a run starts, a line, the tail) and
locks between processes. Standard library only."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any


def log_size(path: Path) -> int:
    """The current size of a log file (0 when absent): where this run's lines will start."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def log_contains(path: Path, text: str, offset: int = 0) -> bool:
    """True when ``text`` appears in ``path`` after byte ``offset`` (all of it if it shrank)."""
    try:
        with path.open("rb") as handle:
            if handle.seek(0, os.SEEK_END) < offset:
                offset = 0  # rolled over meanwhile
            handle.seek(offset)
            return text.encode() in handle.read()
    except OSError:
        return False


def read_tail(path: Path, lines: int = 40) -> str:
    """The last ``lines`` lines of a text file ("" when unreadable)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 64 * 1024))
            data = handle.read().decode(errors="replace")
    except OSError:
        return ""
    return "\n".join(data.splitlines()[-lines:])


@contextlib.contextmanager
def file_lock(lock_path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``lock_path`` (created if missing) for the block."""
    with lock_path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from ``path``, or None when absent or not an object."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_json(path: Path, data: Mapping[str, Any]) -> None:
    """Write ``data`` to ``path`` atomically."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(dict(data), indent=2) + "\n")
    os.replace(tmp, path)
