"""Answer models of the national view, each read from a read model (``of``); query fields."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from conum_kernel.territory import territory
from conum_runtime.http.answers import Answer
from conum_runtime.http.fields import PageOut
from fastapi import Query
from pydantic import BaseModel, Field

from conum_national import views
from conum_national.domain import mandatory_modules
from conum_national.views.freshness import PartitionFreshness, TopicFreshness

TableName = Literal[
    "regions",
    "funnel",
    "paths",
    "withdrawals",
    "durations",
    "attendance",
    "departments",
    "cohorts",
    "full_title",
    "structures",
    "modules",
    "module_catalogue",
    "mandatory_modules",
    "satisfaction",
]
"""Every national table (``views.TABLES``)."""

Format = Literal["csv", "json"]

REGION_CODES = "^(" + "|".join(sorted(territory().regions)) + ")$"
KnownRegion = Annotated[str, Field(pattern=REGION_CODES, description="A region code, e.g. FR-NAQ.")]
RegionQuery = Annotated[
    str | None,
    Query(pattern=REGION_CODES, description="Only this region (a region code, e.g. FR-NAQ)."),
]
Start = Annotated[
    date | None, Query(alias="from", description="Period start (ISO 8601 day, inclusive).")
]
End = Annotated[date | None, Query(alias="to", description="Period end (ISO 8601 day, inclusive).")]
Cell = str | int | float | None


class ColumnOut(Answer[views.Column]):
    name: str
    label: str = Field(description="The column's name for a person, in French.")
    type: Literal["string", "integer", "number", "date"]


class TableOut(Answer[views.Table]):
    """One national table: its columns and rows (identifiers, codes and counts only)."""

    name: str
    title: str
    columns: list[ColumnOut]
    rows: list[dict[str, Cell]]
    region: str | None = Field(description="The region asked, if any.")
    period_start: date | None
    period_end: date | None

    @classmethod
    def in_scope(cls, table: views.Table, scope: views.Scope, region: str | None) -> TableOut:
        return cls.of(table, region=region, period_start=scope.start, period_end=scope.end)


class RegionOut(BaseModel):
    """A region's drill-down: every table, restricted to the region."""

    code: str
    name: str
    insee: str = Field(description="INSEE code (COG); empty for overseas collectivities.")
    tables: dict[str, TableOut]


class ConseillerOut(Answer[views.ConseillerView]):
    """A conseiller in the national view: identifiers, days and step; no name, no e-mail."""

    conseiller_id: str
    region: str
    department: str | None
    scheme: str | None
    step: str
    enrolments: int = Field(description="Enrolments so far (2 or more after a re-enrolment).")
    enrolment_id: str | None
    structure_id: str | None
    organisation_id: str | None
    enrolled_on: date | None
    positioned_on: date | None
    path_hours: int | None
    training_started_on: date | None
    cohort_id: str | None
    attendance_breaches: int
    training_completed_on: date | None
    ccp1_convened_on: date | None
    ccp1_passed_on: date | None
    ccp1_failed_on: date | None
    pix_certified_on: date | None
    double_certified_on: date | None
    withdrawn_on: date | None
    withdrawal_reason: str | None
    mandatory_modules_done: int
    mandatory_modules_owed: int

    @classmethod
    def of(cls, source: views.ConseillerView, /, *parts: object, **given: Any) -> Self:
        """The journey's fields; the mandatory modules count for the 2024 scheme only."""
        journey = source.journey
        done, owed = mandatory_modules(source.modules_completed)
        if journey.scheme != "2024":
            done = owed = 0
        return super().of(
            source,
            journey,
            *parts,
            step=journey.step.value,
            mandatory_modules_done=done,
            mandatory_modules_owed=owed,
            **given,
        )


class JourneyStateOut(BaseModel):
    """A conseiller's current journey as reconciliation compares it: ids, days and step."""

    conseiller_id: str
    region: str
    step: str
    enrolment_id: str | None
    structure_id: str | None
    enrolled_on: date | None
    withdrawn_on: date | None

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> JourneyStateOut:
        """From the store's typed columns: built without validating again (a listing holds
        up to 5,000 of them)."""
        return cls.model_construct(**row)


class JourneyStatePage(PageOut[JourneyStateOut]):
    pass


class PartitionOut(Answer[PartitionFreshness]):
    partition: int
    end_offset: int | None
    applied_offset: int | None
    committed_offset: int | None
    lag: int | None
    last_applied_at: datetime | None
    last_event_time: str | None


class TopicOut(Answer[TopicFreshness]):
    topic: str
    lag: int | None = Field(description="Records not applied yet; null if the broker is down.")
    last_applied_at: datetime | None
    partitions: list[PartitionOut]


class FreshnessOut(Answer[views.Freshness]):
    broker_reachable: bool
    lag: int | None
    last_applied_at: datetime | None
    awaiting_enrolment: int = Field(
        description="Conseillers whose facts arrived before their enrolment."
    )
    topics: list[TopicOut]


class OpenDataOut(BaseModel):
    """The open-data table, as its CSV says it (suppressed counts are empty strings)."""

    schema_: dict[str, object] = Field(alias="schema", description="Its Table Schema.")
    suppressed: int = Field(description="Counts left out for statistical secrecy.")
    rows: list[dict[str, str]]


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """RFC 4180 CSV: comma-separated, CRLF line ends, quoted when needed (UTF-8 on the wire)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()


def table_csv(table: TableOut) -> str:
    names = [column.name for column in table.columns]
    return csv_text(names, ([row.get(name) for name in names] for row in table.rows))
