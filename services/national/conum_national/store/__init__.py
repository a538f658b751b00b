"""The national store: tables, repositories and the unit of work (SQLModel)."""

from conum_national.store.tables import metadata
from conum_national.store.unit_of_work import NationalUnitOfWork

__all__ = ["NationalUnitOfWork", "metadata"]
