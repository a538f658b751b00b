"""Command-line tools written in Go, built once from the Go module proxy and kept outside the
checkout (``~/.cache/conum/go-tools/<tool>-<version>/<tool>``), like Jaeger (decision 0013):
kustomize renders the Kubernetes overlays, kubeconform checks them (decision 0030).

    binary = go_tool("kustomize")   # built on first use (a few minutes on 2 cores)

``$CONUM_<TOOL>_BINARY`` (``CONUM_KUSTOMIZE_BINARY``…) names an executable to use instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conum_devtools.checkout import user_cache_dir
from conum_devtools.daemon import ServerError
from conum_devtools.files import file_lock

BUILD_TIMEOUT = 1800.0

Echo = Callable[[str], None]


class GoToolError(ServerError):
    """A Go tool could not be built."""


class GoUnavailableError(GoToolError):
    """The Go toolchain is not installed here."""


@dataclass(frozen=True)
class GoTool:
    package: str
    """The ``main`` package ``go install`` builds."""
    version: str


GO_TOOLS = {
    "kustomize": GoTool("sigs.k8s.io/kustomize/kustomize/v5", "v5.8.1"),
    "kubeconform": GoTool("github.com/yannh/kubeconform/cmd/kubeconform", "v0.8.0"),
}


def echo_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def find_go() -> str:
    """The ``go`` command: on PATH, else the standard install location."""
    found = shutil.which("go")
    if found is not None:
        return found
    standard = Path("/usr/local/go/bin/go")
    if standard.is_file():
        return str(standard)
    raise GoUnavailableError("the Go toolchain (go) is not installed")


def download_module(module: str, version: str, go: str | None = None) -> dict[str, Any]:
    """``go mod download -json module@version`` (into the module cache, verified against the
    checksum database): the module's ``Dir``, ``Sum``, ``GoModSum``…"""
    environment = os.environ | {"GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod"}
    with tempfile.TemporaryDirectory() as work:
        result = subprocess.run(
            [go or find_go(), "mod", "download", "-json", f"{module}@{version}"],
            cwd=work,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    answer: dict[str, Any] = json.loads(result.stdout) if result.stdout.strip() else {}
    if result.returncode != 0 or "Error" in answer:
        raise GoToolError(f"go mod download {module}@{version}:\n{result.stdout}{result.stderr}")
    return answer


def tool_home(name: str) -> Path:
    return user_cache_dir() / "go-tools" / f"{name}-{GO_TOOLS[name].version}"


def go_tool(name: str, echo: Echo = echo_stderr) -> Path:
    """The tool's binary, built first if needed (telling ``echo`` what happens)."""
    override = os.environ.get(f"CONUM_{name.upper()}_BINARY")
    if override:
        binary = Path(override).expanduser()
        if not (binary.is_file() and os.access(binary, os.X_OK)):
            raise GoToolError(f"$CONUM_{name.upper()}_BINARY names no executable file")
        return binary
    home = tool_home(name)
    binary = home / name
    if binary.is_file():
        return binary
    home.mkdir(parents=True, exist_ok=True)
    with file_lock(home / ".lock"):
        if not binary.is_file():  # another process may have built it meanwhile
            build(name, home, find_go(), echo)
    return binary


def build(name: str, home: Path, go: str, echo: Echo = echo_stderr) -> None:
    tool = GO_TOOLS[name]
    echo(f"Building {name} {tool.version} ({tool.package}) into {home}: once per machine")
    started = time.monotonic()
    environment = os.environ | {"GOBIN": str(home), "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod"}
    try:
        result = subprocess.run(
            [go, "install", f"{tool.package}@{tool.version}"],
            cwd=home,
            env=environment,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise GoToolError(f"building {name} took over {BUILD_TIMEOUT:.0f}s") from error
    (home / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0 or not (home / name).is_file():
        raise GoToolError(f"go install {tool.package}@{tool.version} failed:\n{result.stderr}")
    echo(f"{name} built in {time.monotonic() - started:.0f}s")
