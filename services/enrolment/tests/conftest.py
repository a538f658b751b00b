"""Fixtures of the enrolment service's HTTP tests: the service over a real broker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conum_enrolment.app import create_app
from conum_enrolment.testing import SettableClock
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import tokens_json
from fastapi import FastAPI

TOKENS = tokens_json(
    ("structure-naq", "host_structure", "FR-NAQ"),
    ("structure-ara", "host_structure", "FR-ARA"),
    ("organisation-naq", "training_organisation", "FR-NAQ"),
    ("hub-naq", "regional_hub", "FR-NAQ"),
    ("certifier-naq", "certifier", "FR-NAQ"),
    ("national", "national_coordinator", "national"),
    ("operator", "operator", "national"),
)

AppFactory = Callable[..., FastAPI]


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(date(2026, 3, 2))


@pytest.fixture
def make_app(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str, clock: SettableClock
) -> AppFactory:
    """``make_app(database_url=None, region="national")``: the service, not yet started."""

    def make(database_url: str | None = None, region: str = "national") -> FastAPI:
        settings = ServiceSettings(
            database_url=database_url or f"sqlite+aiosqlite:///{tmp_path}/enrolment-{region}.db",
            kafka_bootstrap_servers=kafka_bootstrap,
            topic_prefix=topic_prefix,
            tokens=TOKENS,
            relay_poll_interval=0.05,
            region=region,
        )
        return create_app(settings, clock=clock)

    return make
