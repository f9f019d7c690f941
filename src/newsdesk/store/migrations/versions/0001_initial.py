"""The first schema: articles with version chains, annotations, the derived analysis.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "state",
        sa.Column("id", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("revision", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_state"),
    )
    op.execute(sa.text("INSERT INTO state (id, revision) VALUES (1, 0)"))
    op.create_table(
        "articles",
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("published", sa.String(10)),
        sa.Column("published_basis", sa.String(16), nullable=False),
        sa.Column("published_evidence", sa.Text),
        sa.Column("first_seen", _TS, nullable=False),
        sa.Column("revision", sa.BigInteger, nullable=False),
        sa.Column("superseded_by", sa.String(64)),
        sa.Column("superseded_at", _TS),
        sa.PrimaryKeyConstraint("hash", name="pk_articles"),
        sa.ForeignKeyConstraint(
            ["superseded_by"], ["articles.hash"], name="fk_articles_superseded_by_articles"
        ),
    )
    op.create_index("ix_articles_id", "articles", ["id"])
    op.create_index("ix_articles_path", "articles", ["path"])
    op.create_index("ix_articles_superseded_by", "articles", ["superseded_by"])
    op.create_table(
        "annotations",
        sa.Column("article_hash", sa.String(64), nullable=False),
        sa.Column("pipeline_version", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("article_hash", "pipeline_version", name="pk_annotations"),
        sa.ForeignKeyConstraint(
            ["article_hash"], ["articles.hash"], name="fk_annotations_article_hash_articles"
        ),
    )
    op.create_table(
        "analysis",
        sa.Column("id", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("revision", sa.BigInteger, nullable=False),
        sa.Column("pipeline_version", sa.String(64), nullable=False),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_analysis"),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    _create_events()


def _create_events() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("story_id", sa.String(64)),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("date_precision", sa.String(16), nullable=False),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name="fk_events_story_id_stories"),
    )
    op.create_index("ix_events_story_id", "events", ["story_id"])
    op.create_index("ix_events_type", "events", ["type"])
    op.create_index("ix_events_date_start", "events", ["date_start"])
    op.create_table(
        "event_places",
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("geonameid", sa.BigInteger),
        sa.Column("country_code", sa.String(8)),
        sa.Column("admin1", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.PrimaryKeyConstraint("event_id", "position", name="pk_event_places"),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_places_event_id_events"
        ),
    )
    op.create_index("ix_event_places_country_code", "event_places", ["country_code"])
    op.create_table(
        "event_figures",
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("low", sa.Float),
        sa.Column("high", sa.Float),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("independent_sources", sa.Integer, nullable=False),
        sa.Column("report_count", sa.Integer, nullable=False),
        sa.Column("subset", sa.Text),
        sa.PrimaryKeyConstraint("event_id", "position", name="pk_event_figures"),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_figures_event_id_events"
        ),
    )
    op.create_index("ix_event_figures_kind", "event_figures", ["kind"])
    op.create_table(
        "event_articles",
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(200), nullable=False),
        sa.Column("main", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("event_id", "article_id", name="pk_event_articles"),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_articles_event_id_events"
        ),
    )
    op.create_index("ix_event_articles_article_id", "event_articles", ["article_id"])


def downgrade() -> None:
    for table in (
        "event_articles",
        "event_figures",
        "event_places",
        "events",
        "stories",
        "analysis",
        "annotations",
        "articles",
        "state",
    ):
        op.drop_table(table)
