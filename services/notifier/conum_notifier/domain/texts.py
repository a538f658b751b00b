"""The e-mails, in French (R-NOT-02): a subject, a text, and the calendar events to attach.

The person's names come in at send time (:class:`Recipient`) and go nowhere but the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from conum_notifier.domain.calendar import CalendarEvent, calendar_events, where
from conum_notifier.domain.facts import (
    Ccp1Convocation,
    ModuleRegistration,
    PathAssignment,
    PositioningAppointment,
    SessionReminder,
)
from conum_notifier.domain.notifications import Kind, Notification
from conum_notifier.domain.policy import NotificationPolicy
from conum_notifier.domain.sessions import Session

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
CCP1_TITLE = (
    "« Accompagner différents publics vers l'autonomie dans les usages des technologies, "
    "services et médias numériques »"
)
SOME_MODULE = "module complémentaire"
SIGNATURE = (
    "Bien cordialement,\n"
    "Le réseau Conseiller numérique\n"
    "\n"
    "--\n"
    "Ce message vous est envoyé automatiquement ; merci de ne pas y répondre."
)
INDICATIVE_HOURS = "Les horaires de l'invitation jointe sont indicatifs : seul le jour est certain."


@dataclass(frozen=True)
class Recipient:
    first_name: str
    last_name: str


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    events: tuple[CalendarEvent, ...] = ()


def day_in_words(day: date) -> str:
    """``mardi 14 octobre 2025`` (whatever the machine's locale)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{DAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def compose(
    notification: Notification,
    recipient: Recipient,
    *,
    session: Session | None,
    module_title: str | None,
    policy: NotificationPolicy,
    uid_domain: str,
) -> Message:
    """The e-mail of a notification to its recipient."""
    title = module_title or SOME_MODULE
    subject, paragraphs = _content(notification, session, title)
    greeting = f"Bonjour {recipient.first_name} {recipient.last_name},"
    events = calendar_events(notification, session, title, policy, uid_domain)
    if events:
        paragraphs.append(INDICATIVE_HOURS)
    body = "\n\n".join([greeting, *paragraphs, SIGNATURE]) + "\n"
    return Message(subject, body, tuple(events))


def _content(
    notification: Notification, session: Session | None, title: str
) -> tuple[str, list[str]]:
    facts = notification.facts
    if isinstance(facts, PositioningAppointment):
        return _positioning(facts)
    if isinstance(facts, Ccp1Convocation):
        return _convocation(facts)
    if isinstance(facts, PathAssignment):
        return _path(facts)
    if session is None:
        raise ValueError("a module session's e-mail needs the session")
    if isinstance(facts, SessionReminder):
        return _reminder(facts, session, title)
    if isinstance(facts, ModuleRegistration):
        promoted = notification.kind is Kind.REGISTRATION_PROMOTED
        return _registration(session, title, promoted=promoted)
    raise TypeError(f"no text for {type(facts).__name__}")


def _positioning(facts: PositioningAppointment) -> tuple[str, list[str]]:
    test_day, interview_day = day_in_words(facts.test_on), day_in_words(facts.interview_on)
    interview = "le même jour" if facts.interview_on == facts.test_on else f"le {interview_day}"
    return f"Votre test de positionnement le {test_day}", [
        f"Votre organisme de formation vous attend pour votre test de positionnement, "
        f"d'une durée d'environ 1 h 30, le {test_day}, puis pour un entretien pédagogique "
        f"d'environ 45 minutes {interview}.",
        "Ce test détermine le parcours de formation qui vous sera proposé. Votre organisme de "
        "formation vous précisera le lieu et l'heure.",
    ]


def _convocation(facts: Ccp1Convocation) -> tuple[str, list[str]]:
    day = day_in_words(facts.exam_on)
    return f"Convocation à l'épreuve du CCP1 le {day}", [
        f"Vous êtes convoqué(e) à l'épreuve du CCP1 {CCP1_TITLE}, premier bloc du titre "
        f"professionnel Responsable d'espace de médiation numérique, le {day}. L'épreuve est "
        f"organisée par {facts.certifier}, qui vous précisera le lieu et l'heure.",
        "Cette convocation vous ouvre aussi l'inscription aux modules complémentaires de votre "
        "formation initiale.",
    ]


def _path(facts: PathAssignment) -> tuple[str, list[str]]:
    days = facts.alternance_days_per_week
    alternance = "1 jour" if days == 1 else f"{days} jours"
    return f"Votre parcours de formation : {facts.path_hours} heures", [
        f"À l'issue de votre test de positionnement, vous suivrez le parcours de "
        f"{facts.path_hours} heures sur {facts.weeks} semaines, dont {alternance} par semaine "
        f"dans votre structure d'accueil.",
        "Ce résultat est souverain. Vous pouvez poser vos questions à votre organisme de "
        "formation, directement ou par l'intermédiaire de votre structure.",
    ]


def _session_days(session: Session) -> str:
    return "\n".join(f"- {day_in_words(day.on)}, {where(day, session)}" for day in session.days)


def _registration(session: Session, title: str, *, promoted: bool) -> tuple[str, list[str]]:
    if promoted:
        subject = f"Une place s'est libérée : {title}"
        opening = (
            f"Une place s'est libérée dans la session du module « {title} » pour laquelle vous "
            f"étiez sur liste d'attente : votre inscription est confirmée."
        )
    else:
        subject = f"Inscription confirmée : {title}"
        opening = f"Votre inscription au module « {title} » est confirmée."
    return subject, [
        opening,
        f"La session, organisée par le hub régional {session.hub}, se tient :\n"
        f"{_session_days(session)}",
    ]


def _reminder(facts: SessionReminder, session: Session, title: str) -> tuple[str, list[str]]:
    day = next(d for d in session.days if d.on == facts.day)
    words = day_in_words(facts.day)
    return f"Rappel : {title} le {words}", [
        f"Nous vous rappelons votre participation au module « {title} » le {words}, "
        f"{where(day, session)}.",
    ]
