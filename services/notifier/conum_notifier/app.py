"""Composition root of the notifier: what it is made of, and ``create_app``.

Beside what every service runs (consumer, outbox relay, HTTP), the notifier runs its sender
(:class:`~conum_notifier.handlers.commands.Sender`): started once the host has started, stopped
before it stops, in one process per store.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import date
from typing import Unpack

from conum_runtime.app import Hosting, ServiceDefinition, create_service_app
from conum_runtime.host import ServiceHost
from conum_runtime.leadership import RelayLeadership
from conum_runtime.settings import ServiceSettings
from fastapi import FastAPI
from prometheus_client import Counter

from conum_notifier.api import routes
from conum_notifier.domain import Notification
from conum_notifier.handlers.commands import (
    SENDER_LOCK,
    Contacts,
    Delivery,
    EnrolmentContacts,
    Mailer,
    Sender,
)
from conum_notifier.handlers.events import CONSUMED
from conum_notifier.settings import NotifierSettings
from conum_notifier.store import NotifierUnitOfWork, metadata

SERVICE = ServiceDefinition(
    name="notifier",
    metadata=metadata,
    unit_of_work=NotifierUnitOfWork,
    routers=(routes.router,),
    consumed=CONSUMED,
)


def create_app(
    settings: ServiceSettings | None = None,
    *,
    notifier: NotifierSettings | None = None,
    contacts: Contacts | None = None,
    mailer: Mailer | None = None,
    **hosting: Unpack[Hosting],
) -> FastAPI:
    """The service; ``notifier`` defaults to the ``CONUM_NOTIFIER_*`` settings, ``contacts``
    and ``mailer`` to the enrolment service and the SMTP server they name."""
    notifier = notifier or NotifierSettings()
    clock = hosting.get("clock", date.today)
    app = create_service_app(SERVICE, settings, **hosting)
    host: ServiceHost = app.state.host
    sent = Counter(
        "conum_notifications",
        "Notifications closed, by kind and status (sent, skipped, failed).",
        ["kind", "status"],
        registry=host.metrics.registry,
    )

    def observe(notification: Notification) -> None:
        sent.labels(notification.kind.value, notification.status.value).inc()

    contacts = contacts or notifier.contacts()
    policy = notifier.policy()
    delivery = Delivery(
        new_uow=app.state.new_uow,
        contacts=contacts,
        mailer=mailer or notifier.mailer(),
        sender=notifier.sender,
        policy=policy,
        tracer=host.tracer,
        batch_size=notifier.batch_size,
        today=clock,
        observe=observe,
    )
    leadership = RelayLeadership(host.engine, key=SENDER_LOCK, role="notification sender")
    sender = Sender(
        delivery, policy, leadership=leadership, poll_interval=notifier.poll_interval, today=clock
    )
    app.state.sender = sender
    service_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app_: FastAPI) -> AsyncIterator[None]:
        async with service_lifespan(app_):
            if notifier.sender_enabled:
                sender.start()
            try:
                yield
            finally:
                await sender.stop(timeout=host.settings.shutdown_timeout / 2)
                if isinstance(contacts, EnrolmentContacts):
                    await contacts.close()

    app.router.lifespan_context = lifespan
    return app
