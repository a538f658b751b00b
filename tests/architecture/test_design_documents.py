"""The design documents hold: every rule of ``docs/design/domain.md`` names the tests that
enforce it and they exist, every source key is one of ``docs/design/sources.md``, and no file
of the repository refers to a document outside it (the repository stands alone)."""

from __future__ import annotations

import ast
import re
import subprocess
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

DESIGN_PAGE = re.compile(r"(?P<path>[\w.\-/]*\b(?:domain|events|architecture)\.md)")
OUTSIDE = re.compile(
    r"\bseeds?\s*0\d"  # the source articles by their file numbers, across line ends too
    r"|\bseeds/"
    r"|\((?:seeds?\s+)?00[0-4](?:,\s*00[0-4])*\)"  # "(004)", "(000, 001)"
    r"|\.\./shared\b|\bshared/(?:design|seeds)\b"
    r"|/work/"
    r"|\bstack[- ]notes\b|\bkafka-local\.md\b|\bservice-layout\.md\b|\bstyle\.md\b",
    re.IGNORECASE,
)
THIS_FILE = Path(__file__).resolve().relative_to(ROOT)
"""This test names the patterns it looks for; it is the one file allowed to."""


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


def outside_references(relative: Path, text: str) -> list[str]:
    """``line: what`` for each reference of a file to a document outside the repository."""
    found = [(m.start(), repr(m.group(0))) for m in OUTSIDE.finditer(text)]
    found += [
        (m.start(), repr(m["path"]))
        for m in DESIGN_PAGE.finditer(text)
        if not _inside(relative, m["path"])
    ]
    found += [
        (m.start(), f"unknown source key {m.group(0)}")
        for m in SOURCE_KEY.finditer(text)
        if m["key"] not in SOURCE_KEYS
    ]
    return [f"{relative}:{text.count(chr(10), 0, at) + 1}: {what}" for at, what in sorted(found)]


def _inside(relative: Path, path: str) -> bool:
    """Whether a named design page is one of the repository's (from the root, or relative to
    the file naming it)."""
    design = {page.resolve() for page in DESIGN.glob("*.md")}
    return any((base / path).resolve() in design for base in (ROOT, (ROOT / relative).parent))


def tracked_text_files() -> list[tuple[Path, str]]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.decode()
    files = []
    for name in filter(None, listed.split("\0")):
        path = ROOT / name
        if not path.is_file() or path.resolve() == ROOT / THIS_FILE:
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue  # binary (the packed Jaeger UI)
        try:
            files.append((Path(name), data.decode("utf-8")))
        except UnicodeDecodeError:
            continue
    return files


def test_no_tracked_file_refers_to_a_document_outside_the_repository() -> None:
    files = tracked_text_files()
    assert len(files) > 400, "git ls-files listed too few files"
    found = [problem for relative, text in files for problem in outside_references(relative, text)]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("services/x/domain/a.py", '"""The rules (domain.md, "Enrolment")."""'),
        ("services/x/domain/a.py", "# seed 002: Hubikoop"),
        ("services/x/domain/a.py", "# (seeds 000, 004)"),
        ("docs/decisions/0001-x.md", "a double certification (seeds\n000, 004)"),
        ("services/x/domain/a.py", "# in the first days (004)"),
        ("contracts/x.py", "follow the event catalogue (design/events.md)"),
        ("docs/decisions/0001-x.md", "see `architecture.md`"),
        ("README.md", "as in the stack notes (../shared/design/stack-notes.md)"),
        ("README.md", "read /work/shared/seeds/000.txt"),
        ("README.md", "cited as [HUB-2042]"),
    ],
)
def test_the_check_finds_references_outside(where: str, text: str) -> None:
    assert outside_references(Path(where), text)


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("services/x/domain/a.py", "# R-MOD-05, [HUB-2024] (docs/design/domain.md)"),
        ("docs/decisions/0001-x.md", "see [the domain](../design/domain.md)"),
        ("docs/design/README.md", "[`events.md`](events.md)"),
        ("README.md", "1,000 conseillers (2026), decision 0004"),
    ],
)
def test_the_check_lets_references_inside_pass(where: str, text: str) -> None:
    assert outside_references(Path(where), text) == []


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


DECISIONS = ROOT / "docs" / "decisions"
INDEX_ROW = re.compile(r"^\| \[(?P<number>\d{4})\]\((?P<file>\d{4}-[\w\-]+\.md)\) \|", re.MULTILINE)


def test_the_decisions_index_lists_every_decision_once_and_nothing_else() -> None:
    files = sorted(p.name for p in DECISIONS.glob("[0-9][0-9][0-9][0-9]-*.md"))
    listed = [m["file"] for m in INDEX_ROW.finditer((DECISIONS / "README.md").read_text())]
    assert sorted(listed) == files, "the index and the decision files differ"
    assert all(
        m["file"].startswith(m["number"])
        for m in INDEX_ROW.finditer((DECISIONS / "README.md").read_text())
    )
