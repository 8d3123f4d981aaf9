"""Start the IEPDesk desktop app: ``python app.py [--vault DIR] [--demo]``."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # an installed (frozen) app starts its worker processes through this
    from iepdesk.cli import main

    sys.exit(main())
