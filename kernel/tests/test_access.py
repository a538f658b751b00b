"""The caller's scope: regions, and the party a token is bound to (decision 0014)."""

from __future__ import annotations

import pytest
from conum_kernel.access import Actor, Caller, Role, Stake
from conum_kernel.refusals import Category, RoleNotAllowed, WrongRegion

ORGANISATION = Role.TRAINING_ORGANISATION


def caller(region: str, instance: str = "national", bound_to: str = "") -> Caller:
    return Caller.of(Actor(ORGANISATION, region, bound_to), instance)


def test_a_national_caller_on_a_national_instance_sees_every_region() -> None:
    assert caller("national").regions is None


def test_a_regional_caller_sees_its_region_only() -> None:
    scope = caller("FR-NAQ")
    assert scope.may_act_in("FR-NAQ") and not scope.may_act_in("FR-IDF")


def test_a_regional_instance_narrows_a_national_caller() -> None:
    assert caller("national", "FR-NAQ").regions == frozenset({"FR-NAQ"})


def test_a_caller_of_another_region_than_the_instance_gets_none() -> None:
    assert caller("FR-IDF", "FR-NAQ").regions == frozenset()


def test_acting_in_another_region_is_forbidden() -> None:
    with pytest.raises(WrongRegion, match="FR-IDF") as refused:
        caller("FR-NAQ").check_region("FR-IDF")
    assert refused.value.category is Category.FORBIDDEN


def test_a_bound_organisation_sees_its_own_learners_only() -> None:
    la_fabrik = caller("FR-NAQ", bound_to="la-fabrik")
    assert la_fabrik.may_see(Stake.of("FR-NAQ", training_organisation="la-fabrik"))
    assert not la_fabrik.may_see(Stake.of("FR-NAQ", training_organisation="afpa-simplon"))


def test_a_bound_caller_is_no_party_to_what_names_no_party_of_its_role() -> None:
    la_fabrik = caller("FR-NAQ", bound_to="la-fabrik")
    assert not la_fabrik.may_see(Stake.of("FR-NAQ", host_structure="s-1"))


def test_an_unbound_caller_sees_every_party_of_its_region() -> None:
    assert caller("FR-NAQ").may_see(Stake.of("FR-NAQ", training_organisation="afpa-simplon"))
    assert not caller("FR-NAQ").may_see(Stake.of("FR-IDF"))


def test_a_stake_may_name_several_parties_of_one_role() -> None:
    afpa = Caller.of(Actor(Role.CERTIFIER, "FR-NAQ", "afpa"), "national")
    assert afpa.may_see(Stake.of("FR-NAQ", certifier={"pix", "afpa"}))


def test_a_role_outside_the_list_is_refused() -> None:
    with pytest.raises(RoleNotAllowed, match="training_organisation may not"):
        caller("FR-NAQ").require(Role.HOST_STRUCTURE, Role.NATIONAL_COORDINATOR)
    caller("FR-NAQ").require(ORGANISATION)


def test_a_conseillers_stake_is_their_structures_and_organisations_and_those_named() -> None:
    stake = Stake.of_conseiller("FR-NAQ", "s-1", "la-fabrik", regional_hub="hubikoop")
    assert stake == Stake.of(
        "FR-NAQ", host_structure="s-1", training_organisation="la-fabrik", regional_hub="hubikoop"
    )
    partial = Stake.of_conseiller("FR-NAQ", None, "la-fabrik")  # the structure not known yet
    assert Role.HOST_STRUCTURE not in partial.parties
    assert not Caller(Role.HOST_STRUCTURE, frozenset({"FR-NAQ"}), "s-1").may_see(partial)
