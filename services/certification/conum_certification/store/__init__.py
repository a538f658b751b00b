"""The certification store: tables, repositories and the unit of work (SQLModel)."""

from conum_certification.store.tables import metadata
from conum_certification.store.unit_of_work import CertificationUnitOfWork

__all__ = ["CertificationUnitOfWork", "metadata"]
