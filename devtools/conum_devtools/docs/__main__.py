"""``python -m conum_devtools.docs [--check] [--root DIR]``: write (or check) the documents
generated from the code."""

from __future__ import annotations

import sys

from conum_devtools.docs.cli import main

if __name__ == "__main__":
    sys.exit(main())
