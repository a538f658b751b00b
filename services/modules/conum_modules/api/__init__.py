"""The HTTP edge of the modules service: routes (:mod:`.routes`) and their request and answer
models (:mod:`.schemas`)."""

from fastapi import APIRouter

from conum_modules.api.routes import catalogue, records, registrations, sessions

ROUTERS: tuple[APIRouter, ...] = (
    catalogue.router,
    sessions.router,
    registrations.router,
    records.router,
)
"""The routers the application includes."""
