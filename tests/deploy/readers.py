"""What the deployment files are checked against: the settings the code reads, the Dockerfile's
targets, the files themselves. Nothing here runs a container."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import os
import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

import yaml
from pydantic_settings import BaseSettings

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "docker" / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
COMPOSE_FILE = ROOT / "docker-compose.yml"
K8S = ROOT / "deploy" / "k8s"

SERVICES = ("enrolment", "positioning", "certification", "modules", "national", "notifier")
"""Every service of the network; ``modules`` and ``national`` may not be in a checkout yet."""

TOPOLOGY = {
    # compose name: (service, region, HTTP port)
    "enrolment": ("enrolment", "national", 8001),
    "positioning": ("positioning", "national", 8002),
    "certification": ("certification", "national", 8003),
    "modules-national": ("modules", "national", 8004),
    "modules-fr-naq": ("modules", "FR-NAQ", 8005),
    "modules-fr-idf": ("modules", "FR-IDF", 8006),
    "national": ("national", "national", 8007),
}
"""The network of the operators' issue, with the ports used on a developer's machine."""

REQUIRED = frozenset(
    {
        "CONUM_REGION",
        "CONUM_DATABASE_URL",
        "CONUM_KAFKA_BOOTSTRAP_SERVERS",
        "CONUM_TOKENS_FILE",
        "CONUM_HTTP_HOST",
        "CONUM_HTTP_PORT",
    }
)
"""What a deployed instance must set: the defaults (national, SQLite under var/, Kafka on the
loopback, no tokens, 127.0.0.1:8000) suit a developer's machine only."""

SET_BY_CODE = frozenset({"CONUM_SERVICE"})
"""``ServiceSettings.service`` is the service's name, set by ``create_service_app``."""

READ_OUTSIDE_SETTINGS = {"OTEL_EXPORTER_OTLP_ENDPOINT": "conum_runtime.telemetry"}
"""Variables read by the code but not through a settings class, with the module reading it."""


def env_names(settings: type[BaseSettings]) -> set[str]:
    """The environment variables a settings class reads (upper case: pydantic-settings is
    case-insensitive unless told otherwise)."""
    prefix = str(settings.model_config.get("env_prefix", ""))
    names: set[str] = set()
    for name, info in settings.model_fields.items():
        alias = info.validation_alias
        names.add((alias if isinstance(alias, str) else prefix + name).upper())
    return names


def settings_classes(module: ModuleType) -> list[type[BaseSettings]]:
    """The settings classes a module defines (not those it imports)."""
    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, BaseSettings)
        and value is not BaseSettings
        and value.__module__ == module.__name__
    ]


@dataclass(frozen=True)
class ReadSettings:
    """The settings one service reads: the runtime's, and its own when its package is here."""

    service: str
    classes: tuple[type[BaseSettings], ...]
    own_module: str | None
    """``conum_<service>.settings``, or None when the package is not importable here."""
    missing_reason: str = ""

    @property
    def variables(self) -> set[str]:
        names: set[str] = set()
        for settings in self.classes:
            names |= env_names(settings)
        return names - SET_BY_CODE

    @property
    def own_prefix(self) -> str:
        return f"CONUM_{self.service.upper()}_"

    def unchecked(self, variables: Mapping[str, str]) -> list[str]:
        """Variables of the service's own prefix that cannot be checked without its package."""
        if self.own_module is not None:
            return []
        return sorted(name for name in variables if name.startswith(self.own_prefix))

    def load(self, variables: Mapping[str, str]) -> list[BaseSettings]:
        """Every settings class built from exactly ``variables``; raises pydantic's
        ValidationError when a value does not fit its setting."""
        with only_environment(variables):
            return [settings() for settings in self.classes]


def read_settings(service: str) -> ReadSettings:
    from conum_runtime.settings import ServiceSettings

    module_name = f"conum_{service}.settings"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name not in (f"conum_{service}", module_name):
            raise
        return ReadSettings(
            service,
            (ServiceSettings,),
            None,
            f"conum_{service} is not importable in this checkout: its own settings "
            f"(CONUM_{service.upper()}_*) and its entry point are not checked",
        )
    own = settings_classes(module)
    assert own, f"{module_name} defines no settings class"
    return ReadSettings(service, (ServiceSettings, *own), module_name)


@contextlib.contextmanager
def only_environment(variables: Mapping[str, str]) -> Iterator[None]:
    with mock.patch.dict(os.environ, dict(variables), clear=True):
        yield


def stringify(environment: Mapping[str, Any] | list[str] | None) -> dict[str, str]:
    """A compose ``environment`` (mapping or ``KEY=value`` list) as strings."""
    if environment is None:
        return {}
    if isinstance(environment, list):
        pairs = (item.split("=", 1) for item in environment)
        return {key: value for key, value in pairs}
    return {
        key: ("true" if value is True else "false" if value is False else str(value))
        for key, value in environment.items()
        if value is not None
    }


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_yaml_documents(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


# --- Dockerfile --------------------------------------------------------------------------


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [arguments for kw, arguments in self.instructions if kw == keyword]


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """``(KEYWORD, arguments)`` pairs, comments dropped and continuation lines joined."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        keyword, _, arguments = line.partition(" ")
        instructions.append((keyword.upper(), " ".join(arguments.split())))
    return instructions


def dockerfile_stages(path: Path = DOCKERFILE) -> dict[str, Stage]:
    stages: dict[str, Stage] = {}
    current: Stage | None = None
    for keyword, arguments in dockerfile_instructions(path.read_text(encoding="utf-8")):
        if keyword == "FROM":
            match = re.fullmatch(r"(\S+)(?: AS (\S+))?", arguments, flags=re.IGNORECASE)
            assert match, f"FROM {arguments}"
            name = match[2] or f"stage-{len(stages)}"
            current = stages[name] = Stage(name, match[1])
        elif current is not None:
            current.instructions.append((keyword, arguments))
    return stages


def exec_form(arguments: str) -> list[str]:
    """A JSON-array instruction (CMD, ENTRYPOINT) as a list; shell form split like a shell."""
    import json

    if arguments.startswith("["):
        value = json.loads(arguments)
        assert isinstance(value, list)
        return [str(item) for item in value]
    return shlex.split(arguments)


def lineage(stages: Mapping[str, Stage], name: str) -> list[Stage]:
    """The stage and the stages it is built on, nearest first."""
    chain = [stages[name]]
    while chain[-1].base in stages:
        chain.append(stages[chain[-1].base])
    return chain


# --- Kubernetes quantities ---------------------------------------------------------------

_SUFFIXES = {
    "m": 1e-3,
    "": 1,
    "k": 1e3,
    "M": 1e6,
    "G": 1e9,
    "Ki": 2**10,
    "Mi": 2**20,
    "Gi": 2**30,
}


def quantity(value: str | int | float) -> float:
    match = re.fullmatch(r"([0-9.]+)(m|k|M|G|Ki|Mi|Gi|)", str(value))
    assert match, f"not a quantity this test reads: {value!r}"
    return float(match[1]) * _SUFFIXES[match[2]]
