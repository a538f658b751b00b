"""How far behind the view is, per topic and partition: consumer lag and the last event
applied.

``lag = end offset − next offset to apply``, the next offset being the larger of the applied
offset + 1 (kept in the store with each effect) and the consumer group's committed offset
(which also moves past records that changed nothing: duplicates, dead letters).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from conum_national.store import NationalUnitOfWork


@dataclass(frozen=True)
class PartitionFreshness:
    topic: str
    partition: int
    end_offset: int | None
    """``None``: the broker did not answer."""
    applied_offset: int | None
    committed_offset: int | None
    lag: int | None
    last_applied_at: datetime | None
    last_event_time: str | None


@dataclass(frozen=True)
class TopicFreshness:
    topic: str
    lag: int | None
    last_applied_at: datetime | None
    partitions: list[PartitionFreshness]


@dataclass(frozen=True)
class Freshness:
    broker_reachable: bool
    lag: int | None
    """Every topic together."""
    last_applied_at: datetime | None
    topics: list[TopicFreshness]
    awaiting_enrolment: int
    """Conseillers whose facts arrived before their enrolment."""


def _lag(end: int | None, applied: int | None, committed: int | None) -> int | None:
    if end is None:
        return None
    next_offset = max((applied + 1) if applied is not None else 0, committed or 0)
    return max(0, end - next_offset)


async def freshness(uow: NationalUnitOfWork) -> Freshness:
    topics = list(uow.consumed_topics)
    applied = {(p.topic, p.partition): p for p in await uow.positions.all(topics)}
    offsets = {}
    reachable = uow.offsets is not None
    if uow.offsets is not None:
        try:
            offsets = {(o.topic, o.partition): o for o in await uow.offsets.read(topics)}
        except Exception:  # the broker is down: say so, show what the store knows
            reachable = False
    keys = sorted(set(applied) | set(offsets))
    by_topic: dict[str, list[PartitionFreshness]] = {topic: [] for topic in topics}
    for key in keys:
        position, read = applied.get(key), offsets.get(key)
        end = read.end if read else None
        committed = read.committed if read else None
        by_topic.setdefault(key[0], []).append(
            PartitionFreshness(
                topic=key[0],
                partition=key[1],
                end_offset=end,
                applied_offset=position.offset if position else None,
                committed_offset=committed,
                lag=_lag(end, position.offset if position else None, committed)
                if reachable
                else None,
                last_applied_at=position.applied_at if position else None,
                last_event_time=position.event_time if position else None,
            )
        )
    summaries = [
        TopicFreshness(
            topic=topic,
            lag=sum(p.lag for p in parts if p.lag is not None) if reachable else None,
            last_applied_at=max(
                (p.last_applied_at for p in parts if p.last_applied_at), default=None
            ),
            partitions=parts,
        )
        for topic, parts in sorted(by_topic.items())
    ]
    return Freshness(
        broker_reachable=reachable,
        lag=sum(t.lag or 0 for t in summaries) if reachable else None,
        last_applied_at=max(
            (t.last_applied_at for t in summaries if t.last_applied_at), default=None
        ),
        topics=summaries,
        awaiting_enrolment=await uow.journeys.awaiting(None),
    )
