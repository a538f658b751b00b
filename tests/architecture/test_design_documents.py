"""The design documents hold: every rule of ``docs/design/domain.md`` names the tests that
enforce it and they exist, and every source key is one of ``docs/design/sources.md``."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESIGN = ROOT / "docs" / "design"
NOT_YET_ENFORCED = "Not yet enforced"

RULE = re.compile(r"^### (?P<id>R-[A-Z]{3}-\d{2}) — \S", re.MULTILINE)
SECTION = re.compile(r"^## (?P<title>.+)$", re.MULTILINE)
TEST_LINK = re.compile(r"\[(?P<path>[^\]\s]+\.py)::(?P<function>\w+)\]\((?P<target>[^)\s]+)\)")
SOURCE_KEY = re.compile(r"\[(?P<key>[A-Z0-9]{2,6}-\d{4}(?:-\d{2})?)\]")
KNOWN_KEY = re.compile(r"^\| `\[(?P<key>[A-Z0-9]{2,6}-\d{4}(?:-\d{2})?)\]` \|", re.MULTILINE)


@dataclass(frozen=True)
class Rule:
    id: str
    section: str
    text: str

    @property
    def enforced(self) -> bool:
        return self.section != NOT_YET_ENFORCED


def rules(markdown: str) -> list[Rule]:
    """Each ``### R-…`` heading with the text up to the next heading, and its ``##`` section."""
    headings = sorted(
        [(m.start(), "section", m["title"]) for m in SECTION.finditer(markdown)]
        + [(m.start(), "rule", m["id"]) for m in RULE.finditer(markdown)]
    )
    found, section = [], ""
    for index, (start, kind, name) in enumerate(headings):
        if kind == "section":
            section = name.strip()
            continue
        end = headings[index + 1][0] if index + 1 < len(headings) else len(markdown)
        found.append(Rule(name, section, markdown[start:end]))
    return found


@cache
def functions_of(file: Path) -> frozenset[str]:
    """Test functions a file defines, at module level or in a class."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    nodes = list(tree.body)
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            nodes.extend(node.body)
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef)
    return frozenset(node.name for node in nodes if isinstance(node, kinds))


def link_problems(text: str, base: Path = DESIGN) -> list[str]:
    """What is wrong with the test links of a rule's text (links relative to ``base``)."""
    problems = []
    for link in TEST_LINK.finditer(text):
        file = ROOT / link["path"]
        if (base / link["target"]).resolve() != file.resolve():
            problems.append(f"{link['path']}: the link points to {link['target']}")
        elif not file.is_file():
            problems.append(f"{link['path']}: no such file")
        elif link["function"] not in functions_of(file):
            problems.append(f"{link['path']} defines no {link['function']}")
    return problems


DOMAIN = (DESIGN / "domain.md").read_text(encoding="utf-8")
RULES = rules(DOMAIN)
SOURCE_KEYS = frozenset(m["key"] for m in KNOWN_KEY.finditer((DESIGN / "sources.md").read_text()))


def test_rule_ids_are_unique_and_many() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert len([rule for rule in RULES if rule.enforced]) >= 40


@pytest.mark.parametrize("rule", [r for r in RULES if r.enforced], ids=lambda r: r.id)
def test_an_enforced_rule_names_its_source_owner_and_existing_tests(rule: Rule) -> None:
    for field in ("- Source:", "- Owner:", "- Tests:"):
        assert field in rule.text, f"{rule.id} has no {field!r} line"
    assert TEST_LINK.search(rule.text), f"{rule.id} links no test"
    assert link_problems(rule.text) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_a_rule_cites_a_known_source_or_says_it_is_an_assumption(rule: Rule) -> None:
    keys = {m["key"] for m in SOURCE_KEY.finditer(rule.text)}
    assert keys <= SOURCE_KEYS, f"{rule.id}: unknown source keys {sorted(keys - SOURCE_KEYS)}"
    assert keys or "assumption" in rule.text, f"{rule.id} names no source"


def test_the_sources_have_their_five_keys() -> None:
    assert {"AEF-2021-04", "WF3-2021-04", "HUB-2024", "BLOG-2020", "FAQ-2023"} == SOURCE_KEYS


def test_a_rule_linking_a_missing_test_is_caught() -> None:
    text = (
        "- Tests:\n"
        "  - [kernel/tests/test_access.py::test_nothing_of_the_kind]"
        "(../../kernel/tests/test_access.py)\n"
        "  - [kernel/tests/test_gone.py::test_x](../../kernel/tests/test_gone.py)\n"
        "  - [kernel/tests/test_access.py::test_a_role_outside_the_list_is_refused]"
        "(../../kernel/tests/test_territory.py)\n"
    )
    assert len(link_problems(text)) == 3
