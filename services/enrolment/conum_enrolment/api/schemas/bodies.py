"""What the enrolment service's commands accept: every request body, strict (unknown fields
refused) and bounded."""

from __future__ import annotations

from typing import Annotated

from conum_runtime.http.fields import (
    DepartmentCode,
    FreeText,
    Name,
    RequestBody,
    StrictBool,
    Uuid,
)
from pydantic import Field

from conum_enrolment import domain

_ADDRESS_PART = r"[^@\s\x00-\x1f\x7f-\x9f\ufeff]+"
"""No @, no space, no control character: each is excluded by name, so that Python's and JSON
Schema's (ECMAScript's) whitespace classes, which differ, refuse the same addresses."""


Email = Annotated[
    str,
    Field(pattern=rf"^{_ADDRESS_PART}@{_ADDRESS_PART}\.{_ADDRESS_PART}$", max_length=320),
]


Siret = Annotated[str, Field(pattern=r"^\d{14}$", description="14 digits, Luhn checksum")]


class StructureIn(RequestBody):
    siret: Siret
    name: Name
    kind: domain.StructureKind
    department: DepartmentCode = Field(description="INSEE department code")


class HabilitationIn(RequestBody):
    scheme: domain.HabilitationScheme


class PersonIn(RequestBody):
    first_name: Name
    last_name: Name
    email: Email

    def person(self) -> domain.Person:
        return domain.Person.of(self.first_name, self.last_name, self.email)


class EnrolmentIn(RequestBody):
    structure_id: Uuid
    scheme: domain.Scheme
    employment: domain.Employment = Field(
        description="`recruited`, or `hiring_promise` (opens POEI with Pôle emploi)"
    )
    remote: StrictBool = False
    remote_impossibility_reason: FreeText | None = Field(
        default=None,
        max_length=500,
        description="Required for remote training; a lockdown is not an impossibility.",
    )
    person: PersonIn


class WithdrawalIn(RequestBody):
    """``{"reason": "left_structure", "detail": "moved to another region"}``: a code of the
    list, so withdrawals can be counted by reason, and free text beside it if wanted."""

    reason: domain.WithdrawalReason = Field(
        description="Why the conseiller leaves initial training: a code of the list."
    )
    detail: FreeText | None = Field(
        default=None,
        max_length=domain.MAX_WITHDRAWAL_DETAIL,
        description="Free text beside the code (at most 500 characters); never personal details.",
    )


class ErasureIn(RequestBody):
    reason: domain.ErasureReason = Field(
        description="Why the person's data is erased (a code; never personal details)"
    )


class AttendanceIn(RequestBody):
    present: StrictBool


class ReferentIn(RequestBody):
    conseiller_id: Uuid
