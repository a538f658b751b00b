"""Answers: the models of what a route returns, each read from a domain object or a view.

An answer declares its fields; :meth:`Answer.of` reads each from the source's attribute of
the same name (nested answers too: pydantic's ``from_attributes``), or from the objects
given after it (a view's parts). Where an answer's names or shapes differ from its
source's, its ``of`` says only how (``super().of(source, department=source.department.code)``)
instead of copying every field by hand.
"""

from __future__ import annotations

from typing import Any, Generic, Self, TypeVar

from conum_contracts.base import read_fields
from pydantic import BaseModel, ConfigDict

S = TypeVar("S")


class Answer(BaseModel, Generic[S]):
    """An answer read from a source of type ``S``."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def of(cls, source: S, /, *parts: object, **given: Any) -> Self:
        """The answer for ``source``: the ``given`` fields as they are, each other one read
        from the first of ``source`` and ``parts`` that has an attribute of its name
        (:func:`~conum_contracts.base.read_fields`)."""
        if not parts and not given:
            return cls.model_validate(source)
        return cls.model_validate(read_fields(cls, source, parts, given))
