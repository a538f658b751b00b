"""The events a service consumes, each with its handler, checked by the type checker.

A handler is ``async def on_<event>(event, envelope, uow) -> None``. A service lists its
handlers in ``handlers/events.py`` as ``CONSUMED = Consumed[TheUnitOfWork]().on(Model,
handler)…``: :meth:`Consumed.on` ties the handler's event parameter to the model it is given
for, and its unit-of-work parameter to the service's unit of work, so mypy refuses a handler
registered for another event or written for another service's unit of work; and
:class:`~conum_runtime.app.ServiceDefinition` ties ``consumed`` to its ``unit_of_work``.
At run time the consumer sees a plain mapping, model → handler.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Any, Generic, TypeAlias, TypeVar

from conum_contracts.base import EventModel
from conum_contracts.envelope import Envelope

from conum_runtime.uow import UnitOfWork

E = TypeVar("E", bound=EventModel)
U = TypeVar("U", bound=UnitOfWork)

EventHandler: TypeAlias = Callable[[E, Envelope, U], Awaitable[None]]
"""A handler of events of type ``E`` in units of work of type ``U``."""

AnyHandler: TypeAlias = Callable[[Any, Envelope, Any], Awaitable[None]]
"""A handler as the consumer calls it, once its event was decoded to its model."""


class Consumed(Mapping[type[EventModel], AnyHandler], Generic[U]):
    """The consumed event models, each with its handler, for units of work of type ``U``."""

    def __init__(self) -> None:
        self._handlers: dict[type[EventModel], AnyHandler] = {}

    def on(self, model: type[E], handler: EventHandler[E, U]) -> Consumed[U]:
        """Handle events of ``model`` with ``handler``; one handler per model."""
        if model in self._handlers:
            raise ValueError(f"{model.__name__} has a handler already")
        self._handlers[model] = handler
        return self

    def with_handler(self, model: type[E], handler: EventHandler[E, U]) -> Consumed[U]:
        """A copy in which ``model``'s events go to ``handler`` (a test's broken one)."""
        copy = Consumed[U]()
        copy._handlers = {**self._handlers, model: handler}
        return copy

    def __getitem__(self, model: type[EventModel]) -> AnyHandler:
        return self._handlers[model]

    def __iter__(self) -> Iterator[type[EventModel]]:
        return iter(self._handlers)

    def __len__(self) -> int:
        return len(self._handlers)
