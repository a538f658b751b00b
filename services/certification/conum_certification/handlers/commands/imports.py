"""Import of results sent by certifiers as CSV, keyed by the conseiller's id (never a name).

The file has exactly the columns ``conseiller_id,kind,exam_session_id,result,score,decided_on``
(``,`` or ``;`` separated, UTF-8, an Excel BOM tolerated):

- ``kind=ccp1``: ``exam_session_id`` of the convocation, ``result`` ``passed`` or ``failed``,
  ``score`` empty, ``decided_on`` the day of the jury's decision;
- ``kind=pix``: ``exam_session_id`` empty, ``result`` ``certified`` or ``not_certified``,
  ``score`` 0 to 1024, ``decided_on`` the day the result is recorded.

Every row is checked (format, then every rule of the single-result path, including who may
record it: a session of the caller's, Pix rows by the Pix certifier; and duplicates inside
the file: every occurrence of a duplicated row is rejected). The good rows are applied
in one transaction with their events (outbox); a rejected row changes nothing. Rows are
numbered as in a spreadsheet: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from conum_kernel.access import Caller
from conum_kernel.refusals import Refusal

from conum_certification import domain
from conum_certification.domain import InvalidFile, InvalidRow
from conum_certification.handlers.commands.results import (
    RecordCcp1Result,
    RecordPixResult,
    apply_ccp1_result,
    apply_pix_result,
)
from conum_certification.store import CertificationUnitOfWork

COLUMNS = ("conseiller_id", "kind", "exam_session_id", "result", "score", "decided_on")
MAX_ROWS = 5000  # **assumption**: a session's results fit; larger files are split
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_CCP1_RESULTS = {"passed": domain.Ccp1Result.PASSED, "failed": domain.Ccp1Result.FAILED}
_PIX_RESULTS = {"certified": True, "not_certified": False}

_EXTRA = "__extra_cells__"

Command = RecordCcp1Result | RecordPixResult


@dataclass(frozen=True)
class ImportResults:
    text: str
    """The file, decoded (:func:`decode`)."""


@dataclass(frozen=True)
class Rejection:
    row: int
    reason: str
    detail: str


@dataclass
class ImportReport:
    applied: int = 0
    rejected: list[Rejection] = field(default_factory=list)


def read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows with their spreadsheet numbers; :class:`InvalidFile` for a bad header."""
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = tuple(name.strip() for name in (reader.fieldnames or ()))
    if sorted(header) != sorted(COLUMNS):
        raise InvalidFile(f"the header must be exactly: {','.join(COLUMNS)}")
    rows = []
    for number, record in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise InvalidFile(f"at most {MAX_ROWS} rows per file")
        cells = {key.strip(): (value or "").strip() for key, value in record.items() if key}
        extra = record.get(None)  # DictReader puts extra cells under None
        if extra:
            cells[_EXTRA] = "yes"
        if any(cells.values()):  # blank lines are skipped
            rows.append((number, cells))
    return rows


def to_command(cells: dict[str, str]) -> Command:
    """One row as a command; :class:`InvalidRow` names what is wrong (never echoing names)."""
    if _EXTRA in cells:
        raise InvalidRow("invalid_row", "the row has more cells than the header")
    conseiller_id = cells["conseiller_id"].lower()
    if not _UUID.match(conseiller_id):
        raise InvalidRow("invalid_conseiller_id", "conseiller_id must be the conseiller's UUID")
    decided_on = _date(cells["decided_on"])
    kind = cells["kind"].lower()
    if kind == "ccp1":
        session_id = cells["exam_session_id"].lower()
        if not _UUID.match(session_id):
            raise InvalidRow("invalid_exam_session_id", "a ccp1 row needs the exam session's UUID")
        if cells["result"] not in _CCP1_RESULTS:
            raise InvalidRow("invalid_result", "a ccp1 result is passed or failed")
        if cells["score"]:
            raise InvalidRow("invalid_score", "a ccp1 row has no score")
        return RecordCcp1Result(
            session_id, conseiller_id, _CCP1_RESULTS[cells["result"]], decided_on
        )
    if kind == "pix":
        if cells["exam_session_id"]:
            raise InvalidRow("invalid_exam_session_id", "a pix row has no exam session")
        if cells["result"] not in _PIX_RESULTS:
            raise InvalidRow("invalid_result", "a pix result is certified or not_certified")
        if not cells["score"].isdigit():
            raise InvalidRow("invalid_score", "a pix row needs a whole score")
        return RecordPixResult(
            conseiller_id, int(cells["score"]), _PIX_RESULTS[cells["result"]], decided_on
        )
    raise InvalidRow("invalid_kind", "kind is ccp1 or pix")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidRow(
            "invalid_decided_on", "decided_on must be a date, e.g. 2026-06-25"
        ) from None


def _key(command: Command) -> tuple[str, str, str]:
    if isinstance(command, RecordCcp1Result):
        return (command.conseiller_id, "ccp1", command.exam_session_id)
    return (command.conseiller_id, "pix", command.recorded_on.isoformat())


def decode(body: bytes) -> str:
    """The file's text; :class:`InvalidFile` unless it is UTF-8."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidFile("the file must be UTF-8 text") from None


async def import_results(
    command: ImportResults, uow: CertificationUnitOfWork, caller: Caller
) -> ImportReport:
    """Validate every row; apply the good ones in one transaction; report the others."""
    report = ImportReport()
    rows: list[tuple[int, Command]] = []
    for number, cells in read_rows(command.text):
        try:
            rows.append((number, to_command(cells)))
        except Refusal as refusal:
            report.rejected.append(Rejection(number, refusal.reason, refusal.detail))
    seen = Counter(_key(row) for _, row in rows)
    for number, row in rows:
        if seen[_key(row)] > 1:
            detail = "the same result appears more than once in the file"
            report.rejected.append(Rejection(number, "duplicate_in_file", detail))
            continue
        try:
            if isinstance(row, RecordCcp1Result):
                await apply_ccp1_result(row, uow, caller)
            else:
                await apply_pix_result(row, uow, caller)
        except Refusal as refusal:
            report.rejected.append(Rejection(number, refusal.reason, refusal.detail))
            continue
        report.applied += 1
    await uow.commit()
    report.rejected.sort(key=lambda rejection: rejection.row)
    return report
