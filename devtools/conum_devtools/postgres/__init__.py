"""A throw-away PostgreSQL cluster for tests, from the server binaries on this machine::

pg = ThrowawayPostgres()
pg.start()
url = pg.create_database("enrolment")   # postgresql+asyncpg://postgres@127.0.0.1:<port>/enrolment
...
pg.stop()                               # stops the server and deletes its directory
"""

from conum_devtools.postgres.binaries import (
    PostgresUnavailableError,
    ThrowawayPostgresError,
    find_pg_bindir,
)
from conum_devtools.postgres.cluster import ThrowawayPostgres

__all__ = [
    "PostgresUnavailableError",
    "ThrowawayPostgres",
    "ThrowawayPostgresError",
    "find_pg_bindir",
]
