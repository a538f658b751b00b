"""The local network's pieces that need no server: tokens, instances, waves' arithmetic."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from conum_devtools.network.instances import LOCAL_NETWORK, instance_named
from conum_devtools.network.tokens import development_tokens, tokens_file_text
from conum_devtools.network.wave import exam_day, luhn_siret
from conum_kernel.territory import territory

REPOSITORY = Path(__file__).resolve().parents[2]


def test_the_committed_tokens_file_is_the_generated_one() -> None:
    committed = (REPOSITORY / "deploy/local/tokens.json").read_text()
    assert committed == tokens_file_text()


def test_every_region_has_each_party_and_no_token_is_given_twice() -> None:
    tokens = development_tokens()
    assert len({t.token for t in tokens}) == len(tokens)
    for region in territory().regions:
        roles = {t.role for t in tokens if t.region == region}
        assert roles == {"host_structure", "training_organisation", "certifier", "regional_hub"}
    entries = json.loads(tokens_file_text())
    assert all(len(entry["sha256"]) == 64 for entry in entries)


def test_instances_have_distinct_names_and_ports_and_shift_together() -> None:
    assert len({i.name for i in LOCAL_NETWORK}) == len(LOCAL_NETWORK)
    assert len({i.port for i in LOCAL_NETWORK}) == len(LOCAL_NETWORK)
    shifted = instance_named("modules-FR-NAQ", 1000)
    assert (shifted.port, shifted.region, shifted.service) == (9005, "FR-NAQ", "modules")
    assert shifted.environment("k:1", "t.json", "var")["CONUM_REGION"] == "FR-NAQ"


def test_the_wave_writes_valid_sirets_and_examines_on_a_tuesday_twelve_weeks_on() -> None:
    siret = luhn_siret("1234567890123")
    digits = [int(d) for d in reversed(siret)]
    assert (
        sum(d if i % 2 == 0 else (2 * d - 9 if 2 * d > 9 else 2 * d) for i, d in enumerate(digits))
        % 10
        == 0
    )
    day = exam_day(date(2026, 11, 23))
    assert day.weekday() == 1 and (day - date(2026, 11, 23)).days >= 84


def test_the_web_application_is_told_every_instance_and_the_provider(tmp_path: Path) -> None:
    from conum_devtools.network.network import LocalNetwork
    from conum_devtools.network.webapp import web_environment, web_registration, web_secret

    network = LocalNetwork(tmp_path / "var", 200)
    assert network.oidc_settings() == {
        "CONUM_OIDC_ISSUER": "http://127.0.0.1:8290",
        "CONUM_OIDC_AUDIENCE": "conum-api",
    }
    web = network.web()
    environment = web_environment(web, network.identity().issuer, "s", network.instances())
    assert environment["CONUM_WEB_HTTP_PORT"] == "8280"
    assert environment["CONUM_WEB_CATALOGUE_URL"] == "http://127.0.0.1:8204"
    assert json.loads(environment["CONUM_WEB_HUBS"]) == {
        "FR-NAQ": "http://127.0.0.1:8205",
        "FR-IDF": "http://127.0.0.1:8206",
    }
    registration = web_registration(web.url, "s")
    assert registration.redirect_uris == ("http://127.0.0.1:8280/connexion/retour",)
    secret = web_secret(network.identity().clients_file)
    assert len(secret) >= 40 and web_secret(network.identity().clients_file) != secret  # new


def test_the_users_table_names_each_party_of_the_regions_asked() -> None:
    from conum_devtools.network.webapp import users_table

    lines = users_table(["FR-NAQ"])
    assert lines[0].split() == ["rôle", "région", "identifiant", "mot", "de", "passe"]
    rows = [line.split() for line in lines[1:]]
    assert {row[1] for row in rows} == {"national", "FR-NAQ"}
    assert ["regional_hub", "FR-NAQ", "hub-naq", "mdp-hub-naq"] in rows
    assert ["national_coordinator", "national", "la-mednum", "mdp-la-mednum"] in rows
    assert len(users_table()) > len(lines)
