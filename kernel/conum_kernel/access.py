"""Who calls, and what they may see: roles, actors and the caller's scope.

An **actor** is what an authenticated token names: a role, a region (or ``national``) and,
optionally, the party the token is bound to (``actor_id``: a host structure's id, a training
organisation's or certifier's slug, a hub's slug). A **caller** is that actor on one service
instance: its regions (a regional instance narrows everyone to its own region) and its
binding. A resource shows its **stake**: its region and, per role, the parties it belongs to.

The rule, the same in every service (decision 0014): a caller sees a resource when the
resource's region is one of its regions and, if the caller is bound, when the caller is one of
the resource's parties for its role. What a caller may not see does not exist for it (404).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from conum_kernel.refusals import RoleNotAllowed, WrongRegion
from conum_kernel.territory import NATIONAL


class Role(StrEnum):
    HOST_STRUCTURE = "host_structure"
    TRAINING_ORGANISATION = "training_organisation"
    REGIONAL_HUB = "regional_hub"
    CERTIFIER = "certifier"
    NATIONAL_COORDINATOR = "national_coordinator"
    OPERATOR = "operator"
    NOTIFIER = "notifier"
    """The notifier's own token: it may read the contact of the conseiller it writes to, and
    nothing else of the people (decision 0038)."""


@dataclass(frozen=True)
class Actor:
    """What an authenticated token names."""

    role: Role
    region: str
    actor_id: str = ""
    """The party the token is bound to; empty: every party of its role in its region."""

    @property
    def is_national(self) -> bool:
        return self.region == NATIONAL


@dataclass(frozen=True)
class Stake:
    """Who a resource belongs to: its region and, per role, its parties."""

    region: str
    parties: Mapping[Role, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(
        cls,
        region: str,
        *,
        host_structure: str | Iterable[str] | None = None,
        training_organisation: str | Iterable[str] | None = None,
        certifier: str | Iterable[str] | None = None,
        regional_hub: str | Iterable[str] | None = None,
    ) -> Stake:
        named = {
            Role.HOST_STRUCTURE: host_structure,
            Role.TRAINING_ORGANISATION: training_organisation,
            Role.CERTIFIER: certifier,
            Role.REGIONAL_HUB: regional_hub,
        }
        return cls(
            region,
            MappingProxyType(
                {role: _parties(value) for role, value in named.items() if value is not None}
            ),
        )

    @classmethod
    def of_conseiller(
        cls,
        region: str,
        structure_id: str | None,
        organisation_id: str | None,
        *,
        certifier: str | Iterable[str] | None = None,
        regional_hub: str | Iterable[str] | None = None,
    ) -> Stake:
        """What concerns a conseiller is their host structure's and their training
        organisation's, in their region (a party not known yet is nobody), and the other
        parties named."""
        return cls.of(
            region,
            host_structure=structure_id,
            training_organisation=organisation_id,
            certifier=certifier,
            regional_hub=regional_hub,
        )


@dataclass(frozen=True)
class Caller:
    """An actor on one service instance, as the use cases see it."""

    role: Role
    regions: frozenset[str] | None
    """``None``: every region (a national actor on a national instance)."""
    bound_to: str | None = None

    @classmethod
    def of(cls, actor: Actor, instance_region: str) -> Caller:
        """A regional actor acts only in its region, a national one everywhere; a regional
        instance narrows everyone to its own region (an actor of another region gets none)."""
        allowed = {region for region in (actor.region, instance_region) if region != NATIONAL}
        if len(allowed) > 1:
            regions: frozenset[str] | None = frozenset()
        else:
            regions = frozenset(allowed) if allowed else None
        return cls(actor.role, regions, actor.actor_id or None)

    @classmethod
    def everywhere(cls, role: Role = Role.NATIONAL_COORDINATOR) -> Caller:
        """A national, unbound caller (the events' consumers act as one)."""
        return cls(role, None)

    def may_act_in(self, region: str) -> bool:
        return self.regions is None or region in self.regions

    def check_region(self, region: str) -> None:
        """For acts that name their region (a new structure, a new session): 403 elsewhere."""
        if not self.may_act_in(region):
            raise WrongRegion(f"not allowed to act in region {region}")

    def is_party_to(self, stake: Stake) -> bool:
        if self.bound_to is None:
            return True
        return self.bound_to in stake.parties.get(self.role, frozenset())

    def may_see(self, stake: Stake) -> bool:
        return self.may_act_in(stake.region) and self.is_party_to(stake)

    def require(self, *roles: Role) -> None:
        """Refuse the act unless the caller has one of ``roles`` (403)."""
        if self.role not in roles:
            allowed = ", ".join(sorted(role.value for role in roles))
            raise RoleNotAllowed(f"role {self.role.value} may not do this ({allowed} only)")


def _parties(value: str | Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)
