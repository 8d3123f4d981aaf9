"""The vault's own commands: make, check, repair, back up, restore, export, and the demo case."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from iepdesk.cli.common import clear_line, emit, open_vault, phase_printer, say, vault_path


def cmd_init(args: argparse.Namespace) -> int:
    from iepdesk.vault import Vault

    path = vault_path(args)
    with Vault.create(path, holder="the iepdesk command") as vault:
        emit(args, {"path": str(vault.path)}, [f"Vault ready at {vault.path}"])
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from iepdesk.errors import VaultDamaged
    from iepdesk.vault import Vault
    from iepdesk.vault.verify import verify

    try:
        vault = open_vault(args, write=False)
    except VaultDamaged:  # what verify is for: read what can be read, and report the damage as data
        vault = Vault.unchecked(vault_path(args))
    with vault:
        report = verify(vault)
    lines = [f"{report.items} item(s), {report.blobs} original file(s) checked."]
    lines += [f"{p.severity.upper():<9} {p.detail}" for p in report.problems]
    lines.append("The vault is sound." if report.ok else "The vault has damage: see the lines above.")
    emit(args, report.as_json(), lines)
    return 0 if report.ok else 3


def cmd_repair(args: argparse.Namespace) -> int:
    from iepdesk.repair import repair

    report = repair(vault_path(args), Path(args.dir), actor="cli", anyway=args.anyway)
    emit(args, report.as_json(), report.lines())
    return 0 if report.complete else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from iepdesk.vault.backup import backup

    with open_vault(args, write=False) as vault:
        report = backup(vault, Path(args.out), overwrite=args.overwrite, progress=phase_printer())
    clear_line()
    emit(args, report.as_json(), [f"Backup written: {report.path} ({report.items} documents, "
                                   f"{report.size:,} bytes), checked after writing."])
    for warning in report.warnings:
        say(f"warning: {warning}")
    return 0 if report.complete else 1


def cmd_restore(args: argparse.Namespace) -> int:
    from iepdesk.vault.backup import restore

    report = restore(Path(args.archive), Path(args.dir), progress=phase_printer())
    clear_line()
    migrated = " (updated to this version of IEPDesk)" if report.migrated else ""
    emit(args, report.as_json(), [f"Restored {report.items} documents and {report.blobs} original files into "
                                   f"{report.path}{migrated}. Open it with: iepdesk --vault '{report.path}'"])
    for warning in report.warnings:
        say(f"warning: {warning}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from iepdesk.export import export

    with open_vault(args, write=False) as vault:
        report = export(vault, Path(args.dir), include_trash=args.include_trash, progress=phase_printer())
    clear_line()
    emit(args, report.as_json(), [f"Exported {report.files} original(s) to {report.path}, in folders by kind, "
                                   "with index.csv and evidence.csv."])
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from iepdesk.demo import build_demo

    path = Path(args.dir)
    summary = build_demo(path, progress=say)
    emit(args, summary, [f"Demo vault ready at {path}. Open it with: iepdesk --vault '{path}'"])
    return 0


# -- parser ----------------------------------------------------------------------------------------------------
def register(sub: Any, command: Callable[..., argparse.ArgumentParser], as_json: argparse.ArgumentParser) -> None:
    """Add ``init``, ``backup``, ``restore``, ``export``, ``verify``, ``repair`` and ``demo``."""
    command("init", cmd_init, "make a new, empty vault", as_json)
    p = command("backup", cmd_backup, "back up the whole vault to one archive file (checked after writing)", as_json)
    p.add_argument("out", metavar="OUT", help="the archive file, or a folder to put it in")
    p.add_argument("--overwrite", action="store_true")
    p = command("restore", cmd_restore, "restore a backup into a new folder (every file checked first)", as_json)
    p.add_argument("archive", metavar="ARCHIVE")
    p.add_argument("dir", metavar="DIR", help="a new or empty folder for the restored vault")
    p = command("export", cmd_export, "copy the originals into plain folders by kind, with a CSV index", as_json)
    p.add_argument("dir", metavar="DIR", help="a new or empty folder")
    p.add_argument("--include-trash", action="store_true")

    command("verify", cmd_verify, "check the database and every original file", as_json)
    p = command("repair", cmd_repair, "save what can be read of a damaged vault into a new vault (the damaged one "
                "is left as it is)", as_json)
    p.add_argument("dir", metavar="NEW_FOLDER", help="a new or empty folder for the repaired vault")
    p.add_argument("--anyway", action="store_true", help="copy the vault into a new one even when its checks find "
                   "no damage")

    p = command("demo", cmd_demo, "build a demo vault with a fictional case", as_json)
    p.add_argument("dir", metavar="DIR", help="a new folder for the demo vault")
