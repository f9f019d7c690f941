"""Alembic migration scripts for the newsdesk store (run by :mod:`newsdesk.store.migrate`)."""
