"""Service instances run as detached processes, found again from any shell.

Each instance is started as ``<this Python> -m conum_<service>``, so its pid file holds the
service's own process (not a wrapper): a killed instance is seen as stopped and started again.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import ClassVar

from conum_devtools.daemon import DetachedServer, ServerError
from conum_devtools.network.instances import Instance


class ServiceError(ServerError):
    """A service instance could not be started or stopped."""


def answers(url: str) -> bool:
    """True when ``url`` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=2.0) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


class ServiceProcess(DetachedServer):
    """One instance of one service, its files named after the instance in ``workdir``."""

    name: ClassVar[str] = "service"
    error: ClassVar[type[ServerError]] = ServiceError

    def __init__(self, workdir: Path, instance: Instance) -> None:
        super().__init__(workdir)
        self.instance = instance

    @property
    def pid_file(self) -> Path:
        return self.workdir / f"{self.instance.name}.pid"

    @property
    def state_file(self) -> Path:
        return self.workdir / f"{self.instance.name}.state.json"

    @property
    def out_file(self) -> Path:
        return self.workdir / f"{self.instance.name}.log"

    def owns(self, cmdline: list[str]) -> bool:
        return self.instance.package in cmdline and "-m" in cmdline

    def ready(self) -> bool:
        return answers(f"{self.instance.url}/health/ready")

    def start(self, timeout: float = 90.0, environment: dict[str, str] | None = None) -> str:
        """Start the instance with ``environment`` over ours; wait until it is ready."""
        env = {**os.environ, **(environment or {})}
        command = [sys.executable, "-m", self.instance.package]
        self._launch(command, self.ready, timeout, {"url": self.instance.url}, env)
        return self.instance.url
