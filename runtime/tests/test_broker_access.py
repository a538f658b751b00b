"""Who may do what on the broker, derived from the contracts (pure: no broker here; the
enforcement is tested over a real secured broker in tests/security/test_broker_acls.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conum_contracts import registry
from conum_contracts.enrolment import ConseillerEnrolledV1, ConseillerWithdrawnV1
from conum_contracts.positioning import PathAssignedV2
from conum_runtime.broker_access import (
    KafkaAcl,
    consumed_topics,
    instance_access,
    kafka_acls_commands,
    network_access,
    network_topics,
    operator_access,
    rules,
    split_instance,
)
from conum_runtime.broker_access.documents import (
    documented_consumption,
    documented_publication,
)
from conum_runtime.broker_access.rules import installed_definition, operation_word
from conum_runtime.broker_access.strimzi import kafka_topic, kafka_user, user_bindings
from conum_runtime.kafka_connection import KafkaConnection
from conum_runtime.settings import ServiceSettings
from pydantic import SecretStr

NETWORK = [("enrolment", "national"), ("positioning", "national"), ("certification", "national")]


def allowed(bindings: list[KafkaAcl], principal: str) -> set[tuple[str, str, str, str]]:
    return {
        (acl.resource_type, acl.pattern_type, acl.resource, acl.operation)
        for acl in bindings
        if acl.principal == principal
    }


def test_positioning_writes_its_topic_and_dead_letters_and_reads_what_it_consumes() -> None:
    topics = consumed_topics([ConseillerEnrolledV1, ConseillerWithdrawnV1])
    bindings = instance_access("positioning", "national", topics)
    assert allowed(bindings, "User:positioning-national") == {
        ("TOPIC", "LITERAL", "conum.positioning.conseiller", "WRITE"),
        ("TOPIC", "LITERAL", "conum.dlq.positioning", "WRITE"),
        ("TOPIC", "LITERAL", "conum.enrolment.conseiller", "READ"),
        ("TOPIC", "LITERAL", "conum.positioning.conseiller", "CREATE"),
        ("TOPIC", "LITERAL", "conum.dlq.positioning", "CREATE"),
        ("TOPIC", "LITERAL", "conum.enrolment.conseiller", "CREATE"),
        ("GROUP", "LITERAL", "conum-positioning-national", "READ"),
    }
    assert {acl.principal for acl in bindings} == {"User:positioning-national"}


def test_only_the_owner_of_an_event_type_may_write_its_topic() -> None:
    bindings = network_access(NETWORK)
    for declared in registry.EVENT_TYPES.values():
        writers = {
            acl.principal
            for acl in bindings
            if acl.operation == "WRITE" and acl.resource == declared.topic
        }
        if declared.owner in dict(NETWORK):
            assert writers == {f"User:{declared.owner}-national"}, declared.name
        else:
            assert writers == set(), declared.name


def test_the_readers_of_a_topic_are_its_consumers() -> None:
    bindings = network_access(NETWORK)
    readers = {
        acl.principal
        for acl in bindings
        if acl.operation == "READ" and acl.resource == "conum.positioning.conseiller"
    }
    # enrolment (path assigned) and certification (positioning results) read it
    assert readers == {"User:enrolment-national", "User:certification-national"}


def test_no_instance_gets_a_wildcard_a_prefix_or_a_cluster_operation() -> None:
    for acl in network_access(NETWORK):
        if acl.principal == "User:conum-operator":
            continue
        assert acl.pattern_type == "LITERAL"
        assert acl.resource_type in ("TOPIC", "GROUP")
        assert "*" not in acl.resource


def test_each_instance_reads_its_own_consumer_group_only() -> None:
    naq = instance_access("modules", "FR-NAQ", ["conum.enrolment.conseiller"])
    idf = instance_access("modules", "FR-IDF", ["conum.enrolment.conseiller"])
    assert {acl.resource for acl in naq if acl.resource_type == "GROUP"} == {"conum-modules-FR-NAQ"}
    assert {acl.principal for acl in idf} == {"User:modules-FR-IDF"}


def test_an_instance_that_consumes_nothing_gets_no_group() -> None:
    bindings = instance_access("enrolment", "national", [])
    assert not [acl for acl in bindings if acl.resource_type == "GROUP"]
    assert ("TOPIC", "LITERAL", "conum.enrolment.conseiller", "WRITE") in allowed(
        bindings, "User:enrolment-national"
    )


def test_a_topic_prefix_applies_to_topics_and_groups() -> None:
    bindings = instance_access(
        "enrolment", "national", [registry.for_model(PathAssignedV2).topic], "t1."
    )
    topics = {acl.resource for acl in bindings if acl.resource_type == "TOPIC"}
    assert topics and all(topic.startswith("t1.conum.") for topic in topics)
    assert {acl.resource for acl in bindings if acl.resource_type == "GROUP"} == {
        ServiceSettings(service="enrolment", topic_prefix="t1.").group_id
    }


def test_operators_read_every_dead_letter_and_write_them_back() -> None:
    assert set(operator_access()) == {
        KafkaAcl("User:conum-operator", "TOPIC", "PREFIXED", "conum.dlq.", "READ"),
        KafkaAcl("User:conum-operator", "TOPIC", "PREFIXED", "conum.", "WRITE"),
    }


def test_the_bindings_render_as_kafka_acls_commands() -> None:
    acl = KafkaAcl(
        "User:positioning-national", "GROUP", "LITERAL", "conum-positioning-national", "READ"
    )
    (line,) = kafka_acls_commands([acl], "/etc/kafka/admin.properties")
    assert line == (
        'kafka-acls.sh --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config '
        "/etc/kafka/admin.properties --add --allow-principal User:positioning-national "
        "--operation Read --resource-pattern-type literal --group conum-positioning-national"
    )


def test_an_instance_name_splits_at_its_first_dash() -> None:
    assert split_instance("modules-FR-NAQ") == ("modules", "FR-NAQ")
    assert split_instance("national-national") == ("national", "national")
    with pytest.raises(ValueError):
        split_instance("modules")


# -- the clients' connection settings --------------------------------------------------------


def test_plaintext_by_default() -> None:
    connection = ServiceSettings().kafka()
    assert connection.options() == {
        "bootstrap_servers": "127.0.0.1:9092",
        "security_protocol": "PLAINTEXT",
    }
    assert connection.principal == "User:ANONYMOUS"


def test_sasl_settings_become_every_clients_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONUM_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("CONUM_KAFKA_SASL_USERNAME", "positioning-national")
    monkeypatch.setenv("CONUM_KAFKA_SASL_PASSWORD", "s3cret-value")
    connection = ServiceSettings().kafka()
    assert connection.options() == {
        "bootstrap_servers": "127.0.0.1:9092",
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "positioning-national",
        "sasl_plain_password": "s3cret-value",
    }
    assert connection.principal == "User:positioning-national"
    assert "s3cret-value" not in repr(connection)
    assert "s3cret-value" not in connection.describe()
    assert "s3cret-value" not in repr(ServiceSettings())


def test_the_password_may_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "password").write_text("from-a-secret\n")
    monkeypatch.setenv("CONUM_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("CONUM_KAFKA_SASL_USERNAME", "enrolment-national")
    monkeypatch.setenv("CONUM_KAFKA_SASL_PASSWORD_FILE", str(tmp_path / "password"))
    assert ServiceSettings().kafka().options()["sasl_plain_password"] == "from-a-secret"


def test_sasl_without_credentials_is_refused_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONUM_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("CONUM_KAFKA_SASL_USERNAME", "enrolment-national")
    with pytest.raises(ValueError, match="username and password"):
        ServiceSettings()


def test_sasl_over_tls_verifies_the_broker() -> None:
    connection = KafkaConnection("broker:9093", "SASL_SSL", "SCRAM-SHA-512", "a", SecretStr("b"))
    context = connection.options()["ssl_context"]
    assert context.check_hostname is True


SERVICES = ("enrolment", "positioning", "certification", "modules", "national")


@pytest.mark.parametrize("service", SERVICES)
def test_the_committed_asyncapi_document_reads_what_the_definition_consumes(service: str) -> None:
    definition = installed_definition(service)
    assert documented_consumption(service) == consumed_topics(definition.consumed)
    assert documented_publication(service) == sorted(registry.topics_of(service))


def test_a_service_not_installed_reads_what_its_asyncapi_document_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rules, "installed", lambda service: service != "modules")
    national = allowed(network_access([("modules", "national")]), "User:modules-national")
    naq = allowed(network_access([("modules", "FR-NAQ")]), "User:modules-FR-NAQ")
    read = {resource for _kind, _pattern, resource, op in national if op == "READ"}
    assert "conum.certification.conseiller" in read
    assert "conum.positioning.conseiller" not in read
    # every instance of a service reads what the service consumes, whatever its region
    assert {resource for _k, _p, resource, op in naq if op == "READ"} - {
        "conum-modules-FR-NAQ"
    } == read - {"conum-modules-national"}
    assert {"conum.modules.registration", "conum.modules.session"} <= read
    installed = allowed(
        network_access(
            [("modules", "FR-NAQ")], definitions={"modules": installed_definition("modules")}
        ),
        "User:modules-FR-NAQ",
    )
    assert naq == installed


def test_a_service_with_neither_package_nor_document_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LookupError, match=r"no services/ghost/asyncapi\.yaml"):
        documented_consumption("ghost", starts=[tmp_path])


def test_where_topics_are_declared_resources_no_instance_may_create_one() -> None:
    bindings = network_access(NETWORK, creates_topics=False)
    assert not [acl for acl in bindings if acl.operation == "CREATE"]
    with_create = {acl for acl in network_access(NETWORK) if acl.operation != "CREATE"}
    assert set(bindings) == with_create


def test_a_kafka_user_holds_exactly_the_derived_bindings() -> None:
    bindings = instance_access(
        "positioning", "national", ["conum.enrolment.conseiller"], creates_topics=False
    )
    user = kafka_user("conum-positioning-national", bindings, "conum")
    assert user["metadata"] == {
        "name": "conum-positioning-national",
        "labels": {"strimzi.io/cluster": "conum"},
    }
    assert user["spec"]["authentication"] == {"type": "scram-sha-512"}
    assert {
        "resource": {
            "type": "group",
            "name": "conum-positioning-national",
            "patternType": "literal",
        },
        "operations": ["Read"],
    } in (user["spec"]["authorization"]["acls"])
    assert user_bindings(user, "User:positioning-national") == bindings
    with pytest.raises(ValueError, match="declared resources"):
        kafka_user("x", instance_access("positioning", "national", []), "conum")


def test_a_kafka_topic_is_replicated_three_times_and_kept() -> None:
    topic = kafka_topic("conum.enrolment.conseiller", 6, "conum")
    assert topic["spec"] == {
        "topicName": "conum.enrolment.conseiller",
        "partitions": 6,
        "replicas": 3,
        "config": {"min.insync.replicas": 2, "retention.ms": -1},
    }


def test_the_network_topics_are_every_event_topic_and_every_dead_letter_topic() -> None:
    topics = network_topics(SERVICES)
    assert {declared.topic for declared in registry.EVENT_TYPES.values()} < set(topics)
    assert {f"conum.dlq.{service}" for service in SERVICES} <= set(topics)


def test_operation_names_are_spelled_as_kafka_tools_spell_them() -> None:
    assert operation_word("IDEMPOTENT_WRITE") == "IdempotentWrite"
    assert operation_word("READ") == "Read"


def test_an_instance_connects_as_its_instance_name_unless_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONUM_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("CONUM_KAFKA_SASL_PASSWORD", "s3cret-value")
    settings = ServiceSettings(service="modules", region="FR-NAQ")
    assert settings.kafka().principal == "User:modules-FR-NAQ"
    monkeypatch.setenv("CONUM_KAFKA_SASL_USERNAME", "someone-else")
    assert ServiceSettings(service="modules").kafka().principal == "User:someone-else"
