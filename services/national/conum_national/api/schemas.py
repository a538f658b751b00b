"""Answer models of the national view, each mapping itself from a read model; query fields."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal

from conum_kernel.territory import territory
from conum_runtime.http.fields import PageOut
from fastapi import Query
from pydantic import BaseModel, Field

from conum_national import views
from conum_national.domain import mandatory_modules

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


class ColumnOut(BaseModel):
    name: str
    label: str = Field(description="The column's name for a person, in French.")
    type: Literal["string", "integer", "number", "date"]


class TableOut(BaseModel):
    """One national table: its columns and rows (identifiers, codes and counts only)."""

    name: str
    title: str
    columns: list[ColumnOut]
    rows: list[dict[str, Cell]]
    region: str | None = Field(description="The region asked, if any.")
    period_start: date | None
    period_end: date | None

    @classmethod
    def of(cls, table: views.Table, scope: views.Scope, region: str | None) -> TableOut:
        return cls(
            name=table.name,
            title=table.title,
            columns=[ColumnOut(name=c.name, label=c.label, type=c.type) for c in table.columns],
            rows=table.rows,
            region=region,
            period_start=scope.start,
            period_end=scope.end,
        )


class RegionOut(BaseModel):
    """A region's drill-down: every table, restricted to the region."""

    code: str
    name: str
    insee: str = Field(description="INSEE code (COG); empty for overseas collectivities.")
    tables: dict[str, TableOut]


class ConseillerOut(BaseModel):
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
    def of(cls, view: views.ConseillerView) -> ConseillerOut:
        j = view.journey
        done, owed = mandatory_modules(view.modules_completed)
        return cls(
            conseiller_id=j.conseiller_id,
            region=j.region,
            department=j.department,
            scheme=j.scheme,
            step=j.step.value,
            enrolments=view.enrolments,
            enrolment_id=j.enrolment_id,
            structure_id=j.structure_id,
            organisation_id=j.organisation_id,
            enrolled_on=j.enrolled_on,
            positioned_on=j.positioned_on,
            path_hours=j.path_hours,
            training_started_on=j.training_started_on,
            cohort_id=j.cohort_id,
            attendance_breaches=j.attendance_breaches,
            training_completed_on=j.training_completed_on,
            ccp1_convened_on=j.ccp1_convened_on,
            ccp1_passed_on=j.ccp1_passed_on,
            ccp1_failed_on=j.ccp1_failed_on,
            pix_certified_on=j.pix_certified_on,
            double_certified_on=j.double_certified_on,
            withdrawn_on=j.withdrawn_on,
            withdrawal_reason=j.withdrawal_reason,
            mandatory_modules_done=done if j.scheme == "2024" else 0,
            mandatory_modules_owed=owed if j.scheme == "2024" else 0,
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


class PartitionOut(BaseModel):
    partition: int
    end_offset: int | None
    applied_offset: int | None
    committed_offset: int | None
    lag: int | None
    last_applied_at: datetime | None
    last_event_time: str | None


class TopicOut(BaseModel):
    topic: str
    lag: int | None = Field(description="Records not applied yet; null if the broker is down.")
    last_applied_at: datetime | None
    partitions: list[PartitionOut]


class FreshnessOut(BaseModel):
    broker_reachable: bool
    lag: int | None
    last_applied_at: datetime | None
    awaiting_enrolment: int = Field(
        description="Conseillers whose facts arrived before their enrolment."
    )
    topics: list[TopicOut]

    @classmethod
    def of(cls, found: views.Freshness) -> FreshnessOut:
        return cls(
            broker_reachable=found.broker_reachable,
            lag=found.lag,
            last_applied_at=found.last_applied_at,
            awaiting_enrolment=found.awaiting_enrolment,
            topics=[
                TopicOut(
                    topic=t.topic,
                    lag=t.lag,
                    last_applied_at=t.last_applied_at,
                    partitions=[
                        PartitionOut(
                            partition=p.partition,
                            end_offset=p.end_offset,
                            applied_offset=p.applied_offset,
                            committed_offset=p.committed_offset,
                            lag=p.lag,
                            last_applied_at=p.last_applied_at,
                            last_event_time=p.last_event_time,
                        )
                        for p in t.partitions
                    ],
                )
                for t in found.topics
            ],
        )


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
