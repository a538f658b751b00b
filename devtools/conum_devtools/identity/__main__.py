import sys

from conum_devtools.identity.server import main

sys.exit(main())
