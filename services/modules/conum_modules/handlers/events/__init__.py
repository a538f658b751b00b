"""Consumed events: plain functions taking an event, its envelope and a unit of work.

- **Enrolment and certification** (every instance, its own region's; the national instance
  every region's): enrolments and withdrawals keyed on the current ``enrolment_id``
  (:mod:`conum_modules.domain.conseillers`), the CCP1 convocation, the structures'
  habilitations. A withdrawal cancels the conseiller's open registrations on the regional
  instance holding them, and their seats go to those waiting.
- **The catalogue** (published by the national instance with region ``national``, which
  every instance reads): regional instances keep a copy; the national instance wrote it
  already and ignores the echo.
- **Sessions and registrations** (published by regional instances): the national instance
  keeps a copy of every region's, La Mednum's national calendar and records; a regional
  instance wrote its own already and ignores the echo. Each instance thus has one writer per
  table and never applies its own events twice.

Out of order: a convocation or withdrawal before the enrolment is kept in a partial row; a
registration copied before its session is completed when the session arrives (the topics
differ, so their order does not hold). Duplicates are stopped by the consumer's inbox. Logs
carry ids only.
"""

from __future__ import annotations

from conum_contracts.certification import Ccp1ConvenedV2
from conum_contracts.enrolment import (
    ConseillerEnrolledV3,
    ConseillerWithdrawnV1,
    HabilitationGrantedV1,
)
from conum_contracts.modules import (
    ModuleCompletedV2,
    ModulePublishedV1,
    ModuleWithdrawnV1,
    RegistrationAcceptedV2,
    RegistrationCancelledV1,
    RegistrationWaitlistedV1,
    SessionCancelledV1,
    SessionEvaluatedV2,
    SessionScheduledV2,
)
from conum_runtime.consumed import Consumed

from conum_modules.handlers.events import catalogue, conseillers, sessions
from conum_modules.store import ModulesUnitOfWork

CONSUMED = (
    Consumed[ModulesUnitOfWork]()
    .on(HabilitationGrantedV1, conseillers.on_habilitation_granted)
    .on(ConseillerEnrolledV3, conseillers.on_conseiller_enrolled)
    .on(ConseillerWithdrawnV1, conseillers.on_conseiller_withdrawn)
    .on(Ccp1ConvenedV2, conseillers.on_ccp1_convened)
    .on(ModulePublishedV1, catalogue.on_module_published)
    .on(ModuleWithdrawnV1, catalogue.on_module_withdrawn)
    .on(SessionScheduledV2, sessions.on_session_scheduled)
    .on(SessionCancelledV1, sessions.on_session_cancelled)
    .on(SessionEvaluatedV2, sessions.on_session_evaluated)
    .on(RegistrationAcceptedV2, sessions.on_registration_accepted)
    .on(RegistrationWaitlistedV1, sessions.on_registration_waitlisted)
    .on(RegistrationCancelledV1, sessions.on_registration_cancelled)
    .on(ModuleCompletedV2, sessions.on_module_completed)
)
"""The consumed events, each with its handler."""
