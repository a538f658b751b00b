"""Host structures: registration (SIRET checksum) and the Aidants Connect habilitation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from conum_kernel.access import Stake
from conum_kernel.siret import LA_POSTE, passes_checksum
from conum_kernel.territory import Department

from conum_enrolment.domain.refusals import (
    HabilitationAlreadyGranted,
    HabilitationAlreadyRequested,
    HabilitationNotRequested,
    InvalidSiret,
)


class StructureKind(StrEnum):
    COLLECTIVITE = "collectivite"
    ASSOCIATION = "association"
    FRANCE_SERVICES = "france_services"
    ENTREPRISE = "entreprise"
    AUTRE = "autre"


class HabilitationScheme(StrEnum):
    AIDANTS_CONNECT = "aidants_connect"


def check_siret(siret: str) -> None:
    """A SIRET is 14 digits passing the Luhn checksum (La Poste's 356000000 SIRETs excepted)."""
    if len(siret) != 14 or not siret.isdigit():
        raise InvalidSiret("a SIRET has exactly 14 digits")
    if not passes_checksum(siret):
        kind = "" if siret.startswith(LA_POSTE) else " (Luhn)"
        raise InvalidSiret(f"SIRET checksum{kind} does not match")


@dataclass
class Habilitation:
    scheme: HabilitationScheme
    requested_on: date
    granted_on: date | None = None


@dataclass
class Structure:
    structure_id: str
    siret: str
    name: str
    kind: StructureKind
    department: Department
    habilitations: dict[HabilitationScheme, Habilitation] = field(default_factory=dict)

    @property
    def region(self) -> str:
        return self.department.region.code

    @property
    def stake(self) -> Stake:
        """A structure is its own host structure's, in its region."""
        return Stake.of(self.region, host_structure=self.structure_id)

    def request_habilitation(self, scheme: HabilitationScheme, today: date) -> Habilitation:
        """A structure may ask to be habilitated (R-ENR-08), once per scheme."""
        if scheme in self.habilitations:
            raise HabilitationAlreadyRequested(f"habilitation {scheme} was already asked for")
        habilitation = Habilitation(scheme, requested_on=today)
        self.habilitations[scheme] = habilitation
        return habilitation

    def grant_habilitation(self, scheme: HabilitationScheme, today: date) -> Habilitation:
        """Granting answers a request; it is a national coordinator's act (checked at the edge)."""
        habilitation = self.habilitations.get(scheme)
        if habilitation is None:
            raise HabilitationNotRequested(f"habilitation {scheme} was not asked for")
        if habilitation.granted_on is not None:
            raise HabilitationAlreadyGranted(f"habilitation {scheme} is already granted")
        habilitation.granted_on = today
        return habilitation
