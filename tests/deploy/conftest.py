"""What the deployment files are checked against, from registries, never committed:

- the Compose specification's JSON schema: the one compose-go embeds (the loader of Docker
  Compose v2), from its Go module on the Go module proxy (``go mod download``, verified
  against the checksum database and the pinned hash below; cached in the module cache);
- the Kubernetes JSON schemas kubernetes-validate ships (a locked Python package);
- kustomize and kubeconform, built once from the Go module proxy (``conum_devtools.gotools``).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

COMPOSE_GO = "github.com/compose-spec/compose-go/v2"
COMPOSE_GO_VERSION = "v2.16.2"
"""The newest compose-go whose module builds with this machine's Go (v2.17.0 asks 1.26.11)."""
COMPOSE_GO_SUM = "h1:pTp1DqQwJzFd85GzlWsSszKA1ABrV/ySqsClujIcWA8="
SCHEMA_IN_MODULE = Path("schema") / "compose-spec.json"


def compose_spec_file() -> Path:
    """compose-go's ``schema/compose-spec.json``, its module downloaded the first time."""
    from conum_devtools.gotools import GoUnavailableError, download_module

    try:
        module = download_module(COMPOSE_GO, COMPOSE_GO_VERSION)
    except GoUnavailableError as error:
        pytest.skip(f"the Compose specification's schema comes from a Go module: {error}")
    assert module["Sum"] == COMPOSE_GO_SUM, module
    return Path(module["Dir"]) / SCHEMA_IN_MODULE


@pytest.fixture(scope="session")
def compose_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(compose_spec_file().read_text(encoding="utf-8"))
    return schema


# --- Kubernetes: the overlays rendered by kustomize, checked by kubeconform ---------------


def go_tool_or_skip(name: str) -> Path:
    """kustomize or kubeconform, built from the Go module proxy on first use."""
    from conum_devtools.gotools import GoUnavailableError, go_tool

    try:
        return go_tool(name)
    except GoUnavailableError as error:
        pytest.skip(f"{name} cannot be built here: {error}")


@pytest.fixture(scope="session")
def kustomize() -> Path:
    return go_tool_or_skip("kustomize")


@pytest.fixture(scope="session")
def kubeconform() -> Path:
    return go_tool_or_skip("kubeconform")


@pytest.fixture(scope="session")
def kubernetes_schemas(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The Kubernetes JSON schemas kubernetes-validate ships (strict: unknown fields refused),
    as kubeconform reads local files: their ``$ref``s, absolute on the package's virtual
    root, made relative, and their ``$id`` dropped. No download."""
    import kubernetes_validate

    shipped = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    copies: dict[str, Path] = {}

    def schemas(version: str) -> Path:
        if version not in copies:
            source = shipped / f"v{version}.0-local-strict"
            assert source.is_dir(), f"kubernetes-validate ships no schemas of {version}"
            target = tmp_path_factory.mktemp(f"kubernetes-{version}")
            for path in source.glob("*.json"):
                text = path.read_text(encoding="utf-8")
                document = json.loads(
                    text.replace('"/api/_definitions.json#', '"_definitions.json#')
                )
                document.pop("$id", None)
                (target / path.name).write_text(json.dumps(document), encoding="utf-8")
            copies[version] = target
        return copies[version]

    return schemas


@pytest.fixture(scope="session")
def render(kustomize: Path) -> Callable[[Path], str]:
    """``kustomize build <directory>``, once per directory."""
    rendered: dict[Path, str] = {}

    def build(directory: Path) -> str:
        if directory not in rendered:
            result = subprocess.run(
                [str(kustomize), "build", str(directory)],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert result.returncode == 0, result.stderr
            rendered[directory] = result.stdout
        return rendered[directory]

    return build


@pytest.fixture(scope="session")
def rendered(render: Callable[[Path], str]) -> dict[str, str]:
    """Every overlay rendered by kustomize."""
    from .kubernetes import OVERLAYS

    return {overlay: render(path) for overlay, path in OVERLAYS.items()}


@pytest.fixture(scope="session")
def all_instances(rendered: dict[str, str]) -> dict[str, Any]:
    """Every instance of every overlay (``RenderedInstance``), by ``<overlay>/<service>``."""
    from .kubernetes import instances

    found = {}
    for overlay, text in rendered.items():
        for instance in instances(overlay, text, rendered["national"]):
            found[f"{overlay}/{instance.service}"] = instance
    return found
