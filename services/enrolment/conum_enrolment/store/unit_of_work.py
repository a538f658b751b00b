"""The enrolment store: the unit of work over the repositories (SQLModel).

Tables are in :mod:`tables`, repositories in :mod:`repositories` and :mod:`training_store`.
"""

from __future__ import annotations

from collections.abc import Callable

from conum_runtime.db import SessionFactory
from conum_runtime.tables import RuntimeTables
from conum_runtime.uow import UnitOfWork

from conum_enrolment.reference import ReferenceData, ReferenceHolder
from conum_enrolment.repositories import Enrolments, Structures
from conum_enrolment.tables import metadata
from conum_enrolment.training_store import Attendance, Cohorts, IgnoredEvents

__all__ = ["EnrolmentUnitOfWork", "metadata"]


class EnrolmentUnitOfWork(UnitOfWork):
    structures: Structures
    enrolments: Enrolments
    cohorts: Cohorts
    attendance: Attendance
    ignored_events: IgnoredEvents

    def __init__(
        self,
        sessions: SessionFactory,
        tables: RuntimeTables,
        service: str,
        on_commit: Callable[[], None] = lambda: None,
        *,
        reference: ReferenceHolder,
    ) -> None:
        super().__init__(sessions, tables, service, on_commit)
        self._reference = reference

    @property
    def reference(self) -> ReferenceData:
        return self._reference.current

    def _open(self) -> None:
        self.structures = Structures(self.session, self.reference)
        self.enrolments = Enrolments(self.session, self.reference)
        self.cohorts = Cohorts(self.session)
        self.attendance = Attendance(self.session)
        self.ignored_events = IgnoredEvents(self.session)
