"""Sending through SMTP (``aiosmtplib``): a server that does not answer is tried again later,
a recipient the server refuses for good is a failure (R-NOT-05). Errors are described by
their kind and code, never by the addresses they may quote."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib


class MailerUnavailable(Exception):
    """The SMTP server did not take the message this time (down, busy, 4xx): try later."""


class MailRefused(Exception):
    """The SMTP server refused the message for good (5xx): do not try again."""


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True)
class SmtpMailer:
    host: str
    port: int
    starttls: bool = False
    username: str = ""
    password: str = ""
    timeout: float = 30.0

    async def send(self, message: EmailMessage) -> None:
        try:
            await aiosmtplib.send(
                message,
                hostname=self.host,
                port=self.port,
                start_tls=self.starttls,
                username=self.username or None,
                password=self.password or None,
                timeout=self.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            codes = [refused.code for refused in error.recipients]
            if codes and all(code >= 500 for code in codes):
                raise MailRefused(f"recipient refused ({', '.join(map(str, codes))})") from None
            raise MailerUnavailable(f"recipient deferred ({', '.join(map(str, codes))})") from None
        except aiosmtplib.SMTPAuthenticationError as error:  # the settings, not the message
            raise MailerUnavailable(f"SMTP authentication refused ({error.code})") from None
        except aiosmtplib.SMTPResponseException as error:
            if error.code >= 500:
                raise MailRefused(f"{type(error).__name__} ({error.code})") from None
            raise MailerUnavailable(f"{type(error).__name__} ({error.code})") from None
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            raise MailerUnavailable(type(error).__name__) from None
