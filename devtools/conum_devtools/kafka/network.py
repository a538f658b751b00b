"""The local network's secured broker: one principal per service instance, ACLs derived from
the contracts (``conum_runtime.broker_access``), credentials written where ``up`` reads them.

    security = network_security(workdir, ["enrolment-national", "modules-FR-NAQ"])
    kafka = LocalKafka(workdir, security=security)
    bootstrap = kafka.start()
    files = write_credentials(security, bootstrap, workdir / "credentials")
    # files["enrolment-national"] → credentials/enrolment-national.env (CONUM_KAFKA_* lines)

The passwords of an earlier run of the same directory are kept (its ``security.json``), so a
restart does not invalidate the files the services read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, replace
from pathlib import Path

from conum_devtools.kafka.broker import SECURITY_FILE
from conum_devtools.kafka.security import AclEntry, BrokerSecurity, write_private

SERVICES = ("enrolment", "positioning", "certification", "modules", "national")
"""The network's services, in the order ``up`` starts them (absent ones are skipped)."""

CREDENTIALS_DIR = "credentials"


def installed_instances(services: Iterable[str] = SERVICES) -> list[str]:
    """``<service>-national`` for each of ``services`` whose package is installed."""
    import importlib.util

    return [
        f"{service}-national"
        for service in services
        if importlib.util.find_spec(f"conum_{service}") is not None
    ]


def network_security(
    workdir: Path, instances: Sequence[str], topic_prefix: str = ""
) -> BrokerSecurity:
    """Users for ``instances`` (``<service>-<region>``) and the operators, with their ACLs."""
    from conum_runtime.broker_access import OPERATOR, network_access, split_instance

    bindings = network_access([split_instance(name) for name in instances], topic_prefix)
    acls = [AclEntry(**asdict(binding)) for binding in bindings]
    users = [*instances, OPERATOR]
    previous = BrokerSecurity.load(Path(workdir) / SECURITY_FILE)
    if previous is None:
        return BrokerSecurity.new(users, acls)
    return replace(previous.with_access(users), acls=tuple(sorted(set(acls))))


def write_credentials(security: BrokerSecurity, bootstrap: str, directory: Path) -> dict[str, Path]:
    """One ``<user>.env`` per user (``CONUM_KAFKA_*=…`` lines, owner-only), by user name."""
    written = {}
    for user in security.users:
        environment = security.service_environment(user.name, bootstrap)
        path = Path(directory) / f"{user.name}.env"
        write_private(path, "".join(f"{key}={value}\n" for key, value in environment.items()))
        written[user.name] = path
    return written
