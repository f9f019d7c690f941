"""Opening a store: URL resolution, engine set-up, locking, error wording, migrations.

Every write goes through :meth:`Store.write`, which serialises writers the same way
on both back ends: SQLite takes its write lock up front (``BEGIN IMMEDIATE``, so a
transaction never fails half-way when it upgrades from reading to writing) and waits
for it up to ``busy_timeout``; PostgreSQL takes one transaction-scoped advisory lock.
Holding the lock for the whole transaction makes "check, then insert" safe without
retry loops, and write transactions are kept short (no NLP runs inside one).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine, make_url

DEFAULT_FILE = "newsdesk.db"
ENV_VAR = "NEWSDESK_DB"
BUSY_TIMEOUT_MS = 300_000  # a writer waits this long for another one (SQLite)
CONNECT_TIMEOUT_S = 10  # PostgreSQL: fail fast when the server is not there
ADVISORY_LOCK_KEY = 0x6E657773646B  # "newsdk": one lock for every newsdesk writer
_SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(Exception):
    """A problem with the store a user can act on; the message is meant for them."""


@dataclass(frozen=True)
class Location:
    """Where a store lives: the SQLAlchemy URL and how to name it to a person."""

    url: str
    display: str
    dialect: str  # "sqlite" or "postgresql"
    file: Path | None = None


def resolve(url: str | None = None) -> Location:
    """Turn ``--db``, ``$NEWSDESK_DB`` or the default into a :class:`Location`.

    A bare path is a SQLite file, so ``--db data/desk.db`` works as people expect;
    ``postgresql://`` and ``postgres://`` URLs are routed to the psycopg 3 driver.
    """
    raw = url or os.environ.get(ENV_VAR) or DEFAULT_FILE
    if "://" not in raw:
        return _sqlite_location(Path(raw))
    scheme = raw.split("://", 1)[0].lower()
    if scheme in {"sqlite", "sqlite+pysqlite"}:
        return _sqlite_from_url(raw)
    if scheme in {"postgresql", "postgres", "postgresql+psycopg"}:
        return _postgres_location(raw)
    raise StoreError(
        f"unsupported database URL scheme {scheme!r}: use a file path, sqlite:///FILE "
        "or postgresql://USER@HOST:PORT/DB"
    )


def _sqlite_location(path: Path) -> Location:
    path = path.expanduser().resolve()
    return Location(f"sqlite:///{path}", str(path), "sqlite", path)


def _sqlite_from_url(raw: str) -> Location:
    try:
        parsed = make_url(raw)
    except exc.ArgumentError as error:
        raise StoreError(f"cannot parse database URL {raw!r}: {error}") from None
    if not parsed.database or parsed.database == ":memory:":
        raise StoreError(
            "the store must be a SQLite file (sqlite:///FILE), not an in-memory database"
        )
    return _sqlite_location(Path(parsed.database))


def _postgres_location(raw: str) -> Location:
    try:
        parsed = make_url(raw).set(drivername="postgresql+psycopg")
    except exc.ArgumentError as error:
        raise StoreError(f"cannot parse database URL {raw!r}: {error}") from None
    if not parsed.database:
        raise StoreError(f"the PostgreSQL URL {raw!r} names no database (…/DBNAME at the end)")
    display = parsed.set(drivername="postgresql").render_as_string(hide_password=True)
    return Location(parsed.render_as_string(hide_password=False), display, "postgresql")


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a SQLite database file")
    if not path.parent.is_dir():
        raise StoreError(f"cannot create the store {path}: folder {path.parent} does not exist")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if handle.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
                raise StoreError(f"{path} exists but is not a SQLite database; give another --db")


def _sqlite_engine(location: Location) -> Engine:
    assert location.file is not None
    _check_sqlite_file(location.file)
    engine = sa.create_engine(location.url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own implicit
        # transactions do not cover DDL and cannot take the write lock up front).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")  # WAL: durable against a killed process
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("newsdesk_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _postgres_engine(location: Location) -> Engine:
    return sa.create_engine(
        location.url,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "newsdesk"},
        pool_pre_ping=True,
    )


def recreate_database(server_url: str, name: str) -> str:
    """Drop and create the PostgreSQL database ``name`` on the server; the new database's URL.

    For throwaway stores (tests, benchmarks): whatever the database held is gone.
    """
    admin = sa.create_engine(resolve(server_url).url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def describe_error(error: BaseException, location: Location) -> str:
    """Words for a database error, without driver noise or passwords."""
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    first = text[0] if text else type(error).__name__
    if location.dialect == "sqlite" and "not a database" in first:
        return f"{location.display} is not a SQLite database (or is damaged); give another --db"
    if location.dialect == "sqlite" and "unable to open" in first:
        return f"cannot open the SQLite store {location.display}: check the folder and permissions"
    if location.dialect == "postgresql" and isinstance(error, exc.OperationalError):
        return f"cannot reach the PostgreSQL store {location.display}: {first}"
    return f"database error on {location.display}: {first}"


class Store:
    """An open store: an engine plus the two kinds of transaction newsdesk uses."""

    def __init__(self, location: Location, engine: Engine) -> None:
        self.location = location
        self.engine = engine

    @property
    def dialect(self) -> str:
        return self.location.dialect

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction that sees one consistent snapshot of the store."""
        try:
            with self.engine.connect() as conn:
                if self.dialect == "postgresql":
                    conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    yield conn
        except exc.DBAPIError as error:
            raise StoreError(describe_error(error, self.location)) from error

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction holding the store-wide writer lock until it commits."""
        try:
            with self.engine.connect() as conn:
                if self.dialect == "sqlite":
                    conn = conn.execution_options(newsdesk_begin="IMMEDIATE")
                with conn.begin():
                    if self.dialect == "postgresql":
                        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(ADVISORY_LOCK_KEY)))
                    yield conn
        except exc.DBAPIError as error:
            raise StoreError(describe_error(error, self.location)) from error

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and by default create or upgrade to the latest schema) the store at ``url``."""
    location = resolve(url)
    try:
        engine = (
            _sqlite_engine(location) if location.dialect == "sqlite" else _postgres_engine(location)
        )
    except exc.ArgumentError as error:
        raise StoreError(f"cannot use database URL {location.display}: {error}") from None
    except ModuleNotFoundError as error:
        raise StoreError(f"the database driver is not installed: {error.name}") from None
    store = Store(location, engine)
    if migrate:
        from newsdesk.store.migrate import upgrade

        try:
            upgrade(store)
        except BaseException:
            store.close()
            raise
    return store
