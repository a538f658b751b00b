"""The read side's own rules: what a list covers, what the reference data says of a
department."""

from __future__ import annotations

import pytest
from conum_enrolment import domain, views
from conum_enrolment.reference import load_reference
from conum_kernel.access import Caller, Role
from conum_kernel.refusals import WrongRegion

NAQ = frozenset({"FR-NAQ"})


def test_a_list_covers_the_callers_regions_and_its_own_party_when_bound() -> None:
    assert views.listing(Caller.everywhere()).regions is None
    hub = views.listing(Caller(Role.REGIONAL_HUB, NAQ))
    assert (hub.regions, hub.party) == (NAQ, None)
    bound = views.listing(Caller(Role.TRAINING_ORGANISATION, NAQ, "la-fabrik"), "FR-NAQ")
    assert (bound.regions, bound.party) == (NAQ, (Role.TRAINING_ORGANISATION, "la-fabrik"))
    assert views.listing(Caller.everywhere(), "FR-OCC").regions == frozenset({"FR-OCC"})
    with pytest.raises(WrongRegion):
        views.listing(Caller(Role.REGIONAL_HUB, NAQ), "FR-OCC")


def test_a_department_shows_its_region_and_organisation_per_scheme() -> None:
    view = views.department_info(load_reference(), "974")
    assert view.department.region.code == "FR-LRE"
    assert {scheme: o.id for scheme, o in view.organisations.items()} == {
        "2021": "afpa-simplon",
        "2024": "pop-school",
    }
    with pytest.raises(domain.DepartmentNotFound):
        views.department_info(load_reference(), "99")
