"""``python -m conum_runtime.broker_access``: the bindings of service instances, derived from
the contracts, as lines, ``kafka-acls.sh`` commands or docker-compose's access script::

    python -m conum_runtime.broker_access --instance modules-FR-NAQ [--kafka-acls CONFIG]
    python -m conum_runtime.broker_access --instance … --compose-script CONFIG
"""

from __future__ import annotations

import argparse
import sys

from conum_runtime.broker_access.rules import (
    OPERATOR,
    instance_principal,
    network_access,
    split_instance,
)
from conum_runtime.broker_access.scripts import (
    access_script,
    compose_password_file,
    kafka_acls_commands,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conum_runtime.broker_access",
        description="Print the broker ACLs of service instances (derived from the contracts).",
    )
    parser.add_argument(
        "--instance",
        action="append",
        default=[],
        metavar="SERVICE-REGION",
        help="e.g. modules-FR-NAQ (repeatable; default: each service given by --service, national)",
    )
    parser.add_argument(
        "--service", action="append", default=[], help="a service name (region national)"
    )
    parser.add_argument("--prefix", default="", help="topic prefix (tests)")
    parser.add_argument(
        "--kafka-acls",
        metavar="COMMAND_CONFIG",
        help="print kafka-acls.sh commands using this admin client configuration file",
    )
    parser.add_argument(
        "--compose-script",
        metavar="COMMAND_CONFIG",
        help="print the shell script giving the users (passwords in /run/secrets/kafka-<user>) "
        "and their ACLs, using this admin client configuration file",
    )
    arguments = parser.parse_args(argv)
    instances = [split_instance(name) for name in arguments.instance]
    instances += [(service, "national") for service in arguments.service]
    if not instances:
        parser.error("name at least one --instance or --service")
    bindings = network_access(instances, arguments.prefix)
    if arguments.compose_script:
        names = [instance_principal(*instance) for instance in instances]
        files = {name: compose_password_file(name) for name in [*names, OPERATOR]}
        print(access_script(bindings, files, arguments.compose_script), end="")
    elif arguments.kafka_acls:
        print("\n".join(kafka_acls_commands(bindings, arguments.kafka_acls)))
    else:
        for acl in bindings:
            print(acl.principal, acl.resource_type, acl.pattern_type, acl.resource, acl.operation)
    return 0


if __name__ == "__main__":
    sys.exit(main())
