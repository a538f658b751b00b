"""The broker's lifecycle: ``LocalKafka``, one KRaft node (broker + controller) per work dir.

Work directory::

    server.properties      broker + controller configuration (loopback listeners only)
    log4j2.properties      logging configuration (everything goes to server.log)
    server.log             the broker's log
    kafka.out              the JVM's stdout/stderr
    data/                  log.dirs (topics, metadata log)
    kafka.pid              pid of the running JVM (removed by stop)
    kafka.state.json       pid, ports and bootstrap string of the last successful start
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import ClassVar

from conum_devtools import files
from conum_devtools.daemon import DetachedServer
from conum_devtools.kafka.config import (
    new_cluster_id,
    render_log4j2_properties,
    render_server_properties,
)
from conum_devtools.kafka.errors import LocalKafkaError
from conum_devtools.kafka.jars import find_java, find_pom, libs_dir_for, resolve_jars
from conum_devtools.processes import LOOPBACK, free_ports, port_accepts, port_is_bindable

STARTED_LINE = "Kafka Server started"
JVM_HEAP = ("-Xms256m", "-Xmx768m")
SERVER_PROPERTIES = "server.properties"
LOG4J_CONFIG = "log4j2.properties"
LOG_FILE = "server.log"
DATA_DIR = "data"


class LocalKafka(DetachedServer):
    """A single-node KRaft broker (broker + controller in one JVM) on 127.0.0.1.

    ``port``/``controller_port`` (None or 0) default to free ports chosen now (re-chosen at
    start if they were taken meanwhile), or to the ports of a broker already running from
    ``workdir``. ``pom`` defaults to ``deploy/kafka/pom.xml`` found by walking up from the
    cwd and from this package. The work directory is kept after ``stop()``.
    """

    name: ClassVar[str] = "kafka"
    error: ClassVar[type[LocalKafkaError]] = LocalKafkaError

    def __init__(
        self,
        workdir: Path,
        port: int | None = None,
        controller_port: int | None = None,
        pom: Path | None = None,
    ) -> None:
        super().__init__(workdir)
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
    def data_dir(self) -> Path:
        return self.workdir / DATA_DIR

    def log_files(self) -> list[Path]:
        return [self.log_file, self.out_file]

    def owns(self, cmdline: list[str]) -> bool:
        return "kafka.Kafka" in cmdline and str(self.workdir / SERVER_PROPERTIES) in cmdline

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
        java = find_java()
        classpath = str(resolve_jars(self.pom, self.libs_dir) / "*")
        self.workdir.mkdir(parents=True, exist_ok=True)
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

        log_offset = files.log_size(self.log_file)
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

        def ready() -> bool:
            started = files.log_contains(self.log_file, STARTED_LINE, log_offset)
            return started and port_accepts(self.port)

        state = {
            "port": self.port,
            "controller_port": self.controller_port,
            "bootstrap": self.bootstrap,
        }
        self._launch(command, ready, timeout, state)
        return self.bootstrap

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
