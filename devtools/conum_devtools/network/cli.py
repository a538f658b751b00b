"""``python -m conum_devtools.network``: the local network, as ``./conum`` runs it.

up [--wave N]        start Kafka, Jaeger, Prometheus, the OpenID Connect provider, every
                     service instance and the web application, send a wave of N
                     conseillers (default 300, 0 for none), print the funnel, the
                     application's address and its sign-in users
down                 stop everything ``up`` started
status               what runs, with pids and readiness
restart <instance>   stop and start one instance (``enrolment``, ``modules-FR-NAQ``…, ``web``,
                     ``identity``)
wave N [--seed S]    send a wave to the running network
trace <conseiller>   the conseiller's journey as trees of spans, read from Jaeger
tokens               the development tokens file (deploy/local/tokens.json)
users                every sign-in user of the local provider (role, region, username, password)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from conum_devtools.jaeger import journey
from conum_devtools.network.instances import instance_named
from conum_devtools.network.network import LocalNetwork
from conum_devtools.network.progress import Progress, say
from conum_devtools.network.tokens import NATIONAL_COORDINATOR, tokens_file_text
from conum_devtools.network.wave import Endpoints, WaveError, WavePlan, run_wave
from conum_devtools.network.webapp import users_table


def send_wave(network: LocalNetwork, conseillers: int, seed: int | None) -> int:
    """Send a wave; a new seed each time unless one is given (its structures' SIRETs differ
    from every earlier wave's), printed so the same wave can be sent again elsewhere."""
    seed = seed if seed is not None else random.randrange(1_000_000)
    plan = WavePlan(conseillers=conseillers, seed=seed)
    hubs = tuple(
        (instance.region, instance.url)
        for instance in network.instances()
        if instance.service == "modules"
        and instance.region != "national"
        and network.service(instance).pid is not None
    )
    endpoints = Endpoints(
        enrolment=network.url_of("enrolment"),
        positioning=network.url_of("positioning"),
        certification=network.url_of("certification"),
        national=network.url_of("national"),
        modules=hubs,
    )
    say(f"sending a wave of {conseillers} conseillers (seed {seed}) through the HTTP APIs")
    try:
        report = asyncio.run(run_wave(plan, endpoints, Progress(conseillers, "conseillers")))
    except WaveError as error:
        say(f"the wave stopped: {error}")
        return 1
    sent = ", ".join(f"{step} {count}" for step, count in sorted(report.sent.items()))
    say(
        f"{report.requests} requests in {report.seconds:.1f}s "
        f"({report.conseillers_per_second:.1f} conseillers/s); the national view agreed "
        f"{report.agreed_after:.1f}s later ({sent})"
    )
    return subprocess.call(
        [
            sys.executable,
            "-m",
            "conum_national",
            "funnel",
            "--token",
            NATIONAL_COORDINATOR,
            "--url",
            endpoints.national,
        ]
    )


def addresses(network: LocalNetwork) -> None:
    say(
        f"national dashboard: {network.url_of('national')}/national/dashboard "
        f"(token: {NATIONAL_COORDINATOR})"
    )
    jaeger = network.jaeger()
    if jaeger.pid is not None:
        say(f"Jaeger: {jaeger.query_url}   ./conum trace <conseiller_id>")
    prometheus = network.prometheus()
    if prometheus.pid is not None:
        say(f"Prometheus: {prometheus.url}")
    mailbox = network.mailbox()
    if mailbox.pid is not None:
        say(f"the e-mails of the notifier: {mailbox.url} (SMTP on 127.0.0.1:{mailbox.smtp_port})")
    say("each service's API: " + ", ".join(f"{i.url}/docs" for i in network.instances()))
    web = network.web()
    if web.pid is not None:
        hubs = sorted({i.region for i in network.instances() if i.region != "national"})
        say(f"the web application: {web.url}   (sign in with one of these users)")
        print("\n".join(users_table(hubs)))
        say(
            "every other region has the same users (structure-<r>, hub-<r>, certifier-<r>, "
            "pix-<r>, <organisation>-<r>, password mdp-<username>): ./conum users"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conum_devtools.network")
    parser.add_argument("--var", type=Path, default=Path("var"), help="state directory")
    parser.add_argument(
        "--port-offset",
        type=int,
        default=int(os.environ.get("CONUM_PORT_OFFSET", "0")),
        help="added to every port, to run a second network beside the first",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start everything and send a wave")
    up.add_argument("--wave", type=int, default=300, help="conseillers in the wave, 0: none")
    up.add_argument("--without-observability", action="store_true", help="no Jaeger, no Prometheus")
    commands.add_parser("down", help="stop everything")
    commands.add_parser("status", help="what runs")
    restart = commands.add_parser("restart", help="restart one instance")
    restart.add_argument("instance")
    wave = commands.add_parser("wave", help="send a wave to the running network")
    wave.add_argument("conseillers", type=int)
    wave.add_argument("--seed", type=int, default=None, help="default: a new one each time")
    trace = commands.add_parser("trace", help="a conseiller's journey from Jaeger")
    trace.add_argument("conseiller_id")
    commands.add_parser("tokens", help="print the development tokens file")
    commands.add_parser("users", help="print every sign-in user of the local provider")
    arguments = parser.parse_args(argv)
    network = LocalNetwork(arguments.var, arguments.port_offset)
    match arguments.command:
        case "up":
            network.up(observability=not arguments.without_observability)
            code = send_wave(network, arguments.wave, None) if arguments.wave else 0
            addresses(network)
            return code
        case "down":
            network.down()
        case "status":
            print("\n".join(network.status()))
        case "restart" if arguments.instance in ("web", "identity"):
            network.restart_people_side(arguments.instance)
        case "restart":
            network.restart(instance_named(arguments.instance, network.offset))
        case "wave":
            return send_wave(network, arguments.conseillers, arguments.seed)
        case "trace":
            return journey.main(
                [arguments.conseiller_id, "--query-url", network.jaeger().query_url]
            )
        case "tokens":
            print(tokens_file_text(), end="")
        case "users":
            print("\n".join(users_table()))
    return 0
