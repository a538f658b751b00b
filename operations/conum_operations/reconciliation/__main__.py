"""``python -m conum_operations.reconciliation``: see :mod:`.cli`."""

import sys

from conum_operations.reconciliation.cli import main

sys.exit(main())
