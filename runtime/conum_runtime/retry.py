"""Telling transient failures from permanent ones, and backing off between retries."""

from __future__ import annotations

import random

from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, NodeNotReadyError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

_TRANSIENT = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
    OSError,
    KafkaConnectionError,
    KafkaTimeoutError,
    NodeNotReadyError,
)


def describe(error: BaseException) -> str:
    """A reason fit for logs and dead letters: database errors are named, never quoted, since
    their messages can carry the values of a row (personal data)."""
    if isinstance(error, DBAPIError):
        return f"{type(error).__name__} ({type(error.orig).__name__})"
    return f"{type(error).__name__}: {error}"


def is_transient(error: BaseException) -> bool:
    """A failure that may go away by itself: a database or broker that is down or busy."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, _TRANSIENT):
        return True
    cause = error.__cause__
    return cause is not None and cause is not error and is_transient(cause)


class Backoff:
    """Exponential backoff with jitter: 0.1 s, 0.2 s, … up to ``maximum`` seconds."""

    def __init__(self, initial: float = 0.1, maximum: float = 5.0, factor: float = 2.0) -> None:
        self._initial = initial
        self._maximum = maximum
        self._factor = factor
        self._attempt = 0

    @property
    def attempts(self) -> int:
        return self._attempt

    def next_delay(self) -> float:
        delay = min(self._maximum, self._initial * self._factor**self._attempt)
        self._attempt += 1
        return delay * random.uniform(0.8, 1.2)

    def reset(self) -> None:
        self._attempt = 0
