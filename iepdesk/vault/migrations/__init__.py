"""Alembic migrations shipped inside the package.

``HEAD`` is the newest revision; the vault compares it with the database without importing Alembic, so an
up-to-date vault opens fast. A test checks that it matches Alembic's head.
"""

HEAD = "0012"
