"""The read side: structures, enrolments and cohorts as the caller may see them, lists with
their filters, a conseiller's attendance, and what the reference data says of a department.

What a caller may not see does not exist for it (404), and lists leave it out: another
region's, or another party's when the caller's token is bound to one (decision 0014).
"""

from __future__ import annotations

from dataclasses import dataclass

from conum_kernel.access import Caller
from conum_kernel.territory import Department, territory
from conum_runtime.key_order import KeyedRows, KeyRange, regions_listed, rows_in_key_order
from sqlalchemy import select

from conum_enrolment import domain
from conum_enrolment.handlers.commands import enrolment_for
from conum_enrolment.reference import ReferenceData
from conum_enrolment.store import EnrolmentUnitOfWork
from conum_enrolment.store.repositories import Listing, Page
from conum_enrolment.store.tables import metadata


@dataclass(frozen=True)
class EnrolmentView:
    enrolment: domain.Enrolment
    person: domain.Person | None
    """Only for the callers who see personal data (:func:`domain.sees_personal_data`), and
    never once the person is erased."""
    erased: bool = False
    """The person's data was erased (decision 0021); the enrolment itself is unchanged."""


@dataclass(frozen=True)
class AttendanceView:
    enrolment: domain.Enrolment
    report: domain.AttendanceReport


@dataclass(frozen=True)
class DepartmentView:
    department: Department
    organisations: dict[str, domain.TrainingOrganisation]
    """The reference training organisation of each scheme (in person)."""


def listing(caller: Caller, region: str | None = None) -> Listing:
    """What a list shows the caller: its regions, or the one it asks for if it may act there
    (:class:`~conum_kernel.refusals.WrongRegion` otherwise), and its own party when bound."""
    regions = caller.regions
    if region is not None:
        caller.check_region(region)
        regions = frozenset({region})
    party = (caller.role, caller.bound_to) if caller.bound_to is not None else None
    return Listing(regions, party)


async def enrolment_view(
    uow: EnrolmentUnitOfWork, conseiller_id: str, caller: Caller
) -> EnrolmentView:
    enrolment = await enrolment_for(uow, conseiller_id, caller)
    [view] = await _with_persons(uow, [enrolment], caller)
    return view


async def contact(uow: EnrolmentUnitOfWork, conseiller_id: str, caller: Caller) -> domain.Person:
    """The name and address the notifier writes to (R-NOT-05): none once the person is erased
    (:class:`~conum_enrolment.domain.PersonErased`)."""
    await enrolment_for(uow, conseiller_id, caller)
    person = None
    if not await uow.erasures.erased_among([conseiller_id]):
        person = (await uow.enrolments.persons([conseiller_id])).get(conseiller_id)
    if person is None:
        raise domain.PersonErased(f"the person of conseiller {conseiller_id} was erased")
    return person


async def structures(
    uow: EnrolmentUnitOfWork, caller: Caller, *, region: str | None, after: str | None, limit: int
) -> Page[domain.Structure]:
    return await uow.structures.list(listing(caller, region), after=after, limit=limit)


async def enrolments(
    uow: EnrolmentUnitOfWork,
    caller: Caller,
    *,
    region: str | None,
    training_organisation: str | None,
    state: domain.EnrolmentState | None,
    after: str | None,
    limit: int,
) -> Page[EnrolmentView]:
    page = await uow.enrolments.list(
        listing(caller, region),
        training_organisation_id=training_organisation,
        state=state,
        after=after,
        limit=limit,
    )
    return Page(await _with_persons(uow, page.items, caller), page.next_after)


async def cohorts(
    uow: EnrolmentUnitOfWork,
    caller: Caller,
    *,
    region: str | None,
    training_organisation: str | None,
    after: str | None,
    limit: int,
) -> Page[domain.Cohort]:
    return await uow.cohorts.list(
        listing(caller, region),
        training_organisation_id=training_organisation,
        after=after,
        limit=limit,
    )


async def attendance(
    uow: EnrolmentUnitOfWork, conseiller_id: str, caller: Caller
) -> AttendanceView:
    """A conseiller's attendance so far, against the policy's threshold and hours."""
    enrolment = await enrolment_for(uow, conseiller_id, caller)
    days = await uow.attendance.days_of(conseiller_id)
    return AttendanceView(enrolment, domain.attendance_report(days, uow.policy))


_ENROLMENTS = metadata.tables["enrolments"]
RECONCILED = (
    "conseiller_id",
    "enrolment_id",
    "state",
    "region",
    "scheme",
    "structure_id",
    "training_organisation_id",
    "enrolled_on",
    "path_hours",
    "starts_on",
    "planned_end_on",
    "completed_on",
    "withdrawn_on",
)
"""What reconciliation compares of an enrolment: ids, codes and days (decision 0036)."""


async def in_key_order(uow: EnrolmentUnitOfWork, caller: Caller, keys: KeyRange) -> KeyedRows:
    """The enrolments of the caller's regions as reconciliation compares them, in the order
    of conseiller ids (the primary key), a page at a time; never a person."""
    return await rows_in_key_order(
        await uow.session.connection(),
        select(*(_ENROLMENTS.c[name] for name in RECONCILED)),
        _ENROLMENTS.c.conseiller_id,
        _ENROLMENTS.c.region,
        regions_listed(caller),
        keys,
    )


def department_info(reference: ReferenceData, code: str) -> DepartmentView:
    """A department, its region, and its reference training organisation per scheme."""
    department = territory().departments.get(code)
    if department is None:
        raise domain.DepartmentNotFound(f"unknown department {code!r}")
    routing = reference.routing
    return DepartmentView(
        department,
        {
            scheme: rule.organisation_for(department, remote=False)
            for scheme, rule in routing.items()
        },
    )


async def _with_persons(
    uow: EnrolmentUnitOfWork, enrolments: list[domain.Enrolment], caller: Caller
) -> list[EnrolmentView]:
    ids = [e.conseiller_id for e in enrolments]
    erased = await uow.erasures.erased_among(ids)
    persons: dict[str, domain.Person] = {}
    if domain.sees_personal_data(caller):
        persons = await uow.enrolments.persons([i for i in ids if i not in erased])
    return [
        EnrolmentView(e, persons.get(e.conseiller_id), e.conseiller_id in erased)
        for e in enrolments
    ]
