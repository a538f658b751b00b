"""The service instances of the local network: which package, which region, which port."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

NATIONAL = "national"


@dataclass(frozen=True)
class Instance:
    """One process of one service: a national instance, or a regional hub's own."""

    name: str
    """Its pid, state and log files' name: ``enrolment``, ``modules-FR-NAQ``."""
    service: str
    port: int
    region: str = NATIONAL

    @property
    def package(self) -> str:
        return f"conum_{self.service}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self, kafka: str, tokens_file: str, data_dir: str) -> dict[str, str]:
        """The ``CONUM_*`` settings this instance reads (``ServiceSettings``)."""
        return {
            "CONUM_SERVICE": self.service,
            "CONUM_REGION": self.region,
            "CONUM_HTTP_PORT": str(self.port),
            "CONUM_KAFKA_BOOTSTRAP_SERVERS": kafka,
            "CONUM_TOKENS_FILE": tokens_file,
            "CONUM_DATA_DIR": data_dir,
        }

    def shifted(self, offset: int) -> Instance:
        """The same instance on ``port + offset`` (a second network beside the first)."""
        return Instance(self.name, self.service, self.port + offset, self.region)

    def is_installed(self) -> bool:
        return importlib.util.find_spec(self.package) is not None


LOCAL_NETWORK = (
    Instance("enrolment", "enrolment", 8001),
    Instance("positioning", "positioning", 8002),
    Instance("certification", "certification", 8003),
    Instance("modules-national", "modules", 8004),
    Instance("modules-FR-NAQ", "modules", 8005, "FR-NAQ"),
    Instance("modules-FR-IDF", "modules", 8006, "FR-IDF"),
    Instance("national", "national", 8007),
    Instance("notifier", "notifier", 8008),
)


def installed_instances(offset: int = 0) -> tuple[Instance, ...]:
    """The instances of the services this checkout holds, their ports shifted by ``offset``."""
    return tuple(i.shifted(offset) for i in LOCAL_NETWORK if i.is_installed())


def instance_named(name: str, offset: int = 0) -> Instance:
    for instance in LOCAL_NETWORK:
        if instance.name == name:
            return instance.shifted(offset)
    known = ", ".join(i.name for i in LOCAL_NETWORK)
    raise KeyError(f"no instance named {name!r} (known: {known})")
