"""A server run detached from a work directory and found again from any shell.

The work directory holds ``<name>.pid`` (while it runs), ``<name>.state.json`` (ports and
endpoints of the last successful start) and ``<name>.out`` (the process's stdout/stderr).
Kafka, Jaeger and Prometheus launchers build on this class.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self

from conum_devtools import files, processes


class ServerError(RuntimeError):
    """A development server could not be prepared, started or stopped."""


class DetachedServer:
    """Base of the launchers: pid file, state file, start with readiness, stop, status."""

    name: ClassVar[str] = "server"
    error: ClassVar[type[ServerError]] = ServerError

    def __init__(self, workdir: Path) -> None:
        self.workdir = Path(workdir).expanduser().resolve()
        self._process: Any = None  # subprocess.Popen[bytes] while we started it

    # -- files and state ---------------------------------------------------------------

    @property
    def pid_file(self) -> Path:
        return self.workdir / f"{self.name}.pid"

    @property
    def state_file(self) -> Path:
        return self.workdir / f"{self.name}.state.json"

    @property
    def out_file(self) -> Path:
        return self.workdir / f"{self.name}.out"

    def log_files(self) -> list[Path]:
        """Files whose last lines explain a failed start."""
        return [self.out_file]

    def owns(self, cmdline: list[str]) -> bool:
        """True when ``cmdline`` is this directory's server (pid files can go stale)."""
        return str(self.workdir) in " ".join(cmdline)

    @property
    def pid(self) -> int | None:
        """The recorded pid if that process is alive and is this directory's server."""
        return processes.read_pid(self.pid_file, self.owns)

    def is_running(self) -> bool:
        return self.pid is not None

    def read_state(self) -> dict[str, Any] | None:
        """The content of the state file written by the last successful start."""
        return files.read_json(self.state_file)

    # -- lifecycle ---------------------------------------------------------------------

    def _launch(
        self,
        command: Sequence[str],
        ready: Callable[[], bool],
        timeout: float,
        state: Mapping[str, Any],
        env: Mapping[str, str] | None = None,
    ) -> None:
        """Start ``command`` detached, wait until ``ready()``, then record ``state``."""
        running = self.pid
        if running is not None:
            raise self.error(
                f"a {self.name} from {self.workdir} is already running (pid {running})"
            )
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.pid_file.unlink(missing_ok=True)
        self._process = processes.spawn_detached(command, self.workdir, self.out_file, env)
        pid = self._process.pid
        self.pid_file.write_text(f"{pid}\n")
        try:
            processes.wait_until(ready, timeout, self._process)
        except processes.ExitedDuringStartError as exc:
            self.stop(timeout=10.0)
            raise self.error(f"{self.name} {exc}\n{self.diagnostics()}") from exc
        except TimeoutError as exc:
            self.stop(timeout=10.0)
            raise self.error(
                f"{self.name} did not start within {timeout:.0f}s\n{self.diagnostics()}"
            ) from exc
        except BaseException:
            self.stop(timeout=10.0)
            raise
        files.write_json(self.state_file, {"pid": pid, **state, "started_at": time.time()})

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM the server, SIGKILL after ``timeout`` s. Idempotent. The state file stays
        (a CLI start reuses the ports of the directory's last run)."""
        pid = self.pid
        if pid is None and self._process is not None and self._process.poll() is None:
            pid = self._process.pid
        if pid is not None:
            try:
                processes.stop_pid(pid, timeout, self._process)
            except RuntimeError as exc:
                raise self.error(str(exc)) from exc
        if self._process is not None:
            self._process.poll()  # reap it
            self._process = None
        self.pid_file.unlink(missing_ok=True)

    def diagnostics(self) -> str:
        parts = []
        for path in self.log_files():
            tail = files.read_tail(path)
            if tail:
                parts.append(f"--- last lines of {path} ---\n{tail}")
        return "\n".join(parts) or "(no output)"

    def start(self, timeout: float = 60.0) -> object:
        """Prepare and start the server; wait until it serves (subclasses)."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


# --------------------------------------------------------------------------- CLI helpers


def cli_stop(server: DetachedServer, timeout: float) -> int:
    """``stop``: end the server of the directory, if any. Exit code 0 either way."""
    pid = server.pid
    label = server.name.capitalize()
    if pid is None:
        print(f"{label} is not running from {server.workdir}", file=sys.stderr)
        server.pid_file.unlink(missing_ok=True)
        return 0
    server.stop(timeout=timeout)
    print(f"{label} stopped (pid {pid})", file=sys.stderr)
    return 0


def cli_status(server: DetachedServer, describe: Callable[[dict[str, Any]], str]) -> int:
    """``status``: 0 and a description when it runs, 1 when it does not."""
    pid = server.pid
    label = server.name.capitalize()
    if pid is None:
        print(f"{label} is not running from {server.workdir}")
        return 1
    description = describe(server.read_state() or {})
    print(f"{label} is running from {server.workdir}: pid {pid}, {description}")
    return 0
