"""The Compose specification's JSON schema, from a registry: Docker's own ``docker-compose``
1.29.2 wheel on PyPI carries it (``compose/config/compose_spec.json``). It is downloaded once
per machine into the user's cache, checked against its known digest, and read from the wheel;
it is never committed."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conum_devtools.checkout import user_cache_dir

COMPOSE_WHEEL = "docker_compose-1.29.2-py2.py3-none-any.whl"
COMPOSE_REQUIREMENT = (
    "docker-compose==1.29.2 "
    "--hash=sha256:8d5589373b35c8d3b1c8c1182c6e4a4ff14bffa3dd0b605fcd08f73c94cef809"
)
SCHEMA_IN_WHEEL = "compose/config/compose_spec.json"


def compose_wheel() -> Path:
    """The wheel, downloaded with pip (hash-checked) the first time."""
    cache = user_cache_dir() / "compose-spec"
    wheel = cache / COMPOSE_WHEEL
    if wheel.is_file():
        return wheel
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as work:
        requirements = Path(work) / "requirements.txt"
        requirements.write_text(COMPOSE_REQUIREMENT + "\n", encoding="utf-8")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--require-hashes",
                "-r",
                str(requirements),
                "-d",
                work,
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        downloaded = Path(work) / COMPOSE_WHEEL
        if result.returncode != 0 or not downloaded.is_file():
            pytest.fail(
                "could not download docker-compose 1.29.2 from PyPI for the Compose "
                f"specification's schema:\n{result.stdout}\n{result.stderr}"
            )
        downloaded.replace(wheel)
    return wheel


@pytest.fixture(scope="session")
def compose_schema() -> dict[str, Any]:
    with zipfile.ZipFile(compose_wheel()) as wheel:
        schema: dict[str, Any] = json.loads(wheel.read(SCHEMA_IN_WHEEL))
    return schema
