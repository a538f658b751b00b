import sys

from conum_devtools.mailbox.cli import main

sys.exit(main())
