"""The notifier's settings: defaults for a developer's machine, secrets from files, the
assumptions of the policy, and a sender that is an address."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest
from conum_notifier.settings import NotifierSettings
from pydantic import ValidationError


def test_by_default_it_sends_to_the_local_mailbox_and_reads_the_local_enrolment_service(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("CONUM_NOTIFIER_SMTP_PORT", "CONUM_NOTIFIER_ENROLMENT_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = NotifierSettings()
    assert (settings.smtp_host, settings.smtp_port) == ("127.0.0.1", 1025)
    assert settings.enrolment_url == "http://127.0.0.1:8001"
    policy = settings.policy()
    assert policy.reminder_days_before == 2
    assert policy.max_event_age == timedelta(days=7)
    assert (policy.day_starts_at, policy.day_ends_at) == (time(9), time(17))


def test_secrets_are_read_from_their_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "token").write_text("dev-notifier\n")
    (tmp_path / "password").write_text("s3cret\n")
    monkeypatch.setenv("CONUM_NOTIFIER_ENROLMENT_TOKEN_FILE", str(tmp_path / "token"))
    monkeypatch.setenv("CONUM_NOTIFIER_SMTP_PASSWORD_FILE", str(tmp_path / "password"))
    monkeypatch.setenv("CONUM_NOTIFIER_SMTP_USERNAME", "notifier")
    monkeypatch.setenv("CONUM_NOTIFIER_SMTP_STARTTLS", "true")
    monkeypatch.setenv("CONUM_NOTIFIER_REMINDER_DAYS_BEFORE", "3")
    settings = NotifierSettings()
    mailer = settings.mailer()
    assert (mailer.username, mailer.password, mailer.starttls) == ("notifier", "s3cret", True)
    assert settings.policy().reminder_days_before == 3
    contacts = settings.contacts()
    assert contacts._headers == {"Authorization": "Bearer dev-notifier"}
    assert "s3cret" not in repr(settings) and "dev-notifier" not in repr(settings)


def test_the_sender_must_be_an_address_and_a_day_must_end_after_it_starts() -> None:
    with pytest.raises(ValidationError):
        NotifierSettings(sender="Réseau Conseiller numérique")
    with pytest.raises(ValueError):
        NotifierSettings(day_starts_at=time(18)).policy()
