"""Reading and writing the store's rows; every function takes an open connection.

The caller owns the transaction (see :class:`~newsdesk.store.engine.Store`), so a
batch of articles and their annotations, or a whole new analysis, lands in one
commit or not at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsdesk.models import AnnotatedArticle, Article, from_dict, to_dict
from newsdesk.store.schema import (
    DERIVED,
    analysis,
    annotation_table,
    articles,
    event_articles,
    event_figures,
    event_places,
    events,
    state,
    stories,
)

_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))


def content_hash(article: Article) -> str:
    """The store's key for an article: everything the pipeline reads, but not the path.

    The same text and metadata found at two paths is one article; any change to the
    text or its metadata (a corrected title, a new date) makes a new version.
    """
    payload = json.dumps(
        [
            article.id,
            article.text,
            article.format,
            article.title,
            article.outlet,
            article.url,
            article.published,
            article.published_basis,
            article.published_evidence,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


# ------------------------------------------------------------------ state
def revision(conn: Connection) -> int:
    """How many changes to the set of current articles have been committed."""
    return int(conn.execute(sa.select(state.c.revision).where(state.c.id == 1)).scalar_one())


def _bump(conn: Connection) -> int:
    conn.execute(sa.update(state).where(state.c.id == 1).values(revision=state.c.revision + 1))
    return revision(conn)


# --------------------------------------------------------------- articles
def known_hashes(conn: Connection, hashes: Iterable[str]) -> set[str]:
    """Which of these article hashes the store already holds (current or superseded)."""
    wanted = sorted(set(hashes))
    found: set[str] = set()
    for i in range(0, len(wanted), 500):  # keep the IN list well under driver limits
        chunk = wanted[i : i + 500]
        found.update(
            conn.execute(sa.select(articles.c.hash).where(articles.c.hash.in_(chunk))).scalars()
        )
    return found


def _article_from_row(row: Any) -> Article:
    return Article(**{name: getattr(row, name) for name in _ARTICLE_FIELDS})


def _is_entry(path: str) -> bool:
    """Paths like ``feed.xml#entry-3`` or ``batch.jsonl#7`` name one entry of a file."""
    return "#" in path


def _same_article(article: Article) -> sa.ColumnElement[bool]:
    """Rows that an edited copy of ``article`` replaces.

    A file path names one article, so new text at a path is a new version. Entries of
    feeds and JSON Lines files are numbered by position, which shifts as the file
    grows, so for them the URL is the identity instead. A caller-given id always is.
    """
    same = articles.c.id == article.id
    if not _is_entry(article.path):
        same = sa.or_(same, articles.c.path == article.path)
    elif article.url:
        same = sa.or_(same, articles.c.url == article.url)
    return same


@dataclass
class BatchResult:
    added: int = 0  # articles new to the store
    replaced: int = 0  # older versions they superseded
    annotated: int = 0  # annotation rows written
    revision: int = 0


def add_batch(
    conn: Connection, items: Sequence[AnnotatedArticle], pipeline_version: str
) -> BatchResult:
    """Store annotated articles (and close the version chains they continue).

    Articles and annotations already present are left alone, so re-running a batch
    after a crash, or racing another ingest, writes each row once.
    """
    result = BatchResult()
    present = known_hashes(conn, (content_hash(i.article) for i in items))
    now = _now()
    current_revision = revision(conn) + 1
    for item in items:
        key = content_hash(item.article)
        if key not in present:
            conn.execute(
                sa.insert(articles).values(_article_row(item.article, key, now, current_revision))
            )
            result.replaced += _supersede(conn, item.article, key, now)
            present.add(key)
            result.added += 1
        if _add_annotation(conn, key, item, pipeline_version, now):
            result.annotated += 1
    if result.added or result.annotated:
        result.revision = _bump(conn)
    else:
        result.revision = current_revision - 1
    return result


def _article_row(article: Article, key: str, now: datetime, rev: int) -> dict[str, Any]:
    row = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    row.update(hash=key, first_seen=now, revision=rev, superseded_by=None, superseded_at=None)
    return row


def _supersede(conn: Connection, article: Article, key: str, now: datetime) -> int:
    query = (
        sa.update(articles)
        .where(articles.c.superseded_by.is_(None), articles.c.hash != key, _same_article(article))
        .values(superseded_by=key, superseded_at=now)
    )
    return int(conn.execute(query).rowcount or 0)


def _add_annotation(
    conn: Connection, key: str, item: AnnotatedArticle, version: str, now: datetime
) -> bool:
    exists = conn.execute(
        sa.select(sa.literal(1)).where(
            annotation_table.c.article_hash == key, annotation_table.c.pipeline_version == version
        )
    ).first()
    if exists:
        return False
    data = to_dict(item)
    data.pop("article")  # the article row holds it; keeping it once halves the store
    row = {"article_hash": key, "pipeline_version": version, "data": data, "created_at": now}
    conn.execute(sa.insert(annotation_table).values(row))
    return True


def _order(row: Any) -> tuple[str, str]:
    """Path order by Python's rules, so SQLite and PostgreSQL collations agree."""
    return (row.path, row.hash)


def current_articles(conn: Connection) -> list[tuple[str, Article]]:
    """(hash, article) for every current version, in a stable order (path, then hash)."""
    query = sa.select(articles).where(articles.c.superseded_by.is_(None))
    rows = sorted(conn.execute(query), key=_order)
    return [(row.hash, _article_from_row(row)) for row in rows]


def unannotated(conn: Connection, pipeline_version: str) -> list[Article]:
    """Current articles with no annotation from this pipeline version (code changed)."""
    done = sa.select(annotation_table.c.article_hash).where(
        annotation_table.c.pipeline_version == pipeline_version
    )
    query = sa.select(articles).where(
        articles.c.superseded_by.is_(None), articles.c.hash.not_in(done)
    )
    return [_article_from_row(row) for row in sorted(conn.execute(query), key=_order)]


def current_annotated(conn: Connection, pipeline_version: str) -> list[AnnotatedArticle]:
    """Every current article with its annotation from this pipeline version."""
    query = (
        sa.select(articles, annotation_table.c.data)
        .join(annotation_table, annotation_table.c.article_hash == articles.c.hash)
        .where(
            articles.c.superseded_by.is_(None),
            annotation_table.c.pipeline_version == pipeline_version,
        )
    )
    out = []
    for row in sorted(conn.execute(query), key=_order):
        data = dict(row.data)
        data["article"] = {name: getattr(row, name) for name in _ARTICLE_FIELDS}
        out.append(from_dict(AnnotatedArticle, data))
    return out


def article_history(conn: Connection, path: str) -> list[Article]:
    """Every version read from ``path``, oldest first (for display and tests)."""
    query = sa.select(articles).where(articles.c.path == path).order_by(articles.c.revision)
    return [_article_from_row(row) for row in conn.execute(query)]


# --------------------------------------------------------------- analysis
@dataclass
class StoredAnalysis:
    revision: int
    pipeline_version: str
    article_count: int
    document: dict[str, Any]


def load_analysis(conn: Connection) -> StoredAnalysis | None:
    row = conn.execute(sa.select(analysis).where(analysis.c.id == 1)).first()
    if row is None:
        return None
    return StoredAnalysis(
        int(row.revision), row.pipeline_version, int(row.article_count), row.document
    )


def save_analysis(
    conn: Connection, document: dict[str, Any], at_revision: int, pipeline_version: str
) -> None:
    """Replace the derived analysis (document and normalised rows) as a whole."""
    for table in DERIVED:
        conn.execute(sa.delete(table))
    conn.execute(
        sa.insert(analysis).values(
            id=1,
            revision=at_revision,
            pipeline_version=pipeline_version,
            article_count=len(document.get("articles", [])),
            created_at=_now(),
            document=document,
        )
    )
    _insert_many(
        conn, stories, [{"id": s["id"], "label": s["label"]} for s in document.get("stories", [])]
    )
    story_of = {e: s["id"] for s in document.get("stories", []) for e in s["events"]}
    rows = _event_rows(document.get("events", []), story_of)
    for table, table_rows in zip(
        (events, event_places, event_figures, event_articles), rows, strict=True
    ):
        _insert_many(conn, table, table_rows)


def _insert_many(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(sa.insert(table), rows)


def _event_rows(
    docs: Sequence[dict[str, Any]], story_of: dict[str, str]
) -> tuple[list[dict[str, Any]], ...]:
    ev, places, figures, links = [], [], [], []
    for e in docs:
        date = e.get("date") or {}
        ev.append(
            {
                "id": e["id"],
                "story_id": e.get("story") or story_of.get(e["id"]),
                "label": e["label"],
                "type": e["type"],
                "date_start": date.get("start"),
                "date_end": date.get("end"),
                "date_precision": date.get("precision") or "unknown",
                "article_count": len(e.get("articles", [])),
            }
        )
        for i, p in enumerate(e.get("places", [])):
            places.append(
                {"event_id": e["id"], "position": i, **{k: p.get(k) for k in _PLACE_KEYS}}
            )
        for i, f in enumerate(e.get("figures", [])):
            figures.append(_figure_row(e["id"], i, f))
        main = set(e.get("main_in", []))
        for aid in sorted(set(e.get("articles", [])) | main):
            links.append({"event_id": e["id"], "article_id": aid, "main": aid in main})
    return ev, places, figures, links


_PLACE_KEYS = ("name", "geonameid", "country_code", "admin1", "lat", "lon")


def _figure_row(event_id: str, position: int, f: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "position": position,
        "kind": f["kind"],
        "value": f["value"],
        "low": f.get("low"),
        "high": f.get("high"),
        "qualifier": f["qualifier"],
        "status": f["status"],
        "independent_sources": f["independent_sources"],
        "report_count": len(f.get("reports", [])),
        "subset": f.get("subset"),
    }


# ------------------------------------------------------------ consistency
def counts(conn: Connection) -> dict[str, int]:
    """Row counts a person wants after an ingest (current and all article versions, ...)."""

    def count(query: Any) -> int:
        return int(conn.execute(query).scalar_one())

    return {
        "articles": count(
            sa.select(sa.func.count())
            .select_from(articles)
            .where(articles.c.superseded_by.is_(None))
        ),
        "versions": count(sa.select(sa.func.count()).select_from(articles)),
        "annotations": count(sa.select(sa.func.count()).select_from(annotation_table)),
        "events": count(sa.select(sa.func.count()).select_from(events)),
        "stories": count(sa.select(sa.func.count()).select_from(stories)),
        "figures": count(sa.select(sa.func.count()).select_from(event_figures)),
    }


def check_consistency(conn: Connection) -> list[str]:
    """Problems that would mean a write was torn or two writers collided (empty = sound)."""
    problems: list[str] = []
    problems += _check_state(conn)
    problems += _check_articles(conn)
    problems += _check_analysis(conn)
    if conn.dialect.name == "sqlite":
        status = conn.exec_driver_sql("PRAGMA integrity_check").scalar_one()
        if status != "ok":
            problems.append(f"SQLite integrity check: {status}")
        if conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
            problems.append("SQLite foreign key check found dangling references")
    return problems


def _check_state(conn: Connection) -> list[str]:
    n = conn.execute(sa.select(sa.func.count()).select_from(state)).scalar_one()
    return [] if n == 1 else [f"state table holds {n} rows, not 1"]


def _check_articles(conn: Connection) -> list[str]:
    problems = []
    bare = (
        conn.execute(
            sa.select(articles.c.hash).where(
                ~sa.exists().where(annotation_table.c.article_hash == articles.c.hash)
            )
        )
        .scalars()
        .all()
    )
    if bare:
        problems.append(f"{len(bare)} articles have no annotation (a batch was torn)")
    chain = dict(conn.execute(sa.select(articles.c.hash, articles.c.superseded_by)).all())
    for key, successor in chain.items():
        seen = {key}
        while successor is not None:
            if successor not in chain:
                problems.append(f"article {key[:12]} is superseded by a missing article")
                break
            if successor in seen:
                problems.append(f"article {key[:12]} is in a version cycle")
                break
            seen.add(successor)
            successor = chain[successor]
    dupes = (
        conn.execute(
            sa.select(articles.c.id)
            .where(articles.c.superseded_by.is_(None))
            .group_by(articles.c.id)
            .having(sa.func.count() > 1)
        )
        .scalars()
        .all()
    )
    if dupes:
        problems.append(f"{len(dupes)} article ids have more than one current version")
    return problems


def _check_analysis(conn: Connection) -> list[str]:
    stored = load_analysis(conn)
    n_events = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
    if stored is None:
        return [] if n_events == 0 else ["event rows exist without an analysis"]
    problems = []
    doc = stored.document
    if stored.revision > revision(conn):
        problems.append("the analysis claims a revision the store has not reached")
    if stored.article_count != len(doc.get("articles", [])):
        problems.append("analysis article count does not match its document")
    doc_events = {e["id"] for e in doc.get("events", [])}
    row_events = set(conn.execute(sa.select(events.c.id)).scalars())
    if doc_events != row_events:
        problems.append("event rows do not match the analysis document")
    n_figs = sum(len(e.get("figures", [])) for e in doc.get("events", []))
    if conn.execute(sa.select(sa.func.count()).select_from(event_figures)).scalar_one() != n_figs:
        problems.append("figure rows do not match the analysis document")
    if stored.revision == revision(conn):
        current = {a.id for _, a in current_articles(conn)}
        if {a["id"] for a in doc.get("articles", [])} != current:
            problems.append("the analysis does not cover exactly the current articles")
    return problems


def is_fresh(conn: Connection, pipeline_version: str | None = None) -> bool:
    """Whether the stored analysis reflects every committed article (and this code)."""
    stored = load_analysis(conn)
    if stored is None:
        return revision(conn) == 0
    if pipeline_version is not None and stored.pipeline_version != pipeline_version:
        return False
    return stored.revision == revision(conn)
