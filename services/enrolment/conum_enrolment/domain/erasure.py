"""Erasure of a conseiller's personal data (GDPR article 17), by crypto-shredding
(decision 0021), and the publication window of ``conseiller.enrolled`` v1.

The person travels and is kept sealed with a key of their own; erasing them destroys that key
and wipes their names and e-mail from the store, so that no log nor store yields them any
more. Everything non-personal (the enrolment, its training, the figures) is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from conum_kernel.access import Role

from conum_enrolment.domain.refusals import AlreadyErased


class ErasureReason(StrEnum):
    """Why a person's data is erased (**assumption**: GDPR article 17(1)'s grounds, short)."""

    PERSON_REQUEST = (
        "person_request"  # the person asked (art. 17(1)(a)/(c): no longer needed, objection)
    )
    CONSENT_WITHDRAWN = "consent_withdrawn"  # art. 17(1)(b)
    UNLAWFULLY_PROCESSED = "unlawfully_processed"  # art. 17(1)(d)
    LEGAL_OBLIGATION = "legal_obligation"  # art. 17(1)(e)
    ENROLLED_BY_MISTAKE = "enrolled_by_mistake"
    OTHER = "other"


ERASING_ROLES = (Role.HOST_STRUCTURE, Role.NATIONAL_COORDINATOR)
"""Who may erase a person: the host structure that enrolled them (its own conseiller, as for
every write on an enrolment) or a national coordinator; nobody else."""


@dataclass(frozen=True)
class Erasure:
    """What is kept of an erasure: who asked (a role), why and when; never personal data."""

    conseiller_id: str
    reason: ErasureReason
    requested_by: Role
    erased_at: datetime


def erase(
    conseiller_id: str,
    previous: Erasure | None,
    *,
    reason: ErasureReason,
    requested_by: Role,
    now: datetime,
) -> Erasure:
    """**A person is erased once**: a second request is refused (409 ``already_erased``), so
    the first erasure's reason and time are the ones kept."""
    if previous is not None:
        raise AlreadyErased(f"conseiller {conseiller_id} is already erased")
    return Erasure(conseiller_id, reason, requested_by, now)


@dataclass(frozen=True)
class Publication:
    """Which majors of ``conseiller.enrolled`` are published (decision 0021).

    v2 (person sealed) always; v1 (person in clear) beside it, with deprecation headers, only
    up to ``v1_until`` included. ``None``: v1 is no longer published (the default).
    """

    v1_until: date | None = None

    def publishes_v1(self, today: date) -> bool:
        return self.v1_until is not None and today <= self.v1_until
