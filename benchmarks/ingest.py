"""Ingest throughput into the store, SQLite and PostgreSQL.

Builds N distinct articles from the bundled sample corpus (the variations of
benchmarks/throughput.py: shifted dates, changed figures, a unique closing line) and
measures, for each back end:

* a cold ingest of all N through newsdesk's own pipeline (spaCy included, no
  annotation cache), in articles per second;
* the store's own share: the same N ingested into a new store from annotations
  computed once beforehand (writes, transactions and the across-article rebuild);
* an incremental ingest of N/10 more articles into the filled store (annotation
  plus a rebuild of the analysis over all N + N/10);
* a repeated ingest of the same files (should be a no-op: reads and hashes only).

PostgreSQL runs on a throwaway server from scripts/postgres.sh unless --pg-url is
given. Usage: .venv/bin/python benchmarks/ingest.py [--articles 300] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from newsdesk.models import AnnotatedArticle, Article  # noqa: E402
from newsdesk.read import read_paths  # noqa: E402
from newsdesk.store import Pipeline, default_pipeline, ingest, open_store  # noqa: E402
from newsdesk.store.engine import recreate_database  # noqa: E402
from throughput import build  # noqa: E402  (the shared corpus variations)

_PRECOMPUTED: dict[str, AnnotatedArticle] = {}
_REBUILD_SECONDS: list[float] = []


def _timed_document(
    document: Callable[[list[AnnotatedArticle]], dict[str, Any]],
) -> Callable[[list[AnnotatedArticle]], dict[str, Any]]:
    """The across-article rebuild, with its time noted (it runs in this process)."""

    def run(items: list[AnnotatedArticle]) -> dict[str, Any]:
        start = time.perf_counter()
        try:
            return document(items)
        finally:
            _REBUILD_SECONDS.append(time.perf_counter() - start)

    return run


def _precomputed(batch: list[Article]) -> list[AnnotatedArticle]:
    """Annotations computed before timing starts, to time the store alone."""
    return [_PRECOMPUTED[a.id] for a in batch]


@contextmanager
def postgres(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    script = ROOT / "scripts" / "postgres.sh"
    done = subprocess.run(
        ["bash", str(script), "start"], capture_output=True, text=True, check=True
    )
    values = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    try:
        yield values["URL"]
    finally:
        subprocess.run(
            ["bash", str(script), "stop", values["DIR"]], capture_output=True, check=False
        )


def timed(label: str, n: int, action: Callable[[], object]) -> float:
    _REBUILD_SECONDS.clear()
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    rate = f"{n / seconds:8.1f} articles/s" if n else ""
    rebuild = f"(rebuild {sum(_REBUILD_SECONDS):.2f} s)" if _REBUILD_SECONDS else ""
    print(f"  {label:<44} {seconds:8.2f} s  {rate}  {rebuild}", flush=True)
    return seconds


def run_backend(
    name: str, urls: Callable[[str], str], base: list[Article], extra: list[Article], workers: int
) -> None:
    print(f"{name}:")
    pipeline = default_pipeline(workers=workers, use_cache=False)
    cold = Pipeline(
        pipeline.version, pipeline.annotate, _timed_document(pipeline.document), workers
    )
    with open_store(urls("cold")) as store:
        timed(
            f"cold ingest of {len(base)} (NLP + store)",
            len(base),
            lambda: ingest(store, base, cold),
        )
        timed(
            f"incremental ingest of {len(extra)} more",
            len(extra),
            lambda: ingest(store, extra, cold),
        )
        timed(
            f"re-ingest of all {len(base) + len(extra)} (no-op)",
            len(base) + len(extra),
            lambda: ingest(store, base + extra, cold),
        )
    store_only = Pipeline(cold.version, _precomputed, cold.document, workers=1)
    with open_store(urls("warm")) as store:
        timed(
            f"store only: {len(base)} pre-annotated",
            len(base),
            lambda: ingest(store, base, store_only),
        )
        timed(
            f"store only: {len(extra)} more, rebuild over all",
            len(extra),
            lambda: ingest(store, extra, store_only),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--pg-url", default=None, help="use this PostgreSQL server instead of a throwaway one"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        total = args.articles + args.articles // 10
        build(total, folder)
        everything, problems = read_paths([str(folder)])
        assert not problems, problems
        base, extra = everything[: args.articles], everything[args.articles :]
        print(
            f"{len(everything)} articles ({len(base)} + {len(extra)}), {args.workers} workers, "
            f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs"
        )

        from newsdesk.pipeline import annotate_many

        def annotate_all() -> None:
            for item in annotate_many(everything, workers=args.workers, use_cache=False):
                _PRECOMPUTED[item.article.id] = item

        print("per-article stage alone:")
        timed(f"annotate_many of {len(everything)}", len(everything), annotate_all)

        run_backend("SQLite", lambda tag: str(Path(tmp) / f"{tag}.db"), base, extra, args.workers)
        with postgres(args.pg_url) as server:
            run_backend(
                "PostgreSQL",
                lambda tag: recreate_database(server, f"bench_{tag}"),
                base,
                extra,
                args.workers,
            )


if __name__ == "__main__":
    main()
