"""Repositories of the national store: facts and journeys of conseillers (:mod:`.journeys`),
the network's other aggregates (:mod:`.network`: structures, cohorts, modules, sessions,
registrations, full-title enrolments), and the positions applied (:mod:`.positions`). Every
write ignores the order of events (see ``tables``)."""

from conum_national.store.repositories.journeys import Facts, Journeys, Scope
from conum_national.store.repositories.network import Modules, Network, key_of
from conum_national.store.repositories.positions import Position, Positions

__all__ = [
    "Facts",
    "Journeys",
    "Modules",
    "Network",
    "Position",
    "Positions",
    "Scope",
    "key_of",
]
