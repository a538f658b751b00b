"""Settings of the notifier (``CONUM_NOTIFIER_*``): where the enrolment service and the SMTP
server are, who the e-mails come from, and the assumptions of :class:`NotificationPolicy`.

Secrets come inline or, better, from a file (a mounted secret): ``…_TOKEN_FILE``,
``…_PASSWORD_FILE``. They are never logged.
"""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from conum_notifier.domain import NotificationPolicy
from conum_notifier.handlers.commands import EnrolmentContacts, SmtpMailer, address_domain


def _secret(inline: SecretStr, file: Path | None) -> str:
    return file.read_text().strip() if file is not None else inline.get_secret_value()


class NotifierSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONUM_NOTIFIER_", extra="ignore")

    enrolment_url: str = Field(
        default="http://127.0.0.1:8001", description="the enrolment service, for contacts"
    )
    enrolment_token: SecretStr = Field(
        default=SecretStr(""), description="a static token of the `notifier` role"
    )
    enrolment_token_file: Path | None = Field(default=None, description="the token, in a file")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=1025, ge=1, le=65535)
    smtp_starttls: bool = Field(default=False, description="require STARTTLS")
    smtp_username: str = Field(default="", description="empty: no authentication")
    smtp_password: SecretStr = SecretStr("")
    smtp_password_file: Path | None = None
    smtp_timeout: float = Field(default=30.0, gt=0)
    sender: str = Field(
        default="Réseau Conseiller numérique <ne-pas-repondre@conum.localhost>",
        description="the From of every e-mail; Message-IDs and calendar UIDs use its domain",
    )
    sender_enabled: bool = Field(default=True, description="false: consume, send nothing")
    poll_interval: float = Field(default=1.0, gt=0, description="seconds between rounds")
    batch_size: int = Field(default=50, ge=1, description="notifications looked at per round")
    reminder_days_before: int = Field(
        default=2, ge=1, le=30, description="a session day is recalled this many days ahead"
    )
    max_event_age_days: int = Field(
        default=7, ge=1, description="an older event is not told any more"
    )
    day_starts_at: time = Field(default=time(9, 0), description="a calendar day's start")
    day_ends_at: time = Field(default=time(17, 0), description="a calendar day's end")

    @field_validator("sender")
    @classmethod
    def _sender_is_an_address(cls, value: str) -> str:
        address_domain(value)
        return value

    def policy(self) -> NotificationPolicy:
        return NotificationPolicy(
            reminder_days_before=self.reminder_days_before,
            max_event_age=timedelta(days=self.max_event_age_days),
            day_starts_at=self.day_starts_at,
            day_ends_at=self.day_ends_at,
        )

    def contacts(self) -> EnrolmentContacts:
        token = _secret(self.enrolment_token, self.enrolment_token_file)
        return EnrolmentContacts(self.enrolment_url, token)

    def mailer(self) -> SmtpMailer:
        return SmtpMailer(
            self.smtp_host,
            self.smtp_port,
            starttls=self.smtp_starttls,
            username=self.smtp_username,
            password=_secret(self.smtp_password, self.smtp_password_file),
            timeout=self.smtp_timeout,
        )
