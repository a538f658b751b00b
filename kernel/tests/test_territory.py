"""Regions and departments: one table, consistent with itself."""

from __future__ import annotations

import re

from conum_kernel.territory import (
    NATIONAL,
    REGION_PATTERN,
    current_region_code,
    retired_region_code,
    territory,
)


def test_every_department_has_a_known_region() -> None:
    known = territory()
    assert len(known.departments) == 107
    assert {d.region.code for d in known.departments.values()} == set(known.regions)


def test_corsica_has_two_departments_and_no_twenty() -> None:
    known = territory()
    assert known.region_of("2A") == known.region_of("2B")
    assert "20" not in known.departments


def test_overseas_departments_are_overseas() -> None:
    known = territory()
    assert all(known.departments[code].region.is_overseas for code in ("971", "974", "976"))
    assert not known.departments["40"].region.is_overseas


def test_every_region_code_matches_the_region_pattern() -> None:
    assert all(re.match(REGION_PATTERN, code) for code in territory().regions)


def test_regions_carry_their_insee_code_and_overseas_collectivities_none() -> None:
    regions = territory().regions
    assert regions["FR-NAQ"].insee == "75"
    assert regions["FR-IDF"].insee == "11"
    assert regions["FR-MAY"].insee == "06"
    assert regions["FR-COM"].insee == ""
    codes = [region.insee for region in regions.values() if region.insee]
    assert len(codes) == len(set(codes)) == 18


def test_corsica_is_fr_20r_as_in_iso_3166_2() -> None:
    known = territory()
    assert known.region_of("2A") == known.region_of("2B") == "FR-20R"
    assert known.regions["FR-20R"].name == "Corse"
    assert "FR-COR" not in known.regions


def test_the_retired_corsican_code_maps_both_ways_and_others_stay() -> None:
    assert current_region_code("FR-COR") == "FR-20R"
    assert retired_region_code("FR-20R") == "FR-COR"
    assert current_region_code("FR-NAQ") == retired_region_code("FR-NAQ") == "FR-NAQ"
    assert current_region_code(NATIONAL) == NATIONAL
