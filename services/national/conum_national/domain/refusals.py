"""Refusals of the national view: each names itself with a stable ``code``."""

from __future__ import annotations

from conum_kernel.refusals import Invalid, NotFound


class UnknownConseiller(NotFound):
    """No journey of this conseiller, or none the caller may see."""

    code = "unknown_conseiller"


class InvalidPeriod(Invalid):
    """A period whose start follows its end."""

    code = "invalid_period"
