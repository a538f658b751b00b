"""The positioning store: tables, repositories and the unit of work (SQLModel)."""

from conum_positioning.store.tables import metadata
from conum_positioning.store.unit_of_work import PositioningUnitOfWork

__all__ = ["PositioningUnitOfWork", "metadata"]
