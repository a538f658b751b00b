"""OpenID Connect access tokens: verified against the issuer's published keys (served on
127.0.0.1 by the test), with the actor read from the configured claims."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Iterator

import jwt
import pytest
from conum_kernel.access import Actor, Role
from conum_runtime.oidc import IssuerUnavailable, TokenRefused, TokenVerifier
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.issuer import SigningKey, TestIssuer, served_issuer
from cryptography.hazmat.primitives import serialization
from pydantic import ValidationError


@pytest.fixture
def issuer() -> Iterator[TestIssuer]:
    with served_issuer() as served:
        yield served


@pytest.fixture
async def verifier(issuer: TestIssuer) -> AsyncIterator[TokenVerifier]:
    made = TokenVerifier(ServiceSettings(**issuer.settings()))
    yield made
    await made.close()


async def refusal(verifier: TokenVerifier, token: str) -> str:
    with pytest.raises(TokenRefused) as refused:
        await verifier.identity(token)
    return refused.value.code


async def test_an_rs256_token_of_the_issuer_names_its_actor_and_subject(
    issuer: TestIssuer, verifier: TokenVerifier
) -> None:
    token = issuer.token("certifier", "FR-NAQ", "afpa", subject="f3a9c2")
    identity = await verifier.identity(token)
    assert identity.actor == Actor(Role.CERTIFIER, "FR-NAQ", "afpa")
    assert identity.subject == "oidc:f3a9c2"


async def test_an_es256_token_is_accepted_and_a_region_list_of_one_is_a_region(
    issuer: TestIssuer, verifier: TokenVerifier
) -> None:
    token = issuer.token("host_structure", "", key=issuer.keys[1], conum_region=["FR-IDF"])
    assert (await verifier.identity(token)).actor == Actor(Role.HOST_STRUCTURE, "FR-IDF")


async def test_the_claim_names_are_configured(issuer: TestIssuer) -> None:
    settings = ServiceSettings(
        **issuer.settings(
            oidc_role_claim="https://conum/role",
            oidc_region_claim="territory",
            oidc_actor_claim="siret",
        )
    )
    verifier = TokenVerifier(settings)
    token = issuer.token(
        "", "", **{"https://conum/role": "regional_hub", "territory": "national", "siret": "hub-1"}
    )
    assert (await verifier.identity(token)).actor == Actor(Role.REGIONAL_HUB, "national", "hub-1")
    await verifier.close()


async def test_an_expired_token_is_refused_beyond_the_allowed_skew(
    issuer: TestIssuer, verifier: TokenVerifier
) -> None:
    assert await refusal(verifier, issuer.token("operator", "national", lifetime=-60)) == (
        "token_expired"
    )
    within_skew = issuer.token("operator", "national", lifetime=-10)
    assert (await verifier.identity(within_skew)).actor.role is Role.OPERATOR


async def test_a_token_not_valid_yet_is_refused(
    issuer: TestIssuer, verifier: TokenVerifier
) -> None:
    later = issuer.token("operator", "national", nbf=int(time.time()) + 600)
    assert await refusal(verifier, later) == "token_not_yet_valid"


async def test_a_signature_by_another_key_under_a_known_kid_is_refused(
    issuer: TestIssuer, verifier: TokenVerifier
) -> None:
    impostor = SigningKey.rsa(kid=issuer.keys[0].kid)
    assert await refusal(verifier, issuer.token("operator", "national", key=impostor)) == (
        "bad_signature"
    )


async def test_a_tampered_token_is_refused(issuer: TestIssuer, verifier: TokenVerifier) -> None:
    header, body, signature = issuer.token("host_structure", "FR-NAQ").split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["conum_role"] = "national_coordinator"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert await refusal(verifier, f"{header}.{forged}.{signature}") == "bad_signature"


async def test_another_issuer_or_audience_is_refused(
    issuer: TestIssuer, verifier: TokenVerifier
) -> None:
    assert await refusal(verifier, issuer.token("operator", "national", iss="https://x")) == (
        "wrong_issuer"
    )
    assert await refusal(verifier, issuer.token("operator", "national", aud="other-api")) == (
        "wrong_audience"
    )


async def test_missing_or_unknown_claims_are_refused(
    issuer: TestIssuer, verifier: TokenVerifier
) -> None:
    assert await refusal(verifier, issuer.token("", "FR-NAQ", conum_role=None)) == ("missing_claim")
    assert await refusal(verifier, issuer.token("operator", "", conum_region=None)) == (
        "missing_claim"
    )
    assert await refusal(verifier, issuer.token("operator", "national", exp=None)) == (
        "missing_claim"
    )
    assert await refusal(verifier, issuer.token("king", "national")) == "invalid_claim"
    assert await refusal(verifier, issuer.token("operator", "Paris")) == "invalid_claim"
    two_regions = issuer.token("operator", "", conum_region=["FR-NAQ", "FR-IDF"])
    assert await refusal(verifier, two_regions) == "invalid_claim"


async def test_none_and_hmac_with_the_public_key_are_refused(
    issuer: TestIssuer, verifier: TokenVerifier
) -> None:
    claims = {"iss": issuer.issuer, "aud": "conum-api", "sub": "x", "exp": time.time() + 60}
    claims |= {"conum_role": "national_coordinator", "conum_region": "national"}
    unsigned = jwt.encode(claims, None, algorithm="none", headers={"kid": issuer.keys[0].kid})
    assert await refusal(verifier, unsigned) == "algorithm_not_allowed"
    public_pem = (
        issuer.keys[0]
        .private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": issuer.keys[0].kid}
    signing_input = ".".join(
        base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()
        for part in (header, claims)
    )
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    forged = f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    assert await refusal(verifier, forged) == "algorithm_not_allowed"


async def test_a_key_declared_for_another_algorithm_is_refused(
    issuer: TestIssuer, verifier: TokenVerifier
) -> None:
    _header, body, signature = issuer.token("operator", "national").split(".")  # RS256 key
    header = {"alg": "ES256", "typ": "JWT", "kid": issuer.keys[0].kid}
    relabelled = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    assert await refusal(verifier, f"{relabelled}.{body}.{signature}") == "algorithm_not_allowed"


async def test_the_keys_are_fetched_once_then_again_for_an_unknown_kid(
    issuer: TestIssuer, verifier: TokenVerifier
) -> None:
    await verifier.identity(issuer.token("operator", "national"))
    await verifier.identity(issuer.token("operator", "national", key=issuer.keys[1]))
    assert issuer.jwks_fetches == 1

    rotated = SigningKey.rsa()
    issuer.keys.append(rotated)
    verifier.keys._fetched_at -= 60  # the last fetch was a while ago
    identity = await verifier.identity(issuer.token("operator", "national", key=rotated))
    assert identity.actor.role is Role.OPERATOR
    assert issuer.jwks_fetches == 2


async def test_an_unpublished_key_is_refused_without_hammering_the_issuer(
    issuer: TestIssuer, verifier: TokenVerifier
) -> None:
    await verifier.identity(issuer.token("operator", "national"))
    stranger = SigningKey.rsa()
    for _ in range(3):
        assert await refusal(verifier, issuer.token("operator", "national", key=stranger)) == (
            "unknown_key"
        )
    assert issuer.jwks_fetches == 1


async def test_a_configured_jwks_url_is_used_without_discovery(issuer: TestIssuer) -> None:
    settings = ServiceSettings(
        **issuer.settings(oidc_jwks_url=f"{issuer.base_url}/jwks.json", oidc_issuer="urn:idp")
    )
    verifier = TokenVerifier(settings)
    token = issuer.token("operator", "national", iss="urn:idp")
    assert (await verifier.identity(token)).actor.role is Role.OPERATOR
    await verifier.close()


async def test_an_unreachable_issuer_is_not_a_refusal_of_the_token(issuer: TestIssuer) -> None:
    settings = ServiceSettings(**issuer.settings(oidc_jwks_url=f"{issuer.base_url}/nowhere"))
    verifier = TokenVerifier(settings)
    with pytest.raises(IssuerUnavailable):
        await verifier.identity(issuer.token("operator", "national"))
    await verifier.close()


async def test_malformed_tokens_are_refused(verifier: TokenVerifier) -> None:
    assert await refusal(verifier, "not.a.jwt") == "malformed_token"


def test_settings_accept_only_asymmetric_algorithms_and_require_an_audience() -> None:
    with pytest.raises(ValidationError, match="oidc_algorithms"):
        ServiceSettings(oidc_issuer="https://idp", oidc_audience="a", oidc_algorithms=("HS256",))
    with pytest.raises(ValidationError, match="oidc_algorithms"):
        ServiceSettings(oidc_issuer="https://idp", oidc_audience="a", oidc_algorithms=("none",))
    with pytest.raises(ValidationError, match="oidc_audience"):
        ServiceSettings(oidc_issuer="https://idp")
    assert TokenVerifier.configured(ServiceSettings()) is None
