"""The reference file of training organisations and routing, checked against the kernel's
territory (regions and departments have one source: the kernel)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conum_enrolment import domain
from conum_enrolment.reference import DATA, ReferenceHolder, load_reference, main
from conum_kernel.territory import territory

REFERENCE = load_reference()


def department(code: str) -> domain.TrainingOrganisation:
    return REFERENCE.routing["2024"].organisation_for(territory().departments[code], remote=False)


def test_every_department_of_the_territory_has_an_organisation_in_each_scheme() -> None:
    for routing in REFERENCE.routing.values():
        for code in territory().departments:
            organisation = routing.organisation_for(territory().departments[code], remote=False)
            assert organisation.id in REFERENCE.organisations


def test_drom_com_structures_are_routed_to_pop_school() -> None:
    for code in ("971", "972", "973", "974", "976", "975", "977", "978", "986", "987", "988"):
        assert department(code).id == "pop-school"


def test_metropolitan_structures_are_routed_to_la_fabrik() -> None:
    for code in ("01", "2A", "2B", "40", "75", "95"):
        assert department(code).id == "la-fabrik"


def test_2021_lots_are_reference_data_with_one_national_remote_lot() -> None:
    routing = REFERENCE.routing["2021"]
    departments = territory().departments
    assert routing.organisation_for(departments["75"], remote=False).id == "idf-groupement"
    assert routing.organisation_for(departments["40"], remote=False).id == "afpa-simplon"
    assert routing.remote is not None and routing.remote.id == "webforce3"
    assert routing.organisation_for(departments["40"], remote=True).id == "webforce3"


def write(directory: Path, change: dict[str, object]) -> Path:
    raw = json.loads((DATA / "training_organisations.json").read_text())
    raw["schemes"]["2024"].update(change)
    (directory / "training_organisations.json").write_text(json.dumps(raw))
    return directory


@pytest.mark.parametrize(
    "change",
    [
        {"default": "nobody"},
        {"by_department": {"20": "pop-school"}},
        {"by_region": {"FR-XXX": "la-fabrik"}},
        {"lots": [{"organisation": "la-fabrik"}]},
    ],
)
def test_an_inconsistent_file_is_refused_and_the_holder_keeps_its_data(
    tmp_path: Path, change: dict[str, object]
) -> None:
    holder = ReferenceHolder(write(tmp_path, change), data=REFERENCE)
    with pytest.raises(domain.InvalidReferenceData):
        holder.reload()
    assert holder.current is REFERENCE
    assert main([str(tmp_path)]) == 1


def test_a_missing_file_is_refused_without_naming_the_path(tmp_path: Path) -> None:
    with pytest.raises(domain.InvalidReferenceData) as refused:
        load_reference(tmp_path)
    assert str(tmp_path) not in refused.value.detail


def test_the_package_file_checks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "5 training organisations" in capsys.readouterr().out
