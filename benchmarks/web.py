"""Latency of the web app on a large store: the event page and /api/events/{id}.

Builds a SQLite store of N articles (default 10,000) with the store's own
functions, then serves it with Uvicorn on a free loopback port and times real HTTP
requests (httpx, one connection, sequential).

How the store is built, and why: annotating 10,000 articles with spaCy and then
linking them all would take far longer than a benchmark of the *web* layer needs
(see benchmarks/ingest.py for ingest speed). Instead the bundled corpus is
annotated once (annotation cache allowed) and its analysis built once; then G
copies of it are stored, copy g with every article id, event id and story id
suffixed ``-g``, every ISO date shifted by g days, and a unique closing line
appended to each text (after every offset, so all quotes stay valid). The articles
and annotations go in through ``repository.add_batch`` and the combined document
through ``repository.save_analysis``: the store holds N current articles, N
annotations and G times the corpus's events and stories, exactly the shapes the app
reads in production.

Usage: .venv/bin/python benchmarks/web.py [--articles 10000] [--requests 300]
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import random
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
import warnings
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def shift_day(value: str, days: int) -> str:
    return (date.fromisoformat(value) + timedelta(days=days)).isoformat()


def shifted(node: Any, days: int, suffix: str, ids: set[str]) -> Any:
    """A copy of a document fragment: known ids suffixed, ISO dates moved by ``days``."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "label" and isinstance(value, str):
                out[key] = _DAY.sub(lambda m: shift_day(m.group(0), days), value)
            else:
                out[key] = shifted(value, days, suffix, ids)
        return out
    if isinstance(node, list):
        return [shifted(x, days, suffix, ids) for x in node]
    if isinstance(node, str):
        if node in ids:
            return node + suffix
        if _DAY.fullmatch(node):
            return shift_day(node, days)
    return node


def build_store(db: Path, n_articles: int) -> dict[str, Any]:
    from newsdesk.analysis import assemble
    from newsdesk.brief import build_document
    from newsdesk.pipeline import PIPELINE_VERSION, annotate_many
    from newsdesk.read import read_paths
    from newsdesk.store import open_store
    from newsdesk.store import repository as repo

    articles, _ = read_paths([ROOT / "corpus" / "articles"])
    annotated = annotate_many(articles, workers=1, use_cache=True)
    base = build_document(assemble(annotated))
    ids = {a["id"] for a in base["articles"]} | {e["id"] for e in base["events"]}
    ids |= {s["id"] for s in base["stories"]}
    groups = -(-n_articles // len(annotated))
    started = time.perf_counter()
    documents: list[dict[str, Any]] = []
    with open_store(str(db)) as store:
        for g in range(groups):
            suffix = f"-g{g}"
            batch: list[Any] = []
            for item in annotated:
                if len(batch) + g * len(annotated) >= n_articles:
                    break
                a = item.article
                clone = dataclasses.replace(
                    a,
                    id=a.id + suffix,
                    path=f"bench/g{g}/{Path(a.path).name}",
                    text=a.text + f"\n\n[benchmark copy {g}]\n",
                    published=shift_day(a.published, g) if a.published else None,
                    url=f"{a.url}?copy={g}" if a.url else None,  # feed entries: URL = identity
                )
                batch.append(dataclasses.replace(item, article=clone))
            with store.write() as conn:
                repo.add_batch(conn, batch, PIPELINE_VERSION)
            part = shifted(copy.deepcopy(base), g, suffix, ids)
            kept = {i.article.id for i in batch}
            part["articles"] = [x for x in part["articles"] if x["id"] in kept]
            documents.append(part)
        document = {
            "version": base["version"],
            "articles": [a for d in documents for a in d["articles"]],
            "events": [e for d in documents for e in d["events"]],
            "stories": [s for d in documents for s in d["stories"]],
            "problems": [],
        }
        with store.write() as conn:
            repo.save_analysis(conn, document, repo.revision(conn), PIPELINE_VERSION)
            counts = repo.counts(conn)
    return {**counts, "build_seconds": round(time.perf_counter() - started, 1)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(client: Any, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        t0 = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def report(name: str, ms: list[float]) -> None:
    print(
        f"{name:34} n={len(ms):4}  p50 {statistics.median(ms):7.1f} ms  "
        f"p95 {percentile(ms, 0.95):7.1f} ms  max {max(ms):7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--db", type=Path, help="reuse (or build) the store at this path")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    import httpx
    import uvicorn

    from newsdesk.store import open_store
    from newsdesk.web import create_app

    folder = Path(tempfile.mkdtemp(prefix="newsdesk-web-bench-"))
    db = args.db or folder / "bench.db"
    if not db.exists():
        print(f"building a store of {args.articles} articles at {db} …", flush=True)
        print(build_store(db, args.articles), flush=True)
    store = open_store(str(db))
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=_free_port(), log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{server.config.port}"
    with httpx.Client(base_url=base, timeout=120) as client:
        t0 = time.perf_counter()
        assert client.get("/api/stories").status_code == 200
        print(
            f"first request (loads and indexes the stored document): "
            f"{(time.perf_counter() - t0) * 1000:.0f} ms"
        )
        events = client.get("/api/events", params={"limit": 1000}).json()
        print(f"{events['total']} events in the store")
        rng = random.Random(7)
        ids = [e["id"] for e in events["events"]]
        picks = [rng.choice(ids) for _ in range(args.requests)]
        report("event page (first view of each)", timed(client, [f"/events/{i}" for i in picks]))
        report("event page (seen before)", timed(client, [f"/events/{i}" for i in picks]))
        report("/api/events/{id}", timed(client, [f"/api/events/{i}" for i in picks]))
        art = [a for e in events["events"][:50] for a in e["articles"]][: args.requests]
        report("article page", timed(client, [f"/articles/{a}" for a in art]))
        report(
            "/api/events?kind=killed&place=…",
            timed(client, ["/api/events?kind=killed&place=arequipa&limit=20"] * 20),
        )
        t0 = time.perf_counter()
        client.get("/api/search", params={"q": "adobe"})
        print(
            f"first search (builds the in-memory FTS5 index): "
            f"{(time.perf_counter() - t0) * 1000:.0f} ms"
        )
        report(
            "/api/search?q=…",
            timed(
                client,
                [f"/api/search?q={w}" for w in ["adobe", "killed quake", "power storm"] * 10],
            ),
        )
    server.should_exit = True
    thread.join(timeout=10)
    store.close()
    print(f"python {sys.version.split()[0]}; store {db}")


if __name__ == "__main__":
    main()
