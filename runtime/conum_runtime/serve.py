"""Running a service's HTTP application with uvicorn, on the settings' host and port."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from conum_runtime.settings import ServiceSettings


def serve(create_app: Callable[[ServiceSettings], FastAPI]) -> None:
    settings = ServiceSettings()
    app = create_app(settings)
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_config=None)
