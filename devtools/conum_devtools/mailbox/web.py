"""The mailbox's web inbox (in French) and its JSON API, on 127.0.0.1.

Pages: ``/`` (the messages, newest first), ``/messages/<id>`` (one message: its headers, its
text, its attachments, a text attachment shown in full), ``/messages/<id>/raw`` (the ``.eml``),
``/messages/<id>/attachments/<n>`` (an attachment, downloaded). API: ``GET /api/messages``,
``GET /api/messages/<id>``, ``GET /api/messages/<id>/attachments/<n>``, ``DELETE
/api/messages`` (the inbox emptied); the page's "Vider" button posts to ``/vider``.
"""

from __future__ import annotations

import json
import re
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from conum_devtools.mailbox.store import Attachment, MessageStore, StoredMessage

STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem;color:#1e1e1e}"
    "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;"
    "border-bottom:1px solid #ddd}pre{background:#f5f5f5;padding:1rem;white-space:pre-wrap}"
    "a{color:#000091}.vide{color:#666}"
)
ROUTES = [
    ("GET", re.compile(r"^/$"), "inbox"),
    ("GET", re.compile(r"^/messages/(?P<id>[^/]+)$"), "page"),
    ("GET", re.compile(r"^/messages/(?P<id>[^/]+)/raw$"), "raw"),
    ("GET", re.compile(r"^/(?:api/)?messages/(?P<id>[^/]+)/attachments/(?P<n>\d+)$"), "file"),
    ("GET", re.compile(r"^/api/messages$"), "api_list"),
    ("GET", re.compile(r"^/api/messages/(?P<id>[^/]+)$"), "api_one"),
    ("DELETE", re.compile(r"^/api/messages$"), "api_clear"),
    ("POST", re.compile(r"^/vider$"), "clear_page"),
]


def inbox_server(store: MessageStore, host: str, port: int) -> ThreadingHTTPServer:
    """The inbox's HTTP server (not yet serving: ``serve_forever`` it)."""

    class Handler(InboxHandler):
        messages = store

    return ThreadingHTTPServer((host, port), Handler)


class InboxHandler(BaseHTTPRequestHandler):
    messages: MessageStore

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_DELETE(self) -> None:
        self._route("DELETE")

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the paths name messages, not people, but the console stays clean."""

    def _route(self, method: str) -> None:
        path = self.path.split("?", 1)[0]
        for verb, pattern, name in ROUTES:
            found = pattern.match(path)
            if found and verb == method:
                getattr(self, name)(**found.groupdict())
                return
        self._send(HTTPStatus.NOT_FOUND, b"introuvable", "text/plain; charset=utf-8")

    # -- pages ---------------------------------------------------------------------------

    def inbox(self) -> None:
        rows = "".join(
            f"<tr><td>{m.received_at:%d/%m/%Y %H:%M:%S}</td><td>{escape(m.header('From'))}</td>"
            f"<td>{escape(m.header('To'))}</td><td><a href='/messages/{m.id}'>"
            f"{escape(m.header('Subject')) or '(sans objet)'}</a></td>"
            f"<td>{len(m.attachments)}</td></tr>"
            for m in self.messages.messages()
        )
        table = (
            "<table><tr><th>Reçu le (UTC)</th><th>De</th><th>À</th><th>Objet</th>"
            f"<th>Pièces jointes</th></tr>{rows}</table>"
            if rows
            else "<p class='vide'>Aucun message.</p>"
        )
        clear = "<form method='post' action='/vider'><button>Vider la boîte</button></form>"
        self._page("Boîte de réception", f"<h1>Boîte de réception</h1>{clear}{table}")

    def page(self, id: str) -> None:
        message = self._message(id)
        if message is None:
            return
        headers = "".join(
            f"<tr><th>{label}</th><td>{escape(message.header(name))}</td></tr>"
            for label, name in (
                ("De", "From"),
                ("À", "To"),
                ("Objet", "Subject"),
                ("Date", "Date"),
                ("Identifiant", "Message-ID"),
            )
        )
        files = "".join(_attachment_html(message, a) for a in message.attachments)
        body = (
            f"<p><a href='/'>← Boîte de réception</a> · <a href='/messages/{message.id}/raw'>"
            f"Message brut (.eml)</a></p><h1>{escape(message.header('Subject'))}</h1>"
            f"<table>{headers}</table><h2>Texte</h2><pre>{escape(message.text)}</pre>"
            f"<h2>Pièces jointes</h2>{files or '<p class=vide>Aucune.</p>'}"
        )
        self._page(message.header("Subject") or "Message", body)

    def raw(self, id: str) -> None:
        raw = self.messages.raw(id)
        if raw is None:
            self._not_found()
            return
        self._send(HTTPStatus.OK, raw, "message/rfc822", f"{id}.eml")

    def file(self, id: str, n: str) -> None:
        message = self._message(id)
        if message is None:
            return
        found = [a for a in message.attachments if a.index == int(n)]
        if not found:
            self._not_found()
            return
        self._send(HTTPStatus.OK, found[0].content, found[0].content_type, found[0].filename)

    def clear_page(self) -> None:
        self.messages.clear()
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", "/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    # -- API -----------------------------------------------------------------------------

    def api_list(self) -> None:
        self._json({"messages": [m.summary() for m in self.messages.messages()]})

    def api_one(self, id: str) -> None:
        message = self._message(id)
        if message is not None:
            self._json(message.details())

    def api_clear(self) -> None:
        self._json({"deleted": self.messages.clear()})

    # -- answers -------------------------------------------------------------------------

    def _message(self, id: str) -> StoredMessage | None:
        message = self.messages.get(id)
        if message is None:
            self._not_found()
        return message

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, b"message introuvable", "text/plain; charset=utf-8")

    def _page(self, title: str, body: str) -> None:
        html = (
            f"<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
            f"<title>{escape(title)} · boîte CoNum</title><style>{STYLE}</style></head>"
            f"<body>{body}</body></html>"
        )
        self._send(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8")

    def _json(self, value: object) -> None:
        data = json.dumps(value, ensure_ascii=False).encode()
        self._send(HTTPStatus.OK, data, "application/json")

    def _send(
        self, status: HTTPStatus, data: bytes, content_type: str, filename: str | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if filename is not None:
            safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
            self.send_header("Content-Disposition", f'attachment; filename="{safe}"')
        self.end_headers()
        self.wfile.write(data)


def _attachment_html(message: StoredMessage, attachment: Attachment) -> str:
    link = (
        f"<p><a href='/messages/{message.id}/attachments/{attachment.index}'>"
        f"Télécharger {escape(attachment.filename)}</a> ({escape(attachment.content_type)}, "
        f"{len(attachment.content)} octets)</p>"
    )
    if attachment.content_type.startswith("text/"):
        text = attachment.content.decode("utf-8", "replace")
        return f"{link}<pre>{escape(text)}</pre>"
    return link
