from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conum_runtime.settings import ServiceSettings
from conum_runtime.telemetry import LOG_FORMAT, TraceIdFilter
from opentelemetry.sdk.trace import TracerProvider
from pydantic import ValidationError
from sqlalchemy.engine import make_url


def test_settings_come_from_conum_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONUM_REGION", "FR-NAQ")
    monkeypatch.setenv("CONUM_SERVICE", "modules")
    settings = ServiceSettings()
    assert settings.instance == "modules-FR-NAQ"
    assert settings.resolved_database_url() == "sqlite+aiosqlite:///var/modules-FR-NAQ.db"
    assert not settings.is_national


def test_a_region_must_be_a_region_code() -> None:
    with pytest.raises(ValidationError):
        ServiceSettings(region="Nouvelle-Aquitaine")


def test_log_lines_carry_the_trace_id() -> None:
    tracer = TracerProvider().get_tracer("test")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    with tracer.start_as_current_span("work") as span:
        TraceIdFilter().filter(record)
    line = logging.Formatter(LOG_FORMAT).format(record)
    assert f"trace_id={span.get_span_context().trace_id:032x}" in line


def test_log_lines_outside_a_trace_say_so() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    TraceIdFilter().filter(record)
    assert record.trace_id == "-"  # type: ignore[attr-defined]


def test_the_database_password_may_come_from_a_file(tmp_path: Path) -> None:
    (tmp_path / "password").write_text("s3cret/with@reserved:chars\n")
    settings = ServiceSettings(
        database_url="postgresql+asyncpg://conum@db:5432/enrolment",
        database_password_file=tmp_path / "password",
    )
    url = make_url(settings.resolved_database_url())
    assert (url.username, url.password, url.host, url.database) == (
        "conum",
        "s3cret/with@reserved:chars",
        "db",
        "enrolment",
    )
    assert "s3cret" not in repr(settings)
