"""Import of results sent by certifiers as CSV, keyed by the conseiller's id (never a name).

The file has exactly the columns ``conseiller_id,kind,exam_session_id,result,score,decided_on``
(``,`` or ``;`` separated, UTF-8, an Excel BOM tolerated):

- ``kind=ccp1``: ``exam_session_id`` of the convocation, ``result`` ``passed`` or ``failed``,
  ``score`` empty, ``decided_on`` the day of the jury's decision;
- ``kind=pix``: ``exam_session_id`` empty, ``result`` ``certified`` or ``not_certified``,
  ``score`` 0 to 1024, ``decided_on`` the day the result is recorded.

Every row is checked (format, then every rule of the single-result path, and duplicates
inside the file: every occurrence of a duplicated row is rejected). The good rows are applied
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

from conum_certification import domain, handlers
from conum_certification.refusals import CertificationRefused
from conum_certification.store import CertificationUnitOfWork

COLUMNS = ("conseiller_id", "kind", "exam_session_id", "result", "score", "decided_on")
MAX_ROWS = 5000  # **assumption**: a session's results fit; larger files are split
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_CCP1_RESULTS = {"passed": domain.Ccp1Result.PASSED, "failed": domain.Ccp1Result.FAILED}
_PIX_RESULTS = {"certified": True, "not_certified": False}

_EXTRA = "__extra_cells__"

Command = handlers.RecordCcp1Result | handlers.RecordPixResult


class InvalidFile(CertificationRefused):
    code = "invalid_csv"


class InvalidRow(CertificationRefused):
    """A row that cannot be read; ``code`` names the faulty column."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


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
        return handlers.RecordCcp1Result(
            session_id, conseiller_id, _CCP1_RESULTS[cells["result"]], decided_on
        )
    if kind == "pix":
        if cells["exam_session_id"]:
            raise InvalidRow("invalid_exam_session_id", "a pix row has no exam session")
        if cells["result"] not in _PIX_RESULTS:
            raise InvalidRow("invalid_result", "a pix result is certified or not_certified")
        if not cells["score"].isdigit():
            raise InvalidRow("invalid_score", "a pix row needs a whole score")
        return handlers.RecordPixResult(
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
    if isinstance(command, handlers.RecordCcp1Result):
        return (command.conseiller_id, "ccp1", command.exam_session_id)
    return (command.conseiller_id, "pix", command.recorded_on.isoformat())


async def import_results(
    text: str, uow: CertificationUnitOfWork, scope: domain.RegionScope
) -> ImportReport:
    """Validate every row; apply the good ones in one transaction; report the others."""
    report = ImportReport()
    commands: list[tuple[int, Command]] = []
    for number, cells in read_rows(text):
        try:
            commands.append((number, to_command(cells)))
        except CertificationRefused as refusal:
            report.rejected.append(Rejection(number, refusal.code, str(refusal)))
    seen = Counter(_key(command) for _, command in commands)
    for number, command in commands:
        if seen[_key(command)] > 1:
            detail = "the same result appears more than once in the file"
            report.rejected.append(Rejection(number, "duplicate_in_file", detail))
            continue
        try:
            if isinstance(command, handlers.RecordCcp1Result):
                await handlers.apply_ccp1_result(command, uow, scope)
            else:
                await handlers.apply_pix_result(command, uow, scope)
        except CertificationRefused as refusal:
            report.rejected.append(Rejection(number, refusal.code, str(refusal)))
            continue
        report.applied += 1
    await uow.commit()
    report.rejected.sort(key=lambda rejection: rejection.row)
    return report
