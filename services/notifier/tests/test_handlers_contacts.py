"""How the enrolment service's answers are read (the real service answers them in
``tests/e2e/test_notifications.py``): a contact, an erased person, an unknown conseiller, or a
service to try again later; never a body in an error."""

from __future__ import annotations

import httpx
import pytest
from conum_notifier.domain import Reason
from conum_notifier.handlers.commands import (
    Contact,
    ContactsUnavailable,
    EnrolmentContacts,
    NoContact,
)

CONSEILLER = "0f6c2b54-3d1e-4f6a-9b8c-7d5e4f3a2b1c"


def answering(status: int, body: object) -> EnrolmentContacts:
    def handle(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST"
        assert request.url.path == f"/enrolments/{CONSEILLER}/contact-disclosures"
        assert request.headers["Authorization"] == "Bearer dev-notifier"
        return httpx.Response(status, json=body)

    client = httpx.AsyncClient(base_url="http://enrolment", transport=httpx.MockTransport(handle))
    return EnrolmentContacts("http://enrolment", "dev-notifier", client=client)


async def test_a_contact_an_erased_person_and_an_unknown_conseiller() -> None:
    person = {
        "conseiller_id": CONSEILLER,
        "first_name": "Léa",
        "last_name": "Roux",
        "email": "l@x.fr",
    }
    assert await answering(200, person).contact_of(CONSEILLER) == Contact("Léa", "Roux", "l@x.fr")
    erased = await answering(409, {"code": "person_erased"}).contact_of(CONSEILLER)
    assert erased == NoContact(Reason.PERSON_ERASED)
    unknown = await answering(404, {"code": "unknown_enrolment"}).contact_of(CONSEILLER)
    assert unknown == NoContact(Reason.UNKNOWN_CONSEILLER)


@pytest.mark.parametrize(
    ("status", "body"),
    [(503, {"code": "store_busy"}), (401, {"code": "unauthenticated"}), (409, {"code": "other"})],
)
async def test_any_other_answer_is_tried_again_later(status: int, body: object) -> None:
    with pytest.raises(ContactsUnavailable, match=str(status)):
        await answering(status, body).contact_of(CONSEILLER)


async def test_a_service_that_does_not_answer_is_tried_again_later() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = httpx.AsyncClient(base_url="http://enrolment", transport=httpx.MockTransport(refuse))
    contacts = EnrolmentContacts("http://enrolment", "t", client=client)
    with pytest.raises(ContactsUnavailable, match="ConnectError"):
        await contacts.contact_of(CONSEILLER)
    await contacts.close()
