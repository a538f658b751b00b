"""Test factories of the notifier: a directory of people answering as the enrolment service
would, and a mailer that keeps what it is given or fails as told. Nothing here runs in the
service."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage

from conum_notifier.domain import Reason
from conum_notifier.handlers.commands import (
    Contact,
    ContactsUnavailable,
    MailerUnavailable,
    MailRefused,
    NoContact,
)


@dataclass
class StaticContacts:
    """People by conseiller id; the erased answer ``person_erased``, the others ``unknown``."""

    people: dict[str, Contact] = field(default_factory=dict)
    erased: set[str] = field(default_factory=set)
    down: bool = False
    asked: list[str] = field(default_factory=list)

    async def contact_of(self, conseiller_id: str) -> Contact | NoContact:
        self.asked.append(conseiller_id)
        if self.down:
            raise ContactsUnavailable("enrolment service: ConnectError")
        if conseiller_id in self.erased:
            return NoContact(Reason.PERSON_ERASED)
        if conseiller_id not in self.people:
            return NoContact(Reason.UNKNOWN_CONSEILLER)
        return self.people[conseiller_id]


@dataclass
class KeptMail:
    """Keeps every message given; ``down`` and ``refusing`` make it fail as a server would."""

    sent: list[EmailMessage] = field(default_factory=list)
    down: bool = False
    refusing: set[str] = field(default_factory=set)
    """Addresses refused for good (5xx)."""

    async def send(self, message: EmailMessage) -> None:
        if self.down:
            raise MailerUnavailable("SMTPConnectError")
        if any(address in str(message["To"]) for address in self.refusing):
            raise MailRefused("recipient refused (550)")
        self.sent.append(message)
