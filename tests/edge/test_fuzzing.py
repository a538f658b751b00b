"""The HTTP edge holds against generated input: property-based requests from each service's
OpenAPI document (schemathesis: every check, valid and invalid data, strings of every code
point including unpaired surrogates and NUL), a fixed seed and a bounded number of examples,
over real Kafka, on SQLite and once on PostgreSQL.

Generated requests reach the store, not only the 404 of an unknown id: half of the valid
cases name resources of a small world made first (:mod:`.world`).

Every check of schemathesis is on but one, replaced: "valid data is accepted" would count a
refusal of the rules (a 4xx whose ``code`` names the rule) as a failure; ours fails only when
data the document declares valid is refused as invalid by the edge itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
import schemathesis
from conum_runtime.testing.served import served
from conum_runtime.testing.services import service_settings
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import SERVICES, TOKENS, TOKENS_JSON, app_factory
from .world import WORLDS, World

pytestmark = pytest.mark.kafka

SEED = 20261123
EXAMPLES = int(os.environ.get("CONUM_FUZZ_EXAMPLES", "20"))
RUNS = [pytest.param(name, "sqlite", id=f"{name}-sqlite") for name in SERVICES] + [
    pytest.param(SERVICES[0], "postgresql", id=f"{SERVICES[0]}-postgresql")
]
EDGE_REFUSALS = ("invalid_request", "malformed_body", "malformed_request")
HOSTILE_TEXT = st.one_of(
    st.sampled_from(["\ud800", "a\udfffb", "\x00", "Awa\x00", "\x1b[31m", "\u202e", "é" * 70_000]),
    st.text(st.characters(codec=None), min_size=1, max_size=40),
)
"""Unpaired surrogates, NUL and control characters, and text larger than any body limit."""
HOSTILE_URL_TEXT = st.one_of(
    st.sampled_from(["\x00", "Awa\x00", "\x1b[31m", "\u202e", "%00", "..%2f", "é" * 3000]),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=40),
)
"""The same in a URL, which carries UTF-8 only (a surrogate cannot be sent there)."""
HOSTILE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@schemathesis.check
def valid_data_is_refused_only_by_a_rule(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """Data the document declares valid may be refused by a rule (a 4xx naming it), never as
    an invalid request by the edge."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code >= 500:
        return None
    if response.status_code in (400, 413, 415, 422):
        body = response.json()
        code = body.get("code") if isinstance(body, dict) else None
        assert code not in EDGE_REFUSALS, f"valid data refused as {code}: {body}"
    return True


@dataclass
class Fuzzed:
    schema: schemathesis.BaseSchema
    world: World


@pytest.fixture
def fuzzed(
    request: pytest.FixtureRequest,
    service: str,
    store: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    tmp_path: Path,
) -> Iterator[Fuzzed]:
    database_url = (
        f"sqlite+aiosqlite:///{tmp_path}/{service}.db"
        if store == "sqlite"
        else str(request.getfixturevalue("postgres_url"))
    )
    settings_ = service_settings(database_url, kafka_bootstrap, topic_prefix, TOKENS_JSON)
    with served(app_factory(service)(settings_)) as base_url:
        config = schemathesis.Config()
        generation = config.projects.default.generation
        generation.codec = None  # every code point, unpaired surrogates included
        generation.allow_x00 = True
        with httpx.Client(base_url=base_url) as client:
            world = WORLDS[service](client, kafka_bootstrap, topic_prefix)
        schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json", config=config)
        yield Fuzzed(schema, world)


def naming_known_resources(
    cases: st.SearchStrategy[schemathesis.Case], known: dict[str, list[str]]
) -> st.SearchStrategy[schemathesis.Case]:
    """Valid cases whose ids name existing resources half of the time."""

    @st.composite
    def cases_with_known_ids(draw: st.DrawFn) -> schemathesis.Case:
        case = draw(cases)
        if draw(st.booleans()):
            for name in list(case.path_parameters or {}):
                if name in known:
                    case.path_parameters[name] = draw(st.sampled_from(known[name]))
            if isinstance(case.body, dict):
                for name in list(case.body):
                    if name in known:
                        case.body[name] = draw(st.sampled_from(known[name]))
        return case

    return cases_with_known_ids()


def with_hostile_text(
    cases: st.SearchStrategy[schemathesis.Case],
) -> st.SearchStrategy[schemathesis.Case]:
    """Valid cases with one string of the body, query or path replaced by hostile text."""

    @st.composite
    def hostile(draw: st.DrawFn) -> schemathesis.Case:
        case = draw(cases)
        places = [
            (container, key, text)
            for container, text in (
                (case.body, HOSTILE_TEXT),
                (case.query, HOSTILE_URL_TEXT),
                (case.path_parameters, HOSTILE_URL_TEXT),
            )
            if isinstance(container, dict)
            for key, value in container.items()
            if isinstance(value, str)
        ]
        if places:
            container, key, text = draw(st.sampled_from(places))
            container[key] = draw(text)
        return case

    return hostile()


def addresses_its_operation(case: schemathesis.Case) -> bool:
    """No ``/`` in a path parameter once percent-decoded (``..%2f`` is sent as ``..%2F``): it
    makes the request address another path (the router's 404), not the operation under test."""
    return not any("/" in unquote(str(value)) for value in (case.path_parameters or {}).values())


def fuzz(operation: schemathesis.APIOperation, mode: str, world: World) -> None:
    """Run the operation's generated cases; the first failure, shrunk, fails the test.

    ``mode``: ``positive`` and ``negative`` as schemathesis generates them (every check on);
    ``hostile``: valid cases carrying hostile text, which must never answer 5xx and always
    answer as declared.
    """
    generation = GenerationMode.NEGATIVE if mode == "negative" else GenerationMode.POSITIVE
    cases = operation.as_strategy(generation_mode=generation)
    if generation is GenerationMode.POSITIVE:
        cases = naming_known_resources(cases, world.known)
    if mode == "hostile":
        cases = with_hostile_text(cases)
    cases = cases.filter(addresses_its_operation)
    checks = (
        {"checks": HOSTILE_CHECKS}
        if mode == "hostile"
        else {
            "excluded_checks": [positive_data_acceptance],
            "additional_checks": [valid_data_is_refused_only_by_a_rule],
        }
    )

    @given(case=cases, token=st.sampled_from(TOKENS))
    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case, token: str) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, **checks)

    run()


@pytest.mark.parametrize(("service", "store"), RUNS)
def test_no_server_error_and_every_answer_as_declared(
    fuzzed: Fuzzed, service: str, store: str
) -> None:
    operations = [result.ok() for result in fuzzed.schema.get_all_operations()]
    assert operations, "the document declares operations"
    for operation in operations:
        for mode in ("positive", "negative", "hostile"):
            fuzz(operation, mode, fuzzed.world)
    print(f"{service} on {store}: {len(operations)} operations, seed {SEED}, {EXAMPLES} examples")
