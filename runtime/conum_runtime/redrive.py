"""Dead letters for operators: list them, and send them back to their consumer after a fix.

A dead letter keeps the original value, key and headers (``ce_id`` included) of the record a
consumer could not process, where it came from and why (:mod:`conum_runtime.deadletter`).
Re-driving publishes it again to its original topic, unchanged: the consumer applies it once
(its inbox knows the ``ce_id``), however often it is re-driven. Each re-drive is recorded in
the dead-letter topic itself (a record with the ``dlq_redrive_of`` header and no value), so
the list says which letters were sent back.

    python -m conum_runtime.redrive list <service> [--bootstrap …] [--prefix …]
    python -m conum_runtime.redrive redrive <service> (--id P:O … | --all) [--bootstrap …]

A dead letter's id is its place in the dead-letter topic: ``<partition>:<offset>``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from conum_contracts.registry import dead_letter_topic

from conum_runtime.deadletter import (
    CONSUMER,
    ORIGINAL_OFFSET,
    ORIGINAL_PARTITION,
    ORIGINAL_TOPIC,
    REASON,
)

REDRIVE_OF = "dlq_redrive_of"
DLQ_HEADERS = frozenset({REASON, ORIGINAL_TOPIC, ORIGINAL_PARTITION, ORIGINAL_OFFSET, CONSUMER})


@dataclass(frozen=True)
class DeadLetter:
    id: str
    reason: str
    topic: str
    partition: int
    offset: int
    event_type: str
    age_seconds: float
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...]
    redriven: bool = False

    def original_headers(self) -> list[tuple[str, bytes]]:
        return [(name, value) for name, value in self.headers if name not in DLQ_HEADERS]


async def read_dead_letters(bootstrap: str, service: str, prefix: str = "") -> list[DeadLetter]:
    """Every dead letter of ``service``, oldest first, each marked when it was re-driven."""
    topic = prefix + dead_letter_topic(service)
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await reader.start()
    try:
        partitions = [
            TopicPartition(topic, p) for p in sorted(reader.partitions_for_topic(topic) or ())
        ]
        if not partitions:
            await reader._client.force_metadata_update()
            partitions = [
                TopicPartition(topic, p) for p in sorted(reader.partitions_for_topic(topic) or ())
            ]
        if not partitions:
            return []
        reader.assign(partitions)
        await reader.seek_to_beginning(*partitions)
        ends = await reader.end_offsets(partitions)
        letters: list[DeadLetter] = []
        redriven: set[str] = set()
        while [tp for tp, end in ends.items() if await reader.position(tp) < end]:
            for batch in (await reader.getmany(timeout_ms=500)).values():
                for record in batch:
                    headers = {
                        name: value.decode("utf-8", "replace") for name, value in record.headers
                    }
                    if REDRIVE_OF in headers:
                        redriven.add(headers[REDRIVE_OF])
                        continue
                    letters.append(
                        DeadLetter(
                            id=f"{record.partition}:{record.offset}",
                            reason=headers.get(REASON, ""),
                            topic=headers.get(ORIGINAL_TOPIC, ""),
                            partition=int(headers.get(ORIGINAL_PARTITION, "-1")),
                            offset=int(headers.get(ORIGINAL_OFFSET, "-1")),
                            event_type=headers.get("ce_type", "?"),
                            age_seconds=max(0.0, time.time() - record.timestamp / 1000),
                            key=record.key,
                            value=record.value or b"",
                            headers=tuple(record.headers),
                        )
                    )
    finally:
        await reader.stop()
    return [
        DeadLetter(**{**letter.__dict__, "redriven": letter.id in redriven}) for letter in letters
    ]


async def redrive(
    bootstrap: str, service: str, letters: Iterable[DeadLetter], prefix: str = ""
) -> list[str]:
    """Send ``letters`` back to their original topics, unchanged; record each re-drive."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True)
    await producer.start()
    sent = []
    try:
        for letter in letters:
            await producer.send_and_wait(
                letter.topic, letter.value, key=letter.key, headers=letter.original_headers()
            )
            await producer.send_and_wait(
                prefix + dead_letter_topic(service),
                b"",
                key=letter.key,
                headers=[(REDRIVE_OF, letter.id.encode())],
            )
            sent.append(letter.id)
    finally:
        await producer.stop()
    return sent


def _table(letters: list[DeadLetter]) -> str:
    lines = [f"{'id':>8}  {'age':>8}  {'topic':40} {'p:offset':>9}  {'type':50} reason"]
    for letter in letters:
        age = (
            f"{letter.age_seconds / 3600:.1f} h"
            if letter.age_seconds >= 3600
            else f"{letter.age_seconds:.0f} s"
        )
        place = f"{letter.partition}:{letter.offset}"
        mark = " (re-driven)" if letter.redriven else ""
        lines.append(
            f"{letter.id:>8}  {age:>8}  {letter.topic:40} {place:>9}  {letter.event_type:50} "
            f"{letter.reason[:120]}{mark}"
        )
    return "\n".join(lines)


async def _main(arguments: argparse.Namespace) -> int:
    letters = await read_dead_letters(arguments.bootstrap, arguments.service, arguments.prefix)
    if arguments.command == "list":
        print(_table(letters) if letters else f"no dead letters for {arguments.service}")
        return 0
    chosen = [
        letter
        for letter in letters
        if (arguments.all and not letter.redriven) or letter.id in (arguments.id or ())
    ]
    unknown = set(arguments.id or ()) - {letter.id for letter in letters}
    if unknown:
        print(f"unknown dead letters: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    sent = await redrive(arguments.bootstrap, arguments.service, chosen, arguments.prefix)
    print(f"re-driven {len(sent)} dead letter(s) of {arguments.service}: {', '.join(sent) or '-'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conum_runtime.redrive", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("command", choices=("list", "redrive"))
    parser.add_argument("service", help="e.g. positioning")
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    parser.add_argument("--prefix", default="", help="topic prefix (tests)")
    parser.add_argument("--id", action="append", help="a dead letter's id, P:O (repeatable)")
    parser.add_argument("--all", action="store_true", help="every dead letter not yet re-driven")
    arguments = parser.parse_args(argv)
    if arguments.command == "redrive" and not (arguments.id or arguments.all):
        parser.error("redrive needs --id or --all")
    return asyncio.run(_main(arguments))


if __name__ == "__main__":
    sys.exit(main())
