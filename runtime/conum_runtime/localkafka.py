"""A real single-node Apache Kafka broker (KRaft) run from Maven Central jars, without Docker.

The jars named in ``deploy/kafka/pom.xml`` are resolved once with Maven into a shared cache
(``deploy/kafka/libs/`` next to the pom, or ``$CONUM_KAFKA_LIBS``) and reused until the pom
changes. Each broker lives in its own work directory::

    server.properties      broker + controller configuration (loopback listeners only)
    log4j2.properties      logging configuration (everything goes to server.log)
    server.log             the broker's log
    kafka.out              the JVM's stdout/stderr
    data/                  log.dirs (topics, metadata log)
    kafka.pid              pid of the running JVM (removed by stop)
    kafka.state.json       pid, ports and bootstrap string of the last successful start

Command line (the broker runs detached; ``stop`` and ``status`` work from any shell)::

    python -m conum_runtime.localkafka start [--dir var/kafka] [--port 9092]
    python -m conum_runtime.localkafka status [--dir var/kafka]
    python -m conum_runtime.localkafka stop [--dir var/kafka]

Only the standard library is used, so this module can run before anything else is installed.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = [
    "KafkaUnavailableError",
    "LocalKafka",
    "LocalKafkaError",
    "find_pom",
    "free_ports",
    "libs_dir_for",
    "render_log4j2_properties",
    "render_server_properties",
    "resolve_jars",
]

POM_RELATIVE = Path("deploy") / "kafka" / "pom.xml"
LIBS_ENV = "CONUM_KAFKA_LIBS"
MARKER_NAME = ".pom.sha256"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"
STARTED_LINE = "Kafka Server started"
LOOPBACK = "127.0.0.1"
JVM_HEAP = ("-Xms256m", "-Xmx768m")
MAVEN_TIMEOUT = 900.0

PID_FILE = "kafka.pid"
STATE_FILE = "kafka.state.json"
SERVER_PROPERTIES = "server.properties"
LOG4J_CONFIG = "log4j2.properties"
LOG_FILE = "server.log"
OUT_FILE = "kafka.out"
DATA_DIR = "data"


class LocalKafkaError(RuntimeError):
    """The local broker could not be prepared, started or stopped."""


class KafkaUnavailableError(LocalKafkaError):
    """A prerequisite (java, mvn, the pom) is missing on this machine."""


# --------------------------------------------------------------------------- pure helpers


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


def port_is_bindable(port: int, host: str = LOOPBACK) -> bool:
    """True when a listening socket could be bound on ``host:port`` (as the JVM does it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Java server sockets use SO_REUSEADDR, so TIME_WAIT leftovers do not block them.
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


def new_cluster_id() -> str:
    """A KRaft cluster id, as ``kafka.tools.StorageTool random-uuid`` makes it.

    Kafka's ``Uuid.randomUuid()`` is a random (version 4) UUID in URL-safe base64 without
    padding, never starting with ``-``.
    """
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode("ascii").rstrip("=")
        if not text.startswith("-"):
            return text


def render_server_properties(port: int, controller_port: int, data_dir: Path) -> str:
    """server.properties of a combined broker + controller bound to the loopback only."""
    settings: list[tuple[str, str]] = [
        ("process.roles", "broker,controller"),
        ("node.id", "1"),
        # Static quorum: the storage must be formatted WITHOUT --standalone.
        ("controller.quorum.voters", f"1@{LOOPBACK}:{controller_port}"),
        ("listeners", f"PLAINTEXT://{LOOPBACK}:{port},CONTROLLER://{LOOPBACK}:{controller_port}"),
        ("advertised.listeners", f"PLAINTEXT://{LOOPBACK}:{port}"),
        ("inter.broker.listener.name", "PLAINTEXT"),
        ("controller.listener.names", "CONTROLLER"),
        ("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
        ("log.dirs", str(data_dir.resolve())),
        ("num.partitions", "3"),
        ("auto.create.topics.enable", "true"),
        # One broker: the defaults (3 replicas, min ISR 2) leave groups/transactions unusable.
        ("offsets.topic.replication.factor", "1"),
        ("offsets.topic.num.partitions", "3"),
        ("transaction.state.log.replication.factor", "1"),
        ("transaction.state.log.min.isr", "1"),
        ("share.coordinator.state.topic.replication.factor", "1"),
        ("share.coordinator.state.topic.min.isr", "1"),
        ("group.initial.rebalance.delay.ms", "0"),
    ]
    lines = ["# Written by conum_runtime.localkafka; rewritten at every start."]
    lines += [f"{key}={_escape_property(value)}" for key, value in settings]
    return "\n".join(lines) + "\n"


def render_log4j2_properties(log_file: Path) -> str:
    """A log4j2 (properties format) configuration sending everything to ``log_file`` only.

    The properties format needs nothing beyond log4j-core; YAML works too with Kafka 4.1.1
    (jackson-dataformat-yaml arrives through Kafka's dependencies) but would break silently
    if that dependency ever went away.
    """
    path = _escape_property(str(log_file.resolve()))
    return (
        "\n".join(
            [
                "# Written by conum_runtime.localkafka; rewritten at every start.",
                "status = error",
                "name = conum-local-kafka",
                "appender.file.type = RollingFile",
                "appender.file.name = FILE",
                f"appender.file.fileName = {path}",
                f"appender.file.filePattern = {path}.%i",
                "appender.file.append = true",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "appender.file.policies.type = Policies",
                "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
                "appender.file.policies.size.size = 20MB",
                "appender.file.strategy.type = DefaultRolloverStrategy",
                "appender.file.strategy.max = 2",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = FILE",
                # The same quieting Kafka's own config/log4j2.yaml applies.
                "logger.kafka.name = kafka",
                "logger.kafka.level = INFO",
                "logger.apache.name = org.apache.kafka",
                "logger.apache.level = INFO",
                "logger.controller.name = kafka.controller",
                "logger.controller.level = INFO",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = WARN",
            ]
        )
        + "\n"
    )


def _escape_property(value: str) -> str:
    """Escape a value for a Java .properties file (backslashes only matter on our paths)."""
    return value.replace("\\", "\\\\")


# --------------------------------------------------------------------------- jars


def find_pom(starts: Sequence[Path] | None = None) -> Path:
    """Find ``deploy/kafka/pom.xml`` walking up from the cwd and from this file's location."""
    bases = list(starts) if starts is not None else [Path.cwd(), Path(__file__).resolve().parent]
    for base in bases:
        base = base.resolve()
        for directory in (base, *base.parents):
            candidate = directory / POM_RELATIVE
            if candidate.is_file():
                return candidate
    raise KafkaUnavailableError(
        f"{POM_RELATIVE} not found above {', '.join(str(b) for b in bases)}; pass pom= explicitly"
    )


def libs_dir_for(pom: Path) -> Path:
    """The shared jar cache: ``$CONUM_KAFKA_LIBS`` or ``libs/`` next to the pom."""
    override = os.environ.get(LIBS_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return pom.resolve().parent / "libs"


def _pom_hash(pom: Path) -> str:
    return hashlib.sha256(pom.read_bytes()).hexdigest()


def _jars_complete(libs: Path, digest: str) -> bool:
    marker = libs / MARKER_NAME
    try:
        return marker.read_text().strip() == digest and any(libs.glob("kafka_2.13-*.jar"))
    except OSError:
        return False


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    with lock_path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def resolve_jars(pom: Path, libs: Path | None = None, timeout: float = MAVEN_TIMEOUT) -> Path:
    """Resolve the runtime jars of ``pom`` into ``libs`` with Maven; reuse them when complete.

    A marker file holds the pom's SHA-256: a changed pom resolves again into a fresh
    directory whose jars then replace the old ones. Concurrent callers serialise on a lock
    file inside ``libs``.
    """
    pom = pom.resolve()
    libs = (libs or libs_dir_for(pom)).resolve()
    digest = _pom_hash(pom)
    if _jars_complete(libs, digest):
        return libs
    mvn = shutil.which("mvn")
    if mvn is None:
        raise KafkaUnavailableError("mvn (Apache Maven) is not on PATH; it resolves the jars")
    libs.mkdir(parents=True, exist_ok=True)
    with _locked(libs / ".lock"):
        if _jars_complete(libs, digest):
            return libs
        staging = Path(tempfile.mkdtemp(prefix=".resolve-", dir=libs))
        try:
            command = [
                mvn,
                "-B",
                "-q",
                "-f",
                str(pom),
                DEPENDENCY_PLUGIN,
                "-DincludeScope=runtime",
                f"-DoutputDirectory={staging}",
            ]
            try:
                result = subprocess.run(
                    command,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise LocalKafkaError(f"Maven did not resolve {pom} within {timeout:.0f}s") from exc
            if result.returncode != 0 or not any(staging.glob("kafka_2.13-*.jar")):
                output = (result.stdout + result.stderr).strip().splitlines()[-40:]
                raise LocalKafkaError(
                    f"Maven failed to resolve {pom} (exit {result.returncode}):\n"
                    + "\n".join(output)
                )
            (libs / MARKER_NAME).unlink(missing_ok=True)
            for old in libs.glob("*.jar"):
                old.unlink()
            for jar in staging.glob("*.jar"):
                os.replace(jar, libs / jar.name)
            marker_tmp = libs / f"{MARKER_NAME}.tmp"
            marker_tmp.write_text(digest + "\n")
            os.replace(marker_tmp, libs / MARKER_NAME)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return libs


def _find_java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    java = shutil.which("java")
    if java is None:
        raise KafkaUnavailableError("java is not on PATH (and JAVA_HOME is not set); need JDK 17+")
    return java


# --------------------------------------------------------------------------- processes


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped) still answers kill(0): treat it as gone.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def _cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def _read_tail(path: Path, lines: int = 40) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            data = handle.read().decode(errors="replace")
    except OSError:
        return ""
    return "\n".join(data.splitlines()[-lines:])


# --------------------------------------------------------------------------- the broker


class LocalKafka:
    """A single-node KRaft broker (broker + controller in one JVM) on 127.0.0.1.

    ``port``/``controller_port`` (None or 0) default to free ports chosen now (re-chosen at
    start if they were taken meanwhile), or to the ports of a broker already running from
    ``workdir``. ``pom`` defaults to ``deploy/kafka/pom.xml`` found by walking
    up from the cwd and from this file. The work directory is kept after ``stop()``.
    """

    def __init__(
        self,
        workdir: Path,
        port: int | None = None,
        controller_port: int | None = None,
        pom: Path | None = None,
    ) -> None:
        self.workdir = Path(workdir).expanduser().resolve()
        self._process: subprocess.Popen[bytes] | None = None
        port = port or None  # 0 means "any free port", as for bind()
        controller_port = controller_port or None
        if port is None or controller_port is None:
            # A broker from this directory is running (maybe started from another shell):
            # adopt its ports so that ``bootstrap`` is right.
            state = self.read_state() if self.pid is not None else None
            if state is not None:
                port = int(state["port"]) if port is None else port
                if controller_port is None:
                    controller_port = int(state["controller_port"])
        self._explicit_port = port is not None
        self._explicit_controller_port = controller_port is not None
        self.port, self.controller_port = self._choose_ports(port, controller_port)
        self._pom = pom

    # -- paths and state ---------------------------------------------------------------

    @property
    def pom(self) -> Path:
        if self._pom is None:
            self._pom = find_pom()
        return self._pom.resolve()

    @property
    def libs_dir(self) -> Path:
        return libs_dir_for(self.pom)

    @property
    def bootstrap(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.workdir / LOG_FILE

    @property
    def pid_file(self) -> Path:
        return self.workdir / PID_FILE

    @property
    def state_file(self) -> Path:
        return self.workdir / STATE_FILE

    @property
    def data_dir(self) -> Path:
        return self.workdir / DATA_DIR

    @property
    def pid(self) -> int | None:
        """The pid recorded in ``kafka.pid`` if that process is alive and is this broker."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        if not _pid_alive(pid):
            return None
        cmdline = _cmdline(pid)
        if cmdline is not None and not self._is_our_cmdline(cmdline):
            return None  # the pid was reused by an unrelated process
        return pid

    def _is_our_cmdline(self, cmdline: list[str]) -> bool:
        return "kafka.Kafka" in cmdline and str(self.workdir / SERVER_PROPERTIES) in cmdline

    def read_state(self) -> dict[str, Any] | None:
        """The content of ``kafka.state.json`` (pid, port, controller_port, bootstrap)."""
        try:
            data = json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def is_running(self) -> bool:
        return self.pid is not None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self, timeout: float = 90.0) -> str:
        """Resolve jars, format storage if needed, start the JVM, wait until it serves.

        Returns the bootstrap string ``127.0.0.1:<port>``. ``timeout`` bounds the wait for
        the broker (Maven resolution has its own, longer, limit).
        """
        running = self.pid
        if running is not None:
            raise LocalKafkaError(
                f"a broker from {self.workdir} is already running (pid {running})"
            )
        java = _find_java()
        libs = resolve_jars(self.pom, self.libs_dir)
        classpath = str(libs / "*")

        self.workdir.mkdir(parents=True, exist_ok=True)
        self.pid_file.unlink(missing_ok=True)
        self._ensure_ports_free()
        properties = self.workdir / SERVER_PROPERTIES
        log4j = self.workdir / LOG4J_CONFIG
        properties.write_text(
            render_server_properties(self.port, self.controller_port, self.data_dir)
        )
        log4j.write_text(render_log4j2_properties(self.log_file))
        log4j_opt = f"-Dlog4j2.configurationFile={log4j}"

        if not (self.data_dir / "meta.properties").is_file():
            self._format_storage(java, classpath, log4j_opt, properties)

        log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        command = [
            java,
            *JVM_HEAP,
            "-Djava.awt.headless=true",
            # Without this, log4j's own shutdown hook races Kafka's and the log stops
            # before "shut down completed" (the shutdown itself is clean either way).
            "-Dlog4j2.shutdownHookEnabled=false",
            log4j_opt,
            "-cp",
            classpath,
            "kafka.Kafka",
            str(properties),
        ]
        with (self.workdir / OUT_FILE).open("ab") as out:
            out.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} starting\n".encode())
            out.flush()
            self._process = subprocess.Popen(
                command,
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own session and process group: no terminal signals
            )
        pid = self._process.pid
        self.pid_file.write_text(f"{pid}\n")
        try:
            self._wait_ready(timeout, log_offset)
        except BaseException:
            self.stop(timeout=10.0)
            raise
        state = {
            "pid": pid,
            "port": self.port,
            "controller_port": self.controller_port,
            "bootstrap": self.bootstrap,
            "started_at": time.time(),
        }
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=2) + "\n")
        os.replace(tmp, self.state_file)
        return self.bootstrap

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM the recorded pid, wait up to ``timeout`` s, then SIGKILL. Idempotent."""
        pid = self.pid
        if pid is None and self._process is not None and self._process.poll() is None:
            pid = self._process.pid
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            if not self._wait_exit(pid, timeout):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                if not self._wait_exit(pid, 10.0):
                    raise LocalKafkaError(f"broker pid {pid} survived SIGKILL")
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=1.0)
            self._process = None
        # kafka.state.json stays: the CLI reuses the ports of a directory's last run.
        self.pid_file.unlink(missing_ok=True)

    def __enter__(self) -> LocalKafka:
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
        return f"LocalKafka(workdir={str(self.workdir)!r}, bootstrap={self.bootstrap!r})"

    # -- internals ---------------------------------------------------------------------

    @staticmethod
    def _choose_ports(port: int | None, controller_port: int | None) -> tuple[int, int]:
        chosen = iter(free_ports(2))
        client = port if port is not None else next(chosen)
        controller = controller_port if controller_port is not None else next(chosen)
        if controller == client:
            controller = next(chosen)
        if client == controller:
            raise LocalKafkaError(f"port and controller_port are both {client}")
        return client, controller

    def _ensure_ports_free(self) -> None:
        for _ in range(5):
            busy = [p for p in (self.port, self.controller_port) if not port_is_bindable(p)]
            if not busy:
                return
            if (self._explicit_port and self.port in busy) or (
                self._explicit_controller_port and self.controller_port in busy
            ):
                raise LocalKafkaError(f"port(s) {busy} on {LOOPBACK} are already in use")
            self.port, self.controller_port = self._choose_ports(
                self.port if self._explicit_port else None,
                self.controller_port if self._explicit_controller_port else None,
            )
        raise LocalKafkaError("could not find free ports for the broker")

    def _wait_exit(self, pid: int, timeout: float) -> bool:
        if self._process is not None and self._process.pid == pid:
            try:
                self._process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                return False
            return True
        deadline = time.monotonic() + timeout
        while _pid_alive(pid):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True

    def _format_storage(self, java: str, classpath: str, log4j_opt: str, properties: Path) -> None:
        command = [
            java,
            log4j_opt,
            "-cp",
            classpath,
            "kafka.tools.StorageTool",
            "format",
            "--cluster-id",
            new_cluster_id(),
            "--config",
            str(properties),
            "--ignore-formatted",
        ]
        result = subprocess.run(
            command,
            cwd=self.workdir,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise LocalKafkaError(
                f"kafka.tools.StorageTool format failed (exit {result.returncode}):\n"
                + (result.stdout + result.stderr).strip()
            )

    def _started_in_log(self, offset: int) -> bool:
        try:
            with self.log_file.open("rb") as handle:
                if handle.seek(0, os.SEEK_END) < offset:
                    offset = 0  # rolled over meanwhile
                handle.seek(offset)
                return STARTED_LINE.encode() in handle.read()
        except OSError:
            return False

    def _wait_ready(self, timeout: float, log_offset: int) -> None:
        assert self._process is not None
        deadline = time.monotonic() + timeout
        while True:
            code = self._process.poll()
            if code is not None:
                raise LocalKafkaError(
                    f"the broker exited with code {code} during start-up\n{self._diagnostics()}"
                )
            if self._started_in_log(log_offset) and port_accepts(self.port):
                return
            if time.monotonic() > deadline:
                raise LocalKafkaError(
                    f"the broker did not start within {timeout:.0f}s\n{self._diagnostics()}"
                )
            time.sleep(0.2)

    def _diagnostics(self) -> str:
        parts = []
        for path in (self.log_file, self.workdir / OUT_FILE):
            tail = _read_tail(path)
            if tail:
                parts.append(f"--- last lines of {path} ---\n{tail}")
        return "\n".join(parts) or "(no output)"


# --------------------------------------------------------------------------- command line


def _cli_start(workdir: Path, port: int | None, timeout: float) -> int:
    previous = LocalKafka(workdir)
    pid = previous.pid
    state = previous.read_state()
    if pid is not None:
        bootstrap = state["bootstrap"] if state else "(unknown: kafka.state.json missing)"
        print(f"Kafka is already running from {previous.workdir} (pid {pid})", file=sys.stderr)
        print(bootstrap)
        return 0
    # --port 0: any free port; no --port: the previous port of this dir, else 9092.
    chosen_port: int | None
    controller: int | None = None
    if port == 0:
        chosen_port = None
    elif port is not None:
        chosen_port = port
    else:
        chosen_port = int(state["port"]) if state and "port" in state else 9092
    if state and "controller_port" in state and port_is_bindable(int(state["controller_port"])):
        controller = int(state["controller_port"])
    if chosen_port is not None and not port_is_bindable(chosen_port):
        print(
            f"port {chosen_port} on {LOOPBACK} is in use; pass --port N, or --port 0 for any",
            file=sys.stderr,
        )
        return 1
    if controller is not None and controller == chosen_port:
        controller = None
    kafka = LocalKafka(workdir, port=chosen_port, controller_port=controller)
    started = time.monotonic()
    print(f"starting Kafka in {kafka.workdir} ...", file=sys.stderr)
    try:
        bootstrap = kafka.start(timeout=timeout)
    except LocalKafkaError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    pid = kafka.pid
    elapsed = time.monotonic() - started
    print(
        f"Kafka started in {elapsed:.1f}s (pid {pid}, log {kafka.log_file})",
        file=sys.stderr,
    )
    print(bootstrap)
    return 0


def _cli_stop(workdir: Path, timeout: float) -> int:
    kafka = LocalKafka(workdir)
    pid = kafka.pid
    if pid is None:
        print(f"Kafka is not running from {kafka.workdir}", file=sys.stderr)
        kafka.pid_file.unlink(missing_ok=True)
        return 0
    kafka.stop(timeout=timeout)
    print(f"Kafka stopped (pid {pid})", file=sys.stderr)
    return 0


def _cli_status(workdir: Path) -> int:
    kafka = LocalKafka(workdir)
    pid = kafka.pid
    if pid is None:
        print(f"Kafka is not running from {kafka.workdir}")
        return 1
    state = kafka.read_state() or {}
    bootstrap = state.get("bootstrap", "(unknown)")
    print(f"Kafka is running from {kafka.workdir}: pid {pid}, bootstrap {bootstrap}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conum_runtime.localkafka",
        description="Run a single-node Kafka broker (KRaft) from Maven Central jars.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="start a detached broker; prints the bootstrap")
    stop = commands.add_parser("stop", help="stop the broker started from --dir")
    status = commands.add_parser("status", help="tell whether the broker from --dir runs")
    for sub in (start, stop, status):
        sub.add_argument("--dir", type=Path, default=Path("var/kafka"), help="work directory")
    start.add_argument(
        "--port",
        type=int,
        default=None,
        help="client port (default: the dir's previous port, else 9092; 0: any free port)",
    )
    start.add_argument("--timeout", type=float, default=90.0, help="start-up timeout, seconds")
    stop.add_argument("--timeout", type=float, default=30.0, help="seconds before SIGKILL")
    args = parser.parse_args(argv)
    if args.command == "start":
        return _cli_start(args.dir, args.port, args.timeout)
    if args.command == "stop":
        return _cli_stop(args.dir, args.timeout)
    return _cli_status(args.dir)


if __name__ == "__main__":
    sys.exit(main())
