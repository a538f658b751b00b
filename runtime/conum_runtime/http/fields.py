"""Request fields every service uses: strict, bounded, and storable in every database.

Text that names or codes something is one line of printable characters; free text may span
lines but holds no other control character. (Unpaired surrogates and NUL are refused for
every JSON string by :mod:`conum_runtime.http.limits`.) Booleans and integers are strict:
``0`` is not ``false``, ``"3"`` is not ``3`` (but ``3.0`` is, as JSON Schema says).
"""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from conum_contracts.common import DEPARTMENT_PATTERN, SLUG_PATTERN, UUID_PATTERN
from conum_kernel.territory import current_region_code
from fastapi import Query
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool

__all__ = [
    "Code",
    "Cursor",
    "DepartmentCode",
    "FreeText",
    "Integer",
    "Limit",
    "Name",
    "PageOut",
    "RegionCode",
    "RequestBody",
    "Slug",
    "StrictBool",
    "Uuid",
    "json_integer",
]

T = TypeVar("T")

_LINE = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*\S[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def _json_integer(value: object) -> object:
    """JSON Schema's integers include ``3.0``; strings and booleans are refused."""
    if isinstance(value, bool | str):
        raise ValueError("a JSON integer is expected")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


json_integer = BeforeValidator(_json_integer)
"""Marks an ``int`` as a JSON integer; put it after the bounds, so that the document shows
them: ``Annotated[int, Field(ge=0, le=100), json_integer]``."""

Integer = Annotated[int, json_integer]
"""A JSON integer: ``3`` or ``3.0``, never ``"3"`` nor ``true``."""

Uuid = Annotated[
    str, Field(pattern=UUID_PATTERN, max_length=36, json_schema_extra={"format": "uuid"})
]
"""A UUID in canonical lower-case form."""

Name = Annotated[str, Field(min_length=1, max_length=200, pattern=_LINE)]
"""A person's or a place's name: one printable line."""

FreeText = Annotated[str, Field(min_length=1, max_length=2000, pattern=_TEXT)]
"""A note, a reason, a question: printable text, lines allowed."""

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,49}$")]
"""A machine-readable code such as ``resigned``."""

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=50)]
"""A short lower-case identifier such as ``la-fabrik``."""

DepartmentCode = Annotated[str, Field(pattern=DEPARTMENT_PATTERN)]
"""An INSEE department code: ``"40"``, ``"2A"``, ``"974"``."""

RegionCode = Annotated[
    str,
    Field(
        pattern=r"^(FR-[A-Z]{3}|FR-20R)$",
        description="A region code such as `FR-NAQ`; Corsica is `FR-20R` (its former code "
        "`FR-COR` is read as `FR-20R`).",
    ),
    AfterValidator(current_region_code),
]
"""A region code such as ``FR-NAQ``; a retired code is read as the one that replaced it."""

Cursor = Annotated[
    str | None,
    Query(
        pattern=UUID_PATTERN,
        max_length=36,
        description="`next_cursor` of the previous page: the items after this id.",
    ),
]
Limit = Annotated[int, Query(ge=1, le=200, description="Items per page.")]


class RequestBody(BaseModel):
    """Base of every request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class PageOut(BaseModel, Generic[T]):
    """One page of a list ordered by id; ``next_cursor`` is set when more follow."""

    items: list[T]
    next_cursor: str | None
