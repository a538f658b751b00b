import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from conum_contracts import CohortReferentDesignatedV1, snapshot
from conum_contracts.catalogue import COHORT_REFERENT_DESIGNATED_V1
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

REFERENT = COHORT_REFERENT_DESIGNATED_V1.name


class ReferentWithExtraField(CohortReferentDesignatedV1):
    """A cohort designated its referent."""

    extra_field: str = Field(description="Not in the snapshot.")


class ReferentWithOptionalField(CohortReferentDesignatedV1):
    """A cohort designated its referent."""

    replaced_by: str | None = Field(default=None, description="Id of the successor, if any.")


class ReferentWithoutConseiller(CohortReferentDesignatedV1):
    """A cohort designated its referent."""

    conseiller_id: None = Field(default=None, exclude=True)  # type: ignore[assignment]


@pytest.fixture
def schemas_dir(tmp_path: Path) -> Path:
    """A copy of the committed snapshots of one event type."""
    copied = tmp_path / "schemas"
    shutil.copytree(DEFAULT_SCHEMAS_DIR / REFERENT, copied / REFERENT)
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
    drifted = dataclasses.replace(COHORT_REFERENT_DESIGNATED_V1, model=ReferentWithExtraField)

    problems = check_snapshots([drifted])

    assert len(problems) == 1
    assert REFERENT in problems[0]
    assert "$.extra_field: new required property" in problems[0]


def test_compatible_drift_is_reported_too() -> None:
    drifted = dataclasses.replace(COHORT_REFERENT_DESIGNATED_V1, model=ReferentWithOptionalField)

    problems = check_snapshots([drifted])

    assert len(problems) == 1
    assert "compatible change" in problems[0]


def test_missing_snapshot_is_reported(tmp_path: Path) -> None:
    problems = check_snapshots([COHORT_REFERENT_DESIGNATED_V1], tmp_path)

    assert problems == [f"{REFERENT}: no schema snapshot (run the `write` command)"]


def test_write_adds_a_compatible_revision(schemas_dir: Path) -> None:
    changed = dataclasses.replace(COHORT_REFERENT_DESIGNATED_V1, model=ReferentWithOptionalField)
    original = (schemas_dir / REFERENT / "1.json").read_text()

    report = write_snapshots([changed], schemas_dir)

    assert report.refused == []
    assert report.written == [schemas_dir / REFERENT / "2.json"]
    assert revisions(REFERENT, schemas_dir) == [1, 2]
    assert (schemas_dir / REFERENT / "1.json").read_text() == original
    assert load_snapshot(REFERENT, 2, schemas_dir) == current_schema(ReferentWithOptionalField)
    # The registry must then declare the new revision.
    assert (
        "declares revision 1 but the latest snapshot is 2"
        in check_snapshots([changed], schemas_dir)[0]
    )
    assert check_snapshots([dataclasses.replace(changed, revision=2)], schemas_dir) == []


def test_write_is_idempotent(schemas_dir: Path) -> None:
    report = write_snapshots([COHORT_REFERENT_DESIGNATED_V1], schemas_dir)

    assert report.written == [] and report.refused == []
    assert revisions(REFERENT, schemas_dir) == [1]


@pytest.mark.parametrize(
    ("model", "reason"),
    [
        (ReferentWithExtraField, "$.extra_field: new required property"),
        (ReferentWithoutConseiller, "$.conseiller_id: type changed from string to null"),
    ],
)
def test_write_refuses_an_incompatible_revision(
    schemas_dir: Path, model: type[CohortReferentDesignatedV1], reason: str
) -> None:
    changed = dataclasses.replace(COHORT_REFERENT_DESIGNATED_V1, model=model)

    report = write_snapshots([changed], schemas_dir)

    assert report.written == []
    assert any(reason in refusal for refusal in report.refused), report.refused
    assert revisions(REFERENT, schemas_dir) == [1]


def test_write_refuses_a_change_incompatible_with_any_earlier_revision(schemas_dir: Path) -> None:
    # Revision 2 adds an optional field; a revision 3 dropping it again breaks revision 2.
    with_field = dataclasses.replace(COHORT_REFERENT_DESIGNATED_V1, model=ReferentWithOptionalField)
    assert write_snapshots([with_field], schemas_dir).written

    report = write_snapshots([COHORT_REFERENT_DESIGNATED_V1], schemas_dir)

    assert report.written == []
    assert report.refused == [
        f"{REFERENT}: incompatible with revision 2: $.replaced_by: property removed"
    ]


def test_check_finds_an_incompatible_revision_added_by_hand(schemas_dir: Path) -> None:
    schema = current_schema(ReferentWithExtraField)
    (schemas_dir / REFERENT / "2.json").write_text(render(schema))
    changed = dataclasses.replace(
        COHORT_REFERENT_DESIGNATED_V1, model=ReferentWithExtraField, revision=2
    )

    problems = check_snapshots([changed], schemas_dir)

    assert problems == [
        f"{REFERENT}: revision 2 is incompatible with revision 1: "
        "$.extra_field: new required property"
    ]


def test_cli_write_creates_every_first_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert snapshot.main(["write", "--schemas-dir", str(tmp_path)]) == 0

    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(EVENT_TYPES)
    for name in EVENT_TYPES:
        latest = max(revisions(name))
        committed = (DEFAULT_SCHEMAS_DIR / name / f"{latest}.json").read_text()
        assert (tmp_path / name / "1.json").read_text() == committed
    assert "wrote" in capsys.readouterr().out


def test_cli_exits_non_zero_on_drift_and_refusal(
    schemas_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    drifted = dataclasses.replace(COHORT_REFERENT_DESIGNATED_V1, model=ReferentWithExtraField)
    monkeypatch.setattr(snapshot, "EVENT_TYPES", {REFERENT: drifted})

    assert snapshot.main(["check", "--schemas-dir", str(schemas_dir)]) == 1
    assert snapshot.main(["write", "--schemas-dir", str(schemas_dir)]) == 1

    err = capsys.readouterr().err
    assert "refused:" in err and "$.extra_field: new required property" in err
    assert revisions(REFERENT, schemas_dir) == [1]
