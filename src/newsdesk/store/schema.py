"""The store's tables, as SQLAlchemy Core metadata (one schema for SQLite and PostgreSQL).

This module describes the *current* schema; the migrations under ``migrations/``
are the history that builds it, and a test checks that the two agree. Three
layers are kept apart because they change at different speeds:

* ``articles`` — what was read, never rewritten except to close a version chain;
* ``annotations`` — the per-article stage's output, keyed by article and pipeline
  version, so a new version of the code adds rows instead of overwriting;
* the derived analysis (``analysis`` plus the normalised ``stories``, ``events``,
  ``event_places``, ``event_figures``, ``event_articles``) — rebuilt as a whole in one
  transaction whenever the set of current articles changes.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: One row (id 1). ``revision`` grows by one with every committed change to the set
#: of current articles; the analysis records the revision it was computed from, so a
#: stale analysis (an ingest killed between a batch and the rewrite) is detectable.
state = sa.Table(
    "state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("revision", sa.BigInteger, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("hash", sa.String(64), primary_key=True),  # of text + every metadata field
    sa.Column("id", sa.String(200), nullable=False, index=True),  # Article.id, as in the JSON
    sa.Column("path", sa.Text, nullable=False, index=True),
    sa.Column("format", sa.String(16), nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("published", sa.String(10)),
    sa.Column("published_basis", sa.String(16), nullable=False),
    sa.Column("published_evidence", sa.Text),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revision", sa.BigInteger, nullable=False),  # state.revision that added it
    sa.Column("superseded_by", sa.String(64), sa.ForeignKey("articles.hash"), index=True),
    sa.Column("superseded_at", sa.DateTime(timezone=True)),
)

annotation_table = sa.Table(
    "annotations",
    metadata,
    sa.Column("article_hash", sa.String(64), sa.ForeignKey("articles.hash"), primary_key=True),
    sa.Column("pipeline_version", sa.String(64), primary_key=True),
    sa.Column("data", sa.JSON, nullable=False),  # to_dict(AnnotatedArticle) minus the article
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

#: One row (id 1): the JSON document of DESIGN.md for all current articles.
analysis = sa.Table(
    "analysis",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("revision", sa.BigInteger, nullable=False),
    sa.Column("pipeline_version", sa.String(64), nullable=False),
    sa.Column("article_count", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("document", sa.JSON, nullable=False),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("label", sa.Text, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), index=True),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("type", sa.String(64), nullable=False, index=True),
    sa.Column("date_start", sa.String(10), index=True),
    sa.Column("date_end", sa.String(10)),
    sa.Column("date_precision", sa.String(16), nullable=False),
    sa.Column("article_count", sa.Integer, nullable=False),
)

event_places = sa.Table(
    "event_places",
    metadata,
    sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("geonameid", sa.BigInteger),
    sa.Column("country_code", sa.String(8), index=True),
    sa.Column("admin1", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
)

event_figures = sa.Table(
    "event_figures",
    metadata,
    sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.String(64), nullable=False, index=True),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("low", sa.Float),
    sa.Column("high", sa.Float),
    sa.Column("qualifier", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("independent_sources", sa.Integer, nullable=False),
    sa.Column("report_count", sa.Integer, nullable=False),
    sa.Column("subset", sa.Text),
)

event_articles = sa.Table(
    "event_articles",
    metadata,
    sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("article_id", sa.String(200), primary_key=True, index=True),
    sa.Column("main", sa.Boolean, nullable=False),
)

#: Tables holding the derived analysis, children before parents (the delete order).
DERIVED = (event_articles, event_figures, event_places, events, stories, analysis)
