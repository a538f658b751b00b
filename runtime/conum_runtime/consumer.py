"""The reliable consumer: decode, dead-letter the poison, skip what is not ours, apply once.

For each Kafka record:

1. the CloudEvents headers are decoded; a bad envelope is dead-lettered;
2. another region's event is skipped (a national instance sees every region);
3. an event type this consumer does not handle is skipped, and so is an old major carrying
   deprecation headers when a newer major exists (the producer publishes both);
4. the payload is decoded against its contract (old majors upcast); an unknown major version
   or a payload that violates its contract is dead-lettered;
5. the handler runs in a unit of work with the inbox record ``(consumer, ce_id)``: a
   redelivered event changes nothing;
6. transient failures (database or broker down) are retried with backoff, never
   dead-lettered; any other failure of the handler is dead-lettered with its reason.

:meth:`EventConsumer.handle_batch` applies the events of a batch in **one** transaction, one
inbox record each, in the order received (per partition, hence per key); the unit of work is
first told the batch's events (:meth:`UnitOfWork.prefetch`) so that the service may read what
its handlers need in one statement per table. When a handler of
the batch fails, the transaction is rolled back and the batch is applied again one event at a
time, so that only the failing event is dead-lettered (decision 0019). Each event is handled
in a span of its own that continues the trace of the work that published it.

The caller commits the offsets once this returns, after the database commit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from conum_contracts import registry
from conum_contracts.base import EventModel
from conum_contracts.decoding import decode_event
from conum_contracts.envelope import Envelope, EnvelopeError, decode_headers, parse_type
from conum_contracts.errors import ContractViolation, UnknownEventType
from conum_kernel.territory import NATIONAL, current_region_code
from opentelemetry import trace
from sqlalchemy.exc import IntegrityError

from conum_runtime.consumed import AnyHandler
from conum_runtime.deadletter import ConsumedRecord, DeadLetters
from conum_runtime.kafka import consuming_span
from conum_runtime.retry import Backoff, describe, is_transient
from conum_runtime.telemetry import about_conseiller, conseiller_of
from conum_runtime.uow import UnitOfWork

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    OTHER_REGION = "other_region"
    NOT_HANDLED = "not_handled"
    SUPERSEDED = "superseded"
    DEAD_LETTERED = "dead_lettered"


@dataclass(frozen=True)
class Applicable:
    """A record that passed every check: its handler is to run."""

    index: int
    record: ConsumedRecord
    envelope: Envelope
    event: EventModel
    handler: AnyHandler


class HandlerFailed(Exception):
    """A handler of a batch failed for good: the batch is applied one event at a time."""


class EventConsumer:
    """Applies events to one service's store, exactly once in effect."""

    def __init__(
        self,
        *,
        name: str,
        region: str,
        handlers: Mapping[type[EventModel], AnyHandler],
        new_uow: Callable[[], UnitOfWork],
        dead_letters: DeadLetters,
        tracer: trace.Tracer | None = None,
    ) -> None:
        self.name = name
        self._region = region
        self._handlers = dict(handlers)
        self._families = {registry.for_model(model).family for model in handlers}
        self._new_uow = new_uow
        self._dead_letters = dead_letters
        self._tracer = tracer or trace.NoOpTracer()

    @property
    def topics(self) -> list[str]:
        return sorted({registry.for_model(model).topic for model in self._handlers})

    async def handle(self, record: ConsumedRecord) -> Outcome:
        """One record, in a transaction of its own."""
        return (await self.handle_batch([record]))[0]

    async def handle_batch(self, records: Sequence[ConsumedRecord]) -> list[Outcome]:
        """Every record of a batch, in order; the applicable ones in one transaction."""
        outcomes: list[Outcome | None] = [None] * len(records)
        applicable: list[Applicable] = []
        for index, record in enumerate(records):
            checked = await self._check(index, record)
            if isinstance(checked, Applicable):
                applicable.append(checked)
            else:
                outcomes[index] = checked
        if applicable:
            for item, outcome in zip(applicable, await self._apply_all(applicable), strict=True):
                outcomes[item.index] = outcome
        return [outcome or Outcome.NOT_HANDLED for outcome in outcomes]

    def _is_mine(self, region: str) -> bool:
        """Events of earlier majors may carry a retired code (Corsica's ``FR-COR``)."""
        return self._region == NATIONAL or current_region_code(region) in (self._region, NATIONAL)

    async def _check(self, index: int, record: ConsumedRecord) -> Applicable | Outcome:
        try:
            envelope = decode_headers(dict(record.headers))
        except EnvelopeError as error:
            with consuming_span(self._tracer, record):
                return await self._dead_letter(record, f"bad envelope: {error}")
        if not self._is_mine(envelope.region):
            return Outcome.OTHER_REGION
        family, major = parse_type(envelope.type)
        if family not in self._families:
            return Outcome.NOT_HANDLED
        if envelope.deprecation and major < max(registry.known_majors(family)):
            return Outcome.SUPERSEDED  # its newer twin, published alongside, is applied
        try:
            event = decode_event(envelope.type, record.value)
        except (ContractViolation, UnknownEventType) as error:
            with consuming_span(self._tracer, record):
                return await self._dead_letter(record, f"contract violation: {error}")
        handler = self._handlers.get(type(event))
        if handler is None:
            return Outcome.NOT_HANDLED
        return Applicable(index, record, envelope, event, handler)

    async def _apply_all(self, items: list[Applicable]) -> list[Outcome]:
        backoff = Backoff()
        while True:
            try:
                return await self._apply_together(items)
            except HandlerFailed:
                break
            except IntegrityError:
                break  # another instance applied one of them meanwhile: sort it out one by one
            except Exception as error:
                if not is_transient(error):
                    break
                delay = backoff.next_delay()
                log.warning(
                    "%s: transient failure, retry in %.1fs: %s", self.name, delay, describe(error)
                )
                await asyncio.sleep(delay)
        return [await self._apply_alone(item) for item in items]

    async def _apply_together(self, items: list[Applicable]) -> list[Outcome]:
        outcomes = []
        async with self._new_uow() as uow:
            seen = await uow.processed_among(self.name, [item.envelope.id for item in items])
            await uow.prefetch([item.event for item in items if item.envelope.id not in seen])
            for item in items:
                if item.envelope.id in seen:
                    outcomes.append(Outcome.DUPLICATE)
                    continue
                seen.add(item.envelope.id)
                await self._run(uow, item, in_batch=len(items) > 1)
                outcomes.append(Outcome.PROCESSED)
            await uow.commit()
        return outcomes

    async def _run(self, uow: UnitOfWork, item: Applicable, *, in_batch: bool) -> None:
        envelope = item.envelope
        with (
            consuming_span(self._tracer, item.record),
            about_conseiller(conseiller_of(envelope.type, envelope.subject)),
        ):
            uow.mark_processed(self.name, envelope)
            await uow.consumed(item.record, envelope)
            uow.caused_by(envelope)
            log.debug("%s: applying %s %s", self.name, envelope.type, envelope.id)
            try:
                await item.handler(item.event, envelope, uow)
            except Exception as error:
                if in_batch and not is_transient(error):
                    raise HandlerFailed from error
                raise

    async def _apply_alone(self, item: Applicable) -> Outcome:
        backoff = Backoff()
        while True:
            try:
                return (await self._apply_together([item]))[0]
            except IntegrityError:
                if await self._was_processed(item.envelope):
                    return Outcome.DUPLICATE
                return await self._dead_letter(item.record, "handler failed: integrity error")
            except Exception as error:
                if not is_transient(error):
                    reason = f"handler failed: {describe(error)}"
                    with consuming_span(self._tracer, item.record):
                        log.warning("%s: dead-lettering %s", self.name, reason)
                        return await self._dead_letter(item.record, reason)
                delay = backoff.next_delay()
                log.warning(
                    "%s: transient failure, retry in %.1fs: %s", self.name, delay, describe(error)
                )
                await asyncio.sleep(delay)

    async def _was_processed(self, envelope: Envelope) -> bool:
        async with self._new_uow() as uow:
            return bool(await uow.processed_among(self.name, [envelope.id]))

    async def _dead_letter(self, record: ConsumedRecord, reason: str) -> Outcome:
        backoff = Backoff()
        while True:
            try:
                await self._dead_letters.send(record, consumer=self.name, reason=reason)
                return Outcome.DEAD_LETTERED
            except Exception as error:
                if not is_transient(error):
                    raise
                await asyncio.sleep(backoff.next_delay())
