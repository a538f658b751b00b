"""deploy/docker/Dockerfile, read as text (no Docker engine here): one target per service that
installs exactly that service from the lock and runs it, unprivileged, with a readiness
health check; a .dockerignore that keeps out what the build must not see."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import pytest

from .readers import (
    DOCKERIGNORE,
    ROOT,
    SERVICES,
    dockerfile_stages,
    exec_form,
    lineage,
)

STAGES = dockerfile_stages()
ROOT_PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
BASE_IMAGE = "python:3.11-slim"


def test_every_service_of_the_network_and_of_the_workspace_has_a_target() -> None:
    in_workspace = {
        path.name for path in (ROOT / "services").iterdir() if (path / "pyproject.toml").exists()
    }
    assert in_workspace <= set(SERVICES), "a new service needs a target and an entry here"
    assert set(SERVICES) <= set(STAGES)


def test_the_python_of_every_stage_is_the_lock_s() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    assert lock["requires-python"] == "==3.11.*"
    roots = {stage.base for stage in STAGES.values() if stage.base not in STAGES}
    assert roots == {BASE_IMAGE, "scratch"}  # scratch: the sources' stage, files only
    assert STAGES["sources"].all("RUN") == []


def test_uv_is_pinned_and_installs_from_the_lock_only() -> None:
    installs = [run for stage in STAGES.values() for run in stage.all("RUN") if " uv==" in run]
    assert len(installs) == 1
    assert re.search(r"\buv==\d+\.\d+\.\d+(\s|$)", installs[0]), installs[0]
    syncs = [run for stage in STAGES.values() for run in stage.all("RUN") if "uv sync" in run]
    assert len(syncs) == 2 * len(SERVICES)  # the dependencies, then the workspace's packages
    for sync in syncs:
        options = sync.split()
        assert {"--frozen", "--no-dev", "--no-editable"} <= set(options), sync
        assert "--mount=type=cache,target=/root/.cache/uv" in options, sync


def test_the_build_sees_the_whole_workspace_and_nothing_ignored() -> None:
    copied = {
        source.rstrip("/")
        for stage in STAGES.values()
        for copy in stage.all("COPY")
        if not copy.startswith("--from")
        for source in copy.split()[:-1]
    }
    members = ROOT_PROJECT["tool"]["uv"]["workspace"]["members"]
    for member in members:
        assert member.split("/")[0] in copied, f"workspace member {member} is not copied"
    assert {"pyproject.toml", "uv.lock"} <= copied
    ignored = ignore_patterns()
    for source in copied:
        assert (ROOT / source).exists(), source
        assert not is_ignored(source, ignored), f"{source} is in .dockerignore"
    for package in ("services/enrolment/conum_enrolment/app.py", "runtime/conum_runtime/app.py"):
        assert not is_ignored(package, ignored), package


def ignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def is_ignored(path: str, patterns: list[str]) -> bool:
    """Whether a pattern of .dockerignore matches the path or one of its parents (``**``
    matching any number of directories, as Docker reads it)."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    for pattern in patterns:
        for prefix in prefixes:
            if fnmatch.fnmatch(prefix, pattern) or (
                pattern.startswith("**/") and fnmatch.fnmatch(prefix, pattern[3:])
            ):
                return True
    return False


def test_dockerignore_keeps_out_the_machine_s_state_and_the_tests() -> None:
    ignored = ignore_patterns()
    for path in (
        ".git",
        ".venv",
        "var",
        "services/enrolment/tests",
        "runtime/conum_runtime/__pycache__",
    ):
        assert is_ignored(path, ignored), path


@pytest.mark.parametrize("service", SERVICES)
def test_the_target_installs_its_service_and_runs_it(service: str) -> None:
    chain = lineage(STAGES, service)
    copies = [copy for stage in chain for copy in stage.all("COPY") if copy.startswith("--from=")]
    assert len(copies) == 1, copies
    builder = copies[0].split()[0].removeprefix("--from=")
    syncs = [
        run for stage in lineage(STAGES, builder) for run in stage.all("RUN") if "uv sync" in run
    ]
    assert len(syncs) == 2, syncs
    for sync in syncs:
        assert re.search(rf"--package conum-{service}(\s|$)", sync), sync
    assert exec_form(chain[0].all("CMD")[-1]) == ["python", "-m", f"conum_{service}"]


@pytest.mark.parametrize("service", SERVICES)
def test_the_dependencies_are_a_layer_no_source_edit_invalidates(service: str) -> None:
    """Before the first ``uv sync`` (its dependencies only) the build has copied the lock and
    the members' pyproject.toml and nothing else; the sources come after it."""
    steps = [
        (keyword, arguments)
        for stage in reversed(lineage(STAGES, f"build-{service}"))
        for keyword, arguments in stage.instructions
        if keyword in ("COPY", "RUN")
    ]
    first_sync = next(i for i, (k, a) in enumerate(steps) if k == "RUN" and "uv sync" in a)
    assert "--no-install-workspace" in steps[first_sync][1].split()
    for keyword, arguments in steps[:first_sync]:
        if keyword == "COPY":
            sources = arguments.split()[:-1]
            assert all(Path(source).name in ("pyproject.toml", "uv.lock") for source in sources), (
                arguments
            )
    later = [arguments for keyword, arguments in steps[first_sync:] if keyword == "COPY"]
    assert later == ["--from=sources /src/ /src/"]
    copied = {copy.split()[0].rstrip("/") for copy in STAGES["sources"].all("COPY")}
    members = ROOT_PROJECT["tool"]["uv"]["workspace"]["members"]
    assert {member.split("/")[0] for member in members} <= copied


@pytest.mark.parametrize("service", SERVICES)
def test_the_target_runs_unprivileged_with_a_readiness_health_check(service: str) -> None:
    chain = lineage(STAGES, service)
    users = [user for stage in reversed(chain) for user in stage.all("USER")]
    assert users, "no USER: the service would run as root"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0, users[-1]
    checks = [check for stage in reversed(chain) for check in stage.all("HEALTHCHECK")]
    assert checks and "/health/ready" in checks[-1], checks
    assert "CONUM_HTTP_PORT" in checks[-1]
    environment = " ".join(env for stage in chain for env in stage.all("ENV"))
    assert "CONUM_HTTP_HOST=0.0.0.0" in environment
