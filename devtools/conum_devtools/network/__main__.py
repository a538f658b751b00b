import sys

from conum_devtools.network.cli import main

sys.exit(main())
