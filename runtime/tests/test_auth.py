from __future__ import annotations

import json

import pytest
from conum_runtime.auth import Actor, Role, TokenBook, digest


def book() -> TokenBook:
    return TokenBook.from_json(
        json.dumps(
            [
                {"sha256": digest("naq-token"), "role": "host_structure", "region": "FR-NAQ"},
                {
                    "sha256": digest("anct-token"),
                    "role": "national_coordinator",
                    "region": "national",
                },
            ]
        )
    )


def test_a_token_names_its_actor() -> None:
    assert book().actor_for("naq-token") == Actor(Role.HOST_STRUCTURE, "FR-NAQ")


def test_an_unknown_token_names_nobody() -> None:
    assert book().actor_for("guess") is None


def test_tokens_are_stored_hashed_not_in_clear() -> None:
    text = json.dumps(
        [{"sha256": digest("secret-token"), "role": "operator", "region": "national"}]
    )
    assert "secret-token" not in text
    assert TokenBook.from_json(text).actor_for("secret-token") is not None


def test_tokens_must_be_a_list() -> None:
    with pytest.raises(ValueError, match="JSON list"):
        TokenBook.from_json("{}")


def test_an_unknown_role_is_refused() -> None:
    with pytest.raises(ValueError):
        TokenBook.from_json(json.dumps([{"sha256": "00", "role": "king", "region": "national"}]))
