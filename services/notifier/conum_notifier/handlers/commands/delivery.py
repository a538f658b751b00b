"""Sending the notifications that are due, one e-mail each (R-NOT-01, R-NOT-05, R-NOT-06).

For each pending notification whose time has come: the rules may skip it (its date passed,
its event too old, its session cancelled) or make it wait (its session not known yet); else
the person's name and address are read from the enrolment service (an erased person is
skipped, an unknown one failed), the e-mail is written, the attempt is recorded, the SMTP
server takes it, and the notification is marked sent.

A crash after the SMTP server took the e-mail and before the marking sends it again at the
next start, with the same ``Message-ID`` (derived from the notification): the one window where
a duplicate can happen, recognisable by the receiving side (decision 0038). A server that does
not answer (SMTP, enrolment) stops the batch: the notification is tried again later, with a
growing delay, and so are the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from conum_runtime.telemetry import about_conseiller
from opentelemetry import trace

from conum_notifier.domain import (
    Notification,
    NotificationPolicy,
    Reason,
    Status,
    compose,
    not_to_send,
    retry_delay,
    waits_for,
)
from conum_notifier.handlers.commands.contacts import Contacts, ContactsUnavailable, NoContact
from conum_notifier.handlers.commands.mail import address_domain, email_of
from conum_notifier.handlers.commands.smtp import Mailer, MailerUnavailable, MailRefused
from conum_notifier.store import NotifierUnitOfWork

log = logging.getLogger(__name__)

SESSION_AWAITED_AGAIN = timedelta(seconds=10)
"""A notification waiting for its session's events looks again after this."""

Observe = Callable[[Notification], None]


class Unavailable(Exception):
    """A server the sending needs did not answer: the batch stops, the loop backs off."""


@dataclass
class Delivery:
    new_uow: Callable[[], NotifierUnitOfWork]
    contacts: Contacts
    mailer: Mailer
    sender: str
    policy: NotificationPolicy
    tracer: trace.Tracer = field(default_factory=trace.NoOpTracer)
    batch_size: int = 50
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    today: Callable[[], date] = date.today
    observe: Observe = field(default=lambda _notification: None)

    def __post_init__(self) -> None:
        self.domain = address_domain(self.sender)

    async def deliver_due(self) -> int:
        """Deliver a batch of due notifications; how many were looked at. Raises
        :class:`Unavailable` when a server did not answer (the rest wait)."""
        async with self.new_uow() as uow:
            due = await uow.notifications.due(self.now(), self.batch_size)
        for notification in due:
            await self.deliver(notification)
        return len(due)

    async def deliver(self, notification: Notification) -> Notification:
        """One notification, to its end (sent, skipped, failed) or postponed."""
        with (
            self.tracer.start_as_current_span("notification deliver") as span,
            about_conseiller(notification.conseiller_id),
        ):
            span.set_attribute("conum.notification.id", notification.notification_id)
            span.set_attribute("conum.notification.kind", notification.kind.value)
            done = await self._deliver(notification)
            span.set_attribute("conum.notification.status", done.status.value)
            if done.reason is not None:
                span.set_attribute("conum.notification.reason", done.reason.value)
            return done

    async def _deliver(self, notification: Notification) -> Notification:
        async with self.new_uow() as uow:
            session = None
            if notification.session_id is not None:
                session = await uow.sessions.get(notification.session_id)
            module_id = getattr(notification.facts, "module_id", None)
            title = await uow.modules.title_of(module_id)
        now = self.now()
        skip = not_to_send(notification, session, today=self.today(), now=now, policy=self.policy)
        if skip is not None:
            return await self._close(notification, Status.SKIPPED, skip)
        wait = waits_for(notification, session)
        if wait is not None:
            return await self._save(notification.postponed(wait, now + SESSION_AWAITED_AGAIN))
        try:
            contact = await self.contacts.contact_of(notification.conseiller_id)
        except ContactsUnavailable as error:
            await self._postpone(notification, Reason.ENROLMENT_UNAVAILABLE)
            raise Unavailable(str(error)) from None
        if isinstance(contact, NoContact):
            erased = contact.reason is Reason.PERSON_ERASED
            return await self._close(
                notification, Status.SKIPPED if erased else Status.FAILED, contact.reason
            )
        message = compose(
            notification,
            contact.recipient,
            session=session,
            module_title=title,
            policy=self.policy,
            uid_domain=self.domain,
        )
        email = email_of(
            message,
            to_name=f"{contact.first_name} {contact.last_name}",
            to_address=contact.email,
            sender=self.sender,
            message_id=notification.message_id(self.domain),
            now=now,
        )
        attempted = notification.attempted()
        if not await self._stored(attempted):
            return attempted  # closed meanwhile (a cancellation): nothing is sent
        try:
            await self.mailer.send(email)
        except MailerUnavailable as error:
            await self._postpone(attempted, Reason.SMTP_UNAVAILABLE)
            raise Unavailable(str(error)) from None
        except MailRefused:
            return await self._close(attempted, Status.FAILED, Reason.RECIPIENT_REFUSED)
        return await self._close(attempted, Status.SENT, None)

    async def _postpone(self, notification: Notification, reason: Reason) -> None:
        delay = retry_delay(notification.attempts)
        await self._save(notification.postponed(reason, self.now() + delay))
        log.warning(
            "notification %s (%s) postponed %.0fs: %s",
            notification.notification_id,
            notification.kind.value,
            delay.total_seconds(),
            reason.value,
        )

    async def _close(
        self, notification: Notification, status: Status, reason: Reason | None
    ) -> Notification:
        closed = await self._save(notification.closed(status, reason, self.now()))
        log.info(
            "notification %s (%s) %s%s",
            notification.notification_id,
            notification.kind.value,
            status.value,
            f": {reason.value}" if reason else "",
        )
        self.observe(closed)
        return closed

    async def _save(self, notification: Notification) -> Notification:
        await self._stored(notification)
        return notification

    async def _stored(self, notification: Notification) -> bool:
        async with self.new_uow() as uow:
            stored = await uow.notifications.save(notification)
            await uow.commit()
        return stored
