"""Alembic environment: migrate the connection newsdesk hands over.

newsdesk opens the database itself (with its SQLite pragmas and PostgreSQL lock) and
passes the connection in ``config.attributes["connection"]``; the migration then runs
inside that caller's transaction. For development (``alembic revision
--autogenerate``) a ``sqlalchemy.url`` main option opens a store the usual way.
"""

from __future__ import annotations

from alembic import context

from newsdesk.store.schema import metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError(
            "set sqlalchemy.url, or run migrations through newsdesk.store.open_store"
        )
    from newsdesk.store.engine import open_store

    store = open_store(url, migrate=False)
    try:
        with store.write() as conn:
            _run(conn)
    finally:
        store.close()


main()
