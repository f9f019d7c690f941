"""The persistent store behind ``newsdesk ingest`` and ``newsdesk export``.

SQLite file by default, PostgreSQL by URL, one schema built by Alembic migrations
that ship inside the package. See docs/store.md for the layout and the guarantees.
"""

from __future__ import annotations

from newsdesk.store.engine import Location, Store, StoreError, open_store, resolve
from newsdesk.store.ingest import IngestReport, Pipeline, default_pipeline, ingest, refresh_analysis
from newsdesk.store.repository import StoredAnalysis, check_consistency, content_hash, load_analysis

__all__ = [
    "IngestReport",
    "Location",
    "Pipeline",
    "Store",
    "StoreError",
    "StoredAnalysis",
    "check_consistency",
    "content_hash",
    "default_pipeline",
    "ingest",
    "load_analysis",
    "open_store",
    "refresh_analysis",
    "resolve",
]
