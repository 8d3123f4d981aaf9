"""The vault: a folder holding the SQLite database and the original files (docs/architecture.md)."""

from iepdesk.vault.vault import Vault, default_vault_path

__all__ = ["Vault", "default_vault_path"]
