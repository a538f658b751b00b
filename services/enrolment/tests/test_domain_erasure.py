"""The erasure rules (decision 0021)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conum_enrolment import domain
from conum_enrolment.domain import ErasureReason
from conum_kernel.access import Role

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_an_erasure_keeps_why_when_and_which_role_asked() -> None:
    erasure = domain.erase(
        "c1", None, reason=ErasureReason.PERSON_REQUEST, requested_by=Role.HOST_STRUCTURE, now=NOW
    )
    assert erasure == domain.Erasure("c1", ErasureReason.PERSON_REQUEST, Role.HOST_STRUCTURE, NOW)


def test_a_person_is_erased_once() -> None:
    first = domain.erase(
        "c1", None, reason=ErasureReason.OTHER, requested_by=Role.NATIONAL_COORDINATOR, now=NOW
    )
    with pytest.raises(domain.AlreadyErased) as refused:
        domain.erase(
            "c1", first, reason=ErasureReason.OTHER, requested_by=Role.HOST_STRUCTURE, now=NOW
        )
    assert refused.value.code == "already_erased"


def test_only_the_host_structure_and_national_coordinators_erase() -> None:
    assert set(domain.ERASING_ROLES) == {Role.HOST_STRUCTURE, Role.NATIONAL_COORDINATOR}
