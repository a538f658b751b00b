"""What a wave is: its plan, the services' addresses, its report, and the users' data
(names, SIRETs, the exam day)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from conum_kernel import siret

FIRST_NAMES = ("Camille", "Louis", "Inès", "Hugo", "Léa", "Nour", "Jade", "Malik", "Rose", "Théo")
LAST_NAMES = ("Martin", "Bernard", "Durand", "Petit", "Robert", "Richard", "Moreau", "Diallo")
EXAM_AFTER_WEEKS = 12


@dataclass(frozen=True)
class WavePlan:
    conseillers: int = 300
    seed: int = 20261123
    structures_per_region: int = 2
    share_2021: float = 0.15
    share_withdrawn: float = 0.05
    share_convened: float = 0.6
    share_passed: float = 0.8
    share_pix: float = 0.5
    concurrency: int = 16


@dataclass(frozen=True)
class Endpoints:
    enrolment: str = "http://127.0.0.1:8001"
    positioning: str = "http://127.0.0.1:8002"
    certification: str = "http://127.0.0.1:8003"
    national: str = "http://127.0.0.1:8007"
    modules: tuple[tuple[str, str], ...] = ()
    """``(region, url)`` of each regional hub's modules instance that runs."""


@dataclass
class WaveReport:
    """What the wave sent, counted as the national funnel counts it, and how long it took."""

    sent: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    seconds: float = 0.0
    agreed_after: float | None = None
    enrolled_at: dict[str, float] = field(default_factory=dict)

    @property
    def conseillers_per_second(self) -> float:
        return self.sent["enrolled"] / self.seconds if self.seconds else 0.0


class WaveError(RuntimeError):
    """A request of the wave was refused, or the network did not catch up in time."""


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def luhn_siret(prefix: str) -> str:
    """A SIRET passing the Luhn check, completing 13 digits."""
    return siret.completed(prefix)


def exam_day(today: date) -> date:
    """A Tuesday at least twelve weeks ahead: after any 2024 path of the wave."""
    after = today + timedelta(weeks=EXAM_AFTER_WEEKS)
    return after + timedelta(days=(1 - after.weekday()) % 7)
