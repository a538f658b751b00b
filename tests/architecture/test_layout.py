"""Every service has the same shape (decision 0014): fixed names, a module may grow into a
package of the same name, never into prefixed siblings."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(
    path for path in (ROOT / "services").iterdir() if (path / "pyproject.toml").exists()
)

REQUIRED = {
    "__init__",
    "__main__",
    "app",
    "settings",
    "domain",
    "handlers",
    "store",
    "api",
    "migrations",
}
OPTIONAL = {"views", "reference", "data", "testing"}
PACKAGE_ONLY = {"handlers", "store", "api", "migrations", "data"}
HANDLERS = {"__init__", "commands", "events"}
STORE = {"__init__", "tables", "repositories", "unit_of_work"}
API = {"__init__", "routes", "schemas"}


def names(directory: Path) -> dict[str, Path]:
    """Module and package names of a directory (``x.py`` and ``x/`` are both ``x``)."""
    found: dict[str, Path] = {}
    for path in directory.iterdir():
        if path.name == "__pycache__" or path.name.endswith(".pyc"):
            continue
        name = path.stem if path.suffix == ".py" else path.name
        assert name not in found, f"{path}: both a module and a package named {name}"
        found[name] = path
    return found


def package_of(service: Path) -> Path:
    return service / f"conum_{service.name}"


@pytest.mark.parametrize("service", SERVICES, ids=lambda path: path.name)
def test_a_service_package_holds_the_fixed_names_only(service: Path) -> None:
    found = names(package_of(service))
    assert set(found) >= REQUIRED, f"missing: {sorted(REQUIRED - set(found))}"
    assert set(found) <= REQUIRED | OPTIONAL, (
        f"unexpected: {sorted(set(found) - REQUIRED - OPTIONAL)}"
    )
    for name in PACKAGE_ONLY & set(found):
        assert found[name].is_dir(), f"{name} is a package"


@pytest.mark.parametrize("service", SERVICES, ids=lambda path: path.name)
def test_handlers_store_and_api_split_by_the_fixed_names(service: Path) -> None:
    package = package_of(service)
    for directory, allowed in (("handlers", HANDLERS), ("store", STORE), ("api", API)):
        found = set(names(package / directory))
        assert found <= allowed | {"static"}, f"{directory}: unexpected {sorted(found - allowed)}"
    assert "events" in names(package / "handlers") or "commands" in names(package / "handlers")


@pytest.mark.parametrize("service", SERVICES, ids=lambda path: path.name)
def test_migrations_hold_revisions_only(service: Path) -> None:
    found = names(package_of(service) / "migrations")
    assert found, "at least one revision"
    assert all(path.suffix == ".py" for path in found.values()), sorted(found)
    assert {"env", "__init__"}.isdisjoint(found), "the environment is the runtime's"


@pytest.mark.parametrize("service", SERVICES, ids=lambda path: path.name)
def test_no_module_is_named_with_a_prefix_of_another(service: Path) -> None:
    modules = set(names(package_of(service)))
    for name in modules:
        for other in modules - {name}:
            assert not name.startswith(other + "_"), f"{name}: make it a package {other}/"


@pytest.mark.parametrize("service", SERVICES, ids=lambda path: path.name)
def test_tests_are_named_after_the_layers(service: Path) -> None:
    layers = ("domain", "handlers", "views", "api", "store", "reference", "settings")
    for test in (service / "tests").glob("test_*.py"):
        layer = test.stem.removeprefix("test_").split("_")[0]
        assert layer in layers, f"{test.name}: name it test_<layer>[_<topic>].py, layer in {layers}"
