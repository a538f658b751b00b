"""The dashboard: one page and its script and style, served by the service, in French.

The page holds no figure and needs no token: it asks the coordinator for their token, keeps
it in the tab's ``sessionStorage`` (gone when the tab closes) and calls the JSON API with it,
so the page is protected exactly like the API (decision 0018). Nothing is loaded from another
origin: the charts are SVG drawn by the page's own script, and the Content Security Policy
says so.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, HTTPException
from fastapi.responses import RedirectResponse, Response

STATIC = resources.files("conum_national.api") / "static"
ASSETS = {
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

router = APIRouter(include_in_schema=False)


@router.get("/")
async def home() -> RedirectResponse:
    return RedirectResponse("/national/dashboard")


@router.get("/national/dashboard")
async def dashboard() -> Response:
    page = (STATIC / "dashboard.html").read_text(encoding="utf-8")
    return Response(page, media_type="text/html; charset=utf-8", headers=HEADERS)


@router.get("/national/dashboard/{asset}")
async def dashboard_asset(asset: str) -> Response:
    if asset not in ASSETS:
        raise HTTPException(404, "no such file")
    body = (STATIC / asset).read_text(encoding="utf-8")
    return Response(body, media_type=ASSETS[asset], headers=HEADERS)
