"""The local network's parts and their order: Kafka, Jaeger, Prometheus, then every service
instance, each a detached process under ``var/`` found again from any shell.

Kafka runs secured (decision 0022): SASL/SCRAM, ACLs enforced, each instance connecting as its
own principal ``<service>-<region>`` with the credentials written under ``var/kafka``. People
sign in to the web application through the local OpenID Connect provider, whose tokens every
instance accepts (decisions 0023, 0033)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from conum_devtools.daemon import DetachedServer, ServerError
from conum_devtools.identity.server import AUDIENCE, LocalIdentity
from conum_devtools.jaeger.server import STANDARD_PORTS, LocalJaeger
from conum_devtools.kafka.broker import LocalKafka
from conum_devtools.kafka.network import CREDENTIALS_DIR, network_security, write_credentials
from conum_devtools.mailbox import HTTP_PORT, SMTP_PORT, LocalMailbox
from conum_devtools.network.instances import Instance, installed_instances, instance_named
from conum_devtools.network.progress import say
from conum_devtools.network.supervisor import ServiceProcess
from conum_devtools.network.tokens import NOTIFIER, tokens_file_text
from conum_devtools.network.webapp import (
    IDENTITY_PORT,
    WEB_PORT,
    LocalWeb,
    start_identity,
    start_web,
)
from conum_devtools.prometheus.server import LocalPrometheus, network_services

KAFKA_PORT = 9092
PROMETHEUS_PORT = 9090


@dataclass(frozen=True)
class LocalNetwork:
    """Where the local network keeps its state (``var/`` of the checkout by default), and the
    offset added to every port (0: Kafka on 9092, the services from 8001)."""

    var: Path
    offset: int = 0

    @property
    def kafka_bootstrap(self) -> str:
        return f"127.0.0.1:{KAFKA_PORT + self.offset}"

    def instances(self) -> tuple[Instance, ...]:
        return installed_instances(self.offset)

    def url_of(self, name: str) -> str:
        return instance_named(name, self.offset).url

    @property
    def run(self) -> Path:
        return self.var / "run"

    @property
    def tokens_file(self) -> Path:
        return self.run / "tokens.json"

    def kafka(self) -> LocalKafka:
        return LocalKafka(self.var / "kafka", port=KAFKA_PORT + self.offset)

    def jaeger(self) -> LocalJaeger:
        port = {name: standard + self.offset for name, standard in STANDARD_PORTS.items()}
        return LocalJaeger(
            self.var / "jaeger",
            otlp_grpc_port=port["otlp_grpc_port"],
            otlp_http_port=port["otlp_http_port"],
            query_port=port["query_port"],
            query_grpc_port=port["query_grpc_port"],
            health_port=port["health_port"],
        )

    def prometheus(self) -> LocalPrometheus:
        return LocalPrometheus(
            self.var / "prometheus",
            PROMETHEUS_PORT + self.offset,
            services=network_services(self.offset),
        )

    def mailbox(self) -> LocalMailbox:
        """The SMTP server the notifier sends to, with its web inbox (decision 0039)."""
        return LocalMailbox(self.var / "mailbox", SMTP_PORT + self.offset, HTTP_PORT + self.offset)

    def service(self, instance: Instance) -> ServiceProcess:
        return ServiceProcess(self.run, instance)

    def identity(self) -> LocalIdentity:
        return LocalIdentity(self.var / "identity", IDENTITY_PORT + self.offset)

    def web(self) -> LocalWeb:
        return LocalWeb(self.var / "web", WEB_PORT + self.offset)

    def oidc_settings(self) -> dict[str, str]:
        """What makes an instance accept the provider's access tokens."""
        return {"CONUM_OIDC_ISSUER": self.identity().issuer, "CONUM_OIDC_AUDIENCE": AUDIENCE}

    # -- start -------------------------------------------------------------------------

    def principal_of(self, instance: Instance) -> str:
        return f"{instance.service}-{instance.region}"

    def kafka_credentials(self, instance: Instance) -> dict[str, str]:
        """The instance's ``CONUM_KAFKA_*`` credentials (the secured broker's start wrote them)."""
        path = self.var / "kafka" / CREDENTIALS_DIR / f"{self.principal_of(instance)}.env"
        lines = path.read_text().splitlines() if path.is_file() else []
        found = dict(line.split("=", 1) for line in lines if "=" in line)
        found.pop("CONUM_KAFKA_BOOTSTRAP_SERVERS", None)
        return found

    def start_kafka(self) -> str:
        kafka = self.kafka()
        if kafka.pid is not None:
            return self.kafka_bootstrap
        say(
            f"starting Kafka on {self.kafka_bootstrap} (jars from Maven Central, cached; "
            "SASL/SCRAM and ACLs, a principal per instance)"
        )
        principals = [self.principal_of(instance) for instance in self.instances()]
        security = network_security(kafka.workdir, principals)
        secured = LocalKafka(kafka.workdir, port=kafka.port, security=security)
        bootstrap = secured.start(timeout=180)
        write_credentials(security, bootstrap, kafka.workdir / CREDENTIALS_DIR)
        return bootstrap

    def start_jaeger(self) -> str | None:
        """Jaeger's OTLP endpoint, or None (the network runs without traces) when it cannot
        be built or started here."""
        jaeger = self.jaeger()
        if jaeger.pid is None:
            say("starting Jaeger (built from the Go module proxy on first use: minutes)")
            try:
                jaeger.start(timeout=900)
            except ServerError as error:
                say(f"Jaeger could not start, traces are off: {error}")
                return None
        return jaeger.otlp_http_endpoint

    def start_prometheus(self) -> str | None:
        prometheus = self.prometheus()
        if prometheus.pid is not None:
            return prometheus.url
        say("starting Prometheus (Debian's package, installed when absent)")
        try:
            return prometheus.start(timeout=60)
        except ServerError as error:
            say(f"Prometheus could not start, metrics are not scraped: {error}")
            return None

    def start_mailbox(self) -> str | None:
        mailbox = self.mailbox()
        if mailbox.pid is None:
            say(f"starting the mailbox (SMTP on 127.0.0.1:{mailbox.smtp_port}, web inbox)")
            try:
                mailbox.start()
            except ServerError as error:
                say(f"the mailbox could not start, no e-mail is received: {error}")
                return None
        return mailbox.url

    def own_environment(self, instance: Instance) -> dict[str, str]:
        """What one service needs beside the common settings: the notifier, its SMTP server
        and the enrolment service it reads contacts from."""
        if instance.service != "notifier":
            return {}
        return {
            "CONUM_NOTIFIER_SMTP_HOST": "127.0.0.1",
            "CONUM_NOTIFIER_SMTP_PORT": str(self.mailbox().smtp_port),
            "CONUM_NOTIFIER_ENROLMENT_URL": self.url_of("enrolment"),
            "CONUM_NOTIFIER_ENROLMENT_TOKEN": NOTIFIER,
        }

    def start_service(self, instance: Instance, kafka: str, otlp: str | None) -> None:
        process = self.service(instance)
        if process.pid is not None:
            say(f"{instance.name} already runs (pid {process.pid})")
            return
        environment = instance.environment(
            kafka, str(self.tokens_file.resolve()), str(self.var.resolve())
        )
        environment |= self.kafka_credentials(instance) | self.oidc_settings()
        environment |= self.own_environment(instance)
        if otlp:
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp
        started = time.monotonic()
        process.start(environment=environment)
        say(
            f"{instance.name}: {instance.url}/docs (pid {process.pid}, ready in "
            f"{time.monotonic() - started:.1f}s, log {process.out_file})"
        )

    def start_identity(self) -> None:
        start_identity(self.identity(), self.web())

    def start_web(self) -> None:
        start_web(self.web(), self.identity(), self.instances())

    def up(self, observability: bool = True) -> None:
        self.run.mkdir(parents=True, exist_ok=True)
        self.tokens_file.write_text(tokens_file_text())
        kafka = self.start_kafka()
        otlp = self.start_jaeger() if observability else None
        if observability:
            self.start_prometheus()
        self.start_identity()
        self.start_mailbox()
        with ThreadPoolExecutor(max_workers=4) as starting:  # start-up is mostly imports
            started = [
                starting.submit(self.start_service, instance, kafka, otlp)
                for instance in self.instances()
            ]
        for future in started:
            future.result()
        self.start_web()

    def restart(self, instance: Instance) -> None:
        process = self.service(instance)
        if process.pid is not None:
            process.stop()
            say(f"stopped {instance.name}")
        jaeger = self.jaeger()
        self.start_service(
            instance,
            self.kafka_bootstrap,
            jaeger.otlp_http_endpoint if jaeger.pid is not None else None,
        )

    def restart_people_side(self, name: str) -> None:
        """Restart the web application or the provider (``web``, ``identity``)."""
        part = self.web() if name == "web" else self.identity()
        if part.pid is not None:
            part.stop()
            say(f"stopped {name}")
        (self.start_web if name == "web" else self.start_identity)()

    # -- stop and look -----------------------------------------------------------------

    def down(self) -> None:
        for label, part in (("the web application", self.web()), ("the provider", self.identity())):
            if part.pid is not None:
                part.stop()
                say(f"stopped {label}")
        for instance in reversed(self.instances()):
            process = self.service(instance)
            if process.pid is not None:
                process.stop()
                say(f"stopped {instance.name}")
        servers: tuple[tuple[str, DetachedServer], ...] = (
            ("the mailbox", self.mailbox()),
            ("Prometheus", self.prometheus()),
            ("Jaeger", self.jaeger()),
            ("Kafka", self.kafka()),
        )
        for label, server in servers:
            if server.pid is not None:
                server.stop()
                say(f"stopped {label}")

    def pids(self) -> dict[str, int]:
        """The pid of every part that runs, by name (``kafka``, ``jaeger``, ``enrolment``, ...)."""
        parts = [("kafka", self.kafka().pid), ("jaeger", self.jaeger().pid)]
        parts += [("prometheus", self.prometheus().pid), ("mailbox", self.mailbox().pid)]
        parts += [("identity", self.identity().pid), ("web", self.web().pid)]
        parts += [(i.name, self.service(i).pid) for i in self.instances()]
        return {name: pid for name, pid in parts if pid is not None}

    def status(self) -> list[str]:
        """One line per part: running (pid, ready or not) or stopped."""
        lines = []
        for label, pid, url in (
            ("kafka", self.kafka().pid, self.kafka_bootstrap),
            ("jaeger", self.jaeger().pid, self.jaeger().query_url),
            ("prometheus", self.prometheus().pid, self.prometheus().url),
            ("identity", self.identity().pid, self.identity().issuer),
            ("web", self.web().pid, self.web().url),
            ("mailbox", self.mailbox().pid, self.mailbox().url),
        ):
            lines.append(f"{label:18} {'running' if pid else 'stopped':8} {pid or '':>7}  {url}")
        for instance in self.instances():
            process = self.service(instance)
            pid = process.pid
            state = "stopped" if pid is None else ("ready" if process.ready() else "starting")
            lines.append(f"{instance.name:18} {state:8} {pid or '':>7}  {instance.url}")
        return lines
