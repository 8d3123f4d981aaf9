"""Errors that carry a sentence a parent can act on.

Every message says what is wrong and what to do; the CLI prints it without a traceback and exits with
``exit_code`` (docs/architecture.md: 1 some inputs rejected, 2 usage, 3 the vault cannot be used).
"""

from __future__ import annotations


class IEPDeskError(Exception):
    """A problem explained in plain words (``str(error)`` is shown to the user as is)."""

    exit_code = 1


class UsageError(IEPDeskError):
    exit_code = 2


class VaultError(IEPDeskError):
    """The vault cannot be used: locked, missing, damaged or too new."""

    exit_code = 3


class VaultNotFound(VaultError):
    pass


class VaultLocked(VaultError):
    pass


class VaultTooNew(VaultError):
    pass


class VaultDamaged(VaultError):
    pass


class VaultReadOnly(VaultError):
    """The vault is on a drive or in a folder that cannot be written; reading it still works."""


class VaultFull(VaultError):
    """The drive that holds the vault (or the file being written) has no room left."""


class Rejected(IEPDeskError):
    """One input file cannot be imported; the message is the reason, without the file name.

    ``code`` names the few reasons a program acts on ("password": ask for it and try again).
    """

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code

    def __reduce__(self) -> tuple[object, ...]:  # crosses from worker processes intact
        return (type(self), (str(self), self.code))
