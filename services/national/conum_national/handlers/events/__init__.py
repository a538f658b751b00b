"""Consumed events: every topic of the network, kept as the coordinators' view.

A conseiller event becomes a fact (:mod:`.facts`), and the conseiller's journeys are folded
again from all their facts (:func:`~conum_national.domain.fold`), so the order of arrival and
repeated deliveries change nothing. Other events merge into their aggregate's row by rules
that ignore order (:mod:`.network`, :mod:`.modules`; see ``store.tables``). Names, e-mails,
SIRET numbers and free text are never kept: identifiers, codes, numbers and days only.
Events without a ``region`` field take ``ce_region``.
"""

from __future__ import annotations

from conum_contracts import certification as cert
from conum_contracts import enrolment as enr
from conum_contracts import modules as mod
from conum_contracts import positioning as pos
from conum_runtime.consumed import Consumed

from conum_national.handlers.events import facts, modules, network
from conum_national.handlers.events.facts import kept
from conum_national.store import NationalUnitOfWork

CONSUMED = (
    Consumed[NationalUnitOfWork]()
    .on(enr.StructureRegisteredV2, network.on_structure_registered)
    .on(enr.HabilitationRequestedV1, network.on_habilitation_requested)
    .on(enr.HabilitationGrantedV1, network.on_habilitation_granted)
    .on(enr.ConseillerEnrolledV3, kept(facts.enrolled))
    .on(enr.ConseillerWithdrawnV1, kept(facts.withdrawn))
    .on(enr.TrainingStartedV1, kept(facts.training_started))
    .on(enr.AttendanceBreachedV1, kept(facts.attendance_breached))
    .on(enr.TrainingCompletedV1, kept(facts.training_completed))
    .on(enr.CohortFormedV2, network.on_cohort_formed)
    .on(enr.CohortReferentDesignatedV1, network.on_referent_designated)
    .on(pos.TestScheduledV1, kept(facts.positioning_scheduled))
    .on(pos.TestCompletedV1, kept(facts.positioning_completed))
    .on(pos.PathAssignedV2, kept(facts.path_assigned))
    .on(cert.Ccp1ConvenedV2, kept(facts.ccp1_convened))
    .on(cert.Ccp1PassedV1, kept(facts.ccp1_passed))
    .on(cert.Ccp1FailedV1, kept(facts.ccp1_failed))
    .on(cert.PixResultRecordedV1, kept(facts.pix_result_recorded))
    .on(cert.ConseillerDoubleCertifiedV2, kept(facts.double_certified))
    .on(cert.RemnEnrolledV2, network.on_remn_enrolled)
    .on(mod.ModulePublishedV1, modules.on_module_published)
    .on(mod.ModuleWithdrawnV1, modules.on_module_withdrawn)
    .on(mod.SessionScheduledV2, modules.on_session_scheduled)
    .on(mod.SessionCancelledV1, modules.on_session_cancelled)
    .on(mod.SessionEvaluatedV2, modules.on_session_evaluated)
    .on(mod.RegistrationAcceptedV2, modules.on_registration_accepted)
    .on(mod.RegistrationWaitlistedV1, modules.on_registration_waitlisted)
    .on(mod.RegistrationCancelledV1, modules.on_registration_cancelled)
    .on(mod.ModuleCompletedV2, modules.on_module_completed)
)
"""Every event type of the catalogue, each with its handler."""
