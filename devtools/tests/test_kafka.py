"""Pure parts of conum_devtools.kafka and its CLI (no broker is started here)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from conum_devtools.kafka import (
    KafkaUnavailableError,
    LocalKafka,
    find_pom,
    jars,
    libs_dir_for,
    new_cluster_id,
    render_log4j2_properties,
    render_server_properties,
    resolve_jars,
)
from conum_devtools.kafka.cli import main
from conum_devtools.processes import free_ports, port_is_bindable


def parse_properties(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def test_server_properties_loopback_listeners(tmp_path: Path) -> None:
    props = parse_properties(render_server_properties(19092, 19093, tmp_path / "data"))
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19092"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:19093"
    assert props["controller.listener.names"] == "CONTROLLER"
    assert props["inter.broker.listener.name"] == "PLAINTEXT"
    assert props["process.roles"] == "broker,controller"
    # static quorum only: mixing voters with bootstrap servers fails from Kafka 4.1.1 on
    assert "controller.quorum.bootstrap.servers" not in props
    assert "0.0.0.0" not in str(props)
    assert Path(props["log.dirs"]).is_absolute()
    assert props["log.dirs"] == str((tmp_path / "data").resolve())


def test_server_properties_single_node_settings(tmp_path: Path) -> None:
    props = parse_properties(render_server_properties(1, 2, tmp_path))
    for key in (
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr",
        "share.coordinator.state.topic.replication.factor",
        "share.coordinator.state.topic.min.isr",
    ):
        assert props[key] == "1", key
    assert props["group.initial.rebalance.delay.ms"] == "0"
    assert props["auto.create.topics.enable"] == "true"
    assert props["num.partitions"] == "3"


def test_log4j2_config_writes_only_to_the_file(tmp_path: Path) -> None:
    text = render_log4j2_properties(tmp_path / "server.log")
    assert f"appender.file.fileName = {(tmp_path / 'server.log').resolve()}" in text
    assert "Console" not in text
    assert "rootLogger.appenderRef.file.ref = FILE" in text


def test_free_ports_are_distinct_and_bindable() -> None:
    ports = free_ports(5)
    assert len(set(ports)) == 5
    assert all(1024 <= p <= 65535 for p in ports)
    assert all(port_is_bindable(p) for p in ports)


def test_port_is_bindable_false_for_a_listening_port() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert not port_is_bindable(sock.getsockname()[1])


def test_cluster_id_looks_like_kafka_uuid() -> None:
    ids = {new_cluster_id() for _ in range(50)}
    assert len(ids) == 50
    for cid in ids:
        assert len(cid) == 22 and not cid.startswith("-")
        assert len(base64.urlsafe_b64decode(cid + "==")) == 16


def test_constructor_picks_distinct_free_ports(tmp_path: Path) -> None:
    kafka = LocalKafka(tmp_path / "k", pom=tmp_path / "pom.xml")
    assert kafka.port != kafka.controller_port
    assert kafka.bootstrap == f"127.0.0.1:{kafka.port}"
    explicit = LocalKafka(tmp_path / "k", port=29092, controller_port=29093)
    assert (explicit.port, explicit.controller_port) == (29092, 29093)
    assert not kafka.is_running()


def test_stale_or_foreign_pid_is_not_running(tmp_path: Path) -> None:
    kafka = LocalKafka(tmp_path)
    kafka.pid_file.write_text("999999999\n")
    assert kafka.pid is None and not kafka.is_running()
    kafka.pid_file.write_text(f"{os.getpid()}\n")  # alive, but not a broker of this dir
    assert not kafka.is_running()
    kafka.stop()  # nothing to stop; must not signal pytest itself
    assert not kafka.pid_file.exists()


def test_find_pom_walks_up(tmp_path: Path) -> None:
    pom = tmp_path / "deploy" / "kafka" / "pom.xml"
    pom.parent.mkdir(parents=True)
    pom.write_text("<project/>")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_pom([deep]) == pom.resolve()
    with pytest.raises(KafkaUnavailableError):
        find_pom([Path("/")])


def test_repository_pom_is_found() -> None:
    pom = find_pom()
    assert pom.name == "pom.xml" and "kafka_2.13" in pom.read_text()


def test_libs_dir_default_and_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pom = tmp_path / "pom.xml"
    monkeypatch.delenv("CONUM_KAFKA_LIBS", raising=False)
    assert libs_dir_for(pom) == tmp_path.resolve() / "libs"
    monkeypatch.setenv("CONUM_KAFKA_LIBS", str(tmp_path / "cache"))
    assert libs_dir_for(pom) == (tmp_path / "cache").resolve()


def test_resolve_jars_reuses_a_complete_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pom = tmp_path / "pom.xml"
    pom.write_text("<project/>")
    libs = tmp_path / "libs"
    libs.mkdir()
    (libs / "kafka_2.13-4.1.1.jar").write_bytes(b"")
    (libs / ".pom.sha256").write_text(jars.pom_hash(pom) + "\n")
    # With a complete cache Maven is not needed at all.
    monkeypatch.setattr(jars.shutil, "which", lambda _name: None)
    assert resolve_jars(pom, libs) == libs.resolve()
    # A changed pom invalidates the cache: now Maven is needed (and missing).
    pom.write_text("<project><!-- changed --></project>")
    with pytest.raises(KafkaUnavailableError):
        resolve_jars(pom, libs)


def test_cli_status_of_an_empty_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--dir", str(tmp_path)]) == 1
    assert "not running" in capsys.readouterr().out
    assert main(["stop", "--dir", str(tmp_path)]) == 0
