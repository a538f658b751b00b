"""The e-mail itself: the domain's message as MIME, its calendar events as an iCalendar file
(``text/calendar; method=PUBLISH``, RFC 5545, written with the ``icalendar`` library, time
zones included as VTIMEZONE components) (R-NOT-03)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from icalendar import Calendar, Event

from conum_notifier.domain import CalendarEvent, Message

PRODUCT = "-//CoNum//Notifier//FR"
ATTACHMENT = "invitation.ics"


def address_domain(sender: str) -> str:
    """The domain of the sender's address: Message-IDs and calendar UIDs are made under it."""
    _, address = parseaddr(sender)
    local, at, domain = address.rpartition("@")
    if not (local and at and domain):
        raise ValueError("the sender is an e-mail address (name <local@domain>)")
    return domain


def icalendar_file(events: tuple[CalendarEvent, ...], stamp: datetime) -> bytes:
    """An iCalendar object publishing ``events``, with the time zones they use."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("calscale", "GREGORIAN")
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        event.add("summary", item.summary)
        event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    first = min(item.starts_at for item in events).date()
    last = max(item.ends_at for item in events).date()
    calendar.add_missing_timezones(
        first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 1, 12, 31)
    )
    ical: bytes = calendar.to_ical()
    return ical


def email_of(
    message: Message,
    *,
    to_name: str,
    to_address: str,
    sender: str,
    message_id: str,
    now: datetime,
) -> EmailMessage:
    """The MIME message: the text, and the calendar file when the message has events."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = formataddr((to_name, to_address))
    email["Subject"] = message.subject
    email["Date"] = format_datetime(now.astimezone(UTC))
    email["Message-ID"] = message_id
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no automatic answer to it
    email.set_content(message.body, charset="utf-8")
    if message.events:
        email.add_attachment(
            icalendar_file(message.events, now),
            maintype="text",
            subtype="calendar",
            params={"method": "PUBLISH", "charset": "utf-8"},
            filename=ATTACHMENT,
        )
    return email
