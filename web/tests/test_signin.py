"""Signing in to the application through the local provider (served on 127.0.0.1), the
application in process: the authorization-code flow with PKCE, the session cookie, what a
person may open, forms without their CSRF token, a service that does not answer, signing out.
The browser tests (``test_browser.py``) run the same against the whole network."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
from conum_web.sessions import COOKIE

from .conftest import USERS, WEB, sign_in


async def test_a_person_signs_in_and_reaches_their_space_only(web: httpx.AsyncClient) -> None:
    asked = await web.get("/structure/inscrire")
    assert asked.status_code == 303
    assert asked.headers["location"] == "/connexion?retour=%2Fstructure%2Finscrire"

    signed = await sign_in(web, USERS[0], "/structure/inscrire")
    assert signed.status_code == 303 and signed.headers["location"] == "/structure/inscrire"
    cookie = signed.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()

    page = await web.get("/structure")
    assert page.status_code == 503  # the enrolment service does not answer
    text = unescape(page.text)
    assert "Le service ne répond pas" in text and "Structure d'accueil — Nouvelle-Aquitaine" in text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"

    other = await web.get("/hub")
    assert other.status_code == 403 and "Accès refusé" in unescape(other.text)
    nonsense = await web.get("/structure/conseillers/pas-un-identifiant")
    assert nonsense.status_code == 404 and "Page introuvable" in unescape(nonsense.text)

    form = await web.get("/structure/structures/nouvelle")  # a form that reads no service
    tokens = set(re.findall(r'name="csrf" value="([^"]*)"', form.text))
    assert len(tokens) == 1 and "" not in tokens  # the form's and the sign-out's: the session's
    forged = await web.post("/structure/inscrire", data={"first_name": "Léa", "csrf": "x"})
    assert forged.status_code == 403 and "Formulaire expiré" in unescape(forged.text)


async def test_a_callback_is_used_once_and_must_carry_the_state(web: httpx.AsyncClient) -> None:
    wrong_state = await web.get("/connexion/retour", params={"code": "c", "state": "s"})
    assert wrong_state.status_code == 400
    assert "cette connexion a expiré" in unescape(wrong_state.text)

    to_provider = await web.get("/connexion")
    state = parse_qs(urlsplit(to_provider.headers["location"]).query)["state"][0]
    forged_code = await web.get("/connexion/retour", params={"code": "inventé", "state": state})
    assert forged_code.status_code == 400
    assert "a refusé le code (invalid_grant)" in unescape(forged_code.text)


async def test_a_role_without_a_space_is_told_so(web: httpx.AsyncClient) -> None:
    signed = await sign_in(web, USERS[1], "/")
    assert signed.headers["location"] == "/"
    home = await web.get("/")
    assert home.status_code == 200 and "Aucun espace pour votre rôle" in unescape(home.text)


async def test_signing_out_ends_the_session_here_and_at_the_provider(
    web: httpx.AsyncClient, issuer: str
) -> None:
    await sign_in(web, USERS[0], "/")
    page = await web.get("/accessibilite")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf is not None
    out = await web.post("/deconnexion", data={"csrf": csrf.group(1)})
    assert out.status_code == 303
    target = urlsplit(out.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{issuer}/logout"
    query = parse_qs(target.query)
    assert query["post_logout_redirect_uri"] == [f"{WEB}/"] and query["id_token_hint"]
    again = await web.get("/structure")
    assert again.status_code == 303 and again.headers["location"].startswith("/connexion")
