"""Who may register, on which track, funded or not; who gets a seat (R-MOD-03 to R-MOD-08).
Pure rules, no store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from conum_kernel.refusals import WrongRegion
from conum_modules.domain import (
    AlreadyRegistered,
    Conseiller,
    ConseillerWithdrawn,
    ConvocationMissing,
    DayMode,
    Habilitation,
    HabilitationMissing,
    Module,
    ModuleAlreadyTaken,
    ModuleKind,
    Placement,
    Registration,
    RegistrationStatus,
    Session,
    SessionDay,
    SessionFull,
    Track,
    UnknownConseiller,
    admit,
    check_eligibility,
    placement,
    waiting_order,
)

ACCEPTED, COMPLETED = RegistrationStatus.ACCEPTED, RegistrationStatus.COMPLETED
CONVENED = Conseiller(
    "c1", "FR-NAQ", structure_id="s1", enrolled_on=date(2026, 3, 2), convened_for=date(2026, 6, 18)
)
MODULE = Module("m1", "Prise en main", ModuleKind.PRISE_EN_MAIN, None)
AIDANTS_CONNECT = Module(
    "m-ac",
    "Prise en main d'Aidants Connect",
    ModuleKind.PRISE_EN_MAIN,
    Habilitation.AIDANTS_CONNECT,
)


def session_on(day: date, session_id: str = "s", capacity: int = 10) -> Session:
    return Session(
        session_id=session_id,
        module_id="m1",
        region="FR-NAQ",
        hub="hubikoop",
        days=(SessionDay(day, DayMode.IN_PERSON),),
        capacity=capacity,
        place="Mont-de-Marsan",
    )


def taken(
    registration_id: str,
    track: Track,
    *,
    year: int,
    funded: bool = True,
    status: RegistrationStatus = ACCEPTED,
    module_id: str | None = None,
) -> Registration:
    return Registration(
        registration_id=registration_id,
        session_id=f"session-{registration_id}",
        conseiller_id="c1",
        module_id=module_id or f"module-{registration_id}",
        region="FR-NAQ",
        hub="hubikoop",
        structure_id="s1",
        training_organisation_id="la-fabrik",
        status=status,
        registered_on=date(year, 1, 5),
        first_day=date(year, 3, 1),
        track=track,
        funded=funded,
        funding_year=year if funded else None,
    )


INITIAL_DONE = [
    taken("i1", Track.INITIAL, year=2026, status=COMPLETED),
    taken("i2", Track.INITIAL, year=2026, status=COMPLETED),
]


def test_the_first_two_modules_are_the_mandatory_initial_ones_then_continuing() -> None:
    assert placement([], session_on(date(2026, 5, 4))) == Placement(Track.INITIAL, True, 2026)
    assert placement(INITIAL_DONE[:1], session_on(date(2026, 5, 4))).track is Track.INITIAL
    assert placement(INITIAL_DONE, session_on(date(2026, 9, 7))) == Placement(
        Track.CONTINUING, True, 2026
    )


def test_one_funded_module_per_calendar_year_december_and_january_are_two_years() -> None:
    december = session_on(date(2026, 12, 14))
    january = session_on(date(2027, 1, 11))
    first = placement(INITIAL_DONE, december)
    assert first == Placement(Track.CONTINUING, funded=True, funding_year=2026)
    history = [*INITIAL_DONE, taken("dec", Track.CONTINUING, year=2026)]
    assert placement(history, january) == Placement(Track.CONTINUING, True, 2027)
    assert placement(history, session_on(date(2026, 12, 21))) == Placement(
        Track.CONTINUING, funded=False, funding_year=None
    )


def test_the_funded_year_is_the_year_of_the_sessions_first_day() -> None:
    across = replace(
        session_on(date(2026, 12, 30)),
        days=(
            SessionDay(date(2026, 12, 30), DayMode.REMOTE),
            SessionDay(date(2027, 1, 5), DayMode.IN_PERSON),
        ),
    )
    assert placement(INITIAL_DONE, across).funding_year == 2026


def test_an_unused_year_is_never_carried_over() -> None:
    nothing_in_2026 = [*INITIAL_DONE, taken("c27", Track.CONTINUING, year=2027)]
    assert not placement(nothing_in_2026, session_on(date(2027, 6, 1))).funded


def test_funding_is_not_retroactive_an_unfunded_module_stays_unfunded() -> None:
    funded = taken("a", Track.CONTINUING, year=2026)
    unfunded = taken("b", Track.CONTINUING, year=2026, funded=False)
    history = [*INITIAL_DONE, replace(funded, status=RegistrationStatus.CANCELLED), unfunded]
    assert unfunded.funded is False  # decided with its seat, never revised
    assert placement(history, session_on(date(2026, 10, 5))).funded  # the next one is


def test_initial_modules_do_not_use_the_years_continuing_funding() -> None:
    one_initial = [taken("i1", Track.INITIAL, year=2026)]
    assert placement(one_initial, session_on(date(2026, 5, 4))) == Placement(
        Track.INITIAL, True, 2026
    )
    assert placement(INITIAL_DONE, session_on(date(2026, 9, 7))).funded


def test_a_cancelled_or_missed_initial_module_is_still_owed() -> None:
    history = [
        taken("i1", Track.INITIAL, year=2026, status=COMPLETED),
        taken("i2", Track.INITIAL, year=2026, status=RegistrationStatus.MISSED),
    ]
    assert placement(history, session_on(date(2026, 9, 7))).track is Track.INITIAL


def eligible(conseiller: Conseiller | None, module: Module = MODULE, **others: object) -> None:
    check_eligibility(
        conseiller,
        module=module,
        session=session_on(date(2026, 9, 7)),
        history=others.get("history", []),  # type: ignore[arg-type]
        habilitations=others.get("habilitations", frozenset()),  # type: ignore[arg-type]
    )


def test_the_convocation_is_required_for_initial_modules_but_not_the_pass() -> None:
    not_convened = replace(CONVENED, convened_for=None)
    with pytest.raises(ConvocationMissing):
        eligible(not_convened)
    eligible(CONVENED)  # convened, no result yet: accepted
    eligible(not_convened, history=INITIAL_DONE)  # continuing training needs none


def test_aidants_connect_needs_the_structures_habilitation() -> None:
    with pytest.raises(HabilitationMissing):
        eligible(CONVENED, AIDANTS_CONNECT)
    eligible(CONVENED, AIDANTS_CONNECT, habilitations={Habilitation.AIDANTS_CONNECT})


def test_one_registration_per_conseiller_and_session_and_module() -> None:
    here = replace(taken("r", Track.INITIAL, year=2026), session_id="s")
    with pytest.raises(AlreadyRegistered):
        eligible(CONVENED, history=[here])
    same_module = taken("r2", Track.INITIAL, year=2026, module_id="m1")
    with pytest.raises(ModuleAlreadyTaken):
        eligible(CONVENED, history=[same_module])
    cancelled = replace(here, status=RegistrationStatus.CANCELLED)
    eligible(CONVENED, history=[cancelled])  # a cancelled registration may be made again


def test_a_withdrawn_unknown_or_other_regions_conseiller_is_refused() -> None:
    with pytest.raises(ConseillerWithdrawn):
        eligible(replace(CONVENED, withdrawn_on=date(2026, 4, 1)))
    with pytest.raises(UnknownConseiller):
        eligible(None)
    with pytest.raises(UnknownConseiller):
        eligible(replace(CONVENED, enrolled_on=None))  # only a convocation was received
    with pytest.raises(WrongRegion):
        eligible(replace(CONVENED, region="FR-IDF"))


def test_beyond_capacity_registrations_wait_in_order() -> None:
    session = session_on(date(2026, 9, 7), capacity=2)
    assert admit(session, seats_taken=1, waiting=0, waitlist=True).status is ACCEPTED
    waiting = admit(session, seats_taken=2, waiting=3, waitlist=True)
    assert (waiting.status, waiting.position) == (RegistrationStatus.WAITLISTED, 4)
    with pytest.raises(SessionFull):
        admit(session, seats_taken=2, waiting=0, waitlist=False)
    queue = [
        replace(
            taken(str(n), Track.INITIAL, year=2026),
            status=RegistrationStatus.WAITLISTED,
            waitlist_seq=seq,
        )
        for n, seq in ((1, 3), (2, 1), (3, 2))
    ]
    assert [r.registration_id for r in waiting_order(queue)] == ["2", "3", "1"]
