"""CSV import of results: every row checked, good rows applied in one transaction, a
rejected row changes nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from conum_certification import domain, handlers, imports

EVERYWHERE = domain.EVERY_REGION
HEADER = "conseiller_id,kind,exam_session_id,result,score,decided_on"


async def prepared(store, kit) -> tuple[str, dict[str, str]]:
    """A session; A and C convened to it, B convenable but not convened."""
    ids = {name: kit.new_id() for name in "ABC"}
    for conseiller_id in ids.values():
        await store.convenable(conseiller_id)
    async with store.new_uow() as uow:
        command = handlers.CreateExamSession(date(2026, 6, 18), "FR-NAQ", "afpa")
        session_id = (await handlers.create_exam_session(command, uow, EVERYWHERE)).exam_session_id
    for name in "AC":
        async with store.new_uow() as uow:
            await handlers.convene(handlers.Convene(session_id, ids[name]), uow, EVERYWHERE)
    return session_id, ids


async def test_csv_import_applies_good_rows_and_reports_the_rejected_ones(store, kit) -> None:
    session_id, ids = await prepared(store, kit)
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
    before = await store.outbox()
    async with store.new_uow() as uow:
        report = await imports.import_results("\n".join(lines), uow, EVERYWHERE)
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
    emitted = (await store.outbox())[len(before) :]
    assert [(kind, p["conseiller_id"]) for kind, p in emitted] == [
        ("passed", a),
        ("result_recorded", a),
        ("double_certified", a),
    ]
    async with store.new_uow() as uow:
        assert (await uow.convocations.get(c, session_id)).result is None
        assert await uow.convocations.get(b, session_id) is None
        assert await uow.pix_results.of_conseiller(c) == []
        counts = await uow.views.region_counts("FR-NAQ")
    assert (counts.convened, counts.passed, counts.pix_certified, counts.double_certified) == (
        2,
        1,
        1,
        1,
    )


async def test_csv_import_reads_semicolons_and_an_excel_bom(store, kit) -> None:
    session_id, ids = await prepared(store, kit)
    text = (
        "\ufeff" + HEADER.replace(",", ";") + f"\n{ids['C']};ccp1;{session_id};failed;;2026-06-25\n"
    )
    async with store.new_uow() as uow:
        report = await imports.import_results(text, uow, EVERYWHERE)
    assert (report.applied, report.rejected) == (1, [])


async def test_csv_import_refuses_another_header(store) -> None:
    async with store.new_uow() as uow:
        with pytest.raises(imports.InvalidFile):
            await imports.import_results(
                "nom,prenom,resultat\nDupont,Jean,admis\n", uow, EVERYWHERE
            )


async def test_csv_import_rejects_rows_of_another_region(store, kit) -> None:
    session_id, ids = await prepared(store, kit)
    rows = [
        f"{ids['A']},ccp1,{session_id},passed,,2026-06-25",
        f"{ids['B']},pix,,certified,600,2026-06-05",
    ]
    text = "\n".join([HEADER, *rows])
    occitanie = domain.RegionScope(frozenset({"FR-OCC"}))
    async with store.new_uow() as uow:
        report = await imports.import_results(text, uow, occitanie)
    assert report.applied == 0
    assert [r.reason for r in report.rejected] == ["wrong_region", "wrong_region"]


def test_a_row_with_extra_cells_is_rejected() -> None:
    [(number, cells)] = imports.read_rows(f"{HEADER}\na,b,c,d,e,f,Dupont\n")
    with pytest.raises(imports.InvalidRow) as refused:
        imports.to_command(cells)
    assert (number, refused.value.code) == (2, "invalid_row")
