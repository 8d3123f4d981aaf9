"""The desktop face of IEPDesk (PySide6). Everything here calls the core; nothing in the core calls here."""
