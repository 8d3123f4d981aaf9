"""Save what can be read of a damaged vault into a new one (``iepdesk repair NEW_FOLDER``).

The damaged vault is left as it is. A new vault is made; every original file is copied over (the ones that can
be read); then the damaged database is read table by table, and where SQLite meets a damaged page the reading
steps past it, so a damaged page costs the rows on that page, not the table. What was lost is then made again
where the originals allow it:

- a document whose row was lost is imported again from its original (its name and id come from the history,
  when the history still has them, so its evidence links find it again);
- a document whose page text was lost has it read again from its original (scanned pages then wait for OCR);
- the search index is rebuilt from the page text.

The report says how many rows of each table were saved, which ranges could not be read, and which documents
were rebuilt, so a parent knows what to check (evidence links and notes cannot be made again from the files).
"""

from __future__ import annotations

from pathlib import Path

from iepdesk.errors import UsageError, VaultLocked
from iepdesk.repair.rebuild import _count_losses, _drop_orphans, _names_from_history, _rebuild_items, _reread_pages
from iepdesk.repair.report import RepairReport
from iepdesk.repair.salvage import _salvage
from iepdesk.vault.blobs import sha256_of
from iepdesk.vault.lock import VaultLock
from iepdesk.vault.space import os_error
from iepdesk.vault.vault import DB_NAME, Vault

__all__ = ["RepairReport", "repair"]


def repair(damaged: Path, target: Path, actor: str = "repair", anyway: bool = False) -> RepairReport:
    """Save what can be read of the vault at ``damaged`` into a new vault at ``target``.

    The damaged vault's lock is held throughout (nothing may change it while it is read: a vault another
    window or command has open is refused), and a vault whose checks find no damage is refused with "nothing to
    repair" unless ``anyway``."""
    damaged, target = Path(damaged), Path(target)
    if not (damaged / DB_NAME).exists() and not (damaged / "blobs").is_dir():
        raise UsageError(f"There is no vault at {damaged} to repair.")
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty. Give a new folder for the repaired vault; the damaged one is "
                         "never changed.")
    if target.absolute() == damaged.absolute() or damaged.absolute() in target.absolute().parents:
        raise UsageError(f"The repaired vault must go in a folder outside {damaged}. Give a new folder beside it.")
    source = Vault.unchecked(damaged)
    lock = None if source.read_only_medium else VaultLock(damaged / ".lock")  # nothing writes a read-only drive
    if lock is not None:
        try:
            lock.acquire("iepdesk repair")
        except VaultLocked as error:
            raise VaultLocked(f"{error} A repair reads the vault while nothing changes it; one made while "
                              "another program writes would miss its latest work. Nothing was repaired.") from error
        except OSError as error:
            raise os_error(damaged, error, "the repair") from error
    try:
        if not anyway:
            from iepdesk.vault.verify import verify

            found = verify(source)
            if found.ok:
                raise UsageError(f"Nothing to repair: the checks find no damage in the vault at {damaged} "
                                 f"({found.items} document(s), {found.blobs} original file(s) checked). Keep "
                                 "using it. (To copy it into a new vault all the same, add --anyway.)")
        return _repair(source, target, actor)
    finally:
        if lock is not None:
            lock.release()


def _repair(source: Vault, target: Path, actor: str) -> RepairReport:
    report = RepairReport(target, source.path)
    with Vault.create(target, holder="iepdesk repair") as vault:
        shas = _copy_originals(source, vault, report)
        with vault.sqlite() as con:
            con.execute("PRAGMA foreign_keys=OFF")
            _salvage(source, con, report)
            con.commit()
        names = _names_from_history(vault)
        _rebuild_items(vault, shas, names, report)
        with vault.sqlite() as con:
            con.execute("PRAGMA foreign_keys=OFF")
            _reread_pages(vault, con, report)
            _drop_orphans(con, report)
            con.execute("INSERT INTO page_fts(page_fts) VALUES ('rebuild')")
            con.commit()
            _count_losses(con, report)
        _record(vault, report, actor)
        from iepdesk.vault.verify import verify

        report.verified = verify(vault).ok
    return report


# -- originals -------------------------------------------------------------------------------------------------
def _copy_originals(source: Vault, vault: Vault, report: RepairReport) -> set[str]:
    shas: set[str] = set()
    if not source.blobs.root.is_dir():
        return shas
    for path in source.blobs.stored():
        name = path.name
        try:
            data = path.read_bytes()
        except OSError:
            report.unreadable_originals.append(name)
            continue
        if len(name) != 64 or path.parent.name != name[:2]:
            continue  # not an original
        if sha256_of(data) != name:
            report.altered_originals.append(name)
        vault.blobs.put(data, name)  # under its name: the document that names it still finds it
        shas.add(name)
        report.originals += 1
    return shas


def _record(vault: Vault, report: RepairReport, actor: str) -> None:
    with vault.session() as session:
        Vault.record(session, "repair", f"Made from what could be read of the damaged vault at {report.source}: "
                     f"{sum(t.saved for t in report.tables.values())} row(s) saved, {len(report.rebuilt)} "
                     "document(s) rebuilt from their originals.", actor=actor,
                     detail={"source": str(report.source), "complete": report.complete})
