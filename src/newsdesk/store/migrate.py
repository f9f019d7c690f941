"""Running the Alembic migrations from inside the package (no alembic.ini needed).

The migration scripts ship inside the wheel (``newsdesk/store/migrations``), so an
installed newsdesk upgrades any store it opens. Upgrades run under the writer lock,
so two processes opening a fresh store at once do not both try to create it.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from newsdesk.store.engine import Store, StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged scripts (and a connection, if given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest schema revision this code knows."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None
    return revision


def current(connection: Connection) -> str | None:
    """The schema revision a store is at (None for a new, empty database)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(store: Store) -> None:
    """Bring the store's schema to :func:`head`, doing nothing when it is already there."""
    target = head()
    with store.read() as conn:
        if current(conn) == target:
            return
    with store.write() as conn:
        found = current(conn)
        known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
        if found is not None and found not in known:
            raise StoreError(
                f"the store {store.location.display} was written by a newer newsdesk "
                f"(schema {found}); upgrade newsdesk to use it"
            )
        command.upgrade(alembic_config(conn), "head")
