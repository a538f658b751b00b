from __future__ import annotations

import pytest
from conum_runtime.regions import RegionScope


def test_a_national_caller_on_a_national_instance_sees_every_region() -> None:
    assert RegionScope.for_caller("national", "national").regions is None


def test_a_regional_caller_sees_its_region_only() -> None:
    scope = RegionScope.for_caller("FR-NAQ", "national")
    assert scope.allows("FR-NAQ") and not scope.allows("FR-IDF")


def test_a_regional_instance_narrows_a_national_caller() -> None:
    assert RegionScope.for_caller("national", "FR-NAQ").regions == frozenset({"FR-NAQ"})


def test_a_caller_of_another_region_than_the_instance_gets_none() -> None:
    assert RegionScope.for_caller("FR-IDF", "FR-NAQ").regions == frozenset()


def test_a_service_names_its_own_refusal() -> None:
    class Refused(Exception):
        pass

    class Scope(RegionScope):
        refusal = Refused

    with pytest.raises(Refused, match="FR-IDF"):
        Scope.for_caller("FR-NAQ", "national").check("FR-IDF")
