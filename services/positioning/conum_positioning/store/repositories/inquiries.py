"""Inquiries into a positioning result, through the ORM (a few a day, never in batches)."""

from __future__ import annotations

from typing import Any

from conum_runtime.uow import Repository
from sqlmodel import col, select

from conum_positioning.domain import Inquiry, InquirySource
from conum_positioning.store.tables import InquiryRow


class Inquiries(Repository):
    @staticmethod
    def _inquiry(row: InquiryRow) -> Inquiry:
        return Inquiry(
            inquiry_id=row.inquiry_id,
            conseiller_id=row.conseiller_id,
            result_id=row.result_id,
            opened_by=InquirySource(row.opened_by),
            question=row.question,
            opened_on=row.opened_on,
            answer=row.answer,
            answered_on=row.answered_on,
        )

    async def get(self, inquiry_id: str) -> Inquiry | None:
        row = await self._session.get(InquiryRow, inquiry_id)
        return None if row is None else self._inquiry(row)

    async def of(self, conseiller_id: str) -> list[Inquiry]:
        rows = await self._session.exec(
            select(InquiryRow)
            .where(InquiryRow.conseiller_id == conseiller_id)
            .order_by(col(InquiryRow.opened_on), col(InquiryRow.inquiry_id))
        )
        return [self._inquiry(row) for row in rows.all()]

    async def save(self, inquiry: Inquiry) -> None:
        row = await self._session.get(InquiryRow, inquiry.inquiry_id)
        values: dict[str, Any] = {
            "conseiller_id": inquiry.conseiller_id,
            "result_id": inquiry.result_id,
            "opened_by": inquiry.opened_by.value,
            "question": inquiry.question,
            "opened_on": inquiry.opened_on,
            "answer": inquiry.answer,
            "answered_on": inquiry.answered_on,
        }
        if row is None:
            row = InquiryRow(inquiry_id=inquiry.inquiry_id, **values)
        else:
            row.sqlmodel_update(values)
        self._session.add(row)
