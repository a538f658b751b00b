"""The local SMTP server with a web inbox, for development and tests (decision 0039)."""

from conum_devtools.mailbox.server import HTTP_PORT, SMTP_PORT, LocalMailbox, Mailbox, MailboxError
from conum_devtools.mailbox.store import Attachment, MessageStore, StoredMessage

__all__ = [
    "HTTP_PORT",
    "SMTP_PORT",
    "Attachment",
    "LocalMailbox",
    "Mailbox",
    "MailboxError",
    "MessageStore",
    "StoredMessage",
]
