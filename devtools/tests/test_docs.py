"""``python -m conum_devtools.docs``: writes the documents made from the code, or only says
which are stale."""

from __future__ import annotations

from pathlib import Path

from conum_devtools.docs import asyncapi, cli, events


def checkout_with(tmp_path: Path, *services: str) -> Path:
    for service in services:
        (tmp_path / "services" / service).mkdir(parents=True)
        (tmp_path / "services" / service / "pyproject.toml").write_text("")
    return tmp_path


def test_check_reports_stale_documents_and_writes_nothing(tmp_path: Path, capsys) -> None:
    root = checkout_with(tmp_path, "positioning")
    stale = root / "services" / "positioning" / "asyncapi.yaml"
    stale.write_text("stale\n")

    assert cli.main(["--root", str(root), "--check"]) == 1

    assert stale.read_text() == "stale\n"
    assert not (root / cli.EVENT_CATALOGUE).exists()
    assert "asyncapi.yaml is stale" in capsys.readouterr().err


def test_writing_makes_every_document_current(tmp_path: Path) -> None:
    root = checkout_with(tmp_path, "positioning")

    assert cli.main(["--root", str(root)]) == 0

    written = (root / "services" / "positioning" / "asyncapi.yaml").read_text()
    assert written == asyncapi.generate("positioning")
    assert (root / cli.EVENT_CATALOGUE).read_text() == events.generate(["positioning"])
    assert cli.main(["--root", str(root), "--check"]) == 0
