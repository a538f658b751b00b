"""Refusals of the rules: each names itself with a stable ``code`` and carries a category.

A service's domain subclasses one of :class:`Invalid`, :class:`NotFound`, :class:`Conflict`
or :class:`Forbidden`; the edge maps the category to one HTTP error shape (problem details,
RFC 9457), so no service keeps a refusal → status table of its own. Messages never carry
personal data (names, e-mail addresses).
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class Category(StrEnum):
    INVALID = "invalid"
    """The request breaks a rule (422)."""
    NOT_FOUND = "not_found"
    """The thing does not exist, or the caller may not know it does (404)."""
    CONFLICT = "conflict"
    """The thing's current state refuses the act (409)."""
    FORBIDDEN = "forbidden"
    """The caller may not do this, whatever the state (403)."""


class Refusal(Exception):
    """A request the rules refuse; ``code`` is stable and machine-readable."""

    code: ClassVar[str] = "refused"
    category: ClassVar[Category] = Category.INVALID

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    @property
    def reason(self) -> str:
        """The machine-readable code of this refusal (an instance may narrow its class's)."""
        return self.code


class Narrowed(Refusal):
    """A refusal whose every instance names its own ``reason``, narrower than the class's
    ``code`` (a results file's faulty column, the way a session's days break its module).
    Mixed in before the category: ``class InvalidRow(Narrowed, Invalid)``."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self._reason = reason

    @property
    def reason(self) -> str:
        return self._reason


class Invalid(Refusal):
    category = Category.INVALID


class NotFound(Refusal):
    category = Category.NOT_FOUND


class Conflict(Refusal):
    category = Category.CONFLICT


class Forbidden(Refusal):
    category = Category.FORBIDDEN


class WrongRegion(Forbidden):
    """The caller acts for a region it does not belong to."""

    code = "wrong_region"


class RoleNotAllowed(Forbidden):
    """The caller's role may not do this."""

    code = "role_not_allowed"
