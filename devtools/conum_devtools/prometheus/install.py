"""The ``prometheus`` binary: Debian's package, installed with apt-get when absent."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from conum_devtools.daemon import ServerError

BINARY_ENV = "CONUM_PROMETHEUS_BINARY"
DEBIAN_PACKAGE = "prometheus"
INSTALL_TIMEOUT = 900.0

Echo = Callable[[str], None]


class PrometheusError(ServerError):
    """Prometheus could not be installed, started or stopped."""


class PrometheusUnavailableError(PrometheusError):
    """No prometheus binary, and it cannot be installed here."""


def echo_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def find_prometheus() -> Path | None:
    """``$CONUM_PROMETHEUS_BINARY``, else ``prometheus`` on PATH or in /usr/bin."""
    override = os.environ.get(BINARY_ENV)
    if override:
        candidate = Path(override).expanduser()
        return candidate if candidate.is_file() and os.access(candidate, os.X_OK) else None
    found = shutil.which("prometheus") or (
        "/usr/bin/prometheus" if os.access("/usr/bin/prometheus", os.X_OK) else None
    )
    return Path(found) if found else None


def ensure_prometheus(install: bool = True, echo: Echo = echo_stderr) -> Path:
    """The prometheus binary; installs Debian's package first when it is absent."""
    binary = find_prometheus()
    if binary is not None:
        return binary
    if not install or os.environ.get(BINARY_ENV):
        raise PrometheusUnavailableError("prometheus is not installed")
    apt_get = shutil.which("apt-get")
    if apt_get is None:
        raise PrometheusUnavailableError("prometheus is not installed and there is no apt-get")
    prefix: list[str] = []
    if os.geteuid() != 0:
        sudo = shutil.which("sudo")
        if sudo is None:
            raise PrometheusUnavailableError("installing prometheus needs root or sudo")
        prefix = [sudo, "-n"]
    echo(f"Installing Debian's {DEBIAN_PACKAGE} package (apt-get; about 30 s)")
    started = time.monotonic()
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        [apt_get, "update", "-qq"],
        [apt_get, "install", "-y", "-qq", "--no-install-recommends", DEBIAN_PACKAGE],
    ):
        try:
            result = subprocess.run(
                prefix + command,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=INSTALL_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PrometheusUnavailableError(f"{' '.join(command[:2])} timed out") from exc
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
            raise PrometheusUnavailableError(
                f"{' '.join(command[:2])} failed (exit {result.returncode}):\n{tail}"
            )
    binary = find_prometheus()
    if binary is None:
        raise PrometheusUnavailableError(f"the {DEBIAN_PACKAGE} package installed no binary")
    echo(f"prometheus installed in {time.monotonic() - started:.0f}s: {binary}")
    return binary
