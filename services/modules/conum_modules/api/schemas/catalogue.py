"""The national catalogue: a module to publish, modules and hubs as answered."""

from __future__ import annotations

from datetime import date

from conum_runtime.http import answers
from conum_runtime.http.fields import (
    Name,
    RequestBody,
)
from pydantic import Field

from conum_modules.domain import (
    Habilitation,
    Hub,
    Module,
    ModuleKind,
    ModuleState,
)


class ModuleIn(RequestBody):
    title: Name
    kind: ModuleKind = Field(
        description="`prise_en_main` (7 h, one day in person) or `intervenir` (14 h, two "
        "non-consecutive days, the first remote, the second in person)."
    )
    requires_habilitation: Habilitation | None = Field(
        default=None, description="The habilitation the host structure needs first."
    )


class ModuleOut(answers.Answer[Module]):
    module_id: str
    title: str
    kind: ModuleKind
    hours: int
    requires_habilitation: Habilitation | None
    state: ModuleState
    published_on: date | None
    withdrawn_on: date | None


class HubOut(answers.Answer[Hub]):
    region: str
    slug: str
    name: str
    assumption: bool = Field(description="True when no source names this hub yet.")
