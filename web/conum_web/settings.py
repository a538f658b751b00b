"""The web application's settings, from ``CONUM_WEB_*`` variables.

It signs people in with one OpenID Connect issuer (the one the services trust) as a
confidential client, and calls each service's HTTP API at the address given here.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE = Path(__file__).resolve().parent
DEFAULT_ASSETS = PACKAGE.parent / "node_modules"
"""Where ``npm ci`` (run in ``web/``) installs the design system."""


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONUM_WEB_", extra="ignore")

    http_host: str = "127.0.0.1"
    http_port: int = 8010
    public_url: str = Field(
        default="",
        description="the address browsers use (default http://<host>:<port>): redirect URIs",
    )

    oidc_issuer: str = Field(default="", description="the issuer the services trust")
    oidc_client_id: str = "conum-web"
    oidc_client_secret: SecretStr = SecretStr("")
    oidc_scopes: str = "openid profile"
    oidc_role_claim: str = "conum_role"
    oidc_region_claim: str = "conum_region"
    oidc_actor_claim: str = "conum_actor"
    oidc_leeway_seconds: int = Field(default=30, ge=0, le=300)

    enrolment_url: str = "http://127.0.0.1:8001"
    positioning_url: str = "http://127.0.0.1:8002"
    certification_url: str = "http://127.0.0.1:8003"
    catalogue_url: str = Field(
        default="http://127.0.0.1:8004", description="the modules service's national instance"
    )
    national_url: str = "http://127.0.0.1:8007"
    hubs: dict[str, str] = Field(
        default_factory=lambda: {
            "FR-NAQ": "http://127.0.0.1:8005",
            "FR-IDF": "http://127.0.0.1:8006",
        },
        description="each region's modules instance (its hub's), as JSON",
    )
    service_timeout: float = Field(default=15.0, gt=0)

    session_lifetime: int = Field(
        default=8 * 3600, ge=60, description="seconds; the access token's own expiry ends it too"
    )
    cookie_secure: bool = Field(default=False, description="true behind HTTPS")
    assets_dir: Path = Field(default=DEFAULT_ASSETS, description="npm's node_modules")

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.http_host}:{self.http_port}").rstrip("/")

    @property
    def redirect_uri(self) -> str:
        return f"{self.base_url}/connexion/retour"

    @property
    def after_logout_uri(self) -> str:
        return f"{self.base_url}/"
