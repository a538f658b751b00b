"""Process helpers shared by every launcher: loopback ports, waiting, pid files, stopping,
running a command as another user (files they share: ``files``). Standard library only."""

from __future__ import annotations

import contextlib
import os
import pwd
import signal
import socket
import stat
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

LOOPBACK = "127.0.0.1"


class ExitedDuringStartError(RuntimeError):
    """The process ended while we were waiting for it to serve."""

    def __init__(self, code: int) -> None:
        super().__init__(f"exited with code {code} during start-up")
        self.code = code


# --------------------------------------------------------------------------- ports


def free_ports(count: int = 1, host: str = LOOPBACK) -> list[int]:
    """Return ``count`` distinct TCP ports that could be bound on ``host`` just now.

    All sockets are held open together, so the ports are distinct; they are closed before
    returning, so another process may still take one (a small, accepted race).
    """
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.bind((host, 0))
        return [int(s.getsockname()[1]) for s in sockets]
    finally:
        for sock in sockets:
            sock.close()


def free_port(host: str = LOOPBACK) -> int:
    """One TCP port that could be bound on ``host`` just now."""
    return free_ports(1, host)[0]


def port_is_bindable(port: int, host: str = LOOPBACK) -> bool:
    """True when a listening socket could be bound on ``host:port`` (as servers do it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Servers use SO_REUSEADDR, so TIME_WAIT leftovers do not block them.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def port_accepts(port: int, host: str = LOOPBACK, timeout: float = 1.0) -> bool:
    """True when something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


# --------------------------------------------------------------------------- waiting


def wait_until(
    ready: Callable[[], bool],
    timeout: float,
    process: subprocess.Popen[bytes] | None = None,
    interval: float = 0.2,
) -> None:
    """Poll ``ready`` until it is true; raise ``ExitedDuringStartError`` if ``process`` ends
    first, ``TimeoutError`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        code = process.poll() if process is not None else None
        if code is not None:
            raise ExitedDuringStartError(code)
        if ready():
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"not ready within {timeout:.0f}s")
        time.sleep(interval)


# --------------------------------------------------------------------------- pids


def pid_alive(pid: int) -> bool:
    """True when ``pid`` runs; a zombie (exited, not yet reaped) counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat_line.rpartition(")")[2].split()[:1] != ["Z"]


def cmdline(pid: int) -> list[str] | None:
    """The command line of ``pid``, or None when it cannot be read."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def read_pid(pid_file: Path, owns: Callable[[list[str]], bool] | None = None) -> int | None:
    """The pid in ``pid_file`` if it runs and (when ``owns`` is given) its command line is
    ours; None otherwise (no file, a dead process, or a pid reused by another program)."""
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    if not pid_alive(pid):
        return None
    line = cmdline(pid)
    if owns is not None and line is not None and not owns(line):
        return None
    return pid


def wait_exit(pid: int, timeout: float, process: subprocess.Popen[bytes] | None = None) -> bool:
    """Wait up to ``timeout`` s for ``pid`` to end; True when it did."""
    if process is not None and process.pid == pid:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        return True
    deadline = time.monotonic() + timeout
    while pid_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def stop_pid(
    pid: int, timeout: float = 30.0, process: subprocess.Popen[bytes] | None = None
) -> None:
    """SIGTERM ``pid``, wait up to ``timeout`` s, then SIGKILL; RuntimeError if it survives."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if wait_exit(pid, timeout, process):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    if not wait_exit(pid, 10.0, process):
        raise RuntimeError(f"pid {pid} survived SIGKILL")


def spawn_detached(
    command: Sequence[str], cwd: Path, output: Path, env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start ``command`` in its own session (no terminal signals), appending its stdout and
    stderr to ``output`` after a dated banner."""
    with output.open("ab") as out:
        out.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} starting\n".encode())
        out.flush()
        return subprocess.Popen(
            list(command),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


# --------------------------------------------------------------------------- other users


def user_when_root(name: str) -> pwd.struct_passwd | None:
    """The account ``name`` when we are root (servers such as PostgreSQL refuse root), else
    None (run as ourselves). KeyError when root and the account does not exist."""
    if os.geteuid() != 0:
        return None
    return pwd.getpwnam(name)


def run_as(
    argv: Sequence[str],
    user: pwd.struct_passwd | None,
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 120.0,
) -> subprocess.CompletedProcess[str]:
    """``subprocess.run`` as ``user`` (its primary group only) or as ourselves when None.
    Output is captured as text; the exit code is not checked."""
    return subprocess.run(
        list(argv),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        user=user.pw_uid if user is not None else None,
        group=user.pw_gid if user is not None else None,
        extra_groups=[] if user is not None else None,
    )


def traversable_by(path: Path, uid: int, gids: set[int]) -> bool:
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
