"""Fixtures of the enrolment service's API tests: the service over a real broker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conum_enrolment.app import create_app
from conum_runtime.auth import TokenBook
from conum_runtime.testing.harness import tokens_json
from conum_runtime.testing.services import SettableClock, service_settings
from fastapi import FastAPI

TOKEN_ENTRIES: tuple[tuple[str, ...], ...] = (
    ("structure-naq", "host_structure", "FR-NAQ"),
    ("structure-ara", "host_structure", "FR-ARA"),
    ("organisation-naq", "training_organisation", "FR-NAQ"),
    ("fabrik-naq", "training_organisation", "FR-NAQ", "la-fabrik"),
    ("afpa-naq", "training_organisation", "FR-NAQ", "afpa-simplon"),
    ("hub-naq", "regional_hub", "FR-NAQ"),
    ("certifier-naq", "certifier", "FR-NAQ"),
    ("national", "national_coordinator", "national"),
    ("operator", "operator", "national"),
    ("notifier", "notifier", "national"),
    ("notifier-idf", "notifier", "FR-IDF"),
)

AppFactory = Callable[..., FastAPI]


def bind_structure_token(app: FastAPI, token: str, structure_id: str) -> None:
    """Give ``app`` one more token: a host structure of FR-NAQ bound to ``structure_id`` (a
    structure's id is only known once it is registered)."""
    entries = (*TOKEN_ENTRIES, (token, "host_structure", "FR-NAQ", structure_id))
    app.state.token_book = TokenBook.from_json(tokens_json(*entries))


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(date(2026, 3, 2))


@pytest.fixture
def make_app(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str, clock: SettableClock
) -> AppFactory:
    """``make_app(database_url=None, region="national")``: the service, not yet started."""

    def make(database_url: str | None = None, region: str = "national") -> FastAPI:
        settings = service_settings(
            database_url or f"sqlite+aiosqlite:///{tmp_path}/enrolment-{region}.db",
            kafka_bootstrap,
            topic_prefix,
            tokens_json(*TOKEN_ENTRIES),
            region=region,
        )
        return create_app(settings, clock=clock)

    return make
