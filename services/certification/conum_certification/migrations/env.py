from conum_runtime.migrations import run_env

from conum_certification.store import metadata

run_env(metadata)
