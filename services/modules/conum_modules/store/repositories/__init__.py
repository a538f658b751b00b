"""Repositories of the modules store: domain objects in, rows out.

:mod:`.catalogue` (modules, habilitations), :mod:`.conseillers`, :mod:`.sessions` (sessions,
their days and attendance), :mod:`.registrations`, :mod:`.figures` (surveys, regional
figures).

Capacity under concurrency: a use case that gives or frees seats first **claims** the
session (:meth:`Sessions.claim`), an ``UPDATE`` of its row that holds the row's lock on
PostgreSQL, and the database's write lock on SQLite, until the commit; every read that
decides a seat comes after it. The conseiller's row is claimed next when their funding is
decided (always session first, then conseiller, so two use cases never wait on each other
in a circle).
"""

from conum_modules.store.repositories.catalogue import Habilitations, Modules
from conum_modules.store.repositories.conseillers import Conseillers
from conum_modules.store.repositories.figures import Evaluations, RegionFigures
from conum_modules.store.repositories.registrations import Fill, Registrations
from conum_modules.store.repositories.sessions import Attendance, SessionFilter, Sessions

__all__ = [
    "Attendance",
    "Conseillers",
    "Evaluations",
    "Fill",
    "Habilitations",
    "Modules",
    "RegionFigures",
    "Registrations",
    "SessionFilter",
    "Sessions",
]
