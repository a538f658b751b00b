import sys

from conum_devtools.kafka.cli import main

sys.exit(main())
