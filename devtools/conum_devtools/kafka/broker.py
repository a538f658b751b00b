"""The broker's lifecycle: ``LocalKafka``, one KRaft node (broker + controller) per work dir.

Work directory::

    server.properties      broker + controller configuration (loopback listeners only)
    log4j2.properties      logging configuration (everything goes to server.log)
    server.log             the broker's log
    kafka.out              the JVM's stdout/stderr
    data/                  log.dirs (topics, metadata log)
    kafka.pid              pid of the running JVM (removed by stop)
    kafka.state.json       pid, ports and bootstrap string of the last successful start
    security.json          a secured broker's users (with their passwords) and ACLs (0600)
    access/                admin.properties and access.txt given to BrokerAccess.java (0600)
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
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
from conum_devtools.kafka.jars import (
    compile_tool,
    find_java,
    find_pom,
    libs_dir_for,
    resolve_jars,
)
from conum_devtools.kafka.security import AclEntry, BrokerSecurity, write_private
from conum_devtools.processes import LOOPBACK, free_ports, port_accepts, port_is_bindable

STARTED_LINE = "Kafka Server started"
JVM_HEAP = ("-Xms256m", "-Xmx768m")
SERVER_PROPERTIES = "server.properties"
LOG4J_CONFIG = "log4j2.properties"
LOG_FILE = "server.log"
DATA_DIR = "data"
SECURITY_FILE = "security.json"
ACCESS_TOOL = "BrokerAccess.java"


class LocalKafka(DetachedServer):
    """A single-node KRaft broker (broker + controller in one JVM) on 127.0.0.1.

    ``port``/``controller_port`` (None or 0) default to free ports chosen now (re-chosen at
    start if they were taken meanwhile), or to the ports of a broker already running from
    ``workdir``. ``pom`` defaults to ``deploy/kafka/pom.xml`` found by walking up from the
    cwd and from this package. The work directory is kept after ``stop()``.

    ``security`` makes it a secured broker (``conum_devtools.kafka.security``): SASL/SCRAM on
    the client listener, ACLs enforced, its users and ACLs applied at every start.
    """

    name: ClassVar[str] = "kafka"
    error: ClassVar[type[LocalKafkaError]] = LocalKafkaError

    def __init__(
        self,
        workdir: Path,
        port: int | None = None,
        controller_port: int | None = None,
        pom: Path | None = None,
        security: BrokerSecurity | None = None,
    ) -> None:
        super().__init__(workdir)
        self.security = security
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

    @property
    def security_file(self) -> Path:
        return self.workdir / SECURITY_FILE

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
        write_private(  # a secured broker's file holds the broker's own password
            properties,
            render_server_properties(self.port, self.controller_port, self.data_dir, self.security),
        )
        log4j.write_text(render_log4j2_properties(self.log_file))
        log4j_opt = f"-Dlog4j2.configurationFile={log4j}"
        formatted = (self.data_dir / "meta.properties").is_file()
        if self.security is not None:
            if formatted and not self.security_file.is_file():
                raise LocalKafkaError(
                    f"{self.data_dir} was formatted without SASL users (a plain broker's): "
                    "remove it to start this directory's broker secured"
                )
            self.security.save(self.security_file)
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
        if self.security is not None:
            state["security"] = str(self.security_file)
        self._launch(command, ready, timeout, state)
        # A fresh directory got its users at format time: the tool (a JVM) is needed only for
        # ACLs, or for users an earlier format did not create.
        if self.security is not None and (formatted or self.security.acls):
            try:
                self.apply_access(java)
            except BaseException:
                self.stop(timeout=10.0)
                raise
        return self.bootstrap

    def grant(self, users: Iterable[str] = (), acls: Iterable[AclEntry] = ()) -> str:
        """Add users (new passwords for new names) and ACLs to this running secured broker."""
        if self.security is None:
            raise LocalKafkaError("this broker is not secured")
        self.security = self.security.with_access(users, acls)
        self.security.save(self.security_file)
        return self.apply_access()

    def apply_access(self, java: str | None = None) -> str:
        """Upsert the users and create the ACLs of ``security`` on the running broker, as its
        admin (``deploy/kafka/BrokerAccess.java``, one JVM); returns the tool's summary."""
        if self.security is None:
            raise LocalKafkaError("this broker is not secured")
        java = java or find_java()
        libs = resolve_jars(self.pom, self.libs_dir)
        tool = compile_tool(self.pom.parent / ACCESS_TOOL, libs)
        access = self.workdir / "access"
        write_private(access / "admin.properties", self.security.admin_properties(self.bootstrap))
        write_private(access / "access.txt", self.security.access_lines())
        command = [
            java,
            "-Dlog4j2.configurationFile=" + str(self.workdir / LOG4J_CONFIG),
            "-cp",
            f"{libs / '*'}{os.pathsep}{tool}",
            ACCESS_TOOL.removesuffix(".java"),
            str(access / "admin.properties"),
            str(access / "access.txt"),
        ]
        result = subprocess.run(
            command,
            cwd=self.workdir,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if result.returncode != 0:
            raise LocalKafkaError(
                f"{ACCESS_TOOL} failed (exit {result.returncode}):\n"
                + (result.stdout + result.stderr).strip()[-4000:]
            )
        return result.stdout.strip()

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
            *(self.security.format_arguments() if self.security is not None else ()),
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
