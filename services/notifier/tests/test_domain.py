"""The notifier's rules, pure: what is told, in which words, when, and in which time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from conum_notifier import domain
from conum_notifier.domain import (
    Ccp1Convocation,
    Kind,
    ModuleRegistration,
    Notification,
    NotificationPolicy,
    PathAssignment,
    PositioningAppointment,
    Reason,
    Recipient,
    Registration,
    Session,
    SessionDay,
    SessionReminder,
)

CONSEILLER = "0f6c2b54-3d1e-4f6a-9b8c-7d5e4f3a2b1c"
EVENT = "8a1f0c3e-2b4d-4e6f-8a0b-1c2d3e4f5a6b"
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
POLICY = NotificationPolicy()
CAMILLE = Recipient("Camille", "Durand")
SESSION = Session(
    "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
    "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
    "FR-NAQ",
    "hubikoop",
    "Médiathèque de Mont-de-Marsan",
    (SessionDay(date(2026, 3, 16), "remote"), SessionDay(date(2026, 3, 19), "in_person")),
)


def told(
    kind: Kind, facts: domain.Facts, region: str = "FR-NAQ", at: datetime = NOW
) -> Notification:
    return Notification.of(EVENT, kind, CONSEILLER, region, facts, at)


def compose(notification: Notification, session: Session | None = None) -> domain.Message:
    return domain.compose(
        notification,
        CAMILLE,
        session=session,
        module_title="Prendre en main Aidants Connect",
        policy=POLICY,
        uid_domain="conum.test",
    )


APPOINTMENT = told(
    Kind.POSITIONING_APPOINTMENT, PositioningAppointment(date(2026, 3, 9), date(2026, 3, 9))
)
CONVOCATION = told(Kind.CCP1_CONVOCATION, Ccp1Convocation(EVENT, date(2026, 6, 16), "Afpa"))
REGISTRATION = ModuleRegistration(
    "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", SESSION.session_id, SESSION.module_id, "initial"
)


def test_days_are_written_in_french_whatever_the_locale() -> None:
    assert domain.day_in_words(date(2026, 3, 9)) == "lundi 9 mars 2026"
    assert domain.day_in_words(date(2026, 8, 1)) == "samedi 1er août 2026"
    assert domain.day_in_words(date(2026, 12, 25)) == "vendredi 25 décembre 2026"


def test_each_kind_is_told_in_french_to_the_person_by_name() -> None:
    appointment = compose(APPOINTMENT)
    assert appointment.subject == "Votre test de positionnement le lundi 9 mars 2026"
    assert appointment.body.startswith("Bonjour Camille Durand,\n\n")
    assert "environ 1 h 30" in appointment.body and "45 minutes le même jour" in appointment.body

    convocation = compose(CONVOCATION)
    assert convocation.subject == "Convocation à l'épreuve du CCP1 le mardi 16 juin 2026"
    assert "Responsable d'espace de médiation numérique" in convocation.body
    assert "organisée par Afpa" in convocation.body

    path = compose(told(Kind.PATH_ASSIGNED, PathAssignment("2024", 175, 10, 1, date(2026, 3, 2))))
    assert path.subject == "Votre parcours de formation : 175 heures"
    assert "175 heures sur 10 semaines, dont 1 jour par semaine" in path.body
    assert "souverain" in path.body and path.events == ()

    accepted = compose(told(Kind.REGISTRATION_ACCEPTED, REGISTRATION), SESSION)
    assert accepted.subject == "Inscription confirmée : Prendre en main Aidants Connect"
    assert "- lundi 16 mars 2026, à distance" in accepted.body
    assert "- jeudi 19 mars 2026, en présentiel (Médiathèque de Mont-de-Marsan)" in accepted.body

    promoted = compose(told(Kind.REGISTRATION_PROMOTED, REGISTRATION), SESSION)
    assert promoted.subject == "Une place s'est libérée : Prendre en main Aidants Connect"
    assert "liste d'attente" in promoted.body

    reminder = SessionReminder(
        REGISTRATION.registration_id, SESSION.session_id, SESSION.module_id, date(2026, 3, 19)
    )
    recalled = compose(told(Kind.SESSION_REMINDER, reminder), SESSION)
    assert recalled.subject == "Rappel : Prendre en main Aidants Connect le jeudi 19 mars 2026"
    assert len(recalled.events) == 1 and recalled.events[0].starts_at.day == 19
    for message in (appointment, convocation, accepted, promoted, recalled):
        assert "indicatifs" in message.body  # the hours of a calendar event are assumed


def test_a_module_without_its_title_yet_is_named_plainly() -> None:
    message = domain.compose(
        told(Kind.REGISTRATION_ACCEPTED, REGISTRATION),
        CAMILLE,
        session=SESSION,
        module_title=None,
        policy=POLICY,
        uid_domain="conum.test",
    )
    assert message.subject == "Inscription confirmée : module complémentaire"


def test_a_session_notification_cannot_be_written_without_its_session() -> None:
    with pytest.raises(ValueError, match="session"):
        compose(told(Kind.REGISTRATION_ACCEPTED, REGISTRATION))


def test_the_interview_follows_the_test_the_same_day_with_their_announced_lengths() -> None:
    test, interview = domain.calendar_events(APPOINTMENT, None, "", POLICY, "conum.test")
    assert test.starts_at.time() == time(9, 0) and test.ends_at - test.starts_at == timedelta(
        hours=1, minutes=30
    )
    assert interview.starts_at == test.ends_at + timedelta(minutes=15)
    assert interview.ends_at - interview.starts_at == timedelta(minutes=45)

    apart = told(
        Kind.POSITIONING_APPOINTMENT, PositioningAppointment(date(2026, 3, 9), date(2026, 3, 11))
    )
    _, later = domain.calendar_events(apart, None, "", POLICY, "conum.test")
    assert (later.starts_at.date(), later.starts_at.time()) == (date(2026, 3, 11), time(9, 0))


def test_events_are_in_the_time_zone_of_the_conseillers_region() -> None:
    for region, zone in (
        ("FR-NAQ", "Europe/Paris"),
        ("FR-20R", "Europe/Paris"),
        ("FR-LRE", "Indian/Reunion"),
        ("FR-GUA", "America/Guadeloupe"),
        ("FR-GUF", "America/Cayenne"),
        ("FR-COM", "Europe/Paris"),
    ):
        convocation = told(Kind.CCP1_CONVOCATION, CONVOCATION.facts, region)
        [exam] = domain.calendar_events(convocation, None, "", POLICY, "conum.test")
        assert str(exam.starts_at.tzinfo) == zone
        assert exam.starts_at.time() == time(9, 0) and exam.ends_at.time() == time(17, 0)
    [paris] = domain.calendar_events(CONVOCATION, None, "", POLICY, "conum.test")
    assert paris.starts_at.utcoffset() == timedelta(hours=2)  # summer time on 16 June


def test_calendar_uids_derive_from_the_event_and_a_session_day_from_its_registration() -> None:
    first = domain.calendar_events(CONVOCATION, None, "", POLICY, "conum.test")
    again = domain.calendar_events(CONVOCATION, None, "", POLICY, "conum.test")
    assert [e.uid for e in first] == [e.uid for e in again]
    assert first[0].uid.endswith("@conum.test")
    accepted = told(Kind.REGISTRATION_ACCEPTED, REGISTRATION)
    days = domain.calendar_events(accepted, SESSION, "M", POLICY, "conum.test")
    reminder = SessionReminder(
        REGISTRATION.registration_id, SESSION.session_id, SESSION.module_id, date(2026, 3, 19)
    )
    recalled = Notification.of(
        domain.reminder_event_id(REGISTRATION.registration_id, date(2026, 3, 19)),
        Kind.SESSION_REMINDER,
        CONSEILLER,
        "FR-NAQ",
        reminder,
        NOW,
    )
    [day] = domain.calendar_events(recalled, SESSION, "M", POLICY, "conum.test")
    assert day.uid == days[1].uid  # the reminder updates the entry the acceptance made
    assert [d.location for d in days] == ["À distance", "Médiathèque de Mont-de-Marsan"]


def test_one_notification_per_event_and_kind_with_a_message_id_of_its_own() -> None:
    assert (
        APPOINTMENT.notification_id
        == told(Kind.POSITIONING_APPOINTMENT, APPOINTMENT.facts).notification_id
    )
    assert APPOINTMENT.notification_id != CONVOCATION.notification_id
    assert APPOINTMENT.message_id("conum.test") == f"<{APPOINTMENT.notification_id}@conum.test>"
    with pytest.raises(TypeError):
        told(Kind.CCP1_CONVOCATION, APPOINTMENT.facts)


def test_a_registration_that_waited_is_promoted_when_accepted() -> None:
    waiting = Registration.waitlisted(REGISTRATION.registration_id, CONSEILLER, "s", "FR-NAQ")
    assert domain.acceptance_kind(waiting) is Kind.REGISTRATION_PROMOTED
    assert domain.acceptance_kind(None) is Kind.REGISTRATION_ACCEPTED
    accepted = waiting.accepted("m", date(2026, 3, 1))
    assert domain.acceptance_kind(accepted) is Kind.REGISTRATION_ACCEPTED


def test_a_reminder_is_due_days_before_each_session_day_of_an_accepted_registration() -> None:
    registration = Registration.waitlisted("r", CONSEILLER, SESSION.session_id, "FR-NAQ")
    accepted = registration.accepted(SESSION.module_id, date(2026, 3, 1))

    def due(today: date, who: Registration = accepted, session: Session = SESSION) -> list[date]:
        return domain.due_reminders(who, session, today, 2)

    assert due(date(2026, 3, 13)) == []
    assert due(date(2026, 3, 14)) == [date(2026, 3, 16)]
    assert due(date(2026, 3, 15)) == [date(2026, 3, 16)]
    assert due(date(2026, 3, 16)) == []  # on the day: too late
    assert due(date(2026, 3, 17)) == [date(2026, 3, 19)]
    assert due(date(2026, 3, 14), registration) == []  # still waiting
    assert due(date(2026, 3, 14), accepted.cancelled()) == []
    assert due(date(2026, 3, 14), accepted, SESSION.cancelled_now()) == []
    late = registration.accepted(SESSION.module_id, date(2026, 3, 15))
    assert due(date(2026, 3, 15), late) == []  # its acceptance e-mail came then
    assert due(date(2026, 3, 17), late) == [date(2026, 3, 19)]


def test_nothing_is_told_about_the_past_nor_from_an_old_event() -> None:
    def reason(notification: Notification, today: date, now: datetime = NOW) -> Reason | None:
        return domain.not_to_send(notification, SESSION, today=today, now=now, policy=POLICY)

    assert reason(CONVOCATION, date(2026, 6, 16)) is None
    assert reason(CONVOCATION, date(2026, 6, 17)) is Reason.DATE_PASSED
    assert reason(CONVOCATION, date(2026, 3, 2), NOW + timedelta(days=8)) is Reason.STALE_EVENT
    reminder = SessionReminder("r", SESSION.session_id, SESSION.module_id, date(2026, 3, 16))
    recalled = told(Kind.SESSION_REMINDER, reminder)
    assert reason(recalled, date(2026, 3, 15)) is None
    assert reason(recalled, date(2026, 3, 16)) is Reason.DATE_PASSED
    accepted = told(Kind.REGISTRATION_ACCEPTED, REGISTRATION)
    assert reason(accepted, date(2026, 3, 17)) is None  # one day is still to come
    assert reason(accepted, date(2026, 3, 20)) is Reason.DATE_PASSED
    cancelled = domain.not_to_send(
        accepted, SESSION.cancelled_now(), today=date(2026, 3, 2), now=NOW, policy=POLICY
    )
    assert cancelled is Reason.SESSION_CANCELLED


def test_a_session_notification_waits_for_its_session() -> None:
    accepted = told(Kind.REGISTRATION_ACCEPTED, REGISTRATION)
    assert domain.waits_for(accepted, None) is Reason.AWAITING_SESSION
    assert domain.waits_for(accepted, SESSION) is None
    assert domain.waits_for(CONVOCATION, None) is None


def test_a_server_that_does_not_answer_is_tried_again_later_and_later() -> None:
    delays = [domain.retry_delay(attempts) for attempts in range(12)]
    assert delays[0] == delays[1] == timedelta(seconds=5)
    assert delays[2] == timedelta(seconds=10)
    assert delays == sorted(delays)
    assert delays[-1] == timedelta(minutes=15)


def test_the_policy_refuses_what_makes_no_sense() -> None:
    with pytest.raises(ValueError):
        NotificationPolicy(reminder_days_before=0)
    with pytest.raises(ValueError):
        NotificationPolicy(day_starts_at=time(17), day_ends_at=time(9))


def test_facts_travel_as_plain_data_and_back() -> None:
    for kind, facts in (
        (Kind.POSITIONING_APPOINTMENT, APPOINTMENT.facts),
        (Kind.CCP1_CONVOCATION, CONVOCATION.facts),
        (Kind.REGISTRATION_ACCEPTED, REGISTRATION),
        (Kind.PATH_ASSIGNED, PathAssignment("2021", 280, 16, 1, date(2026, 3, 2))),
    ):
        data = domain.facts_to_data(facts)
        assert all(isinstance(value, str | int) for value in data.values())
        assert domain.facts_from_data(domain.FACTS_OF[kind], data) == facts
