"""What can go wrong with the local broker."""

from __future__ import annotations

from conum_devtools.daemon import ServerError


class LocalKafkaError(ServerError):
    """The local broker could not be prepared, started or stopped."""


class KafkaUnavailableError(LocalKafkaError):
    """A prerequisite (java, mvn, the pom) is missing on this machine."""
