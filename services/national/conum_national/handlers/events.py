"""Consumed events: every topic of the network, kept as the coordinators' view.

A conseiller event becomes a fact, and the conseiller's journeys are folded again from all
their facts (:func:`~conum_national.domain.fold`), so the order of arrival and repeated
deliveries change nothing. Other events merge into their aggregate's row by rules that ignore
order (see ``store.tables``). Names, e-mails, SIRET numbers and free text are never kept:
identifiers, codes, numbers and days only. Events without a ``region`` field take
``ce_region``.
"""

from __future__ import annotations

from datetime import date
from typing import get_args

from conum_contracts import certification as cert
from conum_contracts import enrolment as enr
from conum_contracts import modules as mod
from conum_contracts import positioning as pos
from conum_contracts.envelope import Envelope, format_time
from conum_runtime.consumed import Consumed

from conum_national.domain import Fact, FactKind, Value, withdrawal_reason
from conum_national.store import NationalUnitOfWork
from conum_national.store.repositories import key_of

KNOWN_REASONS = frozenset(get_args(enr.WithdrawalReason))


async def _record(
    uow: NationalUnitOfWork,
    envelope: Envelope,
    conseiller_id: str,
    kind: FactKind,
    on: date | None = None,
    *,
    region: str | None = None,
    enrolment_id: str | None = None,
    **values: Value,
) -> None:
    """Keep the fact; the conseiller's journeys are folded again from all their facts before
    the commit (:meth:`NationalUnitOfWork.commit`)."""
    fact = Fact(
        event_id=envelope.id,
        conseiller_id=conseiller_id,
        kind=kind,
        on=on or envelope.time.date(),
        at=format_time(envelope.time),
        region=region or envelope.region,
        enrolment_id=enrolment_id,
        values=values,
    )
    await uow.journeys.take([conseiller_id])
    await uow.facts.add(fact)
    uow.journeys.fold_again(conseiller_id)


def _key(envelope: Envelope) -> str:
    return key_of(format_time(envelope.time), envelope.id)


# --- conum.enrolment.conseiller ----------------------------------------------------------


async def on_conseiller_enrolled(
    event: enr.ConseillerEnrolledV3, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    """The enrolment, without its ``person`` (names and e-mail are never kept)."""
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.ENROLLED,
        event.enrolled_on,
        region=event.region,
        enrolment_id=event.enrolment_id,
        structure_id=event.structure_id,
        department=event.department,
        scheme=event.scheme,
        organisation_id=event.training_organisation.id,
        employment=event.employment,
        remote=event.remote,
    )


async def on_conseiller_withdrawn(
    event: enr.ConseillerWithdrawnV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    """The reason's code only (revision 2), or a code read from an older event's reason."""
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.WITHDRAWN,
        event.withdrawn_on,
        enrolment_id=event.enrolment_id,
        reason_code=withdrawal_reason(event.reason_code, event.reason, KNOWN_REASONS),
    )


async def on_training_started(
    event: enr.TrainingStartedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.TRAINING_STARTED,
        event.starts_on,
        enrolment_id=event.enrolment_id,
        cohort_id=event.cohort_id,
        planned_end_on=event.planned_end_on.isoformat(),
    )


async def on_attendance_breached(
    event: enr.AttendanceBreachedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.ATTENDANCE_BREACHED,
        enrolment_id=event.enrolment_id,
        attendance_rate=event.attendance_rate,
        threshold=event.threshold,
    )


async def on_training_completed(
    event: enr.TrainingCompletedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.TRAINING_COMPLETED,
        event.completed_on,
        enrolment_id=event.enrolment_id,
        hours_attended=event.hours_attended,
    )


# --- conum.positioning.conseiller --------------------------------------------------------


async def on_test_scheduled(
    event: pos.TestScheduledV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.TEST_SCHEDULED,
        enrolment_id=event.enrolment_id,
        test_on=event.test_on.isoformat(),
    )


async def on_test_completed(
    event: pos.TestCompletedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    """That the test was taken; the scores and the interview's note are not kept."""
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.TEST_COMPLETED,
        enrolment_id=event.enrolment_id,
        rubric_version=event.rubric_version,
    )


async def on_path_assigned(
    event: pos.PathAssignedV2, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.PATH_ASSIGNED,
        event.assigned_on,
        region=event.region,
        enrolment_id=event.enrolment_id,
        scheme=event.scheme,
        path_hours=event.path_hours,
        weeks=event.weeks,
    )


# --- conum.certification.conseiller ------------------------------------------------------


async def on_ccp1_convened(
    event: cert.Ccp1ConvenedV2, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.CCP1_CONVENED,
        region=event.region,
        exam_session_id=event.exam_session_id,
        exam_on=event.exam_on.isoformat(),
        certifier=event.certifier,
    )


async def on_ccp1_passed(
    event: cert.Ccp1PassedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.CCP1_PASSED,
        event.decided_on,
        exam_session_id=event.exam_session_id,
    )


async def on_ccp1_failed(
    event: cert.Ccp1FailedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.CCP1_FAILED,
        event.decided_on,
        exam_session_id=event.exam_session_id,
    )


async def on_pix_result_recorded(
    event: cert.PixResultRecordedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    """Whether Pix was obtained; the score is not kept."""
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.PIX_RECORDED,
        event.recorded_on,
        certified=event.certified,
    )


async def on_double_certified(
    event: cert.ConseillerDoubleCertifiedV2, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await _record(
        uow,
        envelope,
        event.conseiller_id,
        FactKind.DOUBLE_CERTIFIED,
        max(event.ccp1_passed_on, event.pix_certified_on),
        region=event.region,
    )


async def on_remn_enrolled(
    event: cert.RemnEnrolledV2, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    """The full title: the latest enrolment of the conseiller (by start day) counts."""
    await uow.network.full_title(
        event.conseiller_id,
        f"{event.starts_on.isoformat()}|{_key(envelope)}",
        {
            "region": event.region,
            "department": event.department,
            "organisation_id": event.organisation.id,
            "starts_on": event.starts_on,
        },
    )


# --- conum.enrolment.structure and conum.enrolment.cohort --------------------------------


async def on_structure_registered(
    event: enr.StructureRegisteredV2, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    """Its territory and kind; its name and SIRET are not kept."""
    await uow.network.structure_registered(
        event.structure_id,
        _key(envelope),
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
        _key(envelope),
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


# --- conum.modules.* ---------------------------------------------------------------------


async def on_module_published(
    event: mod.ModulePublishedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.modules.published(
        event.module_id,
        _key(envelope),
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
        _key(envelope),
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
        _key(envelope),
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
        accepted=(_key(envelope), {"funded": event.funded, "funding_year": event.funding_year}),
    )


async def on_registration_waitlisted(
    event: mod.RegistrationWaitlistedV1, envelope: Envelope, uow: NationalUnitOfWork
) -> None:
    await uow.modules.registration(
        event.registration_id,
        event.conseiller_id,
        agreed={"session_id": event.session_id, "region": envelope.region},
        waitlisted=(_key(envelope), event.position),
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


CONSUMED = (
    Consumed[NationalUnitOfWork]()
    .on(enr.StructureRegisteredV2, on_structure_registered)
    .on(enr.HabilitationRequestedV1, on_habilitation_requested)
    .on(enr.HabilitationGrantedV1, on_habilitation_granted)
    .on(enr.ConseillerEnrolledV3, on_conseiller_enrolled)
    .on(enr.ConseillerWithdrawnV1, on_conseiller_withdrawn)
    .on(enr.TrainingStartedV1, on_training_started)
    .on(enr.AttendanceBreachedV1, on_attendance_breached)
    .on(enr.TrainingCompletedV1, on_training_completed)
    .on(enr.CohortFormedV2, on_cohort_formed)
    .on(enr.CohortReferentDesignatedV1, on_referent_designated)
    .on(pos.TestScheduledV1, on_test_scheduled)
    .on(pos.TestCompletedV1, on_test_completed)
    .on(pos.PathAssignedV2, on_path_assigned)
    .on(cert.Ccp1ConvenedV2, on_ccp1_convened)
    .on(cert.Ccp1PassedV1, on_ccp1_passed)
    .on(cert.Ccp1FailedV1, on_ccp1_failed)
    .on(cert.PixResultRecordedV1, on_pix_result_recorded)
    .on(cert.ConseillerDoubleCertifiedV2, on_double_certified)
    .on(cert.RemnEnrolledV2, on_remn_enrolled)
    .on(mod.ModulePublishedV1, on_module_published)
    .on(mod.ModuleWithdrawnV1, on_module_withdrawn)
    .on(mod.SessionScheduledV2, on_session_scheduled)
    .on(mod.SessionCancelledV1, on_session_cancelled)
    .on(mod.SessionEvaluatedV2, on_session_evaluated)
    .on(mod.RegistrationAcceptedV2, on_registration_accepted)
    .on(mod.RegistrationWaitlistedV1, on_registration_waitlisted)
    .on(mod.RegistrationCancelledV1, on_registration_cancelled)
    .on(mod.ModuleCompletedV2, on_module_completed)
)
"""Every event type of the catalogue, each with its handler."""
