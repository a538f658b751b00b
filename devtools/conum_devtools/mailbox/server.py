"""The local SMTP server with a web inbox (decision 0039): aiosmtpd takes every message on
127.0.0.1 and keeps it as an ``.eml`` file; a small HTTP server shows them, in French, and
answers a JSON API for tests.

:class:`Mailbox` runs both in threads of the current process (tests); :class:`LocalMailbox`
runs them as a detached process from a work directory (``./conum up``), found again from any
shell. Its work directory holds ``messages/`` (the ``.eml`` files), ``mailbox.pid``,
``mailbox.state.json`` (its ports) and ``mailbox.out`` (its log).
"""

from __future__ import annotations

import logging
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from conum_devtools.daemon import DetachedServer, ServerError
from conum_devtools.mailbox.store import MessageStore
from conum_devtools.mailbox.web import inbox_server
from conum_devtools.processes import LOOPBACK, free_port

SMTP_PORT = 1025
HTTP_PORT = 8025

# aiosmtpd logs every command at INFO, addresses included: personal data stays out of logs
logging.getLogger("mail.log").setLevel(logging.WARNING)


class MailboxError(ServerError):
    """The mailbox could not be started or stopped."""


class Keeper:
    """aiosmtpd's handler: every message is accepted and kept as received."""

    def __init__(self, store: MessageStore) -> None:
        self.store = store

    async def handle_DATA(self, _server: SMTP, _session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content
        raw = content if isinstance(content, bytes) else str(content or "").encode()
        self.store.save(raw)
        return "250 Message accepted for delivery"


class Mailbox:
    """SMTP on ``smtp_port`` and the inbox on ``http_port`` (free ports by default), in threads
    of this process, keeping messages under ``directory``."""

    def __init__(self, directory: Path, smtp_port: int = 0, http_port: int = 0) -> None:
        self.store = MessageStore(Path(directory) / "messages")
        self.smtp_port = smtp_port or free_port()
        self.http_port = http_port or free_port()
        self._smtp = Controller(Keeper(self.store), hostname=LOOPBACK, port=self.smtp_port)
        self._http = inbox_server(self.store, LOOPBACK, self.http_port)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.http_port}"

    def start(self) -> Self:
        self._smtp.start()
        self._thread = threading.Thread(
            target=self._http.serve_forever, name="mailbox-inbox", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._smtp.stop()
        self._http.shutdown()
        self._http.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Run until interrupted (the detached process's body)."""
        self.start()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()


class LocalMailbox(DetachedServer):
    """The mailbox as a detached process from ``workdir``."""

    name: ClassVar[str] = "mailbox"
    error: ClassVar[type[ServerError]] = MailboxError

    def __init__(self, workdir: Path, smtp_port: int = SMTP_PORT, http_port: int = HTTP_PORT):
        super().__init__(workdir)
        self.smtp_port = smtp_port
        self.http_port = http_port

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.http_port}"

    def owns(self, cmdline: list[str]) -> bool:
        return "conum_devtools.mailbox" in cmdline and str(self.workdir) in cmdline

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/api/messages", timeout=1.0) as answer:
                return int(answer.status) == 200
        except (urllib.error.URLError, OSError):
            return False

    def start(self, timeout: float = 30.0) -> str:
        command = [
            sys.executable,
            "-m",
            "conum_devtools.mailbox",
            "serve",
            "--dir",
            str(self.workdir),
            "--smtp-port",
            str(self.smtp_port),
            "--http-port",
            str(self.http_port),
        ]
        state: dict[str, Any] = {"smtp_port": self.smtp_port, "url": self.url}
        self._launch(command, self.ready, timeout, state)
        return self.url
