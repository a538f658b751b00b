"""The development mailbox (decision 0039): a real SMTP exchange kept as ``.eml`` files, read
through the JSON API, the web inbox in Debian's Chromium (Playwright), and the detached
process ``./conum up`` starts."""

from __future__ import annotations

import shutil
import smtplib
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from conum_devtools.mailbox import LocalMailbox, Mailbox
from conum_devtools.mailbox.cli import main
from conum_devtools.processes import free_port
from playwright.async_api import async_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run"]
ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "artefacts"
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"


def send(port: int, subject: str = "Convocation à l'épreuve du CCP1") -> None:
    message = EmailMessage()
    message["From"] = "Réseau Conseiller numérique <ne-pas-repondre@conum.test>"
    message["To"] = "Zoé Lefèvre <zoe@example.org>"
    message["Subject"] = subject
    message["Message-ID"] = "<un@conum.test>"
    message.set_content("Bonjour Zoé Lefèvre,\n\nVous êtes convoquée.\n")
    message.add_attachment(
        ICS, maintype="text", subtype="calendar", params={"method": "PUBLISH"}, filename="a.ics"
    )
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(message)


@pytest.fixture
def mailbox(tmp_path: Path) -> Iterator[Mailbox]:
    with Mailbox(tmp_path / "mailbox") as box:
        yield box


def test_a_message_sent_over_smtp_is_kept_whole_and_read_through_the_api(
    mailbox: Mailbox,
) -> None:
    send(mailbox.smtp_port)
    with httpx.Client(base_url=mailbox.url) as client:
        [summary] = client.get("/api/messages").json()["messages"]
        assert summary["subject"] == "Convocation à l'épreuve du CCP1"
        assert summary["to"] == "Zoé Lefèvre <zoe@example.org>"
        assert summary["message_id"] == "<un@conum.test>"
        assert summary["attachments"] == [
            {
                "index": 0,
                "filename": "a.ics",
                "content_type": "text/calendar; method=PUBLISH",
                "size": len(ICS),
            }
        ]
        details = client.get(f"/api/messages/{summary['id']}").json()
        assert details["text"] == "Bonjour Zoé Lefèvre,\n\nVous êtes convoquée.\n"
        assert ["Subject", "Convocation à l'épreuve du CCP1"] in details["headers"]
        attachment = client.get(f"/api/messages/{summary['id']}/attachments/0")
        assert attachment.content == ICS
        assert attachment.headers["content-type"] == "text/calendar; method=PUBLISH"
        raw = client.get(f"/messages/{summary['id']}/raw")
        assert raw.headers["content-type"] == "message/rfc822" and b"Subject:" in raw.content
        for missing in ("/api/messages/..%2F..%2Fetc", "/api/messages/1-2", "/nowhere"):
            assert client.get(missing).status_code == 404, missing
        assert client.get(f"/api/messages/{summary['id']}/attachments/3").status_code == 404
        assert client.delete("/api/messages").json() == {"deleted": 1}
        assert client.get("/api/messages").json() == {"messages": []}
    assert list((mailbox.store.directory).iterdir()) == []


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: ./conum test installs it (apt-get install chromium)")
    return CHROMIUM


def keep(screenshot: Path) -> None:
    """A copy of the screenshot under var/artefacts/, to look at after the run."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot, ARTEFACTS / screenshot.name)


@pytest.mark.browser
async def test_the_inbox_in_a_real_browser_lists_shows_and_empties(
    mailbox: Mailbox, tmp_path: Path, chromium: Path
) -> None:
    send(mailbox.smtp_port)
    send(mailbox.smtp_port, "Rappel : Intervenir le jeudi 19 mars 2026")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(chromium), args=ARGS)
        page = await browser.new_page(locale="fr-FR")
        await page.goto(mailbox.url)
        assert await page.locator("h1").inner_text() == "Boîte de réception"
        rows = page.locator("table tr")
        assert await rows.count() == 3  # the header and two messages, the newest first
        assert "Rappel : Intervenir" in await rows.nth(1).inner_text()
        await page.get_by_role("link", name="Convocation à l'épreuve du CCP1").click()
        assert await page.locator("h1").inner_text() == "Convocation à l'épreuve du CCP1"
        assert "Vous êtes convoquée." in await page.locator("pre").first.inner_text()
        assert "METHOD:PUBLISH" in await page.locator("pre").nth(1).inner_text()
        assert await page.get_by_role("link", name="Télécharger a.ics").count() == 1
        screenshot = tmp_path / "mailbox-message.png"
        await page.screenshot(path=str(screenshot), full_page=True)
        await page.get_by_role("link", name="← Boîte de réception").click()
        await page.get_by_role("button", name="Vider la boîte").click()
        assert await page.locator(".vide").inner_text() == "Aucun message."
        await browser.close()
    keep(screenshot)


def test_the_mailbox_runs_detached_from_its_directory_and_stops(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workdir = tmp_path / "var" / "mailbox"
    mailbox = LocalMailbox(workdir, free_port(), free_port())
    try:
        assert mailbox.start(timeout=60) == mailbox.url
        assert mailbox.pid is not None
        send(mailbox.smtp_port)
        assert len(list((workdir / "messages").glob("*.eml"))) == 1
        assert main(["status", "--dir", str(workdir)]) == 0
        assert mailbox.url in capsys.readouterr().out
    finally:
        mailbox.stop()
    assert mailbox.pid is None
    assert main(["status", "--dir", str(workdir)]) == 1
