"""The Kubernetes overlays as rendered resources, for the tests of ``tests/deploy`` (decision
0030): each overlay built by kustomize, its instances found by their labels."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from .readers import K8S

OVERLAYS = {"national": K8S / "overlays" / "national"}
OVERLAYS |= {
    path.name: path for path in sorted((K8S / "overlays").iterdir()) if path.name != "national"
}
INSTANCE_LABEL = "app.kubernetes.io/instance"


def documents(text: str) -> list[dict[str, Any]]:
    return [document for document in yaml.safe_load_all(text) if document]


@dataclass(frozen=True)
class RenderedInstance:
    """One instance's resources in a rendered overlay."""

    overlay: str
    name: str
    resources: dict[str, dict[str, Any]]
    """By kind."""
    config_maps: dict[str, dict[str, Any]]
    """Every ConfigMap of the overlay (the national one for a regional overlay), by name."""

    @property
    def deployment(self) -> dict[str, Any]:
        return self.resources["Deployment"]

    @property
    def service(self) -> str:
        return str(self.deployment["metadata"]["labels"]["conum/service"])

    @property
    def region(self) -> str:
        return str(self.deployment["metadata"]["labels"]["conum/region"])

    @property
    def pod(self) -> dict[str, Any]:
        return dict(self.deployment["spec"]["template"]["spec"])

    def container(self, name: str = "service") -> dict[str, Any]:
        found = [
            c for c in [*self.pod["containers"], *self.pod["initContainers"]] if c["name"] == name
        ]
        assert len(found) == 1, name
        return dict(found[0])

    def environment(self, name: str = "service") -> dict[str, str]:
        """The container's variables as the kubelet builds them: ``envFrom`` ConfigMaps, then
        ``env`` (ConfigMap values read from the manifests, Secret values as stand-ins,
        ``$(NAME)`` expanded)."""
        container = self.container(name)
        values: dict[str, str] = {}
        for source in container.get("envFrom", []):
            values |= self.config_maps[source["configMapRef"]["name"]]["data"]
        for item in container.get("env", []):
            if "value" in item:
                values[item["name"]] = re.sub(
                    r"\$\((\w+)\)", lambda found: values.get(found[1], found[0]), item["value"]
                )
            elif ref := item["valueFrom"].get("configMapKeyRef"):
                values[item["name"]] = self.config_maps[ref["name"]]["data"][ref["key"]]
            elif ref := item["valueFrom"].get("secretKeyRef"):
                values[item["name"]] = f"secret-{ref['key']}"
        return values

    def volume(self, name: str) -> dict[str, Any]:
        (found,) = [volume for volume in self.pod["volumes"] if volume["name"] == name]
        return dict(found)

    def mounted_from(self, path: str, container: str = "service") -> dict[str, Any]:
        """The volume mounted at the directory holding ``path``."""
        directory = path.rsplit("/", 1)[0]
        (mount,) = [
            m for m in self.container(container)["volumeMounts"] if m["mountPath"] == directory
        ]
        assert mount.get("readOnly") is True, mount
        return self.volume(mount["name"])


def instances(overlay: str, text: str, national: str) -> Iterator[RenderedInstance]:
    """The instances of a rendered overlay (``national``: the national overlay's rendering,
    whose ConfigMaps every instance reads)."""
    own = documents(text)
    config_maps = {
        document["metadata"]["name"]: document
        for document in [*documents(national), *own]
        if document["kind"] == "ConfigMap"
    }
    by_instance: dict[str, dict[str, dict[str, Any]]] = {}
    for document in own:
        name = document["metadata"].get("labels", {}).get(INSTANCE_LABEL)
        if name is not None and document["kind"] != "ConfigMap":
            kinds = by_instance.setdefault(name, {})
            assert document["kind"] not in kinds, (name, document["kind"])
            kinds[document["kind"]] = document
    for name, resources in sorted(by_instance.items()):
        yield RenderedInstance(overlay, name, resources, config_maps)


def labels_match(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """A label selector's (``matchLabels``, ``matchExpressions``) or a Service's plain map."""
    is_label_selector = {"matchLabels", "matchExpressions"} & set(selector)
    plain = selector.get("matchLabels", {}) if is_label_selector else selector
    matched = plain.items() <= labels.items()
    for expression in selector.get("matchExpressions", []):
        if expression["operator"] == "In":
            matched &= labels.get(expression["key"]) in expression["values"]
        elif expression["operator"] == "Exists":
            matched &= expression["key"] in labels
    return bool(matched)
