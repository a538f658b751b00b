"""The reliable consumer: decode, dead-letter the poison, skip what is not ours, apply once.

For each Kafka record:

1. the CloudEvents headers are decoded; a bad envelope is dead-lettered;
2. another region's event is skipped (a national instance sees every region);
3. an event type this consumer does not handle is skipped, and so is an old major carrying
   deprecation headers when a newer major exists (the producer publishes both);
4. the payload is decoded against its contract (old majors upcast); an unknown major version
   or a payload that violates its contract is dead-lettered;
5. the handler runs in one unit of work with the inbox record ``(consumer, ce_id)``: a
   redelivered event changes nothing;
6. transient failures (database or broker down) are retried with backoff, never
   dead-lettered; any other failure of the handler is dead-lettered with its reason.

The offset is committed by the caller once this returns, after the database commit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from enum import StrEnum
from typing import Any

from conum_contracts import registry
from conum_contracts.base import EventModel
from conum_contracts.decoding import decode_event
from conum_contracts.envelope import Envelope, EnvelopeError, decode_headers, parse_type
from conum_contracts.errors import ContractViolation, UnknownEventType
from conum_kernel.territory import NATIONAL
from sqlalchemy.exc import IntegrityError

from conum_runtime.deadletter import ConsumedRecord, DeadLetters
from conum_runtime.retry import Backoff, describe, is_transient
from conum_runtime.uow import UnitOfWork

log = logging.getLogger(__name__)

EventHandler = Callable[[Any, Envelope, Any], Awaitable[None]]


class Outcome(StrEnum):
    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    OTHER_REGION = "other_region"
    NOT_HANDLED = "not_handled"
    SUPERSEDED = "superseded"
    DEAD_LETTERED = "dead_lettered"


class EventConsumer:
    """Applies events to one service's store, exactly once in effect."""

    def __init__(
        self,
        *,
        name: str,
        region: str,
        handlers: Mapping[type[EventModel], EventHandler],
        new_uow: Callable[[], UnitOfWork],
        dead_letters: DeadLetters,
    ) -> None:
        self.name = name
        self._region = region
        self._handlers = dict(handlers)
        self._families = {registry.for_model(model).family for model in handlers}
        self._new_uow = new_uow
        self._dead_letters = dead_letters

    @property
    def topics(self) -> list[str]:
        return sorted({registry.for_model(model).topic for model in self._handlers})

    async def handle(self, record: ConsumedRecord) -> Outcome:
        backoff = Backoff()
        while True:
            try:
                return await self._process(record)
            except Exception as error:
                if not is_transient(error):
                    reason = f"handler failed: {describe(error)}"
                    log.warning("%s: dead-lettering %s", self.name, reason)
                    return await self._dead_letter(record, reason)
                delay = backoff.next_delay()
                log.warning(
                    "%s: transient failure, retry in %.1fs: %s", self.name, delay, describe(error)
                )
                await asyncio.sleep(delay)

    def _is_mine(self, region: str) -> bool:
        return self._region == NATIONAL or region in (self._region, NATIONAL)

    async def _process(self, record: ConsumedRecord) -> Outcome:
        try:
            envelope = decode_headers(dict(record.headers))
        except EnvelopeError as error:
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
            return await self._dead_letter(record, f"contract violation: {error}")
        handler = self._handlers.get(type(event))
        if handler is None:
            return Outcome.NOT_HANDLED
        try:
            return await self._apply(handler, event, envelope, record)
        except IntegrityError:
            if await self._was_processed(envelope):
                return Outcome.DUPLICATE
            raise

    async def _apply(
        self, handler: EventHandler, event: EventModel, envelope: Envelope, record: ConsumedRecord
    ) -> Outcome:
        async with self._new_uow() as uow:
            if await uow.already_processed(self.name, envelope.id):
                return Outcome.DUPLICATE
            await uow.mark_processed(self.name, envelope)
            uow.caused_by(envelope)
            await handler(event, envelope, uow)
            await uow.consumed(record, envelope)
            await uow.commit()
        return Outcome.PROCESSED

    async def _was_processed(self, envelope: Envelope) -> bool:
        async with self._new_uow() as uow:
            return await uow.already_processed(self.name, envelope.id)

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
