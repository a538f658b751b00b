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
from .event_type import EventType, Stream

ENROLMENT_STRUCTURE_TOPIC = "conum.enrolment.structure"
ENROLMENT_CONSEILLER_TOPIC = "conum.enrolment.conseiller"
ENROLMENT_COHORT_TOPIC = "conum.enrolment.cohort"
POSITIONING_CONSEILLER_TOPIC = "conum.positioning.conseiller"
CERTIFICATION_CONSEILLER_TOPIC = "conum.certification.conseiller"
MODULES_CATALOGUE_TOPIC = "conum.modules.catalogue"
MODULES_SESSION_TOPIC = "conum.modules.session"
MODULES_REGISTRATION_TOPIC = "conum.modules.registration"


_ENROLMENT_STRUCTURE = Stream(ENROLMENT_STRUCTURE_TOPIC, "structure_id")
_ENROLMENT_CONSEILLER = Stream(ENROLMENT_CONSEILLER_TOPIC, "conseiller_id")
_ENROLMENT_COHORT = Stream(ENROLMENT_COHORT_TOPIC, "cohort_id")
_POSITIONING_CONSEILLER = Stream(POSITIONING_CONSEILLER_TOPIC, "conseiller_id")
_CERTIFICATION_CONSEILLER = Stream(CERTIFICATION_CONSEILLER_TOPIC, "conseiller_id")
_MODULES_CATALOGUE = Stream(MODULES_CATALOGUE_TOPIC, "module_id")
_MODULES_SESSION = Stream(MODULES_SESSION_TOPIC, "session_id")
_MODULES_REGISTRATION = Stream(MODULES_REGISTRATION_TOPIC, "conseiller_id")

# --- enrolment ----------------------------------------------------------------------------

STRUCTURE_REGISTERED_V1 = _ENROLMENT_STRUCTURE.event(
    "structure.registered.v1", enr.StructureRegisteredV1, "A host structure joined the network."
)

HABILITATION_REQUESTED_V1 = _ENROLMENT_STRUCTURE.event(
    "structure.habilitation_requested.v1",
    enr.HabilitationRequestedV1,
    "A host structure asked for a habilitation (Aidants Connect).",
)

HABILITATION_GRANTED_V1 = _ENROLMENT_STRUCTURE.event(
    "structure.habilitation_granted.v1",
    enr.HabilitationGrantedV1,
    "A host structure was habilitated (Aidants Connect).",
)

CONSEILLER_ENROLLED_V1 = _ENROLMENT_CONSEILLER.event(
    "conseiller.enrolled.v1",
    enr.ConseillerEnrolledV1,
    "A host structure enrolled its conseiller in initial training.",
    revision=2,
)

CONSEILLER_ENROLLED_V2 = _ENROLMENT_CONSEILLER.event(
    "conseiller.enrolled.v2",
    enr.ConseillerEnrolledV2,
    "A host structure enrolled its conseiller in initial training (person sealed).",
)

CONSEILLER_WITHDRAWN_V1 = _ENROLMENT_CONSEILLER.event(
    "conseiller.withdrawn.v1",
    enr.ConseillerWithdrawnV1,
    "A conseiller left initial training.",
    revision=2,
)

TRAINING_STARTED_V1 = _ENROLMENT_CONSEILLER.event(
    "conseiller.training_started.v1",
    enr.TrainingStartedV1,
    "A conseiller's initial training started.",
    revision=2,
)

ATTENDANCE_BREACHED_V1 = _ENROLMENT_CONSEILLER.event(
    "conseiller.attendance_breached.v1",
    enr.AttendanceBreachedV1,
    "A conseiller's attendance fell below the threshold.",
    revision=2,
)

TRAINING_COMPLETED_V1 = _ENROLMENT_CONSEILLER.event(
    "conseiller.training_completed.v1",
    enr.TrainingCompletedV1,
    "A conseiller completed initial training.",
    revision=2,
)

COHORT_FORMED_V1 = _ENROLMENT_COHORT.event(
    "cohort.formed.v1",
    enr.CohortFormedV1,
    "A 2021-scheme cohort of at least 8 conseillers was formed.",
)

COHORT_REFERENT_DESIGNATED_V1 = _ENROLMENT_COHORT.event(
    "cohort.referent_designated.v1",
    enr.CohortReferentDesignatedV1,
    "A cohort designated its referent.",
)

# --- positioning --------------------------------------------------------------------------

TEST_SCHEDULED_V1 = _POSITIONING_CONSEILLER.event(
    "test.scheduled.v1",
    pos.TestScheduledV1,
    "A conseiller's positioning test and interview were scheduled.",
    revision=2,
)

TEST_COMPLETED_V1 = _POSITIONING_CONSEILLER.event(
    "test.completed.v1",
    pos.TestCompletedV1,
    "A conseiller took the positioning test and interview.",
    revision=2,
)

PATH_ASSIGNED_V1 = _POSITIONING_CONSEILLER.event(
    "path.assigned.v1",
    pos.PathAssignedV1,
    "The positioning result placed a conseiller on a training path.",
    revision=2,
)

# --- certification ------------------------------------------------------------------------

CCP1_CONVENED_V1 = _CERTIFICATION_CONSEILLER.event(
    "ccp1.convened.v1", cert.Ccp1ConvenedV1, "A conseiller was convened to the CCP1 exam."
)

CCP1_PASSED_V1 = _CERTIFICATION_CONSEILLER.event(
    "ccp1.passed.v1", cert.Ccp1PassedV1, "A conseiller passed CCP1."
)

CCP1_FAILED_V1 = _CERTIFICATION_CONSEILLER.event(
    "ccp1.failed.v1", cert.Ccp1FailedV1, "A conseiller failed CCP1."
)

PIX_RESULT_RECORDED_V1 = _CERTIFICATION_CONSEILLER.event(
    "pix.result_recorded.v1",
    cert.PixResultRecordedV1,
    "A conseiller's Pix certification result was recorded.",
)

CONSEILLER_DOUBLE_CERTIFIED_V1 = _CERTIFICATION_CONSEILLER.event(
    "conseiller.double_certified.v1",
    cert.ConseillerDoubleCertifiedV1,
    "A conseiller obtained both CCP1 and Pix.",
)

REMN_ENROLLED_V1 = _CERTIFICATION_CONSEILLER.event(
    "remn.enrolled.v1", cert.RemnEnrolledV1, "A conseiller enrolled in the full REMN title track."
)

# --- modules ------------------------------------------------------------------------------

MODULE_PUBLISHED_V1 = _MODULES_CATALOGUE.event(
    "module.published.v1",
    mod.ModulePublishedV1,
    "A module was published in the national catalogue.",
)

MODULE_WITHDRAWN_V1 = _MODULES_CATALOGUE.event(
    "module.withdrawn.v1", mod.ModuleWithdrawnV1, "A module was withdrawn from the catalogue."
)

SESSION_SCHEDULED_V1 = _MODULES_SESSION.event(
    "session.scheduled.v1", mod.SessionScheduledV1, "A regional hub scheduled a module session."
)

SESSION_CANCELLED_V1 = _MODULES_SESSION.event(
    "session.cancelled.v1", mod.SessionCancelledV1, "A module session was cancelled."
)

SESSION_EVALUATED_V1 = _MODULES_SESSION.event(
    "session.evaluated.v1",
    mod.SessionEvaluatedV1,
    "The satisfaction survey of a session was closed.",
)

REGISTRATION_ACCEPTED_V1 = _MODULES_REGISTRATION.event(
    "registration.accepted.v1",
    mod.RegistrationAcceptedV1,
    "A conseiller's registration to a session was accepted.",
)

REGISTRATION_WAITLISTED_V1 = _MODULES_REGISTRATION.event(
    "registration.waitlisted.v1",
    mod.RegistrationWaitlistedV1,
    "A conseiller was put on a full session's waiting list.",
)

REGISTRATION_CANCELLED_V1 = _MODULES_REGISTRATION.event(
    "registration.cancelled.v1",
    mod.RegistrationCancelledV1,
    "A conseiller's registration was cancelled.",
)

MODULE_COMPLETED_V1 = _MODULES_REGISTRATION.event(
    "module.completed.v1", mod.ModuleCompletedV1, "A conseiller completed a module session."
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
