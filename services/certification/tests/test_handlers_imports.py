"""CSV import of results: every row checked, good rows applied in one transaction, a
rejected row changes nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from conum_certification import domain
from conum_certification import testing as kit
from conum_certification.handlers import commands
from conum_certification.handlers.commands import imports
from conum_certification.testing import make_convenable, published
from conum_kernel.access import Caller, Role
from conum_runtime.testing.services import ConsumingStore

Store = ConsumingStore[Any]
EVERYWHERE = Caller(Role.CERTIFIER, None)
HEADER = "conseiller_id,kind,exam_session_id,result,score,decided_on"


async def prepared(store: Store, certifier: str = "afpa") -> tuple[str, dict[str, str]]:
    """A session; A and C convened to it, B convenable but not convened."""
    ids = {name: kit.new_id() for name in "ABC"}
    for conseiller_id in ids.values():
        await make_convenable(store, conseiller_id)
    async with store.uow() as uow:
        command = commands.CreateExamSession(date(2026, 6, 18), "FR-NAQ", certifier)
        session_id = (await commands.create_exam_session(command, uow, EVERYWHERE)).exam_session_id
    for name in "AC":
        async with store.uow() as uow:
            await commands.convene(commands.Convene(session_id, ids[name]), uow, EVERYWHERE)
    return session_id, ids


async def run_import(store: Store, text: str, caller: Caller = EVERYWHERE) -> imports.ImportReport:
    async with store.uow() as uow:
        return await commands.import_results(commands.ImportResults(text), uow, caller)


async def test_csv_import_applies_good_rows_and_reports_the_rejected_ones(store: Store) -> None:
    session_id, ids = await prepared(store)
    a, b, c = ids["A"], ids["B"], ids["C"]
    unknown = kit.new_id()
    lines = [
        HEADER,
        f"{a},ccp1,{session_id},passed,,2026-06-25",  # 2: good
        f"{b},ccp1,{session_id},passed,,2026-06-25",  # 3: B was not convened
        f"{a},pix,,certified,600,2026-06-05",  # 4: good, completes A's double certification
        f"{c},ccp1,{session_id},passed,,25/06/2026",  # 5: not an ISO date
        f"{unknown},pix,,certified,600,2026-06-05",  # 6: unknown conseiller
        f"{c},pix,,certified,2000,2026-06-05",  # 7: score above 1024
        f"{c},ccp1,{session_id},failed,,2026-06-25",  # 8: duplicated by row 9
        f"{c},ccp1,{session_id},passed,,2026-06-25",  # 9
        "Jean Dupont,pix,,certified,600,2026-06-05",  # 10: a name, not an id
        f"{c},toeic,,certified,600,2026-06-05",  # 11: unknown kind
        f"{b},pix,,not_certified,high,2026-06-05",  # 12: not a score
        "",  # blank lines are skipped
    ]
    before = await published(store)
    report = await run_import(store, "\n".join(lines))
    assert report.applied == 2
    assert [(r.row, r.reason) for r in report.rejected] == [
        (3, "convocation_missing"),
        (5, "invalid_decided_on"),
        (6, "unknown_conseiller"),
        (7, "invalid_pix_score"),
        (8, "duplicate_in_file"),
        (9, "duplicate_in_file"),
        (10, "invalid_conseiller_id"),
        (11, "invalid_kind"),
        (12, "invalid_score"),
    ]
    assert all("Dupont" not in r.detail for r in report.rejected)
    emitted = (await published(store))[len(before) :]
    assert [(kind, p["conseiller_id"]) for kind, p in emitted] == [
        ("passed", a),
        ("result_recorded", a),
        ("double_certified", a),
    ]
    async with store.uow() as uow:
        convocation = await uow.convocations.get(c, session_id)
        assert convocation is not None and convocation.result is None
        assert await uow.convocations.get(b, session_id) is None
        assert await uow.pix_results.of_conseiller(c) == []
        counts = await uow.figures.region_counts("FR-NAQ")
    assert (counts.convened, counts.passed, counts.pix_certified, counts.double_certified) == (
        2,
        1,
        1,
        1,
    )


async def test_csv_import_reads_semicolons_and_an_excel_bom(store: Store) -> None:
    session_id, ids = await prepared(store)
    text = (
        "\ufeff" + HEADER.replace(",", ";") + f"\n{ids['C']};ccp1;{session_id};failed;;2026-06-25\n"
    )
    report = await run_import(store, text)
    assert (report.applied, report.rejected) == (1, [])


async def test_csv_import_refuses_another_header(store: Store) -> None:
    with pytest.raises(domain.InvalidFile):
        await run_import(store, "nom,prenom,resultat\nDupont,Jean,admis\n")


async def test_csv_import_rejects_rows_of_another_region(store: Store) -> None:
    session_id, ids = await prepared(store)
    rows = [
        f"{ids['A']},ccp1,{session_id},passed,,2026-06-25",
        f"{ids['B']},pix,,certified,600,2026-06-05",
    ]
    text = "\n".join([HEADER, *rows])
    occitanie = Caller(Role.CERTIFIER, frozenset({"FR-OCC"}))
    report = await run_import(store, text, occitanie)
    assert report.applied == 0  # another region's session and conseiller do not exist for it
    assert [r.reason for r in report.rejected] == ["unknown_exam_session", "unknown_conseiller"]


async def test_csv_import_rejects_rows_the_bound_certifier_may_not_record(store: Store) -> None:
    session_id, ids = await prepared(store, certifier="another-certifier")
    rows = [
        f"{ids['A']},ccp1,{session_id},passed,,2026-06-25",  # another certifier's session
        f"{ids['B']},pix,,certified,600,2026-06-05",  # afpa is not the Pix certifier
    ]
    afpa = Caller(Role.CERTIFIER, frozenset({"FR-NAQ"}), "afpa")
    report = await run_import(store, "\n".join([HEADER, *rows]), afpa)
    assert report.applied == 0
    assert [r.reason for r in report.rejected] == ["unknown_exam_session", "not_the_pix_certifier"]
    pix = Caller(Role.CERTIFIER, frozenset({"FR-NAQ"}), domain.PIX)
    by_pix = await run_import(store, "\n".join([HEADER, *rows]), pix)
    assert by_pix.applied == 1
    assert [(r.row, r.reason) for r in by_pix.rejected] == [(2, "unknown_exam_session")]


def test_a_non_utf8_file_is_refused() -> None:
    with pytest.raises(domain.InvalidFile):
        imports.decode("conseiller_id;kind\n".encode("utf-16"))
    assert imports.decode(HEADER.encode()) == HEADER


def test_a_row_with_extra_cells_is_rejected() -> None:
    [(number, cells)] = imports.read_rows(f"{HEADER}\na,b,c,d,e,f,Dupont\n")
    with pytest.raises(domain.InvalidRow) as refused:
        imports.to_command(cells)
    assert (number, refused.value.reason) == (2, "invalid_row")
