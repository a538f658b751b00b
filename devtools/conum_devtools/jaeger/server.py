"""``LocalJaeger``: Jaeger v2 (all in one, in-memory) run detached from a work directory.

Work directory: ``config.yaml`` (rendered from ``deploy/jaeger/config.yaml``), ``jaeger.out``
(its log), ``jaeger.pid`` and ``jaeger.state.json`` (ports and endpoints of the last start).
"""

from __future__ import annotations

import os
import string
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from conum_devtools.checkout import find_in_checkout
from conum_devtools.daemon import DetachedServer
from conum_devtools.jaeger.build import (
    Echo,
    JaegerError,
    JaegerUnavailableError,
    echo_stderr,
    jaeger_binary,
)
from conum_devtools.jaeger.ui import bundled_ui_assets
from conum_devtools.processes import LOOPBACK, free_ports, port_accepts, port_is_bindable

TEMPLATE_RELATIVE = Path("deploy") / "jaeger" / "config.yaml"
UI_ASSETS_ENV = "CONUM_JAEGER_UI_ASSETS"
PORT_NAMES = ("otlp_grpc_port", "otlp_http_port", "query_port", "query_grpc_port", "health_port")
STANDARD_PORTS = {
    "otlp_grpc_port": 4317,
    "otlp_http_port": 4318,
    "query_port": 16686,
    "query_grpc_port": 16685,
    "health_port": 13133,
}


def find_template(starts: Sequence[Path] | None = None) -> Path:
    template = find_in_checkout(TEMPLATE_RELATIVE, starts)
    if template is None:
        raise JaegerUnavailableError(f"{TEMPLATE_RELATIVE} not found above the cwd")
    return template


def render_config(
    template: str, ports: dict[str, int], max_traces: int, ui_assets: Path | None
) -> str:
    """The Jaeger configuration: ``template`` with ports, storage size and UI assets."""
    values = {name: str(port) for name, port in ports.items()}
    values["max_traces"] = str(max_traces)
    values["ui_assets_path"] = str(ui_assets.resolve()) if ui_assets is not None else ""
    return string.Template(template).substitute(values)


class LocalJaeger(DetachedServer):
    """Jaeger v2 on 127.0.0.1: OTLP gRPC and HTTP receivers, query API and UI, health check.

    Ports left as None or 0 are free ports chosen now; ``ui_assets`` (or
    ``$CONUM_JAEGER_UI_ASSETS``) is a directory of built Jaeger UI assets, else Jaeger serves
    its placeholder page. ``binary`` defaults to the cached build (built on first use).
    """

    name: ClassVar[str] = "jaeger"
    error: ClassVar[type[JaegerError]] = JaegerError

    def __init__(
        self,
        workdir: Path,
        *,
        otlp_grpc_port: int | None = None,
        otlp_http_port: int | None = None,
        query_port: int | None = None,
        query_grpc_port: int | None = None,
        health_port: int | None = None,
        max_traces: int = 100_000,
        ui_assets: Path | None = None,
        binary: Path | None = None,
    ) -> None:
        super().__init__(workdir)
        given = {
            "otlp_grpc_port": otlp_grpc_port,
            "otlp_http_port": otlp_http_port,
            "query_port": query_port,
            "query_grpc_port": query_grpc_port,
            "health_port": health_port,
        }
        state = self.read_state() if self.pid is not None else None
        if state is not None:  # running from this directory: adopt its ports
            given = {name: port or int(state[name]) for name, port in given.items()}
        spare = iter(free_ports(len(PORT_NAMES)))
        self.ports = {name: port or next(spare) for name, port in given.items()}
        if len(set(self.ports.values())) != len(PORT_NAMES):
            raise JaegerError(f"two endpoints share a port: {self.ports}")
        self.max_traces = max_traces
        assets = ui_assets or _env_path(UI_ASSETS_ENV) or bundled_ui_assets()
        self.ui_assets = assets.resolve() if assets is not None else None
        self._binary = binary

    @property
    def config_file(self) -> Path:
        return self.workdir / "config.yaml"

    @property
    def otlp_http_endpoint(self) -> str:
        """For ``OTEL_EXPORTER_OTLP_ENDPOINT`` (the exporter appends ``/v1/traces``)."""
        return f"http://{LOOPBACK}:{self.ports['otlp_http_port']}"

    @property
    def query_url(self) -> str:
        """The UI and the query API (``/api/traces?service=…``, ``/api/v3/traces/<id>``)."""
        return f"http://{LOOPBACK}:{self.ports['query_port']}"

    @property
    def health_url(self) -> str:
        return f"http://{LOOPBACK}:{self.ports['health_port']}/status"

    def owns(self, cmdline: list[str]) -> bool:
        return any(arg.endswith(str(self.config_file)) for arg in cmdline)

    def healthy(self) -> bool:
        """True when the health endpoint says every component is up."""
        try:
            with urllib.request.urlopen(self.health_url, timeout=1.0) as response:
                return int(response.status) == 200
        except (urllib.error.URLError, OSError):
            return False

    def start(self, timeout: float = 60.0, echo: Echo = echo_stderr) -> str:
        """Build Jaeger if needed, write its configuration, start it and wait until the health
        endpoint answers and the query port accepts. Returns the OTLP HTTP endpoint."""
        binary = self._binary or jaeger_binary(echo)
        busy = [port for port in self.ports.values() if not port_is_bindable(port)]
        if busy:
            raise JaegerError(f"port(s) {busy} on {LOOPBACK} are already in use")
        self.workdir.mkdir(parents=True, exist_ok=True)
        template = find_template().read_text()
        self.config_file.write_text(
            render_config(template, self.ports, self.max_traces, self.ui_assets)
        )
        command = [str(binary), f"--config=file:{self.config_file}"]

        def ready() -> bool:
            return self.healthy() and port_accepts(self.ports["query_port"])

        state = {
            **self.ports,
            "otlp_http_endpoint": self.otlp_http_endpoint,
            "query_url": self.query_url,
            "ui_assets": str(self.ui_assets) if self.ui_assets else None,
        }
        self._launch(command, ready, timeout, state)
        return self.otlp_http_endpoint

    def __repr__(self) -> str:
        return f"LocalJaeger(workdir={str(self.workdir)!r}, query_url={self.query_url!r})"


def _env_path(variable: str) -> Path | None:
    value = os.environ.get(variable)
    return Path(value).expanduser() if value else None
