"""``python -m conum_web``: serve the web application (settings from ``CONUM_WEB_*``)."""

import uvicorn

from conum_web.app import create_app
from conum_web.settings import WebSettings

if __name__ == "__main__":
    settings = WebSettings()
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_level="info",
        proxy_headers=False,
    )
