"""A throw-away PostgreSQL cluster for tests, from the server binaries on this machine.

No Docker and no Python driver: ``initdb``, ``pg_ctl`` and ``createdb`` from the newest
``/usr/lib/postgresql/<version>/bin`` (Debian's ``postgresql`` package; ``$CONUM_PG_BINDIR``
overrides, ``PATH`` is the last resort). PostgreSQL refuses to run as root, so when we are
root every server command runs as the ``postgres`` user (``$CONUM_PG_USER``) in a temporary
directory that user owns.

    pg = ThrowawayPostgres()
    pg.start()
    url = pg.create_database("enrolment")   # postgresql+asyncpg://postgres@127.0.0.1:<port>/enrolment
    ...
    pg.stop()                               # stops the server and deletes its directory
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

__all__ = [
    "PostgresUnavailableError",
    "ThrowawayPostgres",
    "ThrowawayPostgresError",
    "find_pg_bindir",
]

BINDIR_ENV = "CONUM_PG_BINDIR"
USER_ENV = "CONUM_PG_USER"
DEFAULT_SEARCH_ROOT = Path("/usr/lib/postgresql")
LOOPBACK = "127.0.0.1"
SUPERUSER = "postgres"
# Unix socket paths are limited to 107 bytes; keep room for "/.s.PGSQL.65535".
MAX_SOCKET_DIR_LEN = 90
_DB_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_SERVER_SETTINGS: Mapping[str, str] = {
    "listen_addresses": f"'{LOOPBACK}'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "log_min_messages": "warning",
    "logging_collector": "off",
}


class ThrowawayPostgresError(RuntimeError):
    """The throw-away cluster could not be created, started or used."""


class PostgresUnavailableError(ThrowawayPostgresError):
    """No PostgreSQL server binaries on this machine (install Debian's ``postgresql``)."""


def _version_key(path: Path) -> tuple[int, ...]:
    # /usr/lib/postgresql/<version>/bin: "15" or "9.6"
    parts = re.findall(r"\d+", path.parent.name)
    return tuple(int(p) for p in parts) if parts else (-1,)


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


def _has_server(directory: Path) -> bool:
    return all(
        (directory / name).is_file() and os.access(directory / name, os.X_OK)
        for name in ("initdb", "pg_ctl", "postgres")
    )


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port that could be bound on ``host`` just now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _traversable_by(path: Path, uid: int, gids: set[int]) -> bool:
    """True when user ``uid`` (groups ``gids``) can reach ``path`` (x on every ancestor)."""
    for directory in (path, *path.parents):
        try:
            info = directory.stat()
        except OSError:
            return False
        if info.st_uid == uid:
            ok = bool(info.st_mode & stat.S_IXUSR)
        elif info.st_gid in gids:
            ok = bool(info.st_mode & stat.S_IXGRP)
        else:
            ok = bool(info.st_mode & stat.S_IXOTH)
        if not ok:
            return False
    return True


class ThrowawayPostgres:
    """One PostgreSQL cluster in a temporary directory, on 127.0.0.1 and a free port.

    ``workdir`` is where the temporary directory is created (default: the system temp
    dir). When running as root and the ``postgres`` user cannot reach ``workdir`` (pytest's
    ``/tmp/pytest-of-root`` is mode 700), the system temp dir is used instead.
    """

    def __init__(self, workdir: Path | None = None, port: int | None = None) -> None:
        self.workdir = Path(workdir).expanduser().resolve() if workdir is not None else None
        self._requested_port = port
        self.port: int = port if port is not None else 0
        self.bindir: Path | None = None
        self.tempdir: Path | None = None
        self._socket_tempdir: Path | None = None
        self._run_as: pwd.struct_passwd | None = None
        self._started = False

    # -- paths ------------------------------------------------------------------------

    @property
    def datadir(self) -> Path:
        return self._require_tempdir() / "data"

    @property
    def logfile(self) -> Path:
        return self._require_tempdir() / "postgres.log"

    @property
    def socket_dir(self) -> Path:
        if self._socket_tempdir is not None:
            return self._socket_tempdir
        return self._require_tempdir() / "sock"

    @property
    def pid(self) -> int | None:
        """The postmaster's pid (from ``postmaster.pid``) while the server runs."""
        if self.tempdir is None:
            return None
        try:
            return int((self.datadir / "postmaster.pid").read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None

    def is_running(self) -> bool:
        return self._started

    def admin_url(self) -> str:
        """``postgresql://postgres@127.0.0.1:<port>/postgres`` (libpq / asyncpg DSN)."""
        self._require_started()
        return f"postgresql://{SUPERUSER}@{LOOPBACK}:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        """The SQLAlchemy asyncpg URL of database ``name`` (which need not exist)."""
        return f"postgresql+asyncpg://{SUPERUSER}@{LOOPBACK}:{self.port}/{name}"

    # -- lifecycle --------------------------------------------------------------------

    def start(self, timeout: float = 60) -> str:
        """initdb, configure, ``pg_ctl start`` and wait until it serves; returns admin_url()."""
        if self._started:
            return self.admin_url()
        bindir = find_pg_bindir()
        if bindir is None:
            raise PostgresUnavailableError(
                "PostgreSQL server binaries not found (looked in $CONUM_PG_BINDIR, "
                f"{DEFAULT_SEARCH_ROOT}/*/bin and PATH); apt-get install postgresql"
            )
        self.bindir = bindir
        self._run_as = self._server_user()
        self._make_tempdir()
        try:
            self._initdb()
            attempts = 1 if self._requested_port is not None else 3
            for attempt in range(attempts):
                self.port = self._requested_port or free_port()
                self._write_config()
                try:
                    self._pg_ctl_start(timeout)
                    break
                except ThrowawayPostgresError:
                    port_taken = "already in use" in self._log_tail()
                    if attempt + 1 < attempts and port_taken:
                        continue
                    raise
            self._started = True
            self._run(["psql", *self._conn_args(), "-X", "-q", "-c", "select 1", "postgres"])
        except BaseException:
            self.stop()
            raise
        return self.admin_url()

    def create_database(self, name: str) -> str:
        """CREATE DATABASE ``name`` with ``createdb``; returns its asyncpg SQLAlchemy URL."""
        self._require_started()
        if not _DB_NAME.match(name):
            raise ValueError(f"database name {name!r} must match {_DB_NAME.pattern}")
        self._run(["createdb", *self._conn_args(), name])
        return self.database_url(name)

    def stop(self) -> None:
        """``pg_ctl stop -m fast`` (SIGKILL as a last resort), then delete the temp dir."""
        if self.tempdir is None:
            return
        pid = self.pid
        if pid is not None and self.bindir is not None:
            try:
                self._run(
                    ["pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "-t", "30", "stop"],
                    timeout=45,
                )
            except ThrowawayPostgresError:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
                    time.sleep(0.5)
        self._started = False
        shutil.rmtree(self.tempdir, ignore_errors=True)
        if self._socket_tempdir is not None:
            shutil.rmtree(self._socket_tempdir, ignore_errors=True)
        self.tempdir = None
        self._socket_tempdir = None

    def __enter__(self) -> ThrowawayPostgres:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"ThrowawayPostgres(port={self.port}, tempdir={self.tempdir})"

    # -- internals --------------------------------------------------------------------

    def _require_tempdir(self) -> Path:
        if self.tempdir is None:
            raise ThrowawayPostgresError("the cluster is not started")
        return self.tempdir

    def _require_started(self) -> None:
        if not self._started:
            raise ThrowawayPostgresError("the cluster is not started")

    @staticmethod
    def _server_user() -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        name = os.environ.get(USER_ENV, "postgres")
        try:
            return pwd.getpwnam(name)
        except KeyError as exc:
            raise PostgresUnavailableError(
                f"running as root and there is no {name!r} user to run PostgreSQL as"
            ) from exc

    def _make_tempdir(self) -> None:
        parent = self.workdir
        if parent is not None:
            parent.mkdir(parents=True, exist_ok=True)
        if self._run_as is not None and parent is not None:
            # Commands run with the primary group only (extra_groups=[]).
            gids = {self._run_as.pw_gid}
            if not _traversable_by(parent, self._run_as.pw_uid, gids):
                parent = None  # the postgres user cannot reach it: use the system temp dir
        self.tempdir = Path(tempfile.mkdtemp(prefix="conum-pg-", dir=parent))
        sock = self.tempdir / "sock"
        if len(str(sock)) > MAX_SOCKET_DIR_LEN:
            self._socket_tempdir = Path(tempfile.mkdtemp(prefix="conum-pgs-"))
        else:
            sock.mkdir()
        if self._run_as is not None:
            for directory in (self.tempdir, self.socket_dir):
                os.chown(directory, self._run_as.pw_uid, self._run_as.pw_gid)

    def _env(self) -> dict[str, str]:
        # libpq variables of the caller must not redirect our commands elsewhere.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["HOME"] = str(self._require_tempdir())
        env.setdefault("LC_ALL", "C.UTF-8")
        return env

    def _run(self, command: Sequence[str], timeout: float = 120) -> str:
        assert self.bindir is not None
        argv = [str(self.bindir / command[0]), *command[1:]]
        user = self._run_as
        try:
            result = subprocess.run(
                argv,
                cwd=self._require_tempdir(),
                env=self._env(),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                user=user.pw_uid if user is not None else None,
                group=user.pw_gid if user is not None else None,
                extra_groups=[] if user is not None else None,
            )
        except subprocess.TimeoutExpired as exc:
            raise ThrowawayPostgresError(f"{command[0]} timed out after {timeout:.0f}s") from exc
        if result.returncode != 0:
            raise ThrowawayPostgresError(
                f"{command[0]} failed (exit {result.returncode}):\n"
                + (result.stdout + result.stderr).strip()
            )
        return result.stdout

    def _conn_args(self) -> list[str]:
        return ["-h", LOOPBACK, "-p", str(self.port), "-U", SUPERUSER]

    def _initdb(self) -> None:
        self._run(
            [
                "initdb",
                "-D",
                str(self.datadir),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ]
        )

    def _write_config(self) -> None:
        settings = dict(_SERVER_SETTINGS)
        settings["port"] = str(self.port)
        settings["unix_socket_directories"] = f"'{self.socket_dir}'"
        # postgresql.auto.conf is read last, so these win over postgresql.conf.
        text = "# Written by conum_runtime.testing.postgres\n" + "".join(
            f"{key} = {value}\n" for key, value in settings.items()
        )
        auto_conf = self.datadir / "postgresql.auto.conf"
        auto_conf.write_text(text)
        if self._run_as is not None:
            os.chown(auto_conf, self._run_as.pw_uid, self._run_as.pw_gid)

    def _pg_ctl_start(self, timeout: float) -> None:
        try:
            self._pg_ctl(timeout)
        except ThrowawayPostgresError as exc:
            raise ThrowawayPostgresError(
                f"{exc}\n--- last lines of {self.logfile} ---\n{self._log_tail()}"
            ) from exc

    def _pg_ctl(self, timeout: float) -> None:
        self._run(
            [
                "pg_ctl",
                "-D",
                str(self.datadir),
                "-l",
                str(self.logfile),
                "-w",
                "-t",
                str(max(1, int(timeout))),
                "start",
            ],
            timeout=timeout + 15,
        )

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""
