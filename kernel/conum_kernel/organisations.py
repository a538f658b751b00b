"""The organisations reference data names: training organisations, certifiers, the full
title's organisations."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Organisation:
    """An organisation: its stable short identifier (a slug such as ``la-fabrik``) and the
    name people know it by."""

    id: str
    name: str
