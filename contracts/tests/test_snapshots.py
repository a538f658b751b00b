import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from conum_contracts import ConseillerWithdrawnV1, snapshot
from conum_contracts.catalogue import CONSEILLER_WITHDRAWN_V1
from conum_contracts.registry import EVENT_TYPES
from conum_contracts.schemas import (
    DEFAULT_SCHEMAS_DIR,
    check_snapshots,
    current_schema,
    load_snapshot,
    render,
    revisions,
    write_snapshots,
)
from pydantic import Field

WITHDRAWN = CONSEILLER_WITHDRAWN_V1.name


class WithdrawnWithExtraField(ConseillerWithdrawnV1):
    """A conseiller left initial training."""

    extra_field: str = Field(description="Not in the snapshot.")


class WithdrawnWithOptionalField(ConseillerWithdrawnV1):
    """A conseiller left initial training."""

    replaced_by: str | None = Field(default=None, description="Id of the successor, if any.")


class WithdrawnWithoutDate(ConseillerWithdrawnV1):
    """A conseiller left initial training."""

    withdrawn_on: None = Field(default=None, exclude=True)  # type: ignore[assignment]


@pytest.fixture
def schemas_dir(tmp_path: Path) -> Path:
    """A copy of the committed snapshots of the withdrawn event."""
    copied = tmp_path / "schemas"
    shutil.copytree(DEFAULT_SCHEMAS_DIR / WITHDRAWN, copied / WITHDRAWN)
    return copied


def test_committed_snapshots_match_the_models() -> None:
    assert check_snapshots(EVENT_TYPES.values()) == []


def test_snapshot_cli_check_passes_on_the_committed_snapshots() -> None:
    assert snapshot.main(["check"]) == 0


def test_snapshots_are_closed_sorted_and_end_with_a_newline() -> None:
    for name in EVENT_TYPES:
        path = DEFAULT_SCHEMAS_DIR / name / "1.json"
        text = path.read_text()
        schema = json.loads(text)
        assert text == render(schema)
        assert schema["additionalProperties"] is False
        for definition in schema.get("$defs", {}).values():
            assert definition["additionalProperties"] is False


def test_drift_is_reported_with_the_field() -> None:
    drifted = dataclasses.replace(CONSEILLER_WITHDRAWN_V1, model=WithdrawnWithExtraField)

    problems = check_snapshots([drifted])

    assert len(problems) == 1
    assert WITHDRAWN in problems[0]
    assert "$.extra_field: new required property" in problems[0]


def test_compatible_drift_is_reported_too() -> None:
    drifted = dataclasses.replace(CONSEILLER_WITHDRAWN_V1, model=WithdrawnWithOptionalField)

    problems = check_snapshots([drifted])

    assert len(problems) == 1
    assert "compatible change" in problems[0]


def test_missing_snapshot_is_reported(tmp_path: Path) -> None:
    problems = check_snapshots([CONSEILLER_WITHDRAWN_V1], tmp_path)

    assert problems == [f"{WITHDRAWN}: no schema snapshot (run the `write` command)"]


def test_write_adds_a_compatible_revision(schemas_dir: Path) -> None:
    changed = dataclasses.replace(CONSEILLER_WITHDRAWN_V1, model=WithdrawnWithOptionalField)
    original = (schemas_dir / WITHDRAWN / "1.json").read_text()

    report = write_snapshots([changed], schemas_dir)

    assert report.refused == []
    assert report.written == [schemas_dir / WITHDRAWN / "2.json"]
    assert revisions(WITHDRAWN, schemas_dir) == [1, 2]
    assert (schemas_dir / WITHDRAWN / "1.json").read_text() == original
    assert load_snapshot(WITHDRAWN, 2, schemas_dir) == current_schema(WithdrawnWithOptionalField)
    # The registry must then declare the new revision.
    assert (
        "declares revision 1 but the latest snapshot is 2"
        in check_snapshots([changed], schemas_dir)[0]
    )
    assert check_snapshots([dataclasses.replace(changed, revision=2)], schemas_dir) == []


def test_write_is_idempotent(schemas_dir: Path) -> None:
    report = write_snapshots([CONSEILLER_WITHDRAWN_V1], schemas_dir)

    assert report.written == [] and report.refused == []
    assert revisions(WITHDRAWN, schemas_dir) == [1]


@pytest.mark.parametrize(
    ("model", "reason"),
    [
        (WithdrawnWithExtraField, "$.extra_field: new required property"),
        (WithdrawnWithoutDate, "$.withdrawn_on: type changed from string to null"),
    ],
)
def test_write_refuses_an_incompatible_revision(
    schemas_dir: Path, model: type[ConseillerWithdrawnV1], reason: str
) -> None:
    changed = dataclasses.replace(CONSEILLER_WITHDRAWN_V1, model=model)

    report = write_snapshots([changed], schemas_dir)

    assert report.written == []
    assert any(reason in refusal for refusal in report.refused), report.refused
    assert revisions(WITHDRAWN, schemas_dir) == [1]


def test_write_refuses_a_change_incompatible_with_any_earlier_revision(schemas_dir: Path) -> None:
    # Revision 2 adds an optional field; a revision 3 dropping it again breaks revision 2.
    with_field = dataclasses.replace(CONSEILLER_WITHDRAWN_V1, model=WithdrawnWithOptionalField)
    assert write_snapshots([with_field], schemas_dir).written

    report = write_snapshots([CONSEILLER_WITHDRAWN_V1], schemas_dir)

    assert report.written == []
    assert report.refused == [
        f"{WITHDRAWN}: incompatible with revision 2: $.replaced_by: property removed"
    ]


def test_check_finds_an_incompatible_revision_added_by_hand(schemas_dir: Path) -> None:
    schema = current_schema(WithdrawnWithExtraField)
    (schemas_dir / WITHDRAWN / "2.json").write_text(render(schema))
    changed = dataclasses.replace(
        CONSEILLER_WITHDRAWN_V1, model=WithdrawnWithExtraField, revision=2
    )

    problems = check_snapshots([changed], schemas_dir)

    assert problems == [
        f"{WITHDRAWN}: revision 2 is incompatible with revision 1: "
        "$.extra_field: new required property"
    ]


def test_cli_write_creates_every_first_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert snapshot.main(["write", "--schemas-dir", str(tmp_path)]) == 0
    assert snapshot.main(["check", "--schemas-dir", str(tmp_path)]) == 0

    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(EVENT_TYPES)
    for name in EVENT_TYPES:
        committed = (DEFAULT_SCHEMAS_DIR / name / "1.json").read_text()
        assert (tmp_path / name / "1.json").read_text() == committed
    assert "wrote" in capsys.readouterr().out


def test_cli_exits_non_zero_on_drift_and_refusal(
    schemas_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    drifted = dataclasses.replace(CONSEILLER_WITHDRAWN_V1, model=WithdrawnWithExtraField)
    monkeypatch.setattr(snapshot, "EVENT_TYPES", {WITHDRAWN: drifted})

    assert snapshot.main(["check", "--schemas-dir", str(schemas_dir)]) == 1
    assert snapshot.main(["write", "--schemas-dir", str(schemas_dir)]) == 1

    err = capsys.readouterr().err
    assert "refused:" in err and "$.extra_field: new required property" in err
    assert revisions(WITHDRAWN, schemas_dir) == [1]
