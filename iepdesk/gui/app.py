"""Start the desktop app: choose the vault, open it, show the main window."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import cast

from iepdesk import __version__
from iepdesk.errors import IEPDeskError, VaultDamaged

log = logging.getLogger("iepdesk")


def _setup_logging() -> Path:
    from platformdirs import user_log_path

    from iepdesk.resources import portable_home

    portable = portable_home()
    folder = portable / "logs" if portable else user_log_path("IEPDesk", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "iepdesk.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    return path


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    details = "".join(traceback.format_exception(kind, error, tb))
    log.error("unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, error, tb)
        return
    from iepdesk.gui.attempt import said

    sentence = plain_sentence(error)
    if sentence is not None:  # damage, a full or read-only drive, a busy vault: said for what it is
        box = QMessageBox(QMessageBox.Icon.Warning, "IEPDesk could not do that", said(sentence))
    else:
        box = QMessageBox(QMessageBox.Icon.Critical, "IEPDesk ran into a problem",
                          "Something unexpected happened. Your documents are safe: every change is saved as it "
                          "is made.\n\nThe details below help us fix it; you can copy them.")
    box.setDetailedText(details)
    box.exec()


def plain_sentence(error: BaseException) -> str | None:
    """What to tell the parent about an error nobody caught: its own sentence, or the one the core's classifier
    gives a database or drive failure of the vault open now; None for a real surprise."""
    if isinstance(error, IEPDeskError):
        return str(error)
    from iepdesk.gui.main_window import MainWindow
    from iepdesk.vault.space import database_error

    where = next((window.vault.path for window in MainWindow.windows), None)
    known = database_error(where, error, "what you asked") if where is not None else None
    return str(known) if known is not None else None


def _choose_vault(args: argparse.Namespace, settings: object) -> Path | None:
    """--demo, --vault DIR, $IEPDESK_VAULT, the last vault opened (never the demo), or ask (the first start)."""
    import os

    from iepdesk.gui import vaults
    from iepdesk.gui.dialogs.first_run import FirstRunChoice, FirstRunDialog, carry_out
    from iepdesk.vault import default_vault_path

    if args.demo:
        return carry_out(FirstRunChoice("demo"), vaults.demo_vault_path())
    if args.vault:
        return Path(args.vault)
    if os.environ.get("IEPDESK_VAULT"):
        return default_vault_path()
    last = vaults.last_vault(settings)
    if last is not None:
        return last
    choice = FirstRunDialog.ask(vaults.free_folder(default_vault_path()))
    return carry_out(choice, vaults.demo_vault_path()) if choice else None


def run_app(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="iepdesk", description="Open the IEPDesk app.")
    parser.add_argument("--vault", metavar="DIR", help="the vault to open")
    parser.add_argument("--demo", action="store_true", help="open the demo vault (made on first use)")
    parser.add_argument("--version", action="version", version=f"IEPDesk {__version__}")
    parser.add_argument("--quit-after-start", action="store_true", help=argparse.SUPPRESS)  # smoke tests
    args = parser.parse_args(list(argv))

    from PySide6.QtWidgets import QApplication, QMessageBox

    app = cast(QApplication, QApplication.instance() or QApplication([sys.argv[0]]))
    app.setApplicationName("IEPDesk")
    app.setOrganizationName("IEPDesk")
    app.setApplicationVersion(__version__)
    from PySide6.QtGui import QIcon

    from iepdesk.resources import resource

    app.setWindowIcon(QIcon(str(resource("icons", "iepdesk.svg"))))
    _setup_logging()
    sys.excepthook = _excepthook

    from PySide6.QtCore import QSettings

    from iepdesk.gui.main_window import MainWindow
    from iepdesk.gui.vaults import APP_HOLDER, remember
    from iepdesk.vault import Vault

    settings = QSettings()
    try:
        path = _choose_vault(args, settings)
        if path is None:
            return 0
        try:
            vault = Vault.create(path, holder=APP_HOLDER)
        except VaultDamaged as damaged:  # offer to save what can be read into a new vault
            from iepdesk.gui.dialogs.damaged import DamagedVaultDialog

            repaired = DamagedVaultDialog.ask(path, str(damaged))
            if repaired is None:
                return damaged.exit_code
            path = repaired
            vault = Vault.create(path, holder=APP_HOLDER)
    except IEPDeskError as error:
        from iepdesk.gui.attempt import said

        QMessageBox.critical(None, "IEPDesk cannot open the vault", said(error))
        return error.exit_code
    remember(settings, path)
    window = MainWindow(vault)
    window.show()
    from iepdesk.gui.dialogs.tour import seen

    if not seen() and not args.quit_after_start:  # the first start: the tour, once
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, window.tools.show_tour)
    if args.quit_after_start:  # a packaging smoke test: start for real, finish the setup, then close
        from PySide6.QtCore import QTimer

        def close_when_ready() -> None:
            if window._ready:
                window.close()
                app.quit()
            else:
                QTimer.singleShot(100, close_when_ready)

        QTimer.singleShot(100, close_when_ready)
    try:
        return app.exec()
    finally:
        vault.close()
