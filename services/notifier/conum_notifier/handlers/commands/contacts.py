"""A conseiller's name and address, read from the enrolment service when an e-mail goes
(R-NOT-05, R-NOT-07): ``POST /enrolments/{conseiller_id}/contact-disclosures``, as the
``notifier`` role, each disclosure in the enrolment service's audit trail.

What it answers is kept in memory for the one e-mail and never logged: errors name the status,
never the body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import httpx

from conum_notifier.domain import Reason, Recipient


@dataclass(frozen=True)
class Contact:
    first_name: str
    last_name: str
    email: str

    @property
    def recipient(self) -> Recipient:
        return Recipient(self.first_name, self.last_name)


@dataclass(frozen=True)
class NoContact:
    """The person is not to be written to: erased (skipped), or unknown (failed)."""

    reason: Reason


class ContactsUnavailable(Exception):
    """The enrolment service did not answer, or not as expected: try again later."""


class Contacts(Protocol):
    async def contact_of(self, conseiller_id: str) -> Contact | NoContact: ...


class EnrolmentContacts:
    """The enrolment service's disclosures over HTTP, with a static bearer token."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 10.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self._client = client or httpx.AsyncClient(base_url=base_url, timeout=timeout)
        self._headers = {"Authorization": f"Bearer {token}"}

    async def contact_of(self, conseiller_id: str) -> Contact | NoContact:
        url = f"/enrolments/{conseiller_id}/contact-disclosures"
        try:
            answer = await self._client.post(url, headers=self._headers)
        except httpx.HTTPError as error:
            raise ContactsUnavailable(f"enrolment service: {type(error).__name__}") from None
        if answer.status_code == 200:
            body = answer.json()
            return Contact(body["first_name"], body["last_name"], body["email"])
        code = _code_of(answer)
        if answer.status_code == 409 and code == "person_erased":
            return NoContact(Reason.PERSON_ERASED)
        if answer.status_code == 404:
            return NoContact(Reason.UNKNOWN_CONSEILLER)
        raise ContactsUnavailable(f"enrolment service answered {answer.status_code} {code or ''}")

    async def close(self) -> None:
        await self._client.aclose()


def _code_of(answer: httpx.Response) -> str | None:
    try:
        body = answer.json()
    except ValueError:
        return None
    code = body.get("code") if isinstance(body, dict) else None
    return code if isinstance(code, str) else None
