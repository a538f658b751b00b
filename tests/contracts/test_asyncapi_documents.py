"""Each service's committed AsyncAPI document is what its code generates.

Regenerate with ``./conum docs``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conum_devtools.docs.asyncapi import generate

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(path.parent.name for path in ROOT.glob("services/*/asyncapi.yaml"))


def test_every_consuming_or_producing_service_has_a_document() -> None:
    assert {"enrolment", "positioning", "certification", "modules"} <= set(SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_the_committed_asyncapi_document_matches_the_code(service: str) -> None:
    committed = (ROOT / "services" / service / "asyncapi.yaml").read_text()
    assert generate(service) == committed, (
        f"services/{service}/asyncapi.yaml is stale: run ./conum docs"
    )
