"""The enrolment store: tables, repositories and the unit of work (SQLModel)."""

from conum_enrolment.store.tables import metadata
from conum_enrolment.store.unit_of_work import EnrolmentUnitOfWork

__all__ = ["EnrolmentUnitOfWork", "metadata"]
