"""Sending the notifications: the sender's loop (:mod:`.worker`), the reminders that fall due
(:mod:`.reminders`), the delivery of one notification (:mod:`.delivery`), and what it needs
from outside: the person's contact from the enrolment service (:mod:`.contacts`), the e-mail
and its calendar file (:mod:`.mail`), the SMTP server (:mod:`.smtp`)."""

from conum_notifier.handlers.commands.contacts import (
    Contact,
    Contacts,
    ContactsUnavailable,
    EnrolmentContacts,
    NoContact,
)
from conum_notifier.handlers.commands.delivery import Delivery, Unavailable
from conum_notifier.handlers.commands.mail import address_domain, email_of, icalendar_file
from conum_notifier.handlers.commands.reminders import make_due_reminders
from conum_notifier.handlers.commands.smtp import (
    Mailer,
    MailerUnavailable,
    MailRefused,
    SmtpMailer,
)
from conum_notifier.handlers.commands.worker import SENDER_LOCK, Sender

__all__ = [
    "SENDER_LOCK",
    "Contact",
    "Contacts",
    "ContactsUnavailable",
    "Delivery",
    "EnrolmentContacts",
    "MailRefused",
    "Mailer",
    "MailerUnavailable",
    "NoContact",
    "Sender",
    "SmtpMailer",
    "Unavailable",
    "address_domain",
    "email_of",
    "icalendar_file",
    "make_due_reminders",
]
