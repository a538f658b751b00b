"""The mailbox's messages: one ``.eml`` file each in a directory, named by arrival, read back
with the standard library's e-mail parser."""

from __future__ import annotations

import email
import re
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.policy import default
from pathlib import Path
from typing import Any

MESSAGE_ID = re.compile(r"^[0-9]{20}-[0-9a-f]{8}$")


@dataclass(frozen=True)
class Attachment:
    index: int
    filename: str
    content_type: str
    """With its parameters, e.g. ``text/calendar; method=PUBLISH; charset=utf-8``."""
    content: bytes

    def summary(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "filename": self.filename,
            "content_type": self.content_type,
            "size": len(self.content),
        }


@dataclass(frozen=True)
class StoredMessage:
    id: str
    received_at: datetime
    parsed: EmailMessage

    def header(self, name: str) -> str:
        return str(self.parsed.get(name, ""))

    @property
    def text(self) -> str:
        """The plain text, its lines ending as in Python (on the wire they end in CRLF)."""
        body = self.parsed.get_body(preferencelist=("plain",))
        return str(body.get_content()).replace("\r\n", "\n") if body is not None else ""

    @property
    def attachments(self) -> list[Attachment]:
        found = []
        for index, part in enumerate(self.parsed.iter_attachments()):
            content = part.get_payload(decode=True)
            found.append(
                Attachment(
                    index,
                    part.get_filename() or f"piece-{index}",
                    _content_type(part),
                    content if isinstance(content, bytes) else b"",
                )
            )
        return found

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "received_at": self.received_at.isoformat(),
            "from": self.header("From"),
            "to": self.header("To"),
            "subject": self.header("Subject"),
            "message_id": self.header("Message-ID"),
            "attachments": [a.summary() for a in self.attachments],
        }

    def details(self) -> dict[str, Any]:
        headers = [[name, str(value)] for name, value in self.parsed.items()]
        return self.summary() | {"headers": headers, "text": self.text}


def _content_type(part: Message) -> str:
    params = "".join(f"; {name}={value}" for name, value in (part.get_params() or [])[1:])
    return f"{part.get_content_type()}{params}"


class MessageStore:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def save(self, raw: bytes) -> str:
        """Keep a message as received; its id orders the messages by arrival."""
        message_id = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        partial = self.directory / f".{message_id}.part"
        partial.write_bytes(raw)
        partial.rename(self.directory / f"{message_id}.eml")  # whole, or not at all
        return message_id

    def ids(self) -> list[str]:
        return sorted(path.stem for path in self.directory.glob("*.eml"))

    def raw(self, message_id: str) -> bytes | None:
        if not MESSAGE_ID.match(message_id):
            return None
        path = self.directory / f"{message_id}.eml"
        return path.read_bytes() if path.is_file() else None

    def get(self, message_id: str) -> StoredMessage | None:
        raw = self.raw(message_id)
        if raw is None:
            return None
        parsed = email.message_from_bytes(raw, policy=default)
        assert isinstance(parsed, EmailMessage)
        received = datetime.fromtimestamp(int(message_id[:20]) / 1e9, tz=UTC)
        return StoredMessage(message_id, received, parsed)

    def messages(self) -> list[StoredMessage]:
        """Every message, the newest first."""
        found = (self.get(message_id) for message_id in reversed(self.ids()))
        return [message for message in found if message is not None]

    def clear(self) -> int:
        ids = self.ids()
        for message_id in ids:
            (self.directory / f"{message_id}.eml").unlink(missing_ok=True)
        return len(ids)
