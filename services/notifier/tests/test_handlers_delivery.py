"""Sending on a real store (SQLite and PostgreSQL) to a real SMTP server (the development
mailbox): one e-mail per notification, retried when a server does not answer, nothing for an
erased person, nothing about the past, and no person kept or logged."""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from conum_contracts.base import EventModel
from conum_contracts.certification import Ccp1ConvenedV2
from conum_contracts.modules import ModulePublishedV1, RegistrationAcceptedV2, SessionScheduledV2
from conum_devtools.mailbox import Mailbox
from conum_devtools.processes import free_port
from conum_notifier.domain import Kind, Notification, NotificationPolicy, Reason, Status
from conum_notifier.handlers.commands import (
    Contact,
    Delivery,
    Mailer,
    SmtpMailer,
    Unavailable,
    make_due_reminders,
)
from conum_notifier.testing import KeptMail, StaticContacts
from conum_runtime.testing.events import envelope_for, example_event
from conum_runtime.testing.services import ConsumingStore
from icalendar import Calendar
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

Store = ConsumingStore[Any]
SENDER = "Réseau Conseiller numérique <ne-pas-repondre@conum.test>"
TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
PERSON = Contact("Philibertine", "Quesnoy-Varenne", "philibertine.quesnoy@example.org")


def new_id() -> str:
    return str(uuid.uuid4())


def smtp(mailbox: Mailbox) -> SmtpMailer:
    return SmtpMailer("127.0.0.1", mailbox.smtp_port, timeout=5)


def sending(
    store: Store, contacts: StaticContacts, mailer: Mailer, now: datetime = NOW, **extra: Any
) -> Delivery:
    return Delivery(
        new_uow=store.new_uow,
        contacts=contacts,
        mailer=mailer,
        sender=SENDER,
        policy=NotificationPolicy(),
        today=lambda: now.date(),
        now=lambda: now,
        **extra,
    )


async def feed(store: Store, event: EventModel, at: datetime = NOW - timedelta(hours=1)) -> str:
    envelope = replace(envelope_for(event, "FR-NAQ"), time=at)
    await store.feed(event, envelope=envelope)
    return envelope.id


async def convene(store: Store, conseiller: str, exam_on: date = date(2026, 6, 16)) -> str:
    event = example_event(
        Ccp1ConvenedV2, conseiller_id=conseiller, region="FR-NAQ", exam_on=exam_on
    )
    return await feed(store, event)


async def notifications(store: Store) -> list[Notification]:
    async with store.uow() as uow:
        page = await uow.notifications.page(None, status=None, kind=None, after=None, limit=200)
    return page.items


async def test_a_convocation_is_sent_once_with_its_calendar_and_marked_sent(
    store: Store, mailbox: Mailbox
) -> None:
    conseiller = new_id()
    await convene(store, conseiller)
    contacts = StaticContacts({conseiller: PERSON})
    delivery = sending(store, contacts, smtp(mailbox))

    assert await delivery.deliver_due() == 1
    assert await delivery.deliver_due() == 0
    [sent] = await notifications(store)
    assert (sent.status, sent.attempts, sent.sent_at) == (Status.SENT, 1, NOW)
    [received] = mailbox.store.messages()
    assert received.header("Message-ID") == f"<{sent.notification_id}@conum.test>"
    assert received.header("To") == f"Philibertine Quesnoy-Varenne <{PERSON.email}>"
    [attachment] = received.attachments
    [event] = Calendar.from_ical(attachment.content).walk("VEVENT")
    assert event.decoded("DTSTART").date() == date(2026, 6, 16)
    assert contacts.asked == [conseiller]


async def test_an_erased_person_gets_nothing_and_an_unknown_one_is_a_failure(
    store: Store, mailbox: Mailbox
) -> None:
    erased, unknown = new_id(), new_id()
    await convene(store, erased)
    await convene(store, unknown)
    contacts = StaticContacts(erased={erased})
    assert await sending(store, contacts, smtp(mailbox)).deliver_due() == 2
    states = {n.conseiller_id: (n.status, n.reason, n.attempts) for n in await notifications(store)}
    assert states == {
        erased: (Status.SKIPPED, Reason.PERSON_ERASED, 0),
        unknown: (Status.FAILED, Reason.UNKNOWN_CONSEILLER, 0),
    }
    assert mailbox.store.messages() == []


async def test_a_server_that_does_not_answer_is_tried_again_with_the_same_message_id(
    store: Store, mailbox: Mailbox
) -> None:
    conseiller = new_id()
    await convene(store, conseiller)
    contacts = StaticContacts({conseiller: PERSON}, down=True)
    with pytest.raises(Unavailable):
        await sending(store, contacts, smtp(mailbox)).deliver_due()
    [waiting] = await notifications(store)
    assert (waiting.status, waiting.reason, waiting.attempts) == (
        Status.PENDING,
        Reason.ENROLMENT_UNAVAILABLE,
        0,
    )
    assert waiting.next_attempt_at == NOW + timedelta(seconds=5)

    contacts.down = False
    nowhere = SmtpMailer("127.0.0.1", free_port(), timeout=2)  # nothing listens there
    assert await sending(store, contacts, nowhere).deliver_due() == 0  # not due yet
    later = NOW + timedelta(seconds=6)
    with pytest.raises(Unavailable):
        await sending(store, contacts, nowhere, later).deliver_due()
    [waiting] = await notifications(store)
    assert (waiting.status, waiting.reason, waiting.attempts) == (
        Status.PENDING,
        Reason.SMTP_UNAVAILABLE,
        1,
    )

    assert await sending(store, contacts, smtp(mailbox), later + timedelta(minutes=1)).deliver_due()
    [sent] = await notifications(store)
    assert (sent.status, sent.reason, sent.attempts) == (Status.SENT, None, 2)
    [received] = mailbox.store.messages()
    assert received.header("Message-ID") == f"<{sent.notification_id}@conum.test>"


async def test_a_recipient_refused_for_good_is_a_failure(store: Store) -> None:
    conseiller = new_id()
    await convene(store, conseiller)
    mail = KeptMail(refusing={PERSON.email})
    await sending(store, StaticContacts({conseiller: PERSON}), mail).deliver_due()
    [failed] = await notifications(store)
    assert (failed.status, failed.reason, failed.attempts) == (
        Status.FAILED,
        Reason.RECIPIENT_REFUSED,
        1,
    )
    assert mail.sent == []


async def test_nothing_is_sent_about_the_past(store: Store) -> None:
    conseiller = new_id()
    await convene(store, conseiller, exam_on=TODAY - timedelta(days=1))
    mail = KeptMail()
    await sending(store, StaticContacts({conseiller: PERSON}), mail).deliver_due()
    [skipped] = await notifications(store)
    assert (skipped.status, skipped.reason) == (Status.SKIPPED, Reason.DATE_PASSED)
    assert mail.sent == []


async def scheduled_session(
    store: Store, module_id: str, *days: tuple[date, str], session_id: str | None = None
) -> str:
    session_id = session_id or new_id()
    await feed(
        store,
        example_event(
            SessionScheduledV2,
            session_id=session_id,
            module_id=module_id,
            region="FR-NAQ",
            days=[{"on": day.isoformat(), "mode": mode} for day, mode in days],
            place="Tiers-lieu de Dax",
        ),
    )
    return session_id


async def accepted(store: Store, conseiller: str, session_id: str, module_id: str) -> str:
    registration_id = new_id()
    event = example_event(
        RegistrationAcceptedV2,
        registration_id=registration_id,
        conseiller_id=conseiller,
        session_id=session_id,
        module_id=module_id,
        region="FR-NAQ",
    )
    await feed(store, event, NOW - timedelta(days=1))
    return registration_id


async def test_an_acceptance_waits_for_its_session_then_tells_its_days_and_title(
    store: Store, mailbox: Mailbox
) -> None:
    conseiller, module_id, session_id = new_id(), new_id(), new_id()
    await accepted(store, conseiller, session_id, module_id)
    contacts = StaticContacts({conseiller: PERSON})
    await sending(store, contacts, smtp(mailbox)).deliver_due()
    [waiting] = await notifications(store)
    assert (waiting.status, waiting.reason) == (Status.PENDING, Reason.AWAITING_SESSION)
    assert contacts.asked == []  # nobody is looked up for an e-mail that cannot be written

    days = ((date(2026, 3, 16), "remote"), (date(2026, 3, 19), "in_person"))
    await scheduled_session(store, module_id, *days, session_id=session_id)
    await feed(store, example_event(ModulePublishedV1, module_id=module_id, title="Intervenir"))
    later = NOW + timedelta(seconds=11)
    assert await sending(store, contacts, smtp(mailbox), later).deliver_due() == 1
    [received] = mailbox.store.messages()
    assert received.header("Subject") == "Inscription confirmée : Intervenir"
    calendar = Calendar.from_ical(received.attachments[0].content)
    assert [str(e["LOCATION"]) for e in calendar.walk("VEVENT")] == [
        "À distance",
        "Tiers-lieu de Dax",
    ]


async def test_reminders_are_made_once_and_sent_days_before_each_day(
    store: Store, mailbox: Mailbox
) -> None:
    conseiller, module_id = new_id(), new_id()
    days = ((date(2026, 3, 16), "in_person"), (date(2026, 3, 19), "in_person"))
    session_id = await scheduled_session(store, module_id, *days)
    registration_id = await accepted(store, conseiller, session_id, module_id)
    policy = NotificationPolicy(reminder_days_before=2)
    contacts = StaticContacts({conseiller: PERSON})
    assert await sending(store, contacts, smtp(mailbox)).deliver_due() == 1  # the acceptance

    assert await make_due_reminders(store.new_uow, policy, date(2026, 3, 13)) == []
    on_14 = datetime(2026, 3, 14, 8, 0, tzinfo=UTC)
    made = await make_due_reminders(store.new_uow, policy, on_14.date(), on_14)
    assert [(n.kind, n.facts.day) for n in made] == [  # type: ignore[union-attr]
        (Kind.SESSION_REMINDER, date(2026, 3, 16))
    ]
    assert await make_due_reminders(store.new_uow, policy, on_14.date(), on_14) == []
    kinds = [n.kind for n in await notifications(store)]
    assert kinds.count(Kind.SESSION_REMINDER) == 1

    await sending(store, contacts, smtp(mailbox), on_14).deliver_due()
    subjects = sorted(m.header("Subject") for m in mailbox.store.messages())
    assert subjects == [
        "Inscription confirmée : module complémentaire",
        "Rappel : module complémentaire le lundi 16 mars 2026",
    ]
    reminder = next(n for n in await notifications(store) if n.kind is Kind.SESSION_REMINDER)
    assert (reminder.status, reminder.registration_id) == (Status.SENT, registration_id)


async def test_no_person_is_kept_logged_or_put_in_a_span(
    store: Store, mailbox: Mailbox, caplog: pytest.LogCaptureFixture, database_url: str
) -> None:
    conseiller = new_id()
    await convene(store, conseiller)
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    contacts = StaticContacts({conseiller: PERSON})
    with caplog.at_level(logging.DEBUG):
        delivery = sending(store, contacts, smtp(mailbox), tracer=provider.get_tracer("t"))
        await delivery.deliver_due()
    assert len(mailbox.store.messages()) == 1
    [span] = spans.get_finished_spans()
    assert span.name == "notification deliver"
    assert span.attributes is not None
    assert span.attributes["conum.conseiller_id"] == conseiller
    assert span.attributes["conum.notification.status"] == "sent"
    written = caplog.text + repr(dict(span.attributes))
    assert "notification" in caplog.text  # it did log, without the person
    async with store.uow() as uow:
        connection = await uow.session.connection()
        stored = repr(
            [
                (await connection.exec_driver_sql(f"SELECT * FROM {table}")).all()
                for table in ("notifications", "inbox", "outbox", "audit")
            ]
        )
    for trace in ("philibertine", "Philibertine", "Quesnoy", PERSON.email):
        assert trace not in written
        assert trace not in stored
