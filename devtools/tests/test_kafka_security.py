"""A secured local broker's configuration, users, ACL input and credentials (no broker here;
the enforcement is tested over a real secured broker in tests/security)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from conum_devtools.kafka import AclEntry, BrokerSecurity, ScramUser, render_server_properties
from conum_devtools.kafka.network import write_credentials

from .test_kafka import parse_properties

POSITIONING_WRITES = AclEntry(
    "User:positioning-national", "TOPIC", "LITERAL", "conum.positioning.conseiller", "WRITE"
)


def security() -> BrokerSecurity:
    return BrokerSecurity(
        ScramUser("admin", "admin-secret"),
        ScramUser("broker", "broker-secret"),
        (ScramUser("positioning-national", "p-secret"),),
        (POSITIONING_WRITES,),
    )


def test_a_secured_broker_has_no_anonymous_listener(tmp_path: Path) -> None:
    props = parse_properties(render_server_properties(19092, 19093, tmp_path, security()))
    assert props["listeners"] == ("SASL_PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
    assert props["advertised.listeners"] == "SASL_PLAINTEXT://127.0.0.1:19092"
    assert props["listener.security.protocol.map"] == (
        "CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT"
    )
    assert "PLAINTEXT://" not in props["listeners"].replace("SASL_PLAINTEXT://", "")
    assert props["listener.name.sasl_plaintext.sasl.enabled.mechanisms"] == "SCRAM-SHA-512"
    assert props["listener.name.controller.sasl.enabled.mechanisms"] == "PLAIN"
    assert props["sasl.mechanism.controller.protocol"] == "PLAIN"


def test_a_secured_broker_enforces_acls_with_the_admin_and_itself_as_super_users(
    tmp_path: Path,
) -> None:
    props = parse_properties(render_server_properties(1, 2, tmp_path, security()))
    assert props["authorizer.class.name"] == (
        "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
    )
    assert props["allow.everyone.if.no.acl.found"] == "false"
    assert props["super.users"] == "User:admin;User:broker"


def test_a_plain_broker_has_no_security_settings(tmp_path: Path) -> None:
    props = parse_properties(render_server_properties(1, 2, tmp_path))
    assert "authorizer.class.name" not in props
    assert not [key for key in props if "sasl" in key]


def test_every_user_is_created_at_format_time() -> None:
    arguments = security().format_arguments()
    assert arguments[::2] == ["--add-scram"] * 3
    assert arguments[1::2] == [
        "SCRAM-SHA-512=[name=admin,password=admin-secret]",
        "SCRAM-SHA-512=[name=broker,password=broker-secret]",
        "SCRAM-SHA-512=[name=positioning-national,password=p-secret]",
    ]


def test_the_access_tool_gets_users_then_acls_tab_separated() -> None:
    lines = security().access_lines().splitlines()
    assert lines == [
        "user\tpositioning-national\tSCRAM-SHA-512\tp-secret",
        "allow\tUser:positioning-national\tTOPIC\tLITERAL\tconum.positioning.conseiller\tWRITE",
    ]


def test_passwords_never_show_in_a_repr() -> None:
    assert "secret" not in repr(security())


def test_new_users_get_random_passwords_and_old_ones_keep_theirs() -> None:
    first = BrokerSecurity.new(["a"])
    more = first.with_access(["a", "b"], [POSITIONING_WRITES])
    assert more.user("a").password == first.user("a").password
    assert more.user("b").password not in (first.user("a").password, first.admin.password)
    assert len(more.user("b").password) >= 32
    assert more.acls == (POSITIONING_WRITES,)


def test_user_names_are_unique_and_plain() -> None:
    with pytest.raises(ValueError, match="unique"):
        BrokerSecurity(ScramUser("admin", "x"), ScramUser("admin", "y"))
    with pytest.raises(ValueError):
        ScramUser("a,b", "x")
    with pytest.raises(ValueError):
        ScramUser("a", 'quote"d')


def test_the_security_file_and_credentials_are_readable_by_their_owner_only(
    tmp_path: Path,
) -> None:
    secured = security()
    secured.save(tmp_path / "security.json")
    assert BrokerSecurity.load(tmp_path / "security.json") == secured
    assert stat.S_IMODE((tmp_path / "security.json").stat().st_mode) == 0o600
    written = write_credentials(secured, "127.0.0.1:9092", tmp_path / "credentials")
    assert list(written) == ["positioning-national"]
    env = dict(
        line.split("=", 1) for line in written["positioning-national"].read_text().splitlines()
    )
    assert env == {
        "CONUM_KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9092",
        "CONUM_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "CONUM_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "CONUM_KAFKA_SASL_USERNAME": "positioning-national",
        "CONUM_KAFKA_SASL_PASSWORD": "p-secret",
    }
    assert stat.S_IMODE(written["positioning-national"].stat().st_mode) == 0o600
    assert json.loads((tmp_path / "security.json").read_text())["acls"][0]["operation"] == "WRITE"
