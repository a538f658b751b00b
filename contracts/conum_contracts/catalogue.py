"""Every event type of the network, each declared as a constant next to its metadata.

Names, topics and keys are fixed contracts, first published as the network's event catalogue;
``docs/design/events.md`` is generated from this module.
"""

from __future__ import annotations

from . import certification as cert
from . import enrolment as enr
from . import iso_regions
from . import modules as mod
from . import positioning as pos
from .base import EventModel
from .event_type import EventType

ENROLMENT_STRUCTURE_TOPIC = "conum.enrolment.structure"
ENROLMENT_CONSEILLER_TOPIC = "conum.enrolment.conseiller"
ENROLMENT_COHORT_TOPIC = "conum.enrolment.cohort"
POSITIONING_CONSEILLER_TOPIC = "conum.positioning.conseiller"
CERTIFICATION_CONSEILLER_TOPIC = "conum.certification.conseiller"
MODULES_CATALOGUE_TOPIC = "conum.modules.catalogue"
MODULES_SESSION_TOPIC = "conum.modules.session"
MODULES_REGISTRATION_TOPIC = "conum.modules.registration"

# --- enrolment ----------------------------------------------------------------------------

STRUCTURE_REGISTERED_V1 = EventType(
    name="fr.conum.enrolment.structure.registered.v1",
    model=enr.StructureRegisteredV1,
    topic=ENROLMENT_STRUCTURE_TOPIC,
    key_field="structure_id",
    owner="enrolment",
    description="A host structure joined the network.",
)

HABILITATION_REQUESTED_V1 = EventType(
    name="fr.conum.enrolment.structure.habilitation_requested.v1",
    model=enr.HabilitationRequestedV1,
    topic=ENROLMENT_STRUCTURE_TOPIC,
    key_field="structure_id",
    owner="enrolment",
    description="A host structure asked for a habilitation (Aidants Connect).",
)

HABILITATION_GRANTED_V1 = EventType(
    name="fr.conum.enrolment.structure.habilitation_granted.v1",
    model=enr.HabilitationGrantedV1,
    topic=ENROLMENT_STRUCTURE_TOPIC,
    key_field="structure_id",
    owner="enrolment",
    description="A host structure was habilitated (Aidants Connect).",
)

CONSEILLER_ENROLLED_V1 = EventType(
    name="fr.conum.enrolment.conseiller.enrolled.v1",
    model=enr.ConseillerEnrolledV1,
    topic=ENROLMENT_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="enrolment",
    description="A host structure enrolled its conseiller in initial training.",
    revision=2,
)

CONSEILLER_ENROLLED_V2 = EventType(
    name="fr.conum.enrolment.conseiller.enrolled.v2",
    model=enr.ConseillerEnrolledV2,
    topic=ENROLMENT_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="enrolment",
    description="A host structure enrolled its conseiller in initial training (person sealed).",
)

CONSEILLER_WITHDRAWN_V1 = EventType(
    name="fr.conum.enrolment.conseiller.withdrawn.v1",
    model=enr.ConseillerWithdrawnV1,
    topic=ENROLMENT_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="enrolment",
    description="A conseiller left initial training.",
    revision=2,
)

TRAINING_STARTED_V1 = EventType(
    name="fr.conum.enrolment.conseiller.training_started.v1",
    model=enr.TrainingStartedV1,
    topic=ENROLMENT_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="enrolment",
    description="A conseiller's initial training started.",
    revision=2,
)

ATTENDANCE_BREACHED_V1 = EventType(
    name="fr.conum.enrolment.conseiller.attendance_breached.v1",
    model=enr.AttendanceBreachedV1,
    topic=ENROLMENT_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="enrolment",
    description="A conseiller's attendance fell below the threshold.",
    revision=2,
)

TRAINING_COMPLETED_V1 = EventType(
    name="fr.conum.enrolment.conseiller.training_completed.v1",
    model=enr.TrainingCompletedV1,
    topic=ENROLMENT_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="enrolment",
    description="A conseiller completed initial training.",
    revision=2,
)

COHORT_FORMED_V1 = EventType(
    name="fr.conum.enrolment.cohort.formed.v1",
    model=enr.CohortFormedV1,
    topic=ENROLMENT_COHORT_TOPIC,
    key_field="cohort_id",
    owner="enrolment",
    description="A 2021-scheme cohort of at least 8 conseillers was formed.",
)

COHORT_REFERENT_DESIGNATED_V1 = EventType(
    name="fr.conum.enrolment.cohort.referent_designated.v1",
    model=enr.CohortReferentDesignatedV1,
    topic=ENROLMENT_COHORT_TOPIC,
    key_field="cohort_id",
    owner="enrolment",
    description="A cohort designated its referent.",
)

# --- positioning --------------------------------------------------------------------------

TEST_SCHEDULED_V1 = EventType(
    name="fr.conum.positioning.test.scheduled.v1",
    model=pos.TestScheduledV1,
    topic=POSITIONING_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="positioning",
    description="A conseiller's positioning test and interview were scheduled.",
    revision=2,
)

TEST_COMPLETED_V1 = EventType(
    name="fr.conum.positioning.test.completed.v1",
    model=pos.TestCompletedV1,
    topic=POSITIONING_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="positioning",
    description="A conseiller took the positioning test and interview.",
    revision=2,
)

PATH_ASSIGNED_V1 = EventType(
    name="fr.conum.positioning.path.assigned.v1",
    model=pos.PathAssignedV1,
    topic=POSITIONING_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="positioning",
    description="The positioning result placed a conseiller on a training path.",
    revision=2,
)

# --- certification ------------------------------------------------------------------------

CCP1_CONVENED_V1 = EventType(
    name="fr.conum.certification.ccp1.convened.v1",
    model=cert.Ccp1ConvenedV1,
    topic=CERTIFICATION_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="certification",
    description="A conseiller was convened to the CCP1 exam.",
)

CCP1_PASSED_V1 = EventType(
    name="fr.conum.certification.ccp1.passed.v1",
    model=cert.Ccp1PassedV1,
    topic=CERTIFICATION_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="certification",
    description="A conseiller passed CCP1.",
)

CCP1_FAILED_V1 = EventType(
    name="fr.conum.certification.ccp1.failed.v1",
    model=cert.Ccp1FailedV1,
    topic=CERTIFICATION_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="certification",
    description="A conseiller failed CCP1.",
)

PIX_RESULT_RECORDED_V1 = EventType(
    name="fr.conum.certification.pix.result_recorded.v1",
    model=cert.PixResultRecordedV1,
    topic=CERTIFICATION_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="certification",
    description="A conseiller's Pix certification result was recorded.",
)

CONSEILLER_DOUBLE_CERTIFIED_V1 = EventType(
    name="fr.conum.certification.conseiller.double_certified.v1",
    model=cert.ConseillerDoubleCertifiedV1,
    topic=CERTIFICATION_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="certification",
    description="A conseiller obtained both CCP1 and Pix.",
)

REMN_ENROLLED_V1 = EventType(
    name="fr.conum.certification.remn.enrolled.v1",
    model=cert.RemnEnrolledV1,
    topic=CERTIFICATION_CONSEILLER_TOPIC,
    key_field="conseiller_id",
    owner="certification",
    description="A conseiller enrolled in the full REMN title track.",
)

# --- modules ------------------------------------------------------------------------------

MODULE_PUBLISHED_V1 = EventType(
    name="fr.conum.modules.module.published.v1",
    model=mod.ModulePublishedV1,
    topic=MODULES_CATALOGUE_TOPIC,
    key_field="module_id",
    owner="modules",
    description="A module was published in the national catalogue.",
)

MODULE_WITHDRAWN_V1 = EventType(
    name="fr.conum.modules.module.withdrawn.v1",
    model=mod.ModuleWithdrawnV1,
    topic=MODULES_CATALOGUE_TOPIC,
    key_field="module_id",
    owner="modules",
    description="A module was withdrawn from the catalogue.",
)

SESSION_SCHEDULED_V1 = EventType(
    name="fr.conum.modules.session.scheduled.v1",
    model=mod.SessionScheduledV1,
    topic=MODULES_SESSION_TOPIC,
    key_field="session_id",
    owner="modules",
    description="A regional hub scheduled a module session.",
)

SESSION_CANCELLED_V1 = EventType(
    name="fr.conum.modules.session.cancelled.v1",
    model=mod.SessionCancelledV1,
    topic=MODULES_SESSION_TOPIC,
    key_field="session_id",
    owner="modules",
    description="A module session was cancelled.",
)

SESSION_EVALUATED_V1 = EventType(
    name="fr.conum.modules.session.evaluated.v1",
    model=mod.SessionEvaluatedV1,
    topic=MODULES_SESSION_TOPIC,
    key_field="session_id",
    owner="modules",
    description="The satisfaction survey of a session was closed.",
)

REGISTRATION_ACCEPTED_V1 = EventType(
    name="fr.conum.modules.registration.accepted.v1",
    model=mod.RegistrationAcceptedV1,
    topic=MODULES_REGISTRATION_TOPIC,
    key_field="conseiller_id",
    owner="modules",
    description="A conseiller's registration to a session was accepted.",
)

REGISTRATION_WAITLISTED_V1 = EventType(
    name="fr.conum.modules.registration.waitlisted.v1",
    model=mod.RegistrationWaitlistedV1,
    topic=MODULES_REGISTRATION_TOPIC,
    key_field="conseiller_id",
    owner="modules",
    description="A conseiller was put on a full session's waiting list.",
)

REGISTRATION_CANCELLED_V1 = EventType(
    name="fr.conum.modules.registration.cancelled.v1",
    model=mod.RegistrationCancelledV1,
    topic=MODULES_REGISTRATION_TOPIC,
    key_field="conseiller_id",
    owner="modules",
    description="A conseiller's registration was cancelled.",
)

MODULE_COMPLETED_V1 = EventType(
    name="fr.conum.modules.module.completed.v1",
    model=mod.ModuleCompletedV1,
    topic=MODULES_REGISTRATION_TOPIC,
    key_field="conseiller_id",
    owner="modules",
    description="A conseiller completed a module session.",
)

# --- majors carrying Corsica as FR-20R (decision 0024) ------------------------------------


def _successor(previous: EventType, model: type[EventModel], revision: int = 1) -> EventType:
    """The next major of ``previous``: same topic, key, owner and meaning, new payload model."""
    family, major = previous.family, previous.major
    return EventType(
        name=f"{family}.v{major + 1}",
        model=model,
        topic=previous.topic,
        key_field=previous.key_field,
        owner=previous.owner,
        description=f"{previous.description} Corsica is FR-20R.",
        revision=revision,
    )


STRUCTURE_REGISTERED_V2 = _successor(STRUCTURE_REGISTERED_V1, enr.StructureRegisteredV2)
CONSEILLER_ENROLLED_V3 = _successor(CONSEILLER_ENROLLED_V2, enr.ConseillerEnrolledV3)
COHORT_FORMED_V2 = _successor(COHORT_FORMED_V1, enr.CohortFormedV2)
PATH_ASSIGNED_V2 = _successor(PATH_ASSIGNED_V1, pos.PathAssignedV2)
CCP1_CONVENED_V2 = _successor(CCP1_CONVENED_V1, cert.Ccp1ConvenedV2)
CONSEILLER_DOUBLE_CERTIFIED_V2 = _successor(
    CONSEILLER_DOUBLE_CERTIFIED_V1, cert.ConseillerDoubleCertifiedV2
)
REMN_ENROLLED_V2 = _successor(REMN_ENROLLED_V1, cert.RemnEnrolledV2)
SESSION_SCHEDULED_V2 = _successor(SESSION_SCHEDULED_V1, mod.SessionScheduledV2)
SESSION_EVALUATED_V2 = _successor(SESSION_EVALUATED_V1, mod.SessionEvaluatedV2)
REGISTRATION_ACCEPTED_V2 = _successor(REGISTRATION_ACCEPTED_V1, mod.RegistrationAcceptedV2)
MODULE_COMPLETED_V2 = _successor(MODULE_COMPLETED_V1, mod.ModuleCompletedV2)

ISO_REGION_SUCCESSIONS = (
    (STRUCTURE_REGISTERED_V1, STRUCTURE_REGISTERED_V2),
    (CONSEILLER_ENROLLED_V2, CONSEILLER_ENROLLED_V3),
    (COHORT_FORMED_V1, COHORT_FORMED_V2),
    (PATH_ASSIGNED_V1, PATH_ASSIGNED_V2),
    (CCP1_CONVENED_V1, CCP1_CONVENED_V2),
    (CONSEILLER_DOUBLE_CERTIFIED_V1, CONSEILLER_DOUBLE_CERTIFIED_V2),
    (REMN_ENROLLED_V1, REMN_ENROLLED_V2),
    (SESSION_SCHEDULED_V1, SESSION_SCHEDULED_V2),
    (SESSION_EVALUATED_V1, SESSION_EVALUATED_V2),
    (REGISTRATION_ACCEPTED_V1, REGISTRATION_ACCEPTED_V2),
    (MODULE_COMPLETED_V1, MODULE_COMPLETED_V2),
)
"""(previous major, successor) of every family whose ``region`` changed for Corsica."""
iso_regions.register(ISO_REGION_SUCCESSIONS)

ALL_EVENT_TYPES: tuple[EventType, ...] = (
    STRUCTURE_REGISTERED_V1,
    HABILITATION_REQUESTED_V1,
    HABILITATION_GRANTED_V1,
    CONSEILLER_ENROLLED_V1,
    CONSEILLER_ENROLLED_V2,
    CONSEILLER_WITHDRAWN_V1,
    TRAINING_STARTED_V1,
    ATTENDANCE_BREACHED_V1,
    TRAINING_COMPLETED_V1,
    COHORT_FORMED_V1,
    COHORT_REFERENT_DESIGNATED_V1,
    TEST_SCHEDULED_V1,
    TEST_COMPLETED_V1,
    PATH_ASSIGNED_V1,
    CCP1_CONVENED_V1,
    CCP1_PASSED_V1,
    CCP1_FAILED_V1,
    PIX_RESULT_RECORDED_V1,
    CONSEILLER_DOUBLE_CERTIFIED_V1,
    REMN_ENROLLED_V1,
    MODULE_PUBLISHED_V1,
    MODULE_WITHDRAWN_V1,
    SESSION_SCHEDULED_V1,
    SESSION_CANCELLED_V1,
    SESSION_EVALUATED_V1,
    REGISTRATION_ACCEPTED_V1,
    REGISTRATION_WAITLISTED_V1,
    REGISTRATION_CANCELLED_V1,
    MODULE_COMPLETED_V1,
    *(successor for _, successor in ISO_REGION_SUCCESSIONS),
)
"""Every declared event type, in catalogue order."""
