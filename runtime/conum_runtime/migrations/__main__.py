import sys

from conum_runtime.migrations import main

sys.exit(main())
