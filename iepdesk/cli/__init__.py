"""The ``iepdesk`` command line (see :mod:`iepdesk.cli.parser`)."""

from iepdesk.cli.parser import build_parser, main

__all__ = ["build_parser", "main"]
