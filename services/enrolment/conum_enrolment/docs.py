"""The enrolment service's AsyncAPI document (``faststream docs gen --factory``)."""

from conum_runtime.asyncapi import docs_app
from conum_runtime.settings import ServiceSettings
from faststream import FastStream

from conum_enrolment.app import create_app


def create_docs_app() -> FastStream:
    app = create_app(ServiceSettings(database_url="sqlite+aiosqlite:///:memory:"))
    return docs_app(app.state.host, "CoNum enrolment", "1.0.0")
