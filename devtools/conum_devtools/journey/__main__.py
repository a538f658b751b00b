"""``python -m conum_devtools.journey``: one conseiller's journey through the running network."""

import asyncio
import sys

from conum_devtools.journey import main

if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
