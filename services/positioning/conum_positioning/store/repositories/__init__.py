"""Repositories of the positioning store: domain objects in, rows out."""

from conum_positioning.store.repositories.inquiries import Inquiries
from conum_positioning.store.repositories.positionings import PathCount, Positionings
from conum_positioning.store.repositories.withdrawals import PendingWithdrawals

__all__ = ["Inquiries", "PathCount", "PendingWithdrawals", "Positionings"]
