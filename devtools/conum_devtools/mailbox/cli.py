"""``python -m conum_devtools.mailbox start|stop|status|serve``: the local SMTP server with its
web inbox (decision 0039).

    python -m conum_devtools.mailbox start [--dir var/mailbox] [--smtp-port 1025] [--http-port 8025]
    python -m conum_devtools.mailbox status|stop [--dir var/mailbox]
    python -m conum_devtools.mailbox serve ...    (in the foreground)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from conum_devtools.daemon import cli_status, cli_stop
from conum_devtools.mailbox.server import HTTP_PORT, SMTP_PORT, LocalMailbox, Mailbox, MailboxError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conum_devtools.mailbox",
        description="An SMTP server on 127.0.0.1 keeping every message, with a web inbox.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    parsers = {name: commands.add_parser(name) for name in ("start", "stop", "status", "serve")}
    for sub in parsers.values():
        sub.add_argument("--dir", type=Path, default=Path("var/mailbox"), help="work directory")
    for name in ("start", "serve"):
        parsers[name].add_argument("--smtp-port", type=int, default=SMTP_PORT)
        parsers[name].add_argument("--http-port", type=int, default=HTTP_PORT)
    args = parser.parse_args(argv)
    if args.command == "serve":
        Mailbox(args.dir, args.smtp_port, args.http_port).serve_forever()
        return 0
    if args.command == "start":
        mailbox = LocalMailbox(args.dir, args.smtp_port, args.http_port)
        try:
            print(mailbox.start())
        except MailboxError as error:
            print(str(error), file=sys.stderr)
            return 1
        print(f"SMTP on 127.0.0.1:{args.smtp_port}", file=sys.stderr)
        return 0
    if args.command == "stop":
        return cli_stop(LocalMailbox(args.dir), 10.0)
    return cli_status(LocalMailbox(args.dir), lambda state: f"inbox {state.get('url')}")
