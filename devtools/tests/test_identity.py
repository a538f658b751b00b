"""The local OpenID Connect provider, in process: the authorization-code flow with PKCE as a
browser and a relying party drive it, what it refuses, and tokens the services accept (read by
the services' own verifier)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
from conum_devtools.identity.app import COOKIE, ProviderConfig, create_provider
from conum_devtools.identity.keys import SigningKey
from conum_devtools.identity.records import Client
from conum_devtools.identity.users import (
    DevUser,
    StoredUser,
    development_users,
    hash_password,
    read_users,
    write_users,
)
from conum_kernel.access import Role
from conum_runtime.oidc import TokenVerifier
from conum_runtime.settings import ServiceSettings

ISSUER = "http://127.0.0.1:8999"
RETURN = "http://127.0.0.1:8100/connexion/retour"
AFTER_LOGOUT = "http://127.0.0.1:8100/"
CLIENT = Client("conum-web", "s3cret", (RETURN,), (AFTER_LOGOUT,))
STRUCTURE = DevUser("structure-naq", "host_structure", "FR-NAQ")
ORGANISATION = DevUser("la-fabrik-naq", "training_organisation", "FR-NAQ", "la-fabrik")
KEY = SigningKey.generate()
USERS = {u.username: StoredUser(u, hash_password(u.password)) for u in (STRUCTURE, ORGANISATION)}


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorization(challenge: str | None, **extra: str) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": CLIENT.client_id,
        "redirect_uri": RETURN,
        "scope": "openid profile",
        "state": "etat-1",
        "nonce": "nonce-1",
    }
    if challenge is not None:
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    return params | extra


def provider(code_lifetime: float = 60.0) -> httpx.AsyncClient:
    config = ProviderConfig(
        ISSUER, "conum-api", KEY, {CLIENT.client_id: CLIENT}, USERS, code_lifetime=code_lifetime
    )
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(create_provider(config)), base_url=ISSUER
    )


@pytest.fixture
async def idp() -> AsyncIterator[httpx.AsyncClient]:
    async with provider() as client:
        yield client


async def sign_in(idp: httpx.AsyncClient, params: dict[str, str], user: DevUser) -> httpx.Response:
    form = await idp.get("/authorize", params=params)
    assert form.status_code == 200, form.text
    return await idp.post(
        "/authorize", data=params | {"username": user.username, "password": user.password}
    )


def code_of(answer: httpx.Response) -> str:
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == RETURN
    query = parse_qs(location.query)
    assert query["state"] == ["etat-1"]
    return query["code"][0]


async def exchange(
    idp: httpx.AsyncClient, code: str, verifier: str, secret: str = CLIENT.client_secret
) -> httpx.Response:
    return await idp.post(
        "/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": RETURN,
            "code_verifier": verifier,
        },
        auth=(CLIENT.client_id, secret),
    )


async def test_a_person_signs_in_and_the_services_accept_the_access_token(
    idp: httpx.AsyncClient,
) -> None:
    verifier, challenge = pkce()
    form = await idp.get("/authorize", params=authorization(challenge))
    assert '<html lang="fr">' in form.text and 'for="username"' in form.text
    assert "Mot de passe" in form.text
    wrong = await idp.post(
        "/authorize",
        data=authorization(challenge) | {"username": "la-fabrik-naq", "password": "non"},
    )
    assert wrong.status_code == 401
    assert "Identifiant ou mot de passe incorrect" in wrong.text
    assert 'value="la-fabrik-naq"' in wrong.text  # what was typed is kept
    code = code_of(await sign_in(idp, authorization(challenge), ORGANISATION))

    tokens = (await exchange(idp, code, verifier)).json()
    assert tokens["token_type"].lower() == "bearer" and tokens["expires_in"] == 3600

    settings = ServiceSettings(oidc_issuer=ISSUER, oidc_audience="conum-api")
    verifier_of_services = TokenVerifier(
        settings, transport=httpx.ASGITransport(idp._transport.app)
    )  # type: ignore[attr-defined]
    identity = await verifier_of_services.identity(tokens["access_token"])
    assert identity.actor.role is Role.TRAINING_ORGANISATION
    assert (identity.actor.region, identity.actor.actor_id) == ("FR-NAQ", "la-fabrik")
    assert identity.subject == f"oidc:{ORGANISATION.subject}"
    await verifier_of_services.close()

    header = jwt.get_unverified_header(tokens["access_token"])
    assert (header["alg"], header["kid"], header["typ"]) == ("RS256", KEY.kid, "at+jwt")
    public = jwt.PyJWK(KEY.jwks()["keys"][0]).key
    id_claims = jwt.decode(
        tokens["id_token"], public, algorithms=["RS256"], audience=CLIENT.client_id, issuer=ISSUER
    )
    assert id_claims["nonce"] == "nonce-1"
    assert id_claims["conum_role"] == "training_organisation"
    assert id_claims["sub"] == ORGANISATION.subject


@pytest.mark.parametrize(
    ("challenge", "extra"),
    [(None, {}), ("x" * 43, {"code_challenge_method": "plain"})],
    ids=["no-challenge", "plain-method"],
)
async def test_pkce_with_s256_is_required(
    idp: httpx.AsyncClient, challenge: str | None, extra: dict[str, str]
) -> None:
    params = authorization(None) | ({"code_challenge": challenge} if challenge else {}) | extra
    answer = await idp.get("/authorize", params=params)
    assert answer.status_code == 302
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert query["error"] == ["invalid_request"] and query["state"] == ["etat-1"]


async def test_a_wrong_verifier_is_refused(idp: httpx.AsyncClient) -> None:
    _, challenge = pkce()
    code = code_of(await sign_in(idp, authorization(challenge), STRUCTURE))
    answer = await exchange(idp, code, pkce()[0])
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"


async def test_a_code_is_exchanged_once(idp: httpx.AsyncClient) -> None:
    verifier, challenge = pkce()
    code = code_of(await sign_in(idp, authorization(challenge), STRUCTURE))
    assert (await exchange(idp, code, verifier)).status_code == 200
    again = await exchange(idp, code, verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


async def test_an_expired_code_is_refused() -> None:
    async with provider(code_lifetime=0.0) as idp:
        verifier, challenge = pkce()
        code = code_of(await sign_in(idp, authorization(challenge), STRUCTURE))
        answer = await exchange(idp, code, verifier)
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"


async def test_a_wrong_client_secret_is_refused(idp: httpx.AsyncClient) -> None:
    verifier, challenge = pkce()
    code = code_of(await sign_in(idp, authorization(challenge), STRUCTURE))
    answer = await exchange(idp, code, verifier, secret="guessed")
    assert answer.status_code == 401 and answer.json()["error"] == "invalid_client"


async def test_an_unregistered_redirect_uri_gets_a_page_not_a_redirect(
    idp: httpx.AsyncClient,
) -> None:
    _, challenge = pkce()
    params = authorization(challenge, redirect_uri="http://127.0.0.1:9/ailleurs")
    answer = await idp.get("/authorize", params=params)
    assert answer.status_code == 400 and "location" not in answer.headers
    assert "Demande d'autorisation refusée" in html.unescape(answer.text)


async def test_the_provider_session_skips_the_form_until_logout(idp: httpx.AsyncClient) -> None:
    verifier, challenge = pkce()
    code = code_of(await sign_in(idp, authorization(challenge), STRUCTURE))
    id_token = (await exchange(idp, code, verifier)).json()["id_token"]
    assert idp.cookies.get(COOKIE)
    again = await idp.get("/authorize", params=authorization(pkce()[1]))
    code_of(again)  # straight back, no form

    out = await idp.get(
        "/logout",
        params={"id_token_hint": id_token, "post_logout_redirect_uri": AFTER_LOGOUT, "state": "s"},
    )
    assert out.status_code == 302 and out.headers["location"] == f"{AFTER_LOGOUT}?state=s"
    assert not idp.cookies.get(COOKIE)
    form = await idp.get("/authorize", params=authorization(pkce()[1]))
    assert form.status_code == 200 and "Se connecter" in form.text


async def test_a_logout_without_an_id_token_asks_first_and_redirects_nowhere(
    idp: httpx.AsyncClient,
) -> None:
    params = {"post_logout_redirect_uri": AFTER_LOGOUT, "client_id": CLIENT.client_id}
    asked = await idp.get("/logout", params=params)
    assert asked.status_code == 200 and "Se déconnecter ?" in asked.text
    done = await idp.post("/logout", data=params)
    assert done.status_code == 200 and "Vous êtes déconnecté" in done.text


async def test_discovery_and_keys(idp: httpx.AsyncClient) -> None:
    document = (await idp.get("/.well-known/openid-configuration")).json()
    assert document["issuer"] == ISSUER
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["jwks_uri"] == f"{ISSUER}/jwks"
    keys = (await idp.get("/jwks")).json()["keys"]
    assert [k["kid"] for k in keys] == [KEY.kid] and "d" not in keys[0]


def test_users_come_from_the_tokens_and_the_file_holds_hashes_only(tmp_path: Path) -> None:
    users = development_users()
    names = {u.username for u in users}
    assert {"structure-naq", "hub-idf", "la-fabrik-naq", "national-coordinator"} <= names
    assert len(names) == len(users)
    path = tmp_path / "users.json"
    some = [u for u in users if u.region in ("national", "FR-NAQ")][:3]
    written = write_users(path, some)
    text = path.read_text()
    assert all(u.password not in text for u in some)
    assert path.stat().st_mode & 0o777 == 0o600
    kept = write_users(path, some)  # same users: the hashes are kept, not made again
    assert [s.password_hash for s in kept] == [s.password_hash for s in written]
    assert set(read_users(path)) == {u.username for u in some}
    assert json.loads(text)[0]["username"] == some[0].username
