"""Finding PostgreSQL's server binaries, and what can go wrong with the throw-away cluster."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from conum_devtools.daemon import ServerError

BINDIR_ENV = "CONUM_PG_BINDIR"
DEFAULT_SEARCH_ROOT = Path("/usr/lib/postgresql")
SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")


class ThrowawayPostgresError(ServerError):
    """The throw-away cluster could not be created, started or used."""


class PostgresUnavailableError(ThrowawayPostgresError):
    """No PostgreSQL server binaries on this machine (install Debian's ``postgresql``)."""


def find_pg_bindir(search_root: Path = DEFAULT_SEARCH_ROOT) -> Path | None:
    """The directory holding ``initdb``/``pg_ctl``/``postgres``, or None.

    Order: ``$CONUM_PG_BINDIR``; the highest version under ``search_root/*/bin``
    (Debian's layout); the directory of ``pg_ctl`` on ``PATH``.
    """
    override = os.environ.get(BINDIR_ENV)
    if override:
        candidate = Path(override).expanduser()
        return candidate if _has_server(candidate) else None
    candidates = [d for d in search_root.glob("*/bin") if _has_server(d)]
    if candidates:
        return max(candidates, key=_version_key)
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl is not None:
        directory = Path(pg_ctl).resolve().parent
        if _has_server(directory):
            return directory
    return None


def _version_key(path: Path) -> tuple[int, ...]:
    # /usr/lib/postgresql/<version>/bin: "15" or "9.6"
    parts = re.findall(r"\d+", path.parent.name)
    return tuple(int(p) for p in parts) if parts else (-1,)


def _has_server(directory: Path) -> bool:
    return all(
        (directory / name).is_file() and os.access(directory / name, os.X_OK)
        for name in SERVER_BINARIES
    )
