"""``ThrowawayPostgres``: one cluster in a temporary directory, on 127.0.0.1 and a free port.

No Docker and no Python driver: ``initdb``, ``pg_ctl`` and ``createdb`` from Debian's
``postgresql`` package (see ``binaries``). PostgreSQL refuses to run as root, so when we are
root every server command runs as the ``postgres`` user (``$CONUM_PG_USER``) in a temporary
directory that user owns.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

from conum_devtools.files import read_tail
from conum_devtools.postgres.binaries import (
    DEFAULT_SEARCH_ROOT,
    PostgresUnavailableError,
    ThrowawayPostgresError,
    find_pg_bindir,
)
from conum_devtools.processes import LOOPBACK, free_port, run_as, traversable_by, user_when_root

USER_ENV = "CONUM_PG_USER"
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
        name = os.environ.get(USER_ENV, "postgres")
        try:
            self._run_as = user_when_root(name)
        except KeyError as exc:
            raise PostgresUnavailableError(
                f"running as root and there is no {name!r} user to run PostgreSQL as"
            ) from exc
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
                    if attempt + 1 < attempts and "already in use" in read_tail(self.logfile):
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

    def _make_tempdir(self) -> None:
        parent = self.workdir
        if parent is not None:
            parent.mkdir(parents=True, exist_ok=True)
        user = self._run_as
        # Commands run with the primary group only (see processes.run_as).
        if (
            user is not None
            and parent is not None
            and not traversable_by(parent, user.pw_uid, {user.pw_gid})
        ):
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

    def _run(self, command: Sequence[str], timeout: float = 120) -> str:
        assert self.bindir is not None
        # libpq variables of the caller must not redirect our commands elsewhere.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["HOME"] = str(self._require_tempdir())
        env.setdefault("LC_ALL", "C.UTF-8")
        argv = [str(self.bindir / command[0]), *command[1:]]
        try:
            result = run_as(
                argv, self._run_as, cwd=self._require_tempdir(), env=env, timeout=timeout
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
        datadir = str(self.datadir)
        options = ["--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]
        self._run(["initdb", "-D", datadir, "-U", SUPERUSER, *options])

    def _write_config(self) -> None:
        settings = dict(_SERVER_SETTINGS)
        settings["port"] = str(self.port)
        settings["unix_socket_directories"] = f"'{self.socket_dir}'"
        # postgresql.auto.conf is read last, so these win over postgresql.conf.
        text = "# Written by conum_devtools.postgres\n" + "".join(
            f"{key} = {value}\n" for key, value in settings.items()
        )
        auto_conf = self.datadir / "postgresql.auto.conf"
        auto_conf.write_text(text)
        if self._run_as is not None:
            os.chown(auto_conf, self._run_as.pw_uid, self._run_as.pw_gid)

    def _pg_ctl_start(self, timeout: float) -> None:
        wait = str(max(1, int(timeout)))
        command = ["pg_ctl", "-D", str(self.datadir), "-l", str(self.logfile), "-w", "-t", wait]
        try:
            self._run([*command, "start"], timeout=timeout + 15)
        except ThrowawayPostgresError as exc:
            raise ThrowawayPostgresError(
                f"{exc}\n--- last lines of {self.logfile} ---\n{read_tail(self.logfile, 30)}"
            ) from exc
