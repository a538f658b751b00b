"""``LocalPrometheus``: Prometheus run detached from a work directory on 127.0.0.1.

Work directory: ``prometheus.yml`` (rendered from ``deploy/prometheus/prometheus.yml``, with
the alert rules of ``deploy/prometheus/alerts.yml``), ``services.json`` (the service instances
with their ``service`` and ``region``),
``targets.json`` (extra scrape targets), ``data/`` (the TSDB), ``prometheus.out`` (its log),
``prometheus.pid`` and ``prometheus.state.json``.
"""

from __future__ import annotations

import json
import string
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from conum_devtools.checkout import find_in_checkout
from conum_devtools.daemon import DetachedServer
from conum_devtools.processes import LOOPBACK, free_port, port_is_bindable
from conum_devtools.prometheus.install import (
    Echo,
    PrometheusError,
    PrometheusUnavailableError,
    echo_stderr,
    ensure_prometheus,
)

TEMPLATE_RELATIVE = Path("deploy") / "prometheus" / "prometheus.yml"
RULES_RELATIVE = Path("deploy") / "prometheus" / "alerts.yml"
STANDARD_PORT = 9090


def find_template(starts: Sequence[Path] | None = None) -> Path:
    template = find_in_checkout(TEMPLATE_RELATIVE, starts)
    if template is None:
        raise PrometheusUnavailableError(f"{TEMPLATE_RELATIVE} not found above the cwd")
    return template


def find_rules(starts: Sequence[Path] | None = None) -> Path:
    """The network's alert rules (``deploy/prometheus/alerts.yml``)."""
    rules = find_in_checkout(RULES_RELATIVE, starts)
    if rules is None:
        raise PrometheusUnavailableError(f"{RULES_RELATIVE} not found above the cwd")
    return rules


def render_config(template: str, scrape_interval: str, workdir: Path, rules_file: Path) -> str:
    """The Prometheus configuration: ``template`` with the interval (of scrapes and rule
    evaluations), the targets files of ``workdir`` and the alert rules."""
    values = {
        "scrape_interval": scrape_interval,
        "targets_file": str((workdir / "targets.json").resolve()),
        "services_file": str((workdir / "services.json").resolve()),
        "rules_file": str(rules_file.resolve()),
    }
    return string.Template(template).substitute(values)


def file_sd_targets(targets: Sequence[str], labels: Mapping[str, str] | None = None) -> str:
    """``targets.json`` in Prometheus's file discovery format."""
    return file_sd_groups([(target, labels or {}) for target in targets])


def file_sd_groups(targets: Sequence[tuple[str, Mapping[str, str]]]) -> str:
    """One file discovery group per ``(host:port, labels)``."""
    groups = [{"targets": [target], "labels": dict(labels)} for target, labels in targets]
    return json.dumps(groups, indent=2) + "\n"


def network_services(offset: int = 0) -> list[tuple[str, dict[str, str]]]:
    """The local network's instances this checkout holds, with their service and region."""
    from conum_devtools.network.instances import installed_instances

    return [
        (f"{LOOPBACK}:{instance.port}", {"service": instance.service, "region": instance.region})
        for instance in installed_instances(offset)
    ]


class LocalPrometheus(DetachedServer):
    """Prometheus on ``127.0.0.1:<port>`` scraping the local network's services and any
    ``extra_targets`` (``host:port`` serving ``/metrics``). ``port`` None or 0: a free port."""

    name: ClassVar[str] = "prometheus"
    error: ClassVar[type[PrometheusError]] = PrometheusError

    def __init__(
        self,
        workdir: Path,
        port: int | None = None,
        *,
        scrape_interval: str = "15s",
        extra_targets: Sequence[str] = (),
        services: Sequence[tuple[str, Mapping[str, str]]] | None = None,
        binary: Path | None = None,
    ) -> None:
        """``services``: the service instances to scrape with their labels (``host:port``,
        ``{service, region}``); default: the local network's on its standard ports."""
        super().__init__(workdir)
        state = self.read_state() if self.pid is not None else None
        if not port and state is not None:  # running from this directory: adopt its port
            port = int(state["port"])
        self.port = port or free_port()
        self.scrape_interval = scrape_interval
        self.extra_targets = list(extra_targets)
        self.services = list(services) if services is not None else network_services()
        self._binary = binary

    @property
    def url(self) -> str:
        """The web UI and the HTTP API (``/api/v1/query``)."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def config_file(self) -> Path:
        return self.workdir / "prometheus.yml"

    @property
    def targets_file(self) -> Path:
        return self.workdir / "targets.json"

    def owns(self, cmdline: list[str]) -> bool:
        return f"--config.file={self.config_file}" in cmdline

    def ready(self) -> bool:
        """True when ``/-/ready`` answers 200."""
        try:
            with urllib.request.urlopen(f"{self.url}/-/ready", timeout=1.0) as response:
                return int(response.status) == 200
        except (urllib.error.URLError, OSError):
            return False

    def start(self, timeout: float = 60.0, echo: Echo = echo_stderr) -> str:
        """Install Prometheus if needed, write its configuration, start it, wait until ready.
        Returns its URL."""
        binary = self._binary or ensure_prometheus(echo=echo)
        if not port_is_bindable(self.port):
            raise PrometheusError(f"port {self.port} on {LOOPBACK} is already in use")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.targets_file.write_text(file_sd_targets(self.extra_targets))
        (self.workdir / "services.json").write_text(file_sd_groups(self.services))
        template = find_template().read_text()
        self.config_file.write_text(
            render_config(template, self.scrape_interval, self.workdir, find_rules())
        )
        command = [
            str(binary),
            f"--config.file={self.config_file}",
            f"--storage.tsdb.path={self.workdir / 'data'}",
            f"--web.listen-address={LOOPBACK}:{self.port}",
        ]
        self._launch(command, self.ready, timeout, {"port": self.port, "url": self.url})
        return self.url

    def __repr__(self) -> str:
        return f"LocalPrometheus(workdir={str(self.workdir)!r}, url={self.url!r})"
