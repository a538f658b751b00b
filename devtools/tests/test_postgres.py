"""Pure parts of conum_devtools.postgres (no server is started here)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conum_devtools.postgres import ThrowawayPostgres, ThrowawayPostgresError, find_pg_bindir
from conum_devtools.processes import free_port, traversable_by

SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")


def fake_bindir(root: Path, version: str, names: tuple[str, ...] = SERVER_BINARIES) -> Path:
    bindir = root / version / "bin"
    bindir.mkdir(parents=True)
    for name in names:
        exe = bindir / name
        exe.write_text("#!/bin/sh\n")
        exe.chmod(0o755)
    return bindir


@pytest.fixture
def no_pg_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CONUM_PG_BINDIR", raising=False)
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


@pytest.mark.usefixtures("no_pg_env")
def test_bindir_picks_highest_complete_version(tmp_path: Path) -> None:
    root = tmp_path / "postgresql"
    fake_bindir(root, "9.6")
    fake_bindir(root, "13")
    expected = fake_bindir(root, "15")
    fake_bindir(root, "16", names=("psql",))  # client only: not a server
    assert find_pg_bindir(root) == expected


@pytest.mark.usefixtures("no_pg_env")
def test_bindir_absent(tmp_path: Path) -> None:
    assert find_pg_bindir(tmp_path / "nothing-here") is None


@pytest.mark.usefixtures("no_pg_env")
def test_bindir_from_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bindir = fake_bindir(tmp_path, "custom")
    monkeypatch.setenv("PATH", str(bindir))
    assert find_pg_bindir(tmp_path / "nothing-here") == bindir.resolve()


def test_bindir_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bindir = fake_bindir(tmp_path, "override")
    monkeypatch.setenv("CONUM_PG_BINDIR", str(bindir))
    assert find_pg_bindir(tmp_path / "nothing-here") == bindir
    monkeypatch.setenv("CONUM_PG_BINDIR", str(tmp_path / "missing"))
    assert find_pg_bindir(tmp_path / "nothing-here") is None


def test_free_port_is_bindable() -> None:
    import socket

    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_traversable_by_checks_every_ancestor(tmp_path: Path) -> None:
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    stranger_uid, stranger_gid = 54321, 54321
    (tmp_path / "a").chmod(0o700)
    assert traversable_by(inner, os.getuid(), {os.getgid()})  # the owner may
    assert not traversable_by(inner, stranger_uid, {stranger_gid})
    (tmp_path / "a").chmod(0o755)
    ancestors_open = all(p.stat().st_mode & stat.S_IXOTH for p in tmp_path.parents)
    assert traversable_by(inner, stranger_uid, {stranger_gid}) == ancestors_open
    assert not traversable_by(tmp_path / "missing", os.getuid(), {os.getgid()})


def test_urls_and_unstarted_state() -> None:
    pg = ThrowawayPostgres(port=54329)
    assert pg.database_url("enrolment") == "postgresql+asyncpg://postgres@127.0.0.1:54329/enrolment"
    assert not pg.is_running() and pg.pid is None
    with pytest.raises(ThrowawayPostgresError):
        pg.admin_url()
    with pytest.raises(ThrowawayPostgresError):
        pg.create_database("x")
    pg.stop()  # stopping an unstarted cluster is a no-op
