"""Versioned event contracts of the CoNum network.

CloudEvents envelope (:mod:`.envelope`), payload models per context (:mod:`.enrolment`,
:mod:`.positioning`, :mod:`.certification`, :mod:`.modules`), the registry of event types
(:mod:`.registry`), payload encoding/decoding (:mod:`.decoding`), upcasters
(:mod:`.upcasting`) and the JSON Schema snapshots with their compatibility check
(:mod:`.schemas`, :mod:`.compat`, ``python -m conum_contracts.snapshot``).
"""

from .base import EventModel, PersonalData, parse_tolerant
from .certification import (
    Ccp1ConvenedV1,
    Ccp1FailedV1,
    Ccp1PassedV1,
    ConseillerDoubleCertifiedV1,
    PixResultRecordedV1,
    RemnEnrolledV1,
)
from .common import Organisation
from .decoding import decode_event, encode_event
from .enrolment import (
    AttendanceBreachedV1,
    CohortFormedV1,
    CohortReferentDesignatedV1,
    ConseillerEnrolledV1,
    ConseillerEnrolledV2,
    ConseillerPerson,
    ConseillerWithdrawnV1,
    HabilitationGrantedV1,
    HabilitationRequestedV1,
    SealedPerson,
    StructureRegisteredV1,
    TrainingCompletedV1,
    TrainingStartedV1,
)
from .envelope import (
    SPEC_VERSION,
    Envelope,
    decode_headers,
    encode_headers,
    new_envelope,
    parse_type,
)
from .errors import (
    ContractViolation,
    EnvelopeError,
    UnknownEventType,
    UnsupportedMajorVersion,
)
from .event_type import EventType
from .modules import (
    ModuleCompletedV1,
    ModulePublishedV1,
    ModuleWithdrawnV1,
    RegistrationAcceptedV1,
    RegistrationCancelledV1,
    RegistrationWaitlistedV1,
    SessionCancelledV1,
    SessionDay,
    SessionEvaluatedV1,
    SessionScheduledV1,
)
from .positioning import PathAssignedV1, TestCompletedV1, TestScheduledV1
from .registry import (
    EVENT_TYPES,
    dead_letter_topic,
    event_type,
    for_model,
    is_known_family,
    topics_of,
)
from .upcasting import register_upcaster, unregister_upcaster, upcast

__all__ = [
    "EVENT_TYPES",
    "SPEC_VERSION",
    "AttendanceBreachedV1",
    "Ccp1ConvenedV1",
    "Ccp1FailedV1",
    "Ccp1PassedV1",
    "CohortFormedV1",
    "CohortReferentDesignatedV1",
    "ConseillerDoubleCertifiedV1",
    "ConseillerEnrolledV1",
    "ConseillerEnrolledV2",
    "ConseillerPerson",
    "ConseillerWithdrawnV1",
    "ContractViolation",
    "Envelope",
    "EnvelopeError",
    "EventModel",
    "EventType",
    "HabilitationGrantedV1",
    "HabilitationRequestedV1",
    "ModuleCompletedV1",
    "ModulePublishedV1",
    "ModuleWithdrawnV1",
    "Organisation",
    "PathAssignedV1",
    "PersonalData",
    "PixResultRecordedV1",
    "RegistrationAcceptedV1",
    "RegistrationCancelledV1",
    "RegistrationWaitlistedV1",
    "RemnEnrolledV1",
    "SealedPerson",
    "SessionCancelledV1",
    "SessionDay",
    "SessionEvaluatedV1",
    "SessionScheduledV1",
    "StructureRegisteredV1",
    "TestCompletedV1",
    "TestScheduledV1",
    "TrainingCompletedV1",
    "TrainingStartedV1",
    "UnknownEventType",
    "UnsupportedMajorVersion",
    "dead_letter_topic",
    "decode_event",
    "decode_headers",
    "encode_event",
    "encode_headers",
    "event_type",
    "for_model",
    "is_known_family",
    "new_envelope",
    "parse_tolerant",
    "parse_type",
    "register_upcaster",
    "topics_of",
    "unregister_upcaster",
    "upcast",
]
