"""Repositories of the enrolment store: domain objects in, rows out.

:mod:`.structures` (structures and their habilitations), :mod:`.enrolments` (conseillers and
their enrolments), :mod:`.keys` (the key vault and the seal of a person), :mod:`.erasures`,
:mod:`.training` (cohorts, attendance days, consumed events set aside).
"""

from conum_enrolment.store.repositories.enrolments import Enrolments
from conum_enrolment.store.repositories.erasures import Erasures
from conum_enrolment.store.repositories.keys import (
    ConseillerKey,
    KeyVault,
    StoredKeyVault,
    seal,
    unseal,
)
from conum_enrolment.store.repositories.lists import Listing, Page
from conum_enrolment.store.repositories.structures import Structures
from conum_enrolment.store.repositories.training import Attendance, Cohorts, IgnoredEvents

__all__ = [
    "Attendance",
    "Cohorts",
    "ConseillerKey",
    "Enrolments",
    "Erasures",
    "IgnoredEvents",
    "KeyVault",
    "Listing",
    "Page",
    "StoredKeyVault",
    "Structures",
    "seal",
    "unseal",
]
