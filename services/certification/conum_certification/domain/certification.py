"""Certification rules (docs/design/domain.md, R-CRT-*). Standard library and kernel only.

Initial training ends with a double certification (R-CRT-01): CCP1 of the REMN
professional title, to which a conseiller is convened by a certifier (exam sessions) and
which they pass or fail, and the Pix certification, recorded by Pix. The full REMN title is
a 140 h, 17-week track run by a regional organisation (R-CRT-06, R-CRT-07).

Who may act: an exam session belongs to its certifier in its region (its ``stake``); a
certifier token naming its certifier acts on that certifier's sessions only, and creates
sessions for it only; Pix results are recorded by the Pix certifier.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from conum_kernel.access import Caller, Stake

from conum_certification.domain.candidate import PIX, Candidate
from conum_certification.domain.refusals import (
    AlreadyConvened,
    AlreadyInFullTitle,
    Ccp1AlreadyPassed,
    ConseillerOfAnotherRegion,
    ConseillerWithdrawn,
    ConvocationMissing,
    ConvocationPending,
    DecidedBeforeExam,
    ExamBeforeTrainingStart,
    InvalidPixScore,
    NotTheirSession,
    NotThePixCertifier,
    PathMissing,
    PixResultAlreadyRecorded,
    ResultAlreadyRecorded,
    RetakeMustBeLater,
    TrainingNotStarted,
    UnknownConseiller,
)
from conum_certification.domain.routing import FullTitleRouting, Organisation

PIX_MAX_SCORE = 1024  # Pix certification scores: 0 to 1024 pix (contract PixResultRecordedV1)
FULL_TITLE_HOURS = 140  # the full REMN title: 140 h (R-CRT-06, [HUB-2024])
FULL_TITLE_WEEKS = 17  # over 17 weeks, one day a week, hybrid (R-CRT-06, [HUB-2024])


class Ccp1Result(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


class Ccp1Status(StrEnum):
    """Where a conseiller stands with CCP1, over every convocation."""

    NOT_CONVENED = "not_convened"
    CONVENED = "convened"
    PASSED = "passed"
    FAILED = "failed"


def check_acts_for(caller: Caller, certifier: str) -> None:
    """A certifier token naming its certifier acts for that certifier only; one naming none
    acts for every certifier of its region."""
    if caller.bound_to is not None and caller.bound_to != certifier:
        raise NotTheirSession("a certifier creates exam sessions for itself only")


def check_pix_certifier(caller: Caller) -> None:
    """Pix results are recorded by the Pix certifier, or by a token naming no certifier."""
    if caller.bound_to is not None and caller.bound_to != PIX:
        raise NotThePixCertifier("Pix results are recorded by the Pix certifier")


@dataclass(frozen=True)
class ExamSession:
    """A CCP1 exam session held by a certifier (e.g. ``afpa``) in one region."""

    exam_session_id: str
    exam_on: date
    region: str
    certifier: str

    @property
    def stake(self) -> Stake:
        """The session belongs to its certifier, in its region."""
        return Stake.of(self.region, certifier=self.certifier)


@dataclass(frozen=True)
class Convocation:
    conseiller_id: str
    exam_session_id: str
    region: str
    exam_on: date
    certifier: str
    result: Ccp1Result | None = None
    decided_on: date | None = None


def convene(
    candidate: Candidate | None, session: ExamSession, history: Iterable[Convocation]
) -> Convocation:
    """Convene a conseiller to a CCP1 session.

    Needs an assigned path and an open training, and the exam cannot precede the training's
    start (R-CRT-02). **Decision** (0012): a completed training still counts as open for
    the convocation: CCP1 ends initial training and is often sat after its last day.
    """
    if candidate is None or not candidate.is_enrolled:
        raise UnknownConseiller("no enrolled conseiller with this id")
    if candidate.region != session.region:
        raise ConseillerOfAnotherRegion(
            f"the conseiller is not of the session's region {session.region}"
        )
    if candidate.path_hours is None:
        raise PathMissing("the conseiller has no assigned path yet")
    if candidate.withdrawn_on is not None:
        raise ConseillerWithdrawn("the conseiller withdrew from initial training")
    if candidate.training_starts_on is None:
        raise TrainingNotStarted("the conseiller's training has not started")
    if session.exam_on < candidate.training_starts_on:
        raise ExamBeforeTrainingStart("the exam would precede the training's start")
    check_convenable(history, session)
    return Convocation(
        conseiller_id=candidate.conseiller_id,
        exam_session_id=session.exam_session_id,
        region=session.region,
        exam_on=session.exam_on,
        certifier=session.certifier,
    )


def check_convenable(history: Iterable[Convocation], session: ExamSession) -> None:
    """One convocation at a time; none after a pass; a retake only at a later session."""
    past = list(history)
    if any(c.exam_session_id == session.exam_session_id for c in past):
        raise AlreadyConvened("the conseiller is already convened to this session")
    if any(c.result is Ccp1Result.PASSED for c in past):
        raise Ccp1AlreadyPassed("the conseiller already passed CCP1")
    if any(c.result is None for c in past):
        raise ConvocationPending("the conseiller awaits the result of another session")
    if any(session.exam_on <= c.exam_on for c in past):
        raise RetakeMustBeLater("a retake must be at a session later than the failed one")


def ccp1_status(convocations: Iterable[Convocation]) -> Ccp1Status:
    """Passed once any convocation passed; else convened while one awaits its result."""
    past = list(convocations)
    if any(c.result is Ccp1Result.PASSED for c in past):
        return Ccp1Status.PASSED
    if any(c.result is None for c in past):
        return Ccp1Status.CONVENED
    return Ccp1Status.FAILED if past else Ccp1Status.NOT_CONVENED


def decide_ccp1(
    convocation: Convocation | None, result: Ccp1Result, decided_on: date
) -> Convocation:
    """The jury's decision on a convocation: once, not before the exam."""
    if convocation is None:
        raise ConvocationMissing("the conseiller was not convened to this session")
    if convocation.result is not None:
        raise ResultAlreadyRecorded("a result was already recorded for this convocation")
    if decided_on < convocation.exam_on:
        raise DecidedBeforeExam("the decision cannot precede the exam")
    return replace(convocation, result=result, decided_on=decided_on)


@dataclass(frozen=True)
class PixResult:
    conseiller_id: str
    region: str
    score: int
    certified: bool
    recorded_on: date


def record_pix(
    candidate: Candidate | None,
    *,
    score: int,
    certified: bool,
    recorded_on: date,
    previous: Iterable[PixResult],
) -> PixResult:
    """A Pix certification result (0 to 1024 pix); one result per conseiller and day."""
    if candidate is None or not candidate.is_enrolled:
        raise UnknownConseiller("no enrolled conseiller with this id")
    if not 0 <= score <= PIX_MAX_SCORE:
        raise InvalidPixScore(f"a Pix score runs from 0 to {PIX_MAX_SCORE}")
    if any(p.recorded_on == recorded_on for p in previous):
        raise PixResultAlreadyRecorded("a Pix result is already recorded for this day")
    return PixResult(candidate.conseiller_id, candidate.region, score, certified, recorded_on)


@dataclass(frozen=True)
class DoubleCertification:
    conseiller_id: str
    region: str
    ccp1_passed_on: date
    pix_certified_on: date


def double_certification(
    candidate: Candidate,
    convocations: Iterable[Convocation],
    pix_results: Iterable[PixResult],
    *,
    already_certified: bool,
) -> DoubleCertification | None:
    """CCP1 passed and Pix certified, whichever came last; at most once per conseiller."""
    if already_certified:
        return None
    passed = [c.decided_on for c in convocations if c.result is Ccp1Result.PASSED and c.decided_on]
    certified = [p.recorded_on for p in pix_results if p.certified]
    if not passed or not certified:
        return None
    return DoubleCertification(
        candidate.conseiller_id, candidate.region, min(passed), min(certified)
    )


@dataclass(frozen=True)
class FullTitleEnrolment:
    conseiller_id: str
    region: str
    department: str
    organisation: Organisation
    starts_on: date
    hours: int = FULL_TITLE_HOURS
    weeks: int = FULL_TITLE_WEEKS


def enrol_in_full_title(
    candidate: Candidate | None,
    *,
    starts_on: date,
    already_enrolled: bool,
    routing: FullTitleRouting,
) -> FullTitleEnrolment:
    """The full REMN title is open to conseillers who want it, once; the organisation
    serving the conseiller's department runs it (reference data)."""
    if candidate is None or candidate.department is None:
        raise UnknownConseiller("no enrolled conseiller with this id")
    if already_enrolled:
        raise AlreadyInFullTitle("the conseiller is already enrolled in the full REMN title")
    organisation = routing.organisation_for(candidate.region, candidate.department)
    return FullTitleEnrolment(
        conseiller_id=candidate.conseiller_id,
        region=candidate.region,
        department=candidate.department,
        organisation=organisation,
        starts_on=starts_on,
    )
