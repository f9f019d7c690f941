"""Full-text search over the current articles.

PostgreSQL searches with ``to_tsvector``/``websearch_to_tsquery`` in the query
itself: correct without any index (a sequential scan), and as fast as an index
allows once a GIN index on the same expression exists.

SQLite has no text index in the store's schema, so the app keeps its own FTS5
index in memory (Porter stemming, so "killed" finds "kill"), built on the first
search and rebuilt when the store's revision changes. Where the SQLite library
lacks FTS5, every query word must appear as a substring (``LIKE``): slower and
without stemming, but never a wrong hit.

Snippets are cut from the text in Python for all three, so results look the same
on every back end and the page escapes them like any other article text.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsdesk.store.engine import Store
from newsdesk.store.repository import revision
from newsdesk.store.schema import articles

_WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_CHARS = 220
MAX_TERMS = 12


@dataclass(frozen=True)
class Hit:
    article: str
    title: str | None
    outlet: str | None
    path: str
    rank: float
    snippet: list[dict[str, Any]]  # text pieces: {"s": str, "hit": bool}


def terms(query: str) -> list[str]:
    """The words of a query, lower-cased, duplicates dropped, at most MAX_TERMS."""
    seen: list[str] = []
    for word in _WORD.findall(query.lower()):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> list[dict[str, Any]]:
    """A window of ``text`` around the first word found, cut into plain and hit pieces.

    Words match at the start of a word ("kill" marks "killed"), like the stemmed
    index matches them. With no word found, the start of the text is shown.
    """
    if not words:
        return [{"s": text[:width], "hit": False}]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.I)
    first = pattern.search(text)
    start = 0 if first is None else max(0, first.start() - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    window = text[start : start + width]
    pieces: list[dict[str, Any]] = []
    if start:
        pieces.append({"s": "…", "hit": False})
    pos = 0
    for match in pattern.finditer(window):
        if match.start() > pos:
            pieces.append({"s": window[pos : match.start()], "hit": False})
        pieces.append({"s": match.group(0), "hit": True})
        pos = match.end()
    pieces.append({"s": window[pos:], "hit": False})
    if start + width < len(text):
        pieces.append({"s": "…", "hit": False})
    return pieces


class Searcher:
    """Searches one store; keeps the in-memory FTS5 index for SQLite stores."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._index: sqlite3.Connection | None = None
        self._index_revision = -1
        self.fts5 = store.dialect == "sqlite" and _has_fts5()

    @property
    def method(self) -> str:
        if self.store.dialect == "postgresql":
            return "postgresql-tsvector"
        return "sqlite-fts5-memory" if self.fts5 else "substring"

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        words = terms(query)
        if not words:
            return []
        with self.store.read() as conn:
            if self.store.dialect == "postgresql":
                ranked = _postgres_ids(conn, query, limit)
            elif self.fts5:
                ranked = self._fts_ids(conn, words, limit)
            else:
                ranked = _substring_ids(conn, words, limit)
            return _hits(conn, ranked, words)

    # ---------------------------------------------------------- SQLite FTS5
    def _fts_ids(self, conn: Connection, words: list[str], limit: int) -> list[tuple[str, float]]:
        rev = revision(conn)
        with self._lock:
            if self._index is None or self._index_revision != rev:
                self._index = _build_index(_current_rows(conn))
                self._index_revision = rev
            match = " ".join('"' + w.replace('"', "") + '"' for w in words)
            rows = self._index.execute(
                "SELECT id, bm25(fts) FROM fts WHERE fts MATCH ? ORDER BY bm25(fts), id LIMIT ?",
                (match, limit),
            ).fetchall()
        return [(str(r[0]), -float(r[1])) for r in rows]


def _has_fts5() -> bool:
    try:
        probe = sqlite3.connect(":memory:")
        probe.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        probe.close()
        return True
    except sqlite3.Error:
        return False


def _current_rows(conn: Connection) -> Iterator[Any]:
    query = sa.select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.text).where(
        articles.c.superseded_by.is_(None)
    )
    yield from conn.execute(query)


def _build_index(rows: Iterator[Any]) -> sqlite3.Connection:
    index = sqlite3.connect(":memory:", check_same_thread=False)
    index.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, title, outlet, text, "
        "tokenize='porter unicode61')"
    )
    index.executemany(
        "INSERT INTO fts (id, title, outlet, text) VALUES (?, ?, ?, ?)",
        ((r.id, r.title or "", r.outlet or "", r.text) for r in rows),
    )
    index.commit()
    return index


def _postgres_ids(conn: Connection, query: str, limit: int) -> list[tuple[str, float]]:
    document = sa.func.to_tsvector(
        "english",
        sa.func.coalesce(articles.c.title, "")
        + " "
        + sa.func.coalesce(articles.c.outlet, "")
        + " "
        + articles.c.text,
    )
    tsquery = sa.func.websearch_to_tsquery("english", query)
    rank = sa.func.ts_rank(document, tsquery).label("rank")
    stmt = (
        sa.select(articles.c.id, rank)
        .where(articles.c.superseded_by.is_(None), document.op("@@")(tsquery))
        .order_by(rank.desc(), articles.c.id)
        .limit(limit)
    )
    return [(str(r.id), float(r.rank)) for r in conn.execute(stmt)]


def _substring_ids(conn: Connection, words: list[str], limit: int) -> list[tuple[str, float]]:
    haystack = sa.func.lower(
        sa.func.coalesce(articles.c.title, "")
        + " "
        + sa.func.coalesce(articles.c.outlet, "")
        + " "
        + articles.c.text
    )
    stmt = sa.select(articles.c.id).where(articles.c.superseded_by.is_(None))
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(haystack.like(f"%{escaped}%", escape="\\"))
    stmt = stmt.order_by(articles.c.id).limit(limit)
    return [(str(x), 0.0) for x in conn.execute(stmt).scalars()]


def _hits(conn: Connection, ranked: list[tuple[str, float]], words: list[str]) -> list[Hit]:
    if not ranked:
        return []
    ids = [aid for aid, _ in ranked]
    query = sa.select(
        articles.c.id,
        articles.c.title,
        articles.c.outlet,
        articles.c.path,
        articles.c.text,
        articles.c.superseded_by,
    ).where(articles.c.id.in_(ids))  # "current" checked here: see catalog.article_texts
    rows = {row.id: row for row in conn.execute(query) if row.superseded_by is None}
    return [
        Hit(
            aid,
            rows[aid].title,
            rows[aid].outlet,
            rows[aid].path,
            rank,
            snippet(rows[aid].text, words),
        )
        for aid, rank in ranked
        if aid in rows
    ]
