"""Factories for the positioning service's tests: enrolment events as the enrolment service
sends them (:mod:`conum_runtime.testing.conseillers`). No assertions here."""

from __future__ import annotations

from conum_runtime.testing.conseillers import FIRST, enrolled, first_enrolment, new_id, withdrawn

INPUT = "conum.enrolment.conseiller"
OUTPUT = "conum.positioning.conseiller"

__all__ = ["FIRST", "INPUT", "OUTPUT", "enrolled", "first_enrolment", "new_id", "withdrawn"]
