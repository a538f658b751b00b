"""The modules store: tables, repositories and the unit of work (SQLModel)."""

from conum_modules.store.tables import metadata
from conum_modules.store.unit_of_work import ModulesUnitOfWork

__all__ = ["ModulesUnitOfWork", "metadata"]
