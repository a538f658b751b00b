"""The national unit of work: one transaction over the repositories, and the position of the
record it applies, kept in the same transaction (freshness, replay)."""

from __future__ import annotations

from collections.abc import Sequence

from conum_contracts.base import EventModel
from conum_contracts.envelope import Envelope, format_time
from conum_runtime.deadletter import ConsumedRecord
from conum_runtime.offsets import KafkaOffsets
from conum_runtime.uow import UnitOfWork, conseillers_of

from conum_national.domain import fold
from conum_national.store.repositories import Facts, Journeys, Modules, Network, Positions


class NationalUnitOfWork(UnitOfWork):
    facts: Facts
    journeys: Journeys
    network: Network
    modules: Modules
    positions: Positions
    offsets: KafkaOffsets | None
    """Where the consumed topics end and where the consumer group stands (collaborator)."""
    consumed_topics: tuple[str, ...]
    """The consumed topics' names on the broker, prefix included (collaborator)."""
    secrecy_threshold: int
    """Open data: counts from 1 to this minus one are suppressed (collaborator)."""

    offsets = None
    consumed_topics = ()
    secrecy_threshold = 5

    async def consumed(self, record: ConsumedRecord, envelope: Envelope) -> None:
        self.positions.applied(
            record.topic, record.partition, record.offset, format_time(envelope.time)
        )

    async def prefetch(self, events: Sequence[EventModel]) -> None:
        """The rows of a batch's conseillers taken, then their facts read: one statement
        each."""
        known = conseillers_of(events)
        await self.journeys.take(known)
        await self.facts.load(known)

    async def commit(self) -> None:
        """Fold again, once each, the journeys of the conseillers whose facts changed."""
        marked = self.journeys.to_fold()
        folds = {c: fold(c, await self.facts.of(c)) for c in marked}
        await self.journeys.replace(folds)
        await self.positions.write()
        await super().commit()
