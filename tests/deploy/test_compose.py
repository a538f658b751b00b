"""docker-compose.yml, checked without a Docker engine (decision 0020): the Compose
specification's schema, then what the schema cannot know: that every service instance sets
settings the code reads, talks to its own PostgreSQL, starts after its dependencies are
healthy, publishes on the loopback only and is scraped by Prometheus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import jsonschema
import pytest
from conum_runtime.auth import TokenBook
from pydantic import ValidationError
from sqlalchemy.engine import make_url

from .readers import (
    COMPOSE_FILE,
    DOCKERFILE,
    READ_OUTSIDE_SETTINGS,
    REQUIRED,
    ROOT,
    TOPOLOGY,
    dockerfile_stages,
    exec_form,
    load_yaml,
    read_settings,
    stringify,
)

COMPOSE: dict[str, Any] = load_yaml(COMPOSE_FILE)
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
INSTANCES = sorted(name for name, service in SERVICES.items() if "build" in service)

JAEGER_IMAGE = "jaegertracing/jaeger:2.13.0"


def environment(name: str) -> dict[str, str]:
    return stringify(SERVICES[name].get("environment"))


def service_of(name: str) -> str:
    target = SERVICES[name]["build"]["target"]
    assert isinstance(target, str)
    return target


def database_of(name: str) -> str:
    """The compose service named as the host of the instance's database URL."""
    return str(make_url(environment(name)["CONUM_DATABASE_URL"]).host)


def is_postgres(name: str) -> bool:
    return str(SERVICES[name].get("image", "")).split(":")[0] in {"postgres", "library/postgres"}


def validator_class(schema: dict[str, Any]) -> type[jsonschema.protocols.Validator]:
    """The validator of the schema's draft. The Compose schema names its draft
    ``http://json-schema.org/draft/2019-09/schema#``; jsonschema knows the draft by its
    canonical id (https, no empty fragment), so the name is normalised, never guessed."""
    declared = str(schema["$schema"]).removesuffix("#").replace("http://", "https://", 1)
    found = jsonschema.validators.validator_for({"$schema": declared}, default=None)
    assert found is not None, f"jsonschema does not know the draft {schema['$schema']}"
    return cast("type[jsonschema.protocols.Validator]", found)


def schema_errors(document: Any, schema: dict[str, Any]) -> list[str]:
    validator_class(schema).check_schema(schema)
    # No format checker: the schema's "duration" is Compose's "10s", not ISO 8601's.
    validator = validator_class(schema)(schema)
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


# --- the Compose specification -----------------------------------------------------------


def test_the_schema_is_the_compose_specification_and_jsonschema_knows_its_draft(
    compose_schema: dict[str, Any],
) -> None:
    assert compose_schema["title"] == "Compose Specification"
    assert compose_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert validator_class(compose_schema) is jsonschema.Draft202012Validator
    assert {"services", "networks", "volumes", "secrets", "configs"} <= set(
        compose_schema["properties"]
    )


def test_the_compose_file_validates_against_the_compose_specification(
    compose_schema: dict[str, Any],
) -> None:
    assert schema_errors(COMPOSE, compose_schema) == []


def test_the_schema_check_refuses_what_compose_refuses(compose_schema: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(COMPOSE))  # anchors' objects are shared: unshare them
    broken["services"]["enrolment"]["depends_on"]["kafka"]["condition"] = "service_ready"
    broken["services"]["positioning"]["healthcheck"]["start_intervals"] = "1s"
    broken["services"]["kafka"]["ports"] = [{"host_ip": "127.0.0.1", "taget": 9094}]
    broken["secrets"]["conum-tokens"]["path"] = "./deploy/local/tokens.json"
    errors = schema_errors(broken, compose_schema)
    assert schema_errors(COMPOSE, compose_schema) == []
    for fault in (
        "services/enrolment/depends_on",
        "services/positioning/healthcheck",
        "services/kafka/ports/0",
        "secrets/conum-tokens",
    ):
        assert any(error.startswith(f"{fault}:") for error in errors), (fault, errors)


# --- the network -------------------------------------------------------------------------


def test_the_network_runs_every_service_instance_of_the_issue() -> None:
    found = {
        name: (service_of(name), environment(name).get("CONUM_REGION"), http_port(name))
        for name in INSTANCES
    }
    assert found == TOPOLOGY


def test_one_postgresql_per_instance_and_no_other() -> None:
    databases = [name for name in SERVICES if is_postgres(name)]
    used = Counter(database_of(name) for name in INSTANCES)
    assert sorted(used) == sorted(databases)
    assert set(used.values()) == {1}, f"a database shared by several instances: {used}"


def test_each_consumer_group_belongs_to_one_instance() -> None:
    """The group is ``conum-<service>-<region>``: two instances of one service and region
    would split one stream between two databases."""
    groups = Counter((service_of(name), environment(name)["CONUM_REGION"]) for name in INSTANCES)
    assert set(groups.values()) == {1}, groups


def test_every_published_port_binds_to_the_loopback() -> None:
    for name, service in SERVICES.items():
        for port in service.get("ports", []):
            assert isinstance(port, str) and port.startswith("127.0.0.1:"), (name, port)
            assert len(port.split(":")) == 3, (name, port)


def test_no_password_is_in_an_environment_variable() -> None:
    """Passwords are secrets (/run/secrets/…) the *_FILE settings read (the broker's own
    listeners' static users excepted: the apache/kafka image takes them in its variables)."""
    for name, service in SERVICES.items():
        for key, value in stringify(service.get("environment")).items():
            if name == "kafka" and key.endswith("_JAAS_CONFIG"):
                continue
            assert "PASSWORD" not in key or key.endswith("_FILE"), (name, key)
            assert "dev-only" not in value, (name, key)


def test_every_dependency_volume_and_secret_exists() -> None:
    declared_volumes = set(COMPOSE.get("volumes") or {})
    declared_secrets = set(COMPOSE.get("secrets") or {})
    for name, service in SERVICES.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in SERVICES, (name, dependency)
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith((".", "/")):
                assert (ROOT / source).exists(), (name, source)
            else:
                assert source in declared_volumes, (name, source)
        for secret in service.get("secrets", []):
            assert secret in declared_secrets, (name, secret)
    for secret in COMPOSE["secrets"].values():
        assert (ROOT / secret["file"]).is_file()


# --- each service instance ---------------------------------------------------------------


def http_port(name: str) -> int:
    return int(environment(name)["CONUM_HTTP_PORT"])


@pytest.mark.parametrize("name", INSTANCES)
def test_the_image_is_a_target_of_the_dockerfile(name: str) -> None:
    build = SERVICES[name]["build"]
    assert build["context"] == "."
    assert (ROOT / build["dockerfile"]).resolve() == DOCKERFILE
    assert build["target"] in dockerfile_stages()
    assert SERVICES[name]["image"].split(":")[0] == f"conum/{build['target']}"


@pytest.mark.parametrize("name", INSTANCES)
def test_the_command_runs_the_service(name: str) -> None:
    service = service_of(name)
    command = SERVICES[name]["command"]
    assert command == ["python", "-m", f"conum_{service}"]
    assert exec_form(dockerfile_stages()[service].all("CMD")[-1]) == command


@pytest.mark.parametrize("name", INSTANCES)
def test_the_required_settings_are_set(name: str) -> None:
    assert set(environment(name)) >= REQUIRED, sorted(REQUIRED - set(environment(name)))
    assert environment(name)["CONUM_HTTP_HOST"] == "0.0.0.0"


@pytest.mark.parametrize("name", INSTANCES)
def test_every_variable_is_a_setting_the_code_reads(name: str) -> None:
    variables = environment(name)
    read = read_settings(service_of(name))
    ours = {key for key in variables if key.startswith("CONUM_")}
    unknown = ours - read.variables - set(read.unchecked(variables))
    assert not unknown, f"not read by conum_{read.service}: {sorted(unknown)}"
    others = set(variables) - ours
    assert others <= set(READ_OUTSIDE_SETTINGS), sorted(others - set(READ_OUTSIDE_SETTINGS))
    try:
        read.load(variables)
    except ValidationError as error:
        pytest.fail(f"{name}: a value does not fit its setting:\n{error}")
    if read.own_module is None:
        pytest.skip(read.missing_reason)


def test_variables_read_outside_settings_are_read_there() -> None:
    for variable, module in READ_OUTSIDE_SETTINGS.items():
        source = ROOT / "runtime" / Path(*module.split(".")).with_suffix(".py")
        assert f'"{variable}"' in source.read_text(encoding="utf-8"), (variable, module)


@pytest.mark.parametrize("name", INSTANCES)
def test_the_database_is_the_instance_s_own_postgresql(name: str) -> None:
    url = make_url(environment(name)["CONUM_DATABASE_URL"])
    assert url.drivername == "postgresql+asyncpg"
    assert url.host in SERVICES and is_postgres(url.host), url.host
    database = stringify(SERVICES[url.host]["environment"])
    assert (url.username, url.password, url.database) == (
        database["POSTGRES_USER"],
        None,  # the password is a secret, read from the file both sides name
        database["POSTGRES_DB"],
    )
    password_file = environment(name)["CONUM_DATABASE_PASSWORD_FILE"]
    assert database["POSTGRES_PASSWORD_FILE"] == password_file
    secret = password_file.removeprefix("/run/secrets/")
    assert secret in SERVICES[name]["secrets"] and secret in SERVICES[url.host]["secrets"]
    assert url.port == 5432
    assert "ports" not in SERVICES[url.host], "databases are reached on the compose network only"


@pytest.mark.parametrize("name", INSTANCES)
def test_the_published_port_is_the_http_port_on_the_loopback(name: str) -> None:
    port = http_port(name)
    assert SERVICES[name]["ports"] == [f"127.0.0.1:{port}:{port}"]


@pytest.mark.parametrize("name", INSTANCES)
def test_the_instance_starts_once_kafka_and_its_database_are_healthy(name: str) -> None:
    depends_on = SERVICES[name]["depends_on"]
    database = database_of(name)
    assert depends_on["kafka"] == {"condition": "service_healthy"}
    assert depends_on[database] == {"condition": "service_healthy"}
    for dependency in ("kafka", database):
        assert "healthcheck" in SERVICES[dependency], dependency


@pytest.mark.parametrize("name", INSTANCES)
def test_the_healthcheck_asks_for_readiness_on_the_instance_s_port(name: str) -> None:
    test = SERVICES[name]["healthcheck"]["test"]
    assert test[0] == "CMD"
    command = " ".join(test[1:])
    assert "/health/ready" in command
    assert "CONUM_HTTP_PORT" in command  # the port the instance listens on, not a constant


@pytest.mark.parametrize("name", INSTANCES)
def test_the_tokens_come_from_a_mounted_secret(name: str) -> None:
    tokens_file = environment(name)["CONUM_TOKENS_FILE"]
    mounted = {f"/run/secrets/{secret}": secret for secret in SERVICES[name]["secrets"]}
    assert tokens_file in mounted
    source = ROOT / COMPOSE["secrets"][mounted[tokens_file]]["file"]
    assert source == ROOT / "deploy" / "local" / "tokens.json"  # the development tokens
    assert TokenBook.load(source, None).actor_for("dev-operator") is not None


@pytest.mark.parametrize("name", INSTANCES)
def test_traces_go_to_jaeger_over_otlp_http(name: str) -> None:
    endpoint = urlsplit(environment(name)["OTEL_EXPORTER_OTLP_ENDPOINT"])
    assert (endpoint.scheme, endpoint.hostname) == ("http", "jaeger")
    jaeger = load_yaml(mounted_file("jaeger", "/etc/jaeger/config.yaml"))
    http = jaeger["receivers"]["otlp"]["protocols"]["http"]["endpoint"]
    assert http == f"0.0.0.0:{endpoint.port}"


def mounted_file(service: str, target: str) -> Path:
    for volume in SERVICES[service]["volumes"]:
        source, mount, *_ = volume.split(":")
        if mount == target:
            return ROOT / str(source)
    raise AssertionError(f"{service} mounts nothing at {target}")
