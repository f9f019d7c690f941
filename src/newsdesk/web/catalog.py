"""The stored analysis as the web app reads it: loaded once per revision, indexed for pages.

The analysis is one JSON document rewritten as a whole by every ingest, so the app
keeps a parsed copy and its lookup tables in memory and reloads them only when the
stored revision changes (one tiny query per request decides that). Pages then cost
dictionary look-ups plus one query for the article texts they show, whatever the
size of the store.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsdesk.render.markdown import date_key, stories_with_events
from newsdesk.store.engine import Store
from newsdesk.store.repository import load_analysis
from newsdesk.store.schema import analysis, articles

Doc = dict[str, Any]


@dataclass(frozen=True)
class QuoteRef:
    """Where a figure report points into an article: enough to mark and link it."""

    event_id: str
    figure_index: int
    report_index: int
    report: Mapping[str, Any]
    figure: Mapping[str, Any]


@dataclass
class Catalog:
    """One revision of the stored analysis with the indexes every page needs."""

    revision: int
    pipeline_version: str
    document: Doc
    key: tuple[int, str] = (0, "")
    events: dict[str, Doc] = field(default_factory=dict)
    articles: dict[str, Doc] = field(default_factory=dict)
    stories: dict[str, Doc] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    story_order: list[tuple[Doc, list[Doc]]] = field(default_factory=list)
    quotes_in: dict[str, list[QuoteRef]] = field(default_factory=dict)
    summaries_in: dict[str, list[Mapping[str, Any]]] = field(default_factory=dict)
    events_of: dict[str, list[str]] = field(default_factory=dict)
    copies_of: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, revision: int, pipeline_version: str, document: Doc, key: tuple[int, str] = (0, "")
    ) -> Catalog:
        """Index the document once so no request walks all of it."""
        cat = cls(revision, pipeline_version, document, key)
        cat.articles = {str(a.get("id")): a for a in document.get("articles") or []}
        cat.events = {str(e.get("id")): e for e in document.get("events") or []}
        cat.stories = {str(s.get("id")): s for s in document.get("stories") or []}
        cat.story_order = stories_with_events(document)
        for story, members in cat.story_order:
            for event in members:
                cat.story_of[str(event.get("id"))] = str(story.get("id") or "")
        for event in sorted(cat.events.values(), key=date_key):
            cat._index_event(event)
        for art in cat.articles.values():
            original = art.get("duplicate_of")
            if original:
                cat.copies_of.setdefault(str(original), []).append(str(art.get("id")))
        return cat

    def _index_event(self, event: Doc) -> None:
        eid = str(event.get("id"))
        for aid in {str(a) for a in (event.get("articles") or []) + (event.get("main_in") or [])}:
            self.events_of.setdefault(aid, []).append(eid)
        for fi, fig in enumerate(event.get("figures") or []):
            for ri, rep in enumerate(fig.get("reports") or []):
                ref = QuoteRef(eid, fi, ri, rep, fig)
                self.quotes_in.setdefault(str(rep.get("article")), []).append(ref)
        for sent in event.get("summary") or []:
            self.summaries_in.setdefault(str(sent.get("article")), []).append(sent)

    def events_in_order(self) -> list[Doc]:
        return sorted(self.events.values(), key=date_key)


EMPTY = Catalog.build(0, "", {"version": "", "articles": [], "events": [], "stories": []})


class CatalogCache:
    """The current :class:`Catalog`, reloaded when an ingest stores a newer analysis.

    Readers never wait for writers (the store's read transactions see a snapshot),
    and a reload happens at most once per new revision however many requests race.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._current = EMPTY
        self._lock = threading.Lock()

    def get(self) -> Catalog:
        with self.store.read() as conn:
            key = stored_key(conn)
        if key is None:
            return EMPTY
        if key == self._current.key:
            return self._current
        with self._lock:
            if self._current.key != key:
                with self.store.read() as conn:
                    key = stored_key(conn)
                    loaded = load_analysis(conn)
                if loaded is None or key is None:
                    return EMPTY
                self._current = Catalog.build(
                    loaded.revision, loaded.pipeline_version, loaded.document, key
                )
            return self._current


def stored_key(conn: Connection) -> tuple[int, str] | None:
    """What identifies one stored analysis: its revision and when it was written.

    The revision alone is not enough: a newer newsdesk rebuilds the analysis of the
    same articles (same revision) with another pipeline version.
    """
    row = conn.execute(
        sa.select(analysis.c.revision, analysis.c.created_at).where(analysis.c.id == 1)
    ).first()
    return None if row is None else (int(row.revision), str(row.created_at))


def article_texts(conn: Connection, ids: list[str]) -> dict[str, str]:
    """Texts of the current versions of these articles (the ones the analysis covers).

    "Current" is checked in Python: given ``superseded_by IS NULL`` in SQL, SQLite's
    planner picks that index (every current row) over the id index, and a page of ten
    quotes then reads all texts (measured: 23 ms instead of 3 ms at 10,000 articles).
    """
    wanted = sorted(set(ids))
    found: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        query = sa.select(articles.c.id, articles.c.text, articles.c.superseded_by).where(
            articles.c.id.in_(chunk)
        )
        found.update({r.id: r.text for r in conn.execute(query) if r.superseded_by is None})
    return found
