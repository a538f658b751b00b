"""The notifier's rules (docs/design/domain.md, R-NOT-*), in pure Python: the standard library
and the kernel only.

What is told and to whom (:mod:`.notifications`, :mod:`.facts`), what the modules' streams
leave (:mod:`.sessions`), when an e-mail goes (:mod:`.policy`), its calendar events
(:mod:`.calendar`) and its French text (:mod:`.texts`). Everything is re-exported here.
"""

from conum_notifier.domain.calendar import (
    METROPOLITAN_TIME_ZONE,
    CalendarEvent,
    calendar_events,
    time_zone,
)
from conum_notifier.domain.facts import (
    Ccp1Convocation,
    Facts,
    ModuleRegistration,
    PathAssignment,
    PositioningAppointment,
    SessionReminder,
    facts_from_data,
    facts_to_data,
)
from conum_notifier.domain.notifications import (
    FACTS_OF,
    Kind,
    Notification,
    Reason,
    Status,
    UnknownNotification,
    derived_id,
    reminder_event_id,
    retry_delay,
)
from conum_notifier.domain.policy import (
    NotificationPolicy,
    dates_of,
    not_to_send,
    waits_for,
)
from conum_notifier.domain.sessions import (
    Registration,
    RegistrationState,
    Session,
    SessionDay,
    acceptance_kind,
    due_reminders,
)
from conum_notifier.domain.texts import Message, Recipient, compose, day_in_words

__all__ = [
    "FACTS_OF",
    "METROPOLITAN_TIME_ZONE",
    "CalendarEvent",
    "Ccp1Convocation",
    "Facts",
    "Kind",
    "Message",
    "ModuleRegistration",
    "Notification",
    "NotificationPolicy",
    "PathAssignment",
    "PositioningAppointment",
    "Reason",
    "Recipient",
    "Registration",
    "RegistrationState",
    "Session",
    "SessionDay",
    "SessionReminder",
    "Status",
    "UnknownNotification",
    "acceptance_kind",
    "calendar_events",
    "compose",
    "dates_of",
    "day_in_words",
    "derived_id",
    "due_reminders",
    "facts_from_data",
    "facts_to_data",
    "not_to_send",
    "reminder_event_id",
    "retry_delay",
    "time_zone",
    "waits_for",
]
