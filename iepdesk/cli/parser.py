"""The ``iepdesk`` command: no arguments opens the app; a subcommand works headless (docs/architecture.md).

Each group of commands lives in a module of its own (documents, criteria, binder, vault, timeline, letters)
with a ``register`` function that adds its subcommands here; what they share (output, exit codes, opening the
vault) is in :mod:`iepdesk.cli.common`. No capability package imports the command line.

Exit codes: 0 done; 1 done, but some inputs were rejected (each named on stderr); 2 usage error; 3 the
vault cannot be used. ``--json`` prints one JSON document on stdout; messages go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from iepdesk import __version__
from iepdesk.cli import binder, criteria, documents, letters, timeline, vault
from iepdesk.cli.common import Handler, say, vault_path
from iepdesk.errors import IEPDeskError


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--vault", metavar="DIR", default=argparse.SUPPRESS,
                        help="the vault folder (default: $IEPDESK_VAULT, or your user data folder)")
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="print one JSON document on stdout")

    parser = argparse.ArgumentParser(
        prog="iepdesk", description="IEPDesk: an offline desk for a special-education case. "
        "Without a command, opens the app.")
    parser.add_argument("--version", action="version", version=f"IEPDesk {__version__}")
    parser.add_argument("--vault", metavar="DIR", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str, *parents: argparse.ArgumentParser,
                into: Any = sub) -> argparse.ArgumentParser:
        p = into.add_parser(name, help=help_text, description=help_text, parents=[common, *parents])
        p.set_defaults(handler=handler)
        return p

    for group in (documents, criteria, binder, vault, timeline, letters):
        group.register(sub, command, as_json)
    return parser


def _wants_app(argv: list[str]) -> bool:
    """No command, only the app's own options: open the app."""
    index = 0
    while index < len(argv):
        if argv[index] == "--vault" and index + 1 < len(argv):
            index += 2
        elif argv[index] in ("--demo", "--quit-after-start"):
            index += 1
        else:
            return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_app(argv):
        from iepdesk.gui.app import run_app

        return run_app(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.handler(args)
    except IEPDeskError as error:
        say(str(error))
        return error.exit_code
    except ValueError as error:  # a core check on a value the user gave
        say(str(error))
        return 2
    except OSError as error:
        say(f"{error.filename or ''}: {error.strerror or error}".strip(": "))
        return 1
    except Exception as error:  # the database failed under a command that reads it: damage, a full drive…
        from iepdesk.vault.space import database_error

        known = database_error(vault_path(args), error, f"the {args.command} command")
        if known is None:
            raise
        say(str(known))
        return known.exit_code
