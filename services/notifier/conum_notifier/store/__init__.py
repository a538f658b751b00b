"""The notifier's store: tables, repositories and the unit of work (SQLModel)."""

from conum_notifier.store.tables import metadata
from conum_notifier.store.unit_of_work import NotifierUnitOfWork

__all__ = ["NotifierUnitOfWork", "metadata"]
