"""Start the IEPDesk desktop app: ``python app.py [--vault DIR] [--demo]``."""

import sys

from iepdesk.gui.app import run_app

if __name__ == "__main__":
    sys.exit(run_app(sys.argv[1:]))
