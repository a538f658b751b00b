"""The HTTP edge of the enrolment service: routes (:mod:`.routes`) and their request and
answer models (:mod:`.schemas`)."""

from fastapi import APIRouter

from conum_enrolment.api.routes import contacts, enrolments, reference, structures, training

ROUTERS: tuple[APIRouter, ...] = (
    structures.router,
    enrolments.router,
    training.router,
    reference.router,
    contacts.router,
)
"""The routers the application includes."""
