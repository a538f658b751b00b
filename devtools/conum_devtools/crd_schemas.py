"""JSON Schemas of the custom resources the manifests use, for kubeconform (decision 0030),
converted from the CustomResourceDefinitions their projects publish in packages:

- Strimzi ``KafkaTopic`` and ``KafkaUser``: generated from the Maven Central package
  ``io.strimzi:api`` by Strimzi's own ``io.strimzi:crd-generator`` (the way Strimzi makes
  its CRDs), run with Maven and the JDK the local Kafka already needs;
- KEDA ``ScaledObject`` and ``TriggerAuthentication``: the CRDs in KEDA's Go module
  ``github.com/kedacore/keda/v2`` (``config/crd/bases``), from the Go module proxy;
- ``PrometheusRule`` and ``ServiceMonitor``: the CRDs in the Prometheus operator's Go module
  (``example/prometheus-operator-crd``).

Each version's ``openAPIV3Schema`` becomes a strict JSON Schema (an object with properties
refuses others unless the CRD preserves unknown fields; ``nullable`` and int-or-string
spelled in JSON Schema), written to ``deploy/k8s/schemas/<group>/<kind>_<version>.json``
(kubeconform's ``{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json``) with the
provenance in ``deploy/k8s/schemas/sources.json``. Run once when a version changes::

    python -m conum_devtools.crd_schemas write

Tests read the written files only: no download at test time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from conum_devtools.gotools import download_module, find_go

SCHEMAS = Path("deploy") / "k8s" / "schemas"
STRIMZI_VERSION = "0.45.0"
"""The newest Strimzi whose crd-generator is on Maven Central and runs on Java 17."""
STRIMZI_KINDS = {
    "KafkaTopic": "io.strimzi.api.kafka.model.topic.KafkaTopic",
    "KafkaUser": "io.strimzi.api.kafka.model.user.KafkaUser",
}


@dataclass(frozen=True)
class GoModuleCrds:
    module: str
    version: str
    files: tuple[str, ...]


GO_MODULES = (
    GoModuleCrds(
        "github.com/kedacore/keda/v2",
        "v2.18.3",
        (
            "config/crd/bases/keda.sh_scaledobjects.yaml",
            "config/crd/bases/keda.sh_triggerauthentications.yaml",
        ),
    ),
    GoModuleCrds(
        "github.com/prometheus-operator/prometheus-operator",
        "v0.85.0",
        (
            "example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml",
            "example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml",
        ),
    ),
)


def strict(schema: Any) -> Any:
    """An OpenAPI v3 schema of a CRD as a strict JSON Schema."""
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {key: strict(value) for key, value in schema.items()}
    if converted.pop("x-kubernetes-int-or-string", False):
        for key in ("type", "format"):
            converted.pop(key, None)
        converted["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if converted.pop("nullable", False) and isinstance(converted.get("type"), str):
        converted["type"] = [converted["type"], "null"]
    preserved = converted.get("x-kubernetes-preserve-unknown-fields") is True
    if "properties" in converted and "additionalProperties" not in converted and not preserved:
        converted["additionalProperties"] = False
    return converted


def crd_schemas(crd: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(<group>/<kind>_<version>.json, schema)`` for each served version of ``crd``."""
    group = crd["spec"]["group"]
    kind = crd["spec"]["names"]["kind"]
    for version in crd["spec"]["versions"]:
        if not version.get("served", True):
            continue
        schema = strict(version["schema"]["openAPIV3Schema"])
        schema["properties"]["apiVersion"] = {"enum": [f"{group}/{version['name']}"]}
        schema["properties"]["kind"] = {"enum": [kind]}
        yield f"{group}/{kind.lower()}_{version['name']}.json", schema


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def go_module_crds(go: str) -> Iterator[tuple[dict[str, Any], dict[str, str]]]:
    """Each CRD of :data:`GO_MODULES` with its provenance (module, version, file, digest)."""
    for source in GO_MODULES:
        directory = Path(download_module(source.module, source.version, go)["Dir"])
        for relative in source.files:
            text = (directory / relative).read_text(encoding="utf-8")
            origin = {
                "package": f"Go module {source.module}@{source.version}",
                "file": relative,
                "sha256": sha256(text),
            }
            yield yaml.safe_load(text), origin


def strimzi_pom() -> str:
    return f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>conum.local</groupId>
  <artifactId>strimzi-crds</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>io.strimzi</groupId><artifactId>api</artifactId>
      <version>{STRIMZI_VERSION}</version></dependency>
    <dependency><groupId>io.strimzi</groupId><artifactId>crd-generator</artifactId>
      <version>{STRIMZI_VERSION}</version></dependency>
  </dependencies>
</project>
"""


def strimzi_crds() -> Iterator[tuple[dict[str, Any], dict[str, str]]]:
    """The CRDs Strimzi's crd-generator makes from its API package's classes."""
    with tempfile.TemporaryDirectory() as workspace:
        work = Path(workspace)
        (work / "pom.xml").write_text(strimzi_pom(), encoding="utf-8")
        classpath = work / "classpath.txt"
        subprocess.run(
            ["mvn", "-q", "dependency:build-classpath", f"-Dmdep.outputFile={classpath}"],
            cwd=work,
            capture_output=True,
            timeout=900,
            check=True,
        )
        outputs = {kind: work / f"{kind}.yaml" for kind in STRIMZI_KINDS}
        arguments = [f"{STRIMZI_KINDS[kind]}={path}" for kind, path in outputs.items()]
        generator = "io.strimzi.crdgenerator.CrdGenerator"
        subprocess.run(
            ["java", "-cp", classpath.read_text().strip(), generator, "--yaml", *arguments],
            cwd=work,
            capture_output=True,
            timeout=300,
            check=True,
        )
        for kind, path in outputs.items():
            text = path.read_text(encoding="utf-8")
            origin = {
                "package": f"Maven io.strimzi:api:{STRIMZI_VERSION}, generated by "
                f"io.strimzi:crd-generator:{STRIMZI_VERSION} ({STRIMZI_KINDS[kind]})",
                "file": f"{kind}.yaml",
                "sha256": sha256(text),
            }
            yield yaml.safe_load(text), origin


def write(root: Path, sources: Sequence[tuple[dict[str, Any], dict[str, str]]]) -> list[Path]:
    directory = root / SCHEMAS
    written, provenance = [], {}
    for crd, origin in sources:
        for relative, schema in crd_schemas(crd):
            path = directory / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n", "utf-8")
            provenance[relative] = origin
            written.append(path)
    (directory / "sources.json").write_text(
        json.dumps(provenance, indent=2, sort_keys=True) + "\n", "utf-8"
    )
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conum_devtools.crd_schemas")
    parser.add_argument("command", choices=["write"])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    arguments = parser.parse_args(argv)
    sources = [*strimzi_crds(), *go_module_crds(find_go())]
    for path in write(arguments.root, sources):
        print(path.relative_to(arguments.root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
