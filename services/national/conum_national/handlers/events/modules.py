"""The modules' catalogue, sessions and registrations (``conum.modules.*``), each merged into
its row by rules that ignore the order of events (see ``store.tables``). A session's place is
never kept."""

from __future__ import annotations

from conum_contracts import modules as mod
from conum_contracts.envelope import Envelope

from conum_national.handlers.events.order import telling_key
from conum_national.store import NationalUnitOfWork


async def on_module_published(
    event: mod.ModulePublishedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.modules.published(
        event.module_id,
        telling_key(envelope),
        {
            "title": event.title,
            "kind": event.kind,
            "hours": event.hours,
            "requires_habilitation": event.requires_habilitation,
        },
    )


async def on_module_withdrawn(
    event: mod.ModuleWithdrawnV1, _envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.modules.module_withdrawn(event.module_id)


async def on_session_scheduled(
    event: mod.SessionScheduledV2, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    """When, where (its region and hub) and how many seats; the place is not kept."""
    await uow.modules.session_scheduled(
        event.session_id,
        telling_key(envelope),
        {
            "module_id": event.module_id,
            "region": event.region,
            "hub": event.hub,
            "first_day": event.days[0].on,
            "last_day": event.days[-1].on,
            "days": len(event.days),
            "capacity": event.capacity,
        },
    )


async def on_session_cancelled(
    event: mod.SessionCancelledV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.modules.session_cancelled(event.session_id, envelope.region)


async def on_session_evaluated(
    event: mod.SessionEvaluatedV2, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.modules.session_evaluated(
        event.session_id,
        telling_key(envelope),
        {
            "evaluation_region": event.region,
            "responses": event.responses,
            "satisfied_resources_pct": event.satisfied_resources_pct,
            "satisfied_overall_pct": event.satisfied_overall_pct,
            "mean_self_rated_ability": event.mean_self_rated_ability,
        },
    )


async def on_registration_accepted(
    event: mod.RegistrationAcceptedV2, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.modules.registration(
        event.registration_id,
        event.conseiller_id,
        agreed={
            "session_id": event.session_id,
            "module_id": event.module_id,
            "region": event.region,
            "track": event.track,
        },
        accepted=(
            telling_key(envelope),
            {"funded": event.funded, "funding_year": event.funding_year},
        ),
    )


async def on_registration_waitlisted(
    event: mod.RegistrationWaitlistedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.modules.registration(
        event.registration_id,
        event.conseiller_id,
        agreed={"session_id": event.session_id, "region": envelope.region},
        waitlisted=(telling_key(envelope), event.position),
    )


async def on_registration_cancelled(
    event: mod.RegistrationCancelledV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.modules.registration(
        event.registration_id,
        event.conseiller_id,
        agreed={"session_id": event.session_id, "region": envelope.region},
        cancelled=True,
    )


async def on_module_completed(
    event: mod.ModuleCompletedV2, _envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.modules.registration(
        event.registration_id,
        event.conseiller_id,
        agreed={"module_id": event.module_id, "region": event.region, "track": event.track},
        completed=(event.completed_on, event.hours),
    )
