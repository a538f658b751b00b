"""Enrolment rules (domain.md, "Initial training" → "Enrolment"). Standard library only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Scheme(StrEnum):
    S2021 = "2021"
    S2024 = "2024"


class Employment(StrEnum):
    RECRUITED = "recruited"
    HIRING_PROMISE = "hiring_promise"  # opens POEI with Pôle emploi (seed 000)


class StructureKind(StrEnum):
    COLLECTIVITE = "collectivite"
    ASSOCIATION = "association"
    FRANCE_SERVICES = "france_services"
    ENTREPRISE = "entreprise"
    AUTRE = "autre"


class EnrolmentState(StrEnum):
    ENROLLED = "enrolled"
    IN_TRAINING = "in_training"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self in (EnrolmentState.ENROLLED, EnrolmentState.IN_TRAINING)


class EnrolmentRefused(Exception):
    """A request the rules refuse; ``code`` is stable and machine-readable."""

    code = "refused"


class UnknownDepartment(EnrolmentRefused):
    code = "unknown_department"


class UnknownStructure(EnrolmentRefused):
    code = "unknown_structure"


class InvalidSiret(EnrolmentRefused):
    code = "invalid_siret"


class StructureAlreadyRegistered(EnrolmentRefused):
    code = "structure_already_registered"


class AlreadyInOpenTraining(EnrolmentRefused):
    code = "already_in_open_training"


class RemoteTrainingRefused(EnrolmentRefused):
    code = "remote_training_refused"


class WrongRegion(EnrolmentRefused):
    code = "wrong_region"


@dataclass(frozen=True)
class RegionScope:
    """The regions a caller may act in: its own (and its instance's), or all when national."""

    regions: frozenset[str] | None  # None: every region

    def allows(self, region: str) -> bool:
        return self.regions is None or region in self.regions

    def check(self, region: str) -> None:
        if not self.allows(region):
            raise WrongRegion(f"not allowed to act in region {region}")


EVERY_REGION = RegionScope(None)


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    kind: str  # metropolitan, drom, com


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    region: Region


@dataclass(frozen=True)
class TrainingOrganisation:
    id: str
    name: str


@dataclass(frozen=True)
class Routing:
    """Which reference training organisation serves a territory, for one scheme."""

    default: TrainingOrganisation
    by_department: dict[str, TrainingOrganisation] = field(default_factory=dict)
    by_region: dict[str, TrainingOrganisation] = field(default_factory=dict)
    remote: TrainingOrganisation | None = None

    def organisation_for(self, department: Department, *, remote: bool) -> TrainingOrganisation:
        """2024 (seed 002): DROM-COM → POP School, elsewhere La Fabrik. 2021: lots as data;
        the national lot is the remote one."""
        if remote and self.remote is not None:
            return self.remote
        if department.code in self.by_department:
            return self.by_department[department.code]
        return self.by_region.get(department.region.code, self.default)


def check_siret(siret: str) -> None:
    """A SIRET is 14 digits passing the Luhn checksum (La Poste's 356000000 SIRETs excepted)."""
    if len(siret) != 14 or not siret.isdigit():
        raise InvalidSiret("a SIRET has exactly 14 digits")
    if siret.startswith("356000000"):
        if sum(int(digit) for digit in siret) % 5 != 0:
            raise InvalidSiret("SIRET checksum does not match")
        return
    total = 0
    for position, digit in enumerate(reversed(siret)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    if total % 10 != 0:
        raise InvalidSiret("SIRET checksum (Luhn) does not match")


# "in case of impossibility" only, and a lockdown is not such a case (seed 000).
LOCKDOWN_WORDS = ("confinement", "lockdown", "confiné", "confinée")


def check_remote_training(remote: bool, impossibility_reason: str | None) -> None:
    if not remote:
        return
    reason = (impossibility_reason or "").strip()
    if not reason:
        raise RemoteTrainingRefused(
            "remote training needs a stated impossibility to attend in person"
        )
    if any(word in reason.lower() for word in LOCKDOWN_WORDS):
        raise RemoteTrainingRefused("a lockdown is not an impossibility to attend in person")


@dataclass
class Structure:
    structure_id: str
    siret: str
    name: str
    kind: StructureKind
    department: Department

    @property
    def region(self) -> str:
        return self.department.region.code


@dataclass
class Enrolment:
    conseiller_id: str
    structure_id: str
    department: Department
    scheme: Scheme
    employment: Employment
    remote: bool
    remote_reason: str | None
    training_organisation: TrainingOrganisation
    enrolled_on: date
    state: EnrolmentState = EnrolmentState.ENROLLED

    @property
    def region(self) -> str:
        return self.department.region.code


def enrol(
    *,
    conseiller_id: str,
    structure: Structure,
    scheme: Scheme,
    employment: Employment,
    remote: bool,
    remote_reason: str | None,
    open_enrolment: Enrolment | None,
    routing: Routing,
    today: date,
) -> Enrolment:
    """Enrol a conseiller with the reference organisation of the structure's territory."""
    if open_enrolment is not None:
        raise AlreadyInOpenTraining("this conseiller is already enrolled in an open initial training")
    check_remote_training(remote, remote_reason)
    return Enrolment(
        conseiller_id=conseiller_id,
        structure_id=structure.structure_id,
        department=structure.department,
        scheme=scheme,
        employment=employment,
        remote=remote,
        remote_reason=remote_reason if remote else None,
        training_organisation=routing.organisation_for(structure.department, remote=remote),
        enrolled_on=today,
    )
