"""Events of the enrolment context (producer: services/enrolment).

Host structures, the enrolment of conseillers, their initial training and 2021 cohorts.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from .base import EventModel, NestedModel, PersonalData
from .common import (
    ISO_REGION,
    DepartmentCode,
    HabilitationScheme,
    NonEmptyText,
    Organisation,
    PathHours,
    RegionCode,
    RegionCodeV1,
    Scheme,
    UuidStr,
)
from .upcasting import Payload, register_upcaster

StructureKind = Literal["collectivite", "association", "france_services", "entreprise", "autre"]
WithdrawalReason = Literal[
    "left_structure",
    "contract_ended",
    "changed_job",
    "health",
    "personal",
    "training_unsuitable",
    "enrolled_by_mistake",
    "other",
]
"""Why a conseiller left initial training (**assumption**: the sources give no list)."""

ENROLMENT_ID_DESCRIPTION = (
    "Id of this enrolment: a conseiller enrolled again after a withdrawal gets a new one, so "
    "consumers tell a new enrolment from a repeated event. Absent from events published "
    "before revision 2."
)
Employment = Literal["recruited", "hiring_promise"]
Siret = Annotated[str, StringConstraints(pattern=r"^[0-9]{14}$")]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]

# --- topic conum.enrolment.structure, key structure_id -----------------------------------


class StructureRegisteredV1(EventModel):
    """A host structure (structure d'accueil) joined the network."""

    structure_id: UuidStr = Field(description="Id of the host structure.")
    siret: Siret = Field(description="SIRET number of the establishment (14 digits).")
    name: NonEmptyText = Field(description="Name of the structure.")
    kind: StructureKind = Field(description="Legal kind of the structure.")
    department: DepartmentCode = Field(description="INSEE code of the structure's department.")
    region: RegionCodeV1 = Field(description="Region of the structure.")


class HabilitationRequestedV1(EventModel):
    """A host structure asked to be habilitated to a scheme (e.g. Aidants Connect)."""

    structure_id: UuidStr = Field(description="Id of the host structure.")
    scheme: HabilitationScheme = Field(description="Scheme the habilitation is asked for.")


class HabilitationGrantedV1(EventModel):
    """A host structure was habilitated to a scheme."""

    structure_id: UuidStr = Field(description="Id of the host structure.")
    scheme: HabilitationScheme = Field(description="Scheme the structure is habilitated to.")
    granted_on: date = Field(description="Day the habilitation was granted.")


# --- topic conum.enrolment.conseiller, key conseiller_id ---------------------------------


class ConseillerPerson(PersonalData):
    """Identity and contact of a conseiller. Personal data."""

    first_name: NonEmptyText = Field(description="First name.")
    last_name: NonEmptyText = Field(description="Last name.")
    email: Email = Field(description="E-mail address.")


class ConseillerEnrolledV1(EventModel):
    """A host structure enrolled its conseiller with the reference training organisation."""

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    structure_id: UuidStr = Field(description="Id of the host structure employing them.")
    department: DepartmentCode = Field(description="INSEE code of the structure's department.")
    region: RegionCodeV1 = Field(description="Region of the structure.")
    scheme: Scheme = Field(description="National scheme of the training: `2021` or `2024`.")
    training_organisation: Organisation = Field(
        description="Reference training organisation of the territory."
    )
    employment: Employment = Field(
        description="`recruited` (paid by the structure) or `hiring_promise` (POEI)."
    )
    remote: bool = Field(description="Whether the initial training is followed remotely.")
    enrolled_on: date = Field(description="Day of the enrolment.")
    person: ConseillerPerson = Field(description="Identity of the conseiller (personal data).")
    enrolment_id: UuidStr | None = Field(default=None, description=ENROLMENT_ID_DESCRIPTION)


Base64 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]+={0,2}$", max_length=4096)]


class SealedPerson(NestedModel):
    """A :class:`ConseillerPerson` sealed with the conseiller's own key (crypto-shredding).

    ``ciphertext`` is AES-256-GCM over the compact JSON of the person (``first_name``,
    ``last_name``, ``email``), with the ``conseiller_id`` as associated data. Only the
    enrolment service holds the keys; once a conseiller is erased their key is destroyed
    and every copy of this value, in any log or store, stays unreadable for good.
    """

    algorithm: Literal["AES-256-GCM"] = Field(description="Cipher of the seal.")
    key_id: UuidStr = Field(description="Id of the conseiller's key in the enrolment service.")
    nonce: Base64 = Field(description="The 96-bit nonce, base64.")
    ciphertext: Base64 = Field(description="The sealed person with its 128-bit tag, base64.")


class ConseillerEnrolledV2(EventModel):
    """A host structure enrolled its conseiller with the reference training organisation.

    Unlike v1, the person never travels in clear: it is sealed with the conseiller's key.
    """

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    structure_id: UuidStr = Field(description="Id of the host structure employing them.")
    department: DepartmentCode = Field(description="INSEE code of the structure's department.")
    region: RegionCodeV1 = Field(description="Region of the structure.")
    scheme: Scheme = Field(description="National scheme of the training: `2021` or `2024`.")
    training_organisation: Organisation = Field(
        description="Reference training organisation of the territory."
    )
    employment: Employment = Field(
        description="`recruited` (paid by the structure) or `hiring_promise` (POEI)."
    )
    remote: bool = Field(description="Whether the initial training is followed remotely.")
    enrolled_on: date = Field(description="Day of the enrolment.")
    sealed_person: SealedPerson | None = Field(
        description="Identity of the conseiller, sealed with their key; null only in a v1 "
        "event upcast for a replay (its clear person is never handed on)."
    )
    enrolment_id: UuidStr | None = Field(default=None, description=ENROLMENT_ID_DESCRIPTION)


def upcast_enrolled_v1_v2(payload: Payload) -> Payload:
    """``conseiller.enrolled`` v1 → v2: the clear ``person`` is dropped, never passed on (the
    upcaster holds no key to seal it); everything else is unchanged."""
    payload.pop("person", None)
    payload["sealed_person"] = None
    return payload


register_upcaster(
    "fr.conum.enrolment.conseiller.enrolled.v1",
    "fr.conum.enrolment.conseiller.enrolled.v2",
    upcast_enrolled_v1_v2,
)


class ConseillerWithdrawnV1(EventModel):
    """A conseiller left initial training before its end."""

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    reason: NonEmptyText = Field(
        description="Why the conseiller withdrew; a short reason, never personal details. "
        "Since revision 2 it repeats `reason_code`."
    )
    withdrawn_on: date = Field(description="Day of the withdrawal.")
    enrolment_id: UuidStr | None = Field(
        default=None, description="Id of the enrolment that ends. " + ENROLMENT_ID_DESCRIPTION
    )
    reason_code: WithdrawalReason | None = Field(
        default=None, description="The reason, as a code of the list (since revision 2)."
    )
    reason_detail: str | None = Field(
        default=None,
        max_length=500,
        description="Free text beside the code; never personal details (since revision 2).",
    )


class TrainingStartedV1(EventModel):
    """A conseiller's initial training started."""

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    cohort_id: UuidStr | None = Field(
        description="Cohort of the conseiller (2021 scheme); null in the 2024 scheme."
    )
    starts_on: date = Field(description="First day of training.")
    planned_end_on: date = Field(description="Planned last day of training.")
    enrolment_id: UuidStr | None = Field(default=None, description=ENROLMENT_ID_DESCRIPTION)

    @model_validator(mode="after")
    def _ends_after_start(self) -> TrainingStartedV1:
        if self.planned_end_on < self.starts_on:
            raise ValueError("planned_end_on is before starts_on")
        return self


class AttendanceBreachedV1(EventModel):
    """A conseiller's attendance fell below the threshold over the elapsed training days."""

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    attendance_rate: float = Field(
        ge=0, le=1, description="Share of elapsed training days attended, from 0 to 1."
    )
    days_elapsed: int = Field(ge=1, description="Training days elapsed so far.")
    threshold: float = Field(
        ge=0, le=1, description="Minimum attendance rate that was breached, from 0 to 1."
    )
    enrolment_id: UuidStr | None = Field(default=None, description=ENROLMENT_ID_DESCRIPTION)

    @model_validator(mode="after")
    def _rate_below_threshold(self) -> AttendanceBreachedV1:
        if self.attendance_rate >= self.threshold:
            raise ValueError("attendance_rate is not below threshold")
        return self


class TrainingCompletedV1(EventModel):
    """A conseiller completed initial training."""

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    hours_attended: float = Field(ge=0, description="Training hours actually attended.")
    completed_on: date = Field(description="Last day of training.")
    enrolment_id: UuidStr | None = Field(default=None, description=ENROLMENT_ID_DESCRIPTION)


# --- topic conum.enrolment.cohort, key cohort_id -----------------------------------------


class CohortFormedV1(EventModel):
    """A cohort of at least 8 conseillers was formed (2021 scheme); they start and end together."""

    cohort_id: UuidStr = Field(description="Id of the cohort.")
    training_organisation: Organisation = Field(description="Training organisation running it.")
    region: RegionCodeV1 = Field(description="Region of the cohort.")
    path_hours: PathHours = Field(description="Length of the cohort's path in hours.")
    starts_on: date = Field(description="First day of training.")
    ends_on: date = Field(description="Last day of training.")
    conseiller_ids: list[UuidStr] = Field(
        min_length=8, description="Ids of the cohort's conseillers (at least 8, no duplicates)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> CohortFormedV1:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        if len(set(self.conseiller_ids)) != len(self.conseiller_ids):
            raise ValueError("conseiller_ids contains duplicates")
        return self


class CohortReferentDesignatedV1(EventModel):
    """A cohort designated the conseiller who relays its expectations (cohort referent)."""

    cohort_id: UuidStr = Field(description="Id of the cohort.")
    conseiller_id: UuidStr = Field(description="Id of the designated conseiller.")


# --- majors carrying Corsica as FR-20R (decision 0024) ------------------------------------


class StructureRegisteredV2(StructureRegisteredV1):
    __doc__ = f"A host structure (structure d'accueil) joined the network. {ISO_REGION}"

    region: RegionCode = Field(description="Region of the structure.")


class ConseillerEnrolledV3(ConseillerEnrolledV2):
    __doc__ = f"A host structure enrolled its conseiller, the person sealed. {ISO_REGION}"

    region: RegionCode = Field(description="Region of the structure.")


class CohortFormedV2(CohortFormedV1):
    __doc__ = f"A cohort of at least 8 conseillers was formed (2021 scheme). {ISO_REGION}"

    region: RegionCode = Field(description="Region of the cohort.")
