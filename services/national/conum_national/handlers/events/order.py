"""The order of two tellings of one thing, for the rows merged whatever the order of events."""

from __future__ import annotations

from conum_contracts.envelope import Envelope, format_time

from conum_national.store.repositories import key_of


def telling_key(envelope: Envelope) -> str:
    """The event's time, then its id: the latest telling wins what a republication changes."""
    return key_of(format_time(envelope.time), envelope.id)
