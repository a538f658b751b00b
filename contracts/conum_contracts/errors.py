"""Errors raised by the contract layer.

Consumers route them: an :class:`EnvelopeError` or a :class:`ContractViolation` is a poison
message (dead-letter it), an :class:`UnknownEventType` is an event this consumer does not
know at all (a tolerant consumer skips it).
"""

from __future__ import annotations


class EnvelopeError(ValueError):
    """The CloudEvents headers of a message are missing or malformed."""


class ContractViolation(ValueError):
    """A payload does not honour the contract of its event type.

    ``reason`` never contains field values (they may be personal data): only field
    locations and what is wrong with them.
    """

    def __init__(self, reason: str, *, type_name: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.type_name = type_name


class UnsupportedMajorVersion(ContractViolation):
    """The event family is known, but not this major version (and no upcaster reaches one)."""


class UnknownEventType(LookupError):
    """No event type of this name (nor of its family) is declared in the registry."""
