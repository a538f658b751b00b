"""The development tokens of the local network, for every region.

Their clear values are public (``dev-structure-naq``, ``dev-la-fabrik-naq``, …): the local
network and its wave act as every party of every region. ``deploy/local/tokens.json`` holds
their digests and is written from here (``python -m conum_devtools.network tokens``), so the
two never differ. Never use them outside a developer's machine.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from conum_kernel.territory import territory

TRAINING_ORGANISATIONS = ("la-fabrik", "pop-school", "afpa-simplon", "idf-groupement", "webforce3")
EXAM_CERTIFIER = "afpa"
PIX = "pix"


@dataclass(frozen=True)
class DevToken:
    token: str
    role: str
    region: str
    actor_id: str = ""

    def entry(self) -> dict[str, str]:
        digest = hashlib.sha256(self.token.encode()).hexdigest()
        return {
            "sha256": digest,
            "role": self.role,
            "region": self.region,
            "actor_id": self.actor_id,
        }


def suffix(region: str) -> str:
    """``FR-NAQ`` → ``naq``."""
    return region.removeprefix("FR-").lower()


def structure_token(region: str) -> str:
    return f"dev-structure-{suffix(region)}"


def organisation_token(organisation: str, region: str) -> str:
    return f"dev-{organisation}-{suffix(region)}"


def certifier_token(region: str) -> str:
    return f"dev-certifier-{suffix(region)}"


def pix_token(region: str) -> str:
    return f"dev-pix-{suffix(region)}"


def hub_token(region: str) -> str:
    return f"dev-hub-{suffix(region)}"


NATIONAL_COORDINATOR = "dev-national-coordinator"
OPERATOR = "dev-operator"
LA_MEDNUM = "dev-la-mednum"
"""La Mednum publishes the module catalogue: a national coordinator bound to ``la-mednum``."""
NOTIFIER = "dev-notifier"
"""The notifier's token: it reads the contacts it writes to from the enrolment service."""


def development_tokens() -> list[DevToken]:
    """Every development token: the national ones, then each region's parties."""
    tokens = [
        DevToken(NATIONAL_COORDINATOR, "national_coordinator", "national"),
        DevToken(OPERATOR, "operator", "national"),
        DevToken(LA_MEDNUM, "national_coordinator", "national", "la-mednum"),
        DevToken(NOTIFIER, "notifier", "national"),
    ]
    for region in territory().regions:
        tokens += [
            DevToken(structure_token(region), "host_structure", region),
            DevToken(certifier_token(region), "certifier", region, EXAM_CERTIFIER),
            DevToken(pix_token(region), "certifier", region, PIX),
            DevToken(hub_token(region), "regional_hub", region),
        ]
        tokens += [
            DevToken(organisation_token(o, region), "training_organisation", region, o)
            for o in TRAINING_ORGANISATIONS
        ]
    return tokens


def tokens_file_text() -> str:
    """The content of a ``CONUM_TOKENS_FILE`` accepting every development token."""
    return json.dumps([t.entry() for t in development_tokens()], indent=2) + "\n"
