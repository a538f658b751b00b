import sys

from conum_devtools.jaeger.cli import main

sys.exit(main())
