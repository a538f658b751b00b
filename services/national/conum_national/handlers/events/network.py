"""The network's other aggregates: structures, cohorts and full-title enrolments, each merged
into its row by rules that ignore the order of events (see ``store.tables``). A structure's
name and SIRET are never kept."""

from __future__ import annotations

from conum_contracts import certification as cert
from conum_contracts import enrolment as enr
from conum_contracts.envelope import Envelope

from conum_national.handlers.events.order import telling_key
from conum_national.store import NationalUnitOfWork


async def on_structure_registered(
    event: enr.StructureRegisteredV2, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    """Its territory and kind; its name and SIRET are not kept."""
    await uow.network.structure_registered(
        event.structure_id,
        telling_key(envelope),
        {"region": event.region, "department": event.department, "kind": event.kind},
    )


async def on_habilitation_requested(
    event: enr.HabilitationRequestedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.network.habilitation(event.structure_id, envelope.region)


async def on_habilitation_granted(
    event: enr.HabilitationGrantedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.network.habilitation(event.structure_id, envelope.region, granted_on=event.granted_on)


async def on_cohort_formed(
    event: enr.CohortFormedV2, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.network.cohort_formed(
        event.cohort_id,
        telling_key(envelope),
        {
            "region": event.region,
            "organisation_id": event.training_organisation.id,
            "path_hours": event.path_hours,
            "starts_on": event.starts_on,
            "ends_on": event.ends_on,
            "size": len(event.conseiller_ids),
        },
    )


async def on_referent_designated(
    event: enr.CohortReferentDesignatedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.network.referent_designated(event.cohort_id, envelope.region)


async def on_remn_enrolled(
    event: cert.RemnEnrolledV2, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    """The full title: the latest enrolment of the conseiller (by start day) counts."""
    await uow.network.full_title(
        event.conseiller_id,
        f"{event.starts_on.isoformat()}|{telling_key(envelope)}",
        {
            "region": event.region,
            "department": event.department,
            "organisation_id": event.organisation.id,
            "starts_on": event.starts_on,
        },
    )
