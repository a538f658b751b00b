import sys

from conum_devtools.prometheus.cli import main

sys.exit(main())
