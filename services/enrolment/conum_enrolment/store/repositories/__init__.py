"""Repositories of the enrolment store: domain objects in, rows out.

:mod:`.structures` (structures and their habilitations), :mod:`.enrolments` (conseillers and
their enrolments), :mod:`.training` (cohorts, attendance days, consumed events set aside).
"""

from conum_enrolment.store.repositories.enrolments import Enrolments
from conum_enrolment.store.repositories.lists import Listing, Page
from conum_enrolment.store.repositories.structures import Structures
from conum_enrolment.store.repositories.training import Attendance, Cohorts, IgnoredEvents

__all__ = [
    "Attendance",
    "Cohorts",
    "Enrolments",
    "IgnoredEvents",
    "Listing",
    "Page",
    "Structures",
]
