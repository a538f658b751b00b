"""Factories for the national view's tests: conseillers' journeys as the network's services
tell them (:mod:`.journeys`), a scripted stream of several regions with what it should show
(:mod:`.streams`), and module events (:mod:`.modules`). No assertions here."""

from conum_national.testing.journeys import (
    Planned,
    Timed,
    enrolled,
    envelope_on,
    journey,
    new_id,
)
from conum_national.testing.modules import module_events
from conum_national.testing.streams import expected_funnel, scripted_plans, scripted_stream

__all__ = [
    "Planned",
    "Timed",
    "enrolled",
    "envelope_on",
    "expected_funnel",
    "journey",
    "module_events",
    "new_id",
    "scripted_plans",
    "scripted_stream",
]
