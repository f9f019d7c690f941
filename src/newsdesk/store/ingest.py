"""Incremental ingest: new articles in, one consistent analysis out.

The order of work is what makes a killed run harmless:

1. read the paths and drop every article whose hash the store already holds;
2. annotate the rest in chunks (in a process pool when asked), and commit each
   chunk's articles *with* their annotations in one transaction, so an article is
   never stored without its annotation and a killed run loses at most the chunks in
   flight;
3. rebuild the across-article analysis over all current article versions and
   replace the stored one in one transaction.

A run that dies anywhere leaves committed chunks and an analysis that is merely
older than the articles (detectable by its revision); the next run annotates
whatever current article lacks an annotation from this pipeline version and then
rebuilds the analysis.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from newsdesk.models import AnnotatedArticle, Article, ReadProblem
from newsdesk.store import repository as repo
from newsdesk.store.engine import Store

Annotate = Callable[[list[Article]], list[AnnotatedArticle]]
Document = Callable[[list[AnnotatedArticle]], dict[str, Any]]
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Pipeline:
    """The two computations ingest needs, with the version that keys their results.

    ``annotate`` must be a picklable top-level function (or ``functools.partial`` of
    one) so chunks can run in worker processes.
    """

    version: str
    annotate: Annotate
    document: Document
    workers: int = 1


def _annotate_with_pipeline(articles: list[Article], use_cache: bool) -> list[AnnotatedArticle]:
    from newsdesk.pipeline import annotate_many

    return annotate_many(articles, workers=1, use_cache=use_cache)


def _document_with_pipeline(
    annotated: list[AnnotatedArticle], workers: int, use_cache: bool
) -> dict[str, Any]:
    from newsdesk.analysis import assemble
    from newsdesk.brief import build_document

    return build_document(assemble(annotated, workers=workers, use_cache=use_cache))


def default_pipeline(workers: int | None = None, use_cache: bool = True) -> Pipeline:
    """newsdesk's own per-article and across-article stages (imports spaCy lazily)."""
    from newsdesk.pipeline import PIPELINE_VERSION

    n = max(1, workers if workers is not None else min(os.cpu_count() or 1, 4))
    return Pipeline(
        version=PIPELINE_VERSION,
        annotate=functools.partial(_annotate_with_pipeline, use_cache=use_cache),
        document=functools.partial(_document_with_pipeline, workers=n, use_cache=use_cache),
        workers=n,
    )


@dataclass
class IngestReport:
    """What one ingest did, for the terminal summary and for tests."""

    read: int = 0
    already_stored: int = 0
    added: int = 0
    replaced: int = 0
    annotated: int = 0
    analysis_rebuilt: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[ReadProblem] = field(default_factory=list)


def ingest(
    store: Store,
    articles: Sequence[Article],
    pipeline: Pipeline,
    *,
    chunk_size: int = 16,
    progress: Progress | None = None,
) -> IngestReport:
    """Add articles to the store and bring its analysis up to date (see module doc)."""
    report = IngestReport(read=len(articles))
    fresh = _unseen(store, articles)
    report.already_stored = len(articles) - len(fresh)
    with store.read() as conn:
        stale = repo.unannotated(conn, pipeline.version)
    queued = {repo.content_hash(a) for a in fresh}
    todo = fresh + [a for a in stale if repo.content_hash(a) not in queued]
    if progress and report.already_stored:
        progress(report.already_stored)
    for chunk in _annotated_chunks(todo, pipeline, chunk_size):
        with store.write() as conn:
            done = repo.add_batch(conn, chunk, pipeline.version)
        report.added += done.added
        report.replaced += done.replaced
        report.annotated += done.annotated
        if progress:
            progress(len(chunk))
    report.analysis_rebuilt = refresh_analysis(store, pipeline)
    with store.read() as conn:
        report.counts = repo.counts(conn)
    return report


def _unseen(store: Store, articles: Sequence[Article]) -> list[Article]:
    """Articles whose hash the store lacks, first copy of each hash only."""
    by_hash: dict[str, Article] = {}
    for article in articles:
        by_hash.setdefault(repo.content_hash(article), article)
    with store.read() as conn:
        known = repo.known_hashes(conn, by_hash)
    return [a for h, a in by_hash.items() if h not in known]


def _annotated_chunks(
    articles: list[Article], pipeline: Pipeline, chunk_size: int
) -> Iterator[list[AnnotatedArticle]]:
    """Annotated chunks in input order, as soon as each is ready."""
    chunks = [articles[i : i + chunk_size] for i in range(0, len(articles), chunk_size)]
    if pipeline.workers <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield pipeline.annotate(chunk)
        return
    with ProcessPoolExecutor(max_workers=pipeline.workers) as pool:
        futures = [pool.submit(pipeline.annotate, chunk) for chunk in chunks]
        for future in futures:
            yield future.result()


def refresh_analysis(store: Store, pipeline: Pipeline) -> bool:
    """Rebuild the stored analysis if it is older than the articles; True if rebuilt.

    The rebuild is computed outside the writer lock and committed only if no other
    writer committed meanwhile; if one did, it is recomputed once more while holding
    the lock, so the stored analysis always covers exactly the stored articles.
    """
    with store.read() as conn:
        if repo.is_fresh(conn, pipeline.version):
            return False
        at = repo.revision(conn)
        items = repo.current_annotated(conn, pipeline.version)
    document = pipeline.document(items) if items else None
    with store.write() as conn:
        if repo.is_fresh(conn, pipeline.version):
            return False  # another ingest already stored an analysis of the same articles
        if repo.revision(conn) != at:
            at = repo.revision(conn)
            items = repo.current_annotated(conn, pipeline.version)
            document = pipeline.document(items) if items else None
        if document is not None:
            repo.save_analysis(conn, document, at, pipeline.version)
    return document is not None
