"""Exports: every national table as CSV or JSON, and the open-data table by department
with statistical secrecy and its Table Schema (decision 0018)."""

from __future__ import annotations

from typing import Annotated, Any

from conum_kernel.access import Role
from conum_runtime.http.dependencies import CurrentCaller, Today, allow, unit_of_work
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router
from fastapi import Depends, Response
from pydantic import BaseModel

from conum_national import views
from conum_national.api.schemas import (
    End,
    Format,
    OpenDataOut,
    RegionQuery,
    Start,
    TableName,
    TableOut,
    csv_text,
    table_csv,
)
from conum_national.store import NationalUnitOfWork

Uow = Annotated[NationalUnitOfWork, Depends(unit_of_work)]
READERS = (Role.NATIONAL_COORDINATOR, Role.REGIONAL_HUB)
CSV = "text/csv; charset=utf-8"
router = new_router(tags=["exports"])


def _file(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """The 200 answer of an export: a CSV file, or JSON of ``model``."""
    return {
        200: {
            "model": model,
            "description": "The file (CSV or JSON), as an attachment.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }


def _attachment(body: str, media_type: str, filename: str) -> Response:
    return Response(
        body.encode("utf-8"),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/national/exports/{table}",
    response_class=Response,
    responses={
        **problems(403),
        **_file(TableOut),
    },
    dependencies=[allow(*READERS)],
)
async def export_table(
    table: TableName,
    caller: CurrentCaller,
    uow: Uow,
    format: Format = "csv",
    region: RegionQuery = None,
    start: Start = None,
    end: End = None,
) -> Response:
    """A national table as a file: CSV (UTF-8, comma, CRLF) or JSON, for a region, a period."""
    scope = views.scope_for(caller, region, start, end)
    async with uow:
        found = TableOut.in_scope(await views.TABLES[table](uow, scope), scope, region)
    suffix = "-".join(part for part in (table, region) if part)
    if format == "json":
        return _attachment(found.model_dump_json(), "application/json", f"{suffix}.json")
    return _attachment(table_csv(found), CSV, f"{suffix}.csv")


@router.get(
    "/national/open-data/departments",
    response_class=Response,
    responses={
        **problems(403),
        **_file(OpenDataOut),
    },
    dependencies=[allow(*READERS)],
)
async def open_data(
    caller: CurrentCaller,
    uow: Uow,
    today: Today,
    format: Format = "csv",
    region: RegionQuery = None,
    start: Start = None,
    end: End = None,
) -> Response:
    """The funnel by department, region and nation, per scheme, ready for the national
    open-data portal: small counts suppressed, with secondary suppression."""
    scope = views.scope_for(caller, region, start, end)
    threshold = uow.secrecy_threshold
    async with uow:
        found = await views.open_data(uow, scope, extracted_on=today, threshold=threshold)
    name = "conseillers-numeriques-formation-initiale" + (f"-{region}" if region else "")
    if format == "json":
        answer = OpenDataOut.model_validate(
            {
                "schema": views.table_schema(threshold),
                "suppressed": found.suppressed,
                "rows": found.rows,
            }
        )
        return _attachment(
            answer.model_dump_json(by_alias=True), "application/json", f"{name}.json"
        )
    header = [field["name"] for field in views.table_schema(threshold)["fields"]]
    body = csv_text(header, ([row[name] for name in header] for row in found.rows))
    return _attachment(body, CSV, f"{name}.csv")


@router.get("/national/open-data/schema", dependencies=[allow(*READERS)])
async def open_data_schema(uow: Uow) -> dict[str, Any]:
    """The Table Schema of the open-data table (frictionlessdata.io, as schema.data.gouv.fr)."""
    return views.table_schema(uow.secrecy_threshold)
