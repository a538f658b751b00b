"""A conseiller's journeys through initial training, folded from the facts the streams told.

Every consumed conseiller event becomes one :class:`Fact` (identifiers and facts, never a name
nor an e-mail). A conseiller's journeys are a pure function of the *set* of their facts
(:func:`fold`): the facts are sorted by the day they happened, the event's time and its id, so
the order in which they arrived, and a second delivery, change nothing. That is what makes a
replay give exactly the figures of the live projection.

**Enrolments.** Each ``enrolled`` fact opens an enrolment (one journey); events of revision 2
name their ``enrolment_id``, older ones are told apart by their enrolment day. A fact belongs
to the enrolment it names; a fact naming none belongs to the latest enrolment that began on or
before its day (the first one if it is older than all). A fact naming an enrolment that has not
arrived yet waits (``pending``) and counts nowhere until it does. The latest enrolment is the
conseiller's *current* journey: a re-enrolment starts the conseiller's funnel again, and the
earlier journeys are kept for the withdrawals they ended with (decision 0018).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

Value = str | int | float | bool | None


class FactKind(StrEnum):
    ENROLLED = "enrolled"
    WITHDRAWN = "withdrawn"
    TEST_SCHEDULED = "test_scheduled"
    TEST_COMPLETED = "test_completed"
    PATH_ASSIGNED = "path_assigned"
    TRAINING_STARTED = "training_started"
    ATTENDANCE_BREACHED = "attendance_breached"
    TRAINING_COMPLETED = "training_completed"
    CCP1_CONVENED = "ccp1_convened"
    CCP1_PASSED = "ccp1_passed"
    CCP1_FAILED = "ccp1_failed"
    PIX_RECORDED = "pix_recorded"
    DOUBLE_CERTIFIED = "double_certified"


@dataclass(frozen=True)
class Fact:
    """One thing that happened to a conseiller, as an event told it (no personal data).

    ``on`` is the day it happened (the event's own date; the day it was published for events
    without one); ``values`` holds the kind's facts: ``enrolled``: structure_id, department,
    scheme, organisation_id, employment, remote; ``withdrawn``: reason_code;
    ``path_assigned``: scheme, path_hours, weeks; ``training_started``: cohort_id,
    planned_end_on; ``training_completed``: hours_attended; ``ccp1_convened``:
    exam_session_id, exam_on, certifier; ``ccp1_passed``/``ccp1_failed``: exam_session_id;
    ``pix_recorded``: certified.
    """

    event_id: str
    conseiller_id: str
    kind: FactKind
    on: date
    at: str
    """The event's time (RFC 3339, UTC): orders facts of one day."""
    region: str
    enrolment_id: str | None = None
    values: Mapping[str, Value] = field(default_factory=dict)

    @property
    def order(self) -> tuple[date, str, str]:
        return (self.on, self.at, self.event_id)

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return None if value is None else str(value)

    def number(self, name: str) -> int | None:
        value = self.values.get(name)
        return (
            int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        )


class Step(StrEnum):
    """Where a conseiller stands in initial training, the furthest step reached."""

    AWAITING_ENROLMENT = "awaiting_enrolment"
    ENROLLED = "enrolled"
    TEST_SCHEDULED = "test_scheduled"
    POSITIONED = "positioned"
    IN_TRAINING = "in_training"
    TRAINING_COMPLETED = "training_completed"
    CCP1_CONVENED = "ccp1_convened"
    CCP1_FAILED = "ccp1_failed"
    CCP1_PASSED = "ccp1_passed"
    DOUBLE_CERTIFIED = "double_certified"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Journey:
    """One enrolment of a conseiller and how far it went: identifiers and dates only."""

    conseiller_id: str
    ordinal: int
    """1 for the first enrolment, 2 after a re-enrolment…; 0: no enrolment known yet."""
    current: bool
    region: str
    facts: int
    enrolment_id: str | None = None
    department: str | None = None
    scheme: str | None = None
    structure_id: str | None = None
    organisation_id: str | None = None
    employment: str | None = None
    remote: bool | None = None
    enrolled_on: date | None = None
    test_scheduled: bool = False
    positioned_on: date | None = None
    path_hours: int | None = None
    training_started_on: date | None = None
    cohort_id: str | None = None
    attendance_breaches: int = 0
    training_completed_on: date | None = None
    ccp1_convened_on: date | None = None
    """The exam day of the first convocation."""
    ccp1_passed_on: date | None = None
    ccp1_failed_on: date | None = None
    pix_certified_on: date | None = None
    double_certified_on: date | None = None
    withdrawn_on: date | None = None
    withdrawal_reason: str | None = None

    @property
    def step(self) -> Step:
        reached = (
            (self.withdrawn_on, Step.WITHDRAWN),
            (self.double_certified_on, Step.DOUBLE_CERTIFIED),
            (self.ccp1_passed_on, Step.CCP1_PASSED),
            (self.ccp1_failed_on, Step.CCP1_FAILED),
            (self.ccp1_convened_on, Step.CCP1_CONVENED),
            (self.training_completed_on, Step.TRAINING_COMPLETED),
            (self.training_started_on, Step.IN_TRAINING),
            (self.positioned_on, Step.POSITIONED),
            (self.test_scheduled or None, Step.TEST_SCHEDULED),
            (self.enrolled_on, Step.ENROLLED),
        )
        return next((step for when, step in reached if when is not None), Step.AWAITING_ENROLMENT)


@dataclass(frozen=True)
class Folded:
    journeys: list[Journey]
    pending: int
    """Facts naming an enrolment that has not arrived yet."""
    facts: int
    """The distinct facts folded."""


@dataclass
class _Enrolment:
    key: str
    facts: list[Fact]

    @property
    def opened(self) -> tuple[date, str, str]:
        return min(fact.order for fact in self.facts)

    @property
    def enrolled_on(self) -> date:
        return self.opened[0]

    @property
    def defining(self) -> Fact:
        """The latest telling of the enrolment (a republished one may correct it)."""
        return max(self.facts, key=lambda fact: fact.order)


def fold(conseiller_id: str, facts: Iterable[Fact]) -> Folded:
    """The conseiller's journeys, the current one last; a function of the set of facts."""
    unique = sorted({fact.event_id: fact for fact in facts}.values(), key=lambda f: f.order)
    enrolments = _enrolments(fact for fact in unique if fact.kind is FactKind.ENROLLED)
    others = [fact for fact in unique if fact.kind is not FactKind.ENROLLED]
    if not enrolments:
        if not unique:
            return Folded([], 0, 0)
        return Folded([_journey(conseiller_id, 0, True, None, others)], 0, len(unique))
    groups: list[list[Fact]] = [[] for _ in enrolments]
    pending = 0
    for fact in others:
        index = _attribute(fact, enrolments)
        if index is None:
            pending += 1
        else:
            groups[index].append(fact)
    last = len(enrolments) - 1
    journeys = [
        _journey(conseiller_id, index + 1, index == last, enrolment.defining, group)
        for index, (enrolment, group) in enumerate(zip(enrolments, groups, strict=True))
    ]
    return Folded(journeys, pending, len(unique))


def _enrolments(enrolled: Iterable[Fact]) -> list[_Enrolment]:
    by_key: dict[str, _Enrolment] = {}
    for fact in enrolled:
        key = fact.enrolment_id or f"day:{fact.on.isoformat()}"
        by_key.setdefault(key, _Enrolment(key, [])).facts.append(fact)
    return sorted(by_key.values(), key=lambda enrolment: enrolment.opened)


def _attribute(fact: Fact, enrolments: list[_Enrolment]) -> int | None:
    if fact.enrolment_id is not None:
        for index, enrolment in enumerate(enrolments):
            if enrolment.key == fact.enrolment_id:
                return index
        if any(not enrolment.key.startswith("day:") for enrolment in enrolments):
            return None  # its enrolment has not arrived yet
    started = [index for index, e in enumerate(enrolments) if e.enrolled_on <= fact.on]
    return started[-1] if started else 0


def _first(facts: list[Fact], kind: FactKind) -> Fact | None:
    return next((fact for fact in facts if fact.kind is kind), None)


def _last(facts: list[Fact], kind: FactKind) -> Fact | None:
    return next((fact for fact in reversed(facts) if fact.kind is kind), None)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _journey(
    conseiller_id: str, ordinal: int, current: bool, enrolled: Fact | None, facts: list[Fact]
) -> Journey:
    """The journey told by one enrolment's facts (``facts`` sorted by their order)."""
    path = _last(facts, FactKind.PATH_ASSIGNED)
    started = _last(facts, FactKind.TRAINING_STARTED)
    convened = [f for f in facts if f.kind is FactKind.CCP1_CONVENED]
    withdrawn = _first(facts, FactKind.WITHDRAWN)
    certified_pix = next(
        (f for f in facts if f.kind is FactKind.PIX_RECORDED and f.values.get("certified")), None
    )
    region = enrolled.region if enrolled is not None else facts[0].region
    scheme = enrolled.text("scheme") if enrolled is not None else None
    remote = enrolled.values.get("remote") if enrolled is not None else None
    return Journey(
        conseiller_id=conseiller_id,
        ordinal=ordinal,
        current=current,
        region=region,
        facts=len(facts) + (enrolled is not None),
        enrolment_id=enrolled.enrolment_id if enrolled is not None else None,
        department=enrolled.text("department") if enrolled is not None else None,
        scheme=scheme or (path.text("scheme") if path is not None else None),
        structure_id=enrolled.text("structure_id") if enrolled is not None else None,
        organisation_id=enrolled.text("organisation_id") if enrolled is not None else None,
        employment=enrolled.text("employment") if enrolled is not None else None,
        remote=bool(remote) if remote is not None else None,
        enrolled_on=enrolled.on if enrolled is not None else None,
        test_scheduled=_first(facts, FactKind.TEST_SCHEDULED) is not None,
        positioned_on=_on(_first(facts, FactKind.PATH_ASSIGNED)),
        path_hours=path.number("path_hours") if path is not None else None,
        training_started_on=_on(started),
        cohort_id=started.text("cohort_id") if started is not None else None,
        attendance_breaches=sum(f.kind is FactKind.ATTENDANCE_BREACHED for f in facts),
        training_completed_on=_on(_first(facts, FactKind.TRAINING_COMPLETED)),
        ccp1_convened_on=min((_day(f.text("exam_on")) or f.on for f in convened), default=None),
        ccp1_passed_on=_on(_first(facts, FactKind.CCP1_PASSED)),
        ccp1_failed_on=_on(_first(facts, FactKind.CCP1_FAILED)),
        pix_certified_on=_on(certified_pix),
        double_certified_on=_on(_first(facts, FactKind.DOUBLE_CERTIFIED)),
        withdrawn_on=_on(withdrawn),
        withdrawal_reason=withdrawn.text("reason_code") if withdrawn is not None else None,
    )


def _on(fact: Fact | None) -> date | None:
    return None if fact is None else fact.on


def withdrawal_reason(code: str | None, reason: str, known: frozenset[str]) -> str:
    """The reason code of a withdrawal: revision 2 names it; an older event's free text is
    kept only when it is itself a known code, else ``other`` (the text is never stored)."""
    if code is not None:
        return code
    text = reason.strip().lower()
    return text if text in known else "other"
