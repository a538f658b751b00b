"""The national training schemes a conseiller belongs to: 2021 and 2024.

Their one definition: the contracts, the domains and the services' edges read it here.
"""

from __future__ import annotations

from typing import Literal, get_args

Scheme = Literal["2021", "2024"]
"""The national training scheme a conseiller belongs to."""

SCHEMES: tuple[Scheme, ...] = get_args(Scheme)
"""Every scheme, the earliest first."""
