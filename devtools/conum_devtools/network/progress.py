"""What the network tells on the terminal (stderr): a line in bold (``say``), and a progress bar,
quiet when stderr is not a terminal."""

from __future__ import annotations

import sys
import time


def say(message: str) -> None:
    print(f"\033[1m{message}\033[0m", file=sys.stderr, flush=True)


class Progress:
    def __init__(self, total: int, label: str, width: int = 40) -> None:
        self.total = total
        self.label = label
        self.width = width
        self.done = 0
        self.started = time.monotonic()
        self.shown = 0.0
        self.terminal = sys.stderr.isatty()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.shown >= 0.1 or self.done == self.total:
            self.shown = now
            self.show()

    def show(self) -> None:
        filled = self.width * self.done // max(self.total, 1)
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        line = (
            f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done}/{self.total} ({rate:.0f}/s)"
        )
        if self.terminal:
            print(
                f"\r{line}",
                end="\n" if self.done >= self.total else "",
                file=sys.stderr,
                flush=True,
            )
        elif self.done >= self.total or self.done % max(self.total // 10, 1) == 0:
            print(line, file=sys.stderr, flush=True)
