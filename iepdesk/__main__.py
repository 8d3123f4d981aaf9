import sys

from iepdesk.cli import main

sys.exit(main())
