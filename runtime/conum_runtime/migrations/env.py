"""The Alembic environment of every service: the revisions are the service's, the metadata
is given by :func:`conum_runtime.migrations.upgrade` (or the command line)."""

from alembic import context

from conum_runtime.migrations import run_env

run_env(context.config.attributes["target_metadata"])
