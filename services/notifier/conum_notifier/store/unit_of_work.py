"""The notifier's unit of work: one transaction over its repositories, with the inbox row of
the event it applies (so a notification is written once per event, R-NOT-01)."""

from __future__ import annotations

from conum_runtime.uow import UnitOfWork

from conum_notifier.store.repositories import Modules, Notifications, Registrations, Sessions


class NotifierUnitOfWork(UnitOfWork):
    notifications: Notifications
    sessions: Sessions
    modules: Modules
    registrations: Registrations

    def _open(self) -> None:
        self.notifications = Notifications(self.session)
        self.sessions = Sessions(self.session)
        self.modules = Modules(self.session)
        self.registrations = Registrations(self.session)
