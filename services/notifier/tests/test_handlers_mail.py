"""The e-mail as MIME and its iCalendar file, parsed back with the ``icalendar`` library."""

from __future__ import annotations

import email
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.policy import default

import pytest
from conum_notifier import domain
from conum_notifier.domain import Kind, Notification, NotificationPolicy, Recipient
from conum_notifier.handlers.commands import address_domain, email_of
from icalendar import Calendar

SENDER = "Réseau Conseiller numérique <ne-pas-repondre@conum.test>"
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
CONVOCATION = Notification.of(
    "8a1f0c3e-2b4d-4e6f-8a0b-1c2d3e4f5a6b",
    Kind.CCP1_CONVOCATION,
    "0f6c2b54-3d1e-4f6a-9b8c-7d5e4f3a2b1c",
    "FR-NAQ",
    domain.Ccp1Convocation("5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", date(2026, 6, 16), "Afpa"),
    NOW,
)


def written(notification: Notification) -> EmailMessage:
    message = domain.compose(
        notification,
        Recipient("Zoé", "Lefèvre"),
        session=None,
        module_title=None,
        policy=NotificationPolicy(),
        uid_domain=address_domain(SENDER),
    )
    built = email_of(
        message,
        to_name="Zoé Lefèvre",
        to_address="zoe.lefevre@example.org",
        sender=SENDER,
        message_id=notification.message_id(address_domain(SENDER)),
        now=NOW,
    )
    parsed = email.message_from_bytes(built.as_bytes(), policy=default)  # as sent on the wire
    assert isinstance(parsed, EmailMessage)
    return parsed


def calendar_of(message: EmailMessage) -> Calendar:
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_filename() == "invitation.ics"
    payload = attachment.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return Calendar.from_ical(payload)


def test_a_convocation_is_an_email_with_a_valid_icalendar_event_in_paris_time() -> None:
    message = written(CONVOCATION)
    assert message["Message-ID"] == f"<{CONVOCATION.notification_id}@conum.test>"
    assert message["Subject"] == "Convocation à l'épreuve du CCP1 le mardi 16 juin 2026"
    assert message["To"] == "Zoé Lefèvre <zoe.lefevre@example.org>"
    assert message["Auto-Submitted"] == "auto-generated"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and "Bonjour Zoé Lefèvre" in body.get_content()

    calendar = calendar_of(message)
    assert str(calendar["METHOD"]) == "PUBLISH" and str(calendar["VERSION"]) == "2.0"
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Épreuve du CCP1"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert str(start.tzinfo) == "Europe/Paris"
    assert start == datetime(2026, 6, 16, 7, 0, tzinfo=UTC)  # 9:00 in Paris, summer time
    assert end == datetime(2026, 6, 16, 15, 0, tzinfo=UTC)
    assert "TZID=Europe/Paris" in event.to_ical().decode()
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(event["UID"]).endswith("@conum.test")
    assert str(event["UID"]) == str(calendar_of(written(CONVOCATION)).walk("VEVENT")[0]["UID"])


def test_an_appointment_carries_the_test_and_the_interview_overseas_in_local_time() -> None:
    appointment = Notification.of(
        "9b2a1c0d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
        Kind.POSITIONING_APPOINTMENT,
        CONVOCATION.conseiller_id,
        "FR-LRE",
        domain.PositioningAppointment(date(2026, 3, 9), date(2026, 3, 9)),
        NOW,
    )
    calendar = calendar_of(written(appointment))
    test, interview = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in (test, interview)] == [
        "Test de positionnement",
        "Entretien pédagogique",
    ]
    assert str(test.decoded("DTSTART").tzinfo) == "Indian/Reunion"
    assert test.decoded("DTSTART") == datetime(2026, 3, 9, 5, 0, tzinfo=UTC)  # 9:00 at UTC+4
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Indian/Reunion"]


def test_a_path_has_no_calendar_file() -> None:
    path = Notification.of(
        "7c6b5a4f-3e2d-4c1b-8a9f-0e1d2c3b4a5f",
        Kind.PATH_ASSIGNED,
        CONVOCATION.conseiller_id,
        "FR-NAQ",
        domain.PathAssignment("2024", 70, 5, 1, date(2026, 3, 2)),
        NOW,
    )
    message = written(path)
    assert list(message.iter_attachments()) == []
    assert message.get_content_type() == "text/plain"


def test_the_sender_is_an_address_with_a_domain() -> None:
    assert address_domain("CoNum <a@conum.example>") == "conum.example"
    with pytest.raises(ValueError):
        address_domain("CoNum")
