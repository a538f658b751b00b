"""The HTTP edge holds against generated input: property-based requests from each service's
OpenAPI document (schemathesis: every check, valid and invalid data, strings of every code
point including unpaired surrogates and NUL), a fixed seed and a bounded number of examples,
over real Kafka, on SQLite and once on PostgreSQL.

Every check of schemathesis is on but one, replaced: "valid data is accepted" would count a
refusal of the rules (a 4xx whose ``code`` names the rule) as a failure; ours fails only when
data the document declares valid is refused as invalid by the edge itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from conum_runtime.testing.served import served
from conum_runtime.testing.services import service_settings
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from .conftest import SERVICES, TOKENS, TOKENS_JSON, app_factory

pytestmark = pytest.mark.kafka

SEED = 20261123
EXAMPLES = int(os.environ.get("CONUM_FUZZ_EXAMPLES", "20"))
RUNS = [pytest.param(name, "sqlite", id=f"{name}-sqlite") for name in SERVICES] + [
    pytest.param(SERVICES[0], "postgresql", id=f"{SERVICES[0]}-postgresql")
]
EDGE_REFUSALS = ("invalid_request", "malformed_body", "malformed_request")


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


@pytest.fixture
def fuzzed_schema(
    request: pytest.FixtureRequest,
    service: str,
    store: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    tmp_path: Path,
) -> Iterator[schemathesis.BaseSchema]:
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
        yield schemathesis.openapi.from_url(f"{base_url}/openapi.json", config=config)


def fuzz(operation: schemathesis.APIOperation, mode: GenerationMode) -> list[str]:
    """Run the operation's generated cases; the failures, described."""
    failures: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode), token=st.sampled_from(TOKENS))
    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case, token: str) -> None:
        try:
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"},
                excluded_checks=[positive_data_acceptance],
                additional_checks=[valid_data_is_refused_only_by_a_rule],
            )
        except (AssertionError, schemathesis.errors.SchemathesisError, Exception) as error:
            failures.append(f"{operation.label} ({mode.value}, {token}): {str(error)[:600]}")

    run()
    return failures


@pytest.mark.parametrize(("service", "store"), RUNS)
def test_no_server_error_and_every_answer_as_declared(
    fuzzed_schema: schemathesis.BaseSchema, service: str, store: str
) -> None:
    failures: list[str] = []
    operations = [result.ok() for result in fuzzed_schema.get_all_operations()]
    assert operations, "the document declares operations"
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures.extend(fuzz(operation, mode))
    print(f"{service} on {store}: {len(operations)} operations, seed {SEED}, {EXAMPLES} examples")
    assert not failures, "\n".join(sorted(set(failures))[:40])
