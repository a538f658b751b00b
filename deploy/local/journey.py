"""One conseiller's journey through the running network, over HTTP, as an operator would watch
it (``conum_devtools.journey`` tells every step).

    uv run python deploy/local/journey.py   (after ./conum up)
"""

from __future__ import annotations

import asyncio
import sys

from conum_devtools.journey import main, run_journey

__all__ = ["main", "run_journey"]

if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
