"""The vault: a folder holding the SQLite database and the original files (design.md §4)."""

from iepdesk.vault.vault import Vault, default_vault_path

__all__ = ["Vault", "default_vault_path"]
