"""The persistent store on SQLite and on a real PostgreSQL server.

Most tests drive the store with a small hand-written pipeline (below) rather than
spaCy, so they can ingest hundreds of articles in subprocesses, kill them and race
them within seconds. The pipeline is simple but real: it reads an event, a place, a
date and a death toll out of each text with a regular expression and groups reports
of the same (type, place, date) into one event, which is what the store has to keep
consistent. tests/test_ingest_cli.py runs the store with newsdesk's own pipeline.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from conftest import fresh_postgres_db
from newsdesk.models import (
    AnnotatedArticle,
    Article,
    EventMention,
    Figure,
    PlaceMention,
    PublishedDate,
    Sentence,
    TimeMention,
)
from newsdesk.store import Pipeline, StoreError, check_consistency, ingest, open_store
from newsdesk.store import repository as repo
from newsdesk.store.migrate import current, head
from newsdesk.store.schema import annotation_table, articles, event_figures, events, metadata

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent

# ------------------------------------------------------------------ a small pipeline
REPORT = re.compile(
    r"A (?P<type>quake|flood|blast) hit (?P<place>[A-Z][a-z]+) on (?P<day>\d{4}-\d\d-\d\d); "
    r"(?P<value>\d+) people died"
)
PLACES = {
    "Arequipa": (-16.4, -71.54, "PE"),
    "Tacna": (-18.01, -70.25, "PE"),
    "Izmir": (38.41, 27.14, "TR"),
}


def make_article(path: str, text: str, published: str | None = "2025-03-04") -> Article:
    aid = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Article(
        aid, path, text, "txt", title=text[:20], published=published, published_basis="metadata"
    )


def report_text(kind: str, place: str, day: str, value: int, note: str = "") -> str:
    return f"A {kind} hit {place} on {day}; {value} people died, officials said. {note}".strip()


def hand_annotate(batch: list[Article]) -> list[AnnotatedArticle]:
    """Each sentence of the form REPORT becomes an event mention with one figure."""
    delay = float(os.environ.get("NEWSDESK_TEST_DELAY", "0"))
    out = []
    for article in batch:
        time.sleep(delay)
        mentions, figures = [], []
        for m in REPORT.finditer(article.text):
            lat, lon, cc = PLACES[m["place"]]
            place = PlaceMention(
                m.start("place"), m.end("place"), m["place"], m["place"], None, cc, None, lat, lon
            )
            when = TimeMention(
                m.start("day"), m.end("day"), m["day"], "DATE", m["day"], m["day"], m["day"], "day"
            )
            figures.append(
                Figure(
                    "killed",
                    float(m["value"]),
                    "exact",
                    m["value"],
                    m.start("value"),
                    m.end(),
                    article.text[m.start("value") : m.end()],
                    m.start(),
                    m.end(),
                    event=len(mentions),
                )
            )
            mentions.append(
                EventMention(
                    len(mentions),
                    m["type"],
                    m.start("type"),
                    m.end("type"),
                    m["type"],
                    m.start(),
                    m.end(),
                    time=when,
                    places=[place],
                    figures=[len(figures) - 1],
                )
            )
        pub = PublishedDate(
            article.published, article.published, article.published, "day", "metadata", None
        )
        out.append(
            AnnotatedArticle(
                article,
                pub,
                sentences=[Sentence(0, len(article.text))],
                figures=figures,
                events=mentions,
                pipeline_version="hand-1",
            )
        )
    return out


def hand_document(annotated: list[AnnotatedArticle]) -> dict[str, Any]:
    """Events = mentions grouped by (type, place, day); a document in the contract's shape."""
    groups: dict[tuple[str, str, str], list[tuple[AnnotatedArticle, EventMention]]] = defaultdict(
        list
    )
    for item in annotated:
        for mention in item.events:
            assert mention.time is not None
            groups[(mention.type, mention.places[0].name, mention.time.value or "")].append(
                (item, mention)
            )
    events = [_hand_event(key, members) for key, members in sorted(groups.items())]
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        by_type[event["type"]].append(event)
    stories = [
        {
            "id": f"st-{t}",
            "label": t,
            "events": [e["id"] for e in evs],
            "articles": sorted({a for e in evs for a in e["articles"]}),
        }
        for t, evs in sorted(by_type.items())
    ]
    for story in stories:
        for event in events:
            if event["id"] in story["events"]:
                event["story"] = story["id"]
    return {
        "version": "hand-1",
        "articles": [{"id": a.article.id, "path": a.article.path} for a in annotated],
        "events": events,
        "stories": stories,
        "problems": [],
    }


def _hand_event(
    key: tuple[str, str, str], members: list[tuple[AnnotatedArticle, EventMention]]
) -> dict[str, Any]:
    kind, place, day = key
    lat, lon, cc = PLACES[place]
    reports = [
        {
            "article": item.article.id,
            "value": item.figures[i].value,
            "qualifier": "exact",
            "as_stated": item.figures[i].as_stated,
            "start": item.figures[i].start,
            "end": item.figures[i].end,
            "sentence": item.figures[i].quote,
            "attributed_to": None,
            "reported_on": item.article.published,
            "place": place,
        }
        for item, mention in members
        for i in mention.figures
    ]
    values = sorted({r["value"] for r in reports})
    articles_ = sorted({item.article.id for item, _ in members})
    figure = {
        "kind": "killed",
        "value": values[-1],
        "low": None,
        "high": None,
        "qualifier": "exact",
        "status": "single_source"
        if len(articles_) == 1
        else "agreed"
        if len(values) == 1
        else "conflict",
        "independent_sources": len(articles_),
        "reports": reports,
    }
    return {
        "id": "ev-" + hashlib.sha256("|".join(key).encode()).hexdigest()[:12],
        "label": f"{kind} in {place}",
        "type": kind,
        "date": {"start": day, "end": day, "precision": "day"},
        "places": [
            {
                "name": place,
                "geonameid": None,
                "country_code": cc,
                "admin1": None,
                "lat": lat,
                "lon": lon,
            }
        ],
        "articles": articles_,
        "main_in": articles_,
        "figures": [figure],
        "summary": [],
    }


def hand_pipeline(version: str = "hand-1") -> Pipeline:
    return Pipeline(version=version, annotate=hand_annotate, document=hand_document)


def many_articles(start: int, stop: int) -> list[Article]:
    """Articles i in [start, stop): 12 events, each reported by many outlets."""
    kinds, places = ("quake", "flood", "blast"), ("Arequipa", "Tacna", "Izmir")
    out = []
    for i in range(start, stop):
        kind, place = kinds[i % 3], places[(i // 3) % 3]
        day = f"2025-03-{1 + i % 4:02d}"
        out.append(
            make_article(
                f"feed/{i:04d}.txt", report_text(kind, place, day, 10 + i % 5, f"Copy {i}.")
            )
        )
    return out


# ------------------------------------------------------------------- the servers
@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store URL on each back end."""
    if request.param == "sqlite":
        return str(tmp_path / "desk.db")
    server = request.getfixturevalue("postgres_server")
    digest = hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:10]
    return fresh_postgres_db(server, f"t_{digest}")


def document_of(url: str) -> dict[str, Any]:
    with open_store(url) as store, store.read() as conn:
        stored = repo.load_analysis(conn)
        assert stored is not None
        return stored.document


def problems_of(url: str) -> list[str]:
    with open_store(url) as store, store.read() as conn:
        return check_consistency(conn)


# ---------------------------------------------------------------------- schema
def test_migrations_build_exactly_the_declared_schema(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with open_store(db_url) as store, store.read() as conn:
        assert current(conn) == head()
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), metadata
        )
        assert diff == []
        assert repo.revision(conn) == 0
    with open_store(db_url) as store, store.read() as conn:  # opening again changes nothing
        assert current(conn) == head()
        assert check_consistency(conn) == []


# ---------------------------------------------------------------------- ingest
def test_reingesting_the_same_articles_is_a_no_op(db_url: str) -> None:
    batch = many_articles(0, 6)
    with open_store(db_url) as store:
        first = ingest(store, batch, hand_pipeline())
        with store.read() as conn:
            rev = repo.revision(conn)
        again = ingest(store, batch, hand_pipeline())
        with store.read() as conn:
            assert repo.revision(conn) == rev
    assert (first.added, first.annotated, first.analysis_rebuilt) == (6, 6, True)
    assert (again.added, again.annotated, again.already_stored, again.analysis_rebuilt) == (
        0,
        0,
        6,
        False,
    )
    assert again.counts["articles"] == 6 and again.counts["annotations"] == 6


def test_new_articles_join_existing_events_like_a_fresh_build(db_url: str, tmp_path: Path) -> None:
    a = make_article("a.txt", report_text("quake", "Arequipa", "2025-03-03", 12))
    b = make_article(
        "b.txt", report_text("quake", "Arequipa", "2025-03-03", 15, "Officials revised it.")
    )
    c = make_article("c.txt", report_text("flood", "Izmir", "2025-03-04", 3))
    with open_store(db_url) as store:
        ingest(store, [a], hand_pipeline())
        ingest(store, [b, c], hand_pipeline())
    document = document_of(db_url)
    quake = next(e for e in document["events"] if e["type"] == "quake")
    assert quake["articles"] == sorted([a.id, b.id])
    assert quake["figures"][0]["status"] == "conflict"
    with open_store(str(tmp_path / "scratch.db")) as scratch:
        ingest(scratch, [c, b, a], hand_pipeline())
    assert document == document_of(str(tmp_path / "scratch.db"))
    assert problems_of(db_url) == []


def test_only_changed_articles_are_annotated(db_url: str) -> None:
    calls: list[str] = []

    def counting(batch: list[Article]) -> list[AnnotatedArticle]:
        calls.extend(a.id for a in batch)
        return hand_annotate(batch)

    pipeline = Pipeline("hand-1", counting, hand_document)
    with open_store(db_url) as store:
        ingest(store, many_articles(0, 5), pipeline)
        ingest(store, many_articles(0, 8), pipeline)
        assert len(calls) == 8  # the first five were not annotated again
        upgraded = Pipeline("hand-2", counting, hand_document)
        report = ingest(store, [], upgraded)  # new code: every current article once more
        assert report.annotated == 8 and len(calls) == 16
        with store.read() as conn:
            assert repo.load_analysis(conn).pipeline_version == "hand-2"  # type: ignore[union-attr]
            assert check_consistency(conn) == []


def test_an_edited_article_is_a_new_version_that_keeps_the_old(db_url: str) -> None:
    old = make_article("desk/story.txt", report_text("blast", "Tacna", "2025-03-02", 4))
    new = make_article("desk/story.txt", report_text("blast", "Tacna", "2025-03-02", 6, "Updated."))
    with open_store(db_url) as store:
        ingest(store, [old], hand_pipeline())
        report = ingest(store, [new], hand_pipeline())
        with store.read() as conn:
            history = repo.article_history(conn, "desk/story.txt")
            rows = {r.hash: r.superseded_by for r in conn.execute(sa.select(articles))}
    assert (report.added, report.replaced) == (1, 1)
    assert [a.text for a in history] == [old.text, new.text]
    assert rows == {repo.content_hash(old): repo.content_hash(new), repo.content_hash(new): None}
    document = document_of(db_url)
    assert [a["id"] for a in document["articles"]] == [new.id]
    assert document["events"][0]["figures"][0]["value"] == 6
    assert problems_of(db_url) == []


def test_feed_entries_are_versioned_by_url_not_position(db_url: str) -> None:
    first = Article(
        "x1",
        "feed.xml#entry-1",
        report_text("flood", "Izmir", "2025-03-01", 2),
        "rss",
        url="https://a.example/1",
    )
    shifted = Article(
        "x2",
        "feed.xml#entry-1",
        report_text("quake", "Tacna", "2025-03-02", 5),
        "rss",
        url="https://a.example/2",
    )
    edited = Article(
        "x3",
        "feed.xml#entry-2",
        report_text("flood", "Izmir", "2025-03-01", 3),
        "rss",
        url="https://a.example/1",
    )
    with open_store(db_url) as store:
        ingest(store, [first], hand_pipeline())
        ingest(store, [shifted, edited], hand_pipeline())
        with store.read() as conn:
            current_ids = sorted(a.id for _, a in repo.current_articles(conn))
    assert current_ids == ["x2", "x3"]  # entry 1 of the new feed is another story


def test_normalised_tables_mirror_the_document(db_url: str) -> None:
    with open_store(db_url) as store:
        ingest(store, many_articles(0, 30), hand_pipeline())
        with store.read() as conn:
            rows = conn.execute(
                sa.select(events.c.id, events.c.article_count, events.c.story_id)
            ).all()
            kinds = conn.execute(
                sa.select(event_figures.c.kind, sa.func.count()).group_by(event_figures.c.kind)
            ).all()
    document = document_of(db_url)
    assert sorted(rows) == sorted(
        (e["id"], len(e["articles"]), e["story"]) for e in document["events"]
    )
    assert dict(kinds) == {"killed": len(document["events"])}


def test_consistency_check_notices_a_torn_batch(db_url: str) -> None:
    with open_store(db_url) as store:
        ingest(store, many_articles(0, 3), hand_pipeline())
        with store.write() as conn:
            victim = conn.execute(sa.select(annotation_table.c.article_hash).limit(1)).scalar_one()
            conn.execute(
                sa.delete(annotation_table).where(annotation_table.c.article_hash == victim)
            )
            conn.execute(sa.delete(event_figures))
        with store.read() as conn:
            found = check_consistency(conn)
    assert any("no annotation" in p for p in found)
    assert any("figure rows" in p for p in found)


def test_an_analysis_left_behind_is_rebuilt_by_the_next_run(db_url: str) -> None:
    with open_store(db_url) as store:
        ingest(store, many_articles(0, 6), hand_pipeline())
        with store.write() as conn:  # a run that committed a batch and died before the rebuild
            repo.add_batch(conn, hand_annotate(many_articles(6, 9)), "hand-1")
        with store.read() as conn:
            assert not repo.is_fresh(conn, "hand-1") and check_consistency(conn) == []
        report = ingest(store, [], hand_pipeline())
        with store.read() as conn:
            assert repo.is_fresh(conn, "hand-1")
    assert report.analysis_rebuilt and report.annotated == 0
    assert len(document_of(db_url)["articles"]) == 9


# ------------------------------------------------------- crashes and concurrency
CHILD = """
import sys
sys.path.insert(0, {tests!r})
from test_store import hand_pipeline, many_articles
from newsdesk.store import ingest, open_store
with open_store({url!r}) as store:
    ingest(store, many_articles({start}, {stop}), hand_pipeline(), chunk_size={chunk})
"""


def _child(url: str, start: int, stop: int, chunk: int, delay: float) -> subprocess.Popen[bytes]:
    code = CHILD.format(tests=str(TESTS), url=url, start=start, stop=stop, chunk=chunk)
    env = {**os.environ, "NEWSDESK_TEST_DELAY": str(delay)}
    return subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE)


def _stored_count(url: str) -> int:
    with open_store(url) as store, store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one())


def test_a_killed_ingest_leaves_a_sound_store_and_the_next_run_finishes(db_url: str) -> None:
    open_store(db_url).close()  # schema first, so the child's progress can be polled
    child = _child(db_url, 0, 300, chunk=7, delay=0.004)
    deadline = time.monotonic() + 60
    while _stored_count(db_url) < 21 and time.monotonic() < deadline:
        assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    stored = _stored_count(db_url)
    assert 21 <= stored < 300 and stored % 7 == 0  # whole batches only
    assert problems_of(db_url) == []

    with open_store(db_url) as store:
        report = ingest(store, many_articles(0, 300), hand_pipeline(), chunk_size=50)
        with store.read() as conn:
            assert repo.is_fresh(conn, "hand-1")
            assert check_consistency(conn) == []
    assert report.added == 300 - stored and report.already_stored == stored
    assert len(document_of(db_url)["articles"]) == 300


def test_two_ingests_at_once_store_each_article_once(db_url: str) -> None:
    open_store(db_url).close()
    children = [_child(db_url, 0, 150, 10, 0.008), _child(db_url, 90, 240, 10, 0.008)]
    for child in children:
        _, stderr = child.communicate(timeout=120)
        assert child.returncode == 0, stderr.decode()[-2000:]
    with open_store(db_url) as store, store.read() as conn:
        assert check_consistency(conn) == []
        assert repo.is_fresh(conn, "hand-1")
        assert repo.counts(conn)["articles"] == 240
        added_at = dict(conn.execute(sa.select(articles.c.path, articles.c.revision)).all())
        per_article = (
            conn.execute(
                sa.select(sa.func.count())
                .select_from(annotation_table)
                .group_by(annotation_table.c.article_hash)
            )
            .scalars()
            .all()
        )
    assert set(per_article) == {1}
    only_a = [added_at[f"feed/{i:04d}.txt"] for i in range(0, 90)]
    only_b = [added_at[f"feed/{i:04d}.txt"] for i in range(150, 240)]
    assert max(only_a) > min(only_b) and max(only_b) > min(only_a)  # their commits interleaved
    document = document_of(db_url)
    assert len(document["articles"]) == 240
    assert sum(len(e["articles"]) for e in document["events"]) == 240


# ---------------------------------------------------------------------- errors
def test_clear_errors_for_unusable_stores(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("these are my notes, not a database\n" * 20)
    cases = {
        str(junk): "not a SQLite database",
        "mysql://u@localhost/db": "unsupported database URL",
        "postgresql://u@127.0.0.1:1/db": "cannot reach the PostgreSQL store",
        str(tmp_path / "missing" / "x.db"): "does not exist",
        "postgresql://u@127.0.0.1:5432": "names no database",
        str(tmp_path): "is a folder",
    }
    for url, words in cases.items():
        with pytest.raises(StoreError, match=words):
            open_store(url)


def test_default_location_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from newsdesk.store import resolve

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSDESK_DB", raising=False)
    assert resolve().file == tmp_path / "newsdesk.db"
    monkeypatch.setenv("NEWSDESK_DB", "postgres://me:secret@db.local:5433/desk")
    where = resolve()
    assert where.dialect == "postgresql" and "secret" not in where.display and "secret" in where.url


def test_hand_pipeline_reads_what_it_claims() -> None:
    """The test pipeline itself: offsets point at the quoted text."""
    article = make_article("x.txt", report_text("quake", "Tacna", "2025-03-27", 7))
    (item,) = hand_annotate([article])
    figure = item.figures[0]
    assert article.text[figure.start : figure.end] == figure.quote == "7 people died"
    assert json.loads(json.dumps(hand_document([item])))["events"][0]["figures"][0]["value"] == 7


def test_corpus_ingested_in_two_halves_gives_the_events_of_one_run(
    db_url: str, tmp_path: Path
) -> None:
    """The real pipeline on the sample corpus: two ingests equal one, event for event."""
    from newsdesk.read import read_paths
    from newsdesk.store import default_pipeline

    articles, problems = read_paths([ROOT / "corpus" / "articles"])
    assert not problems
    pipeline = default_pipeline(workers=1)
    half = len(articles) // 2
    with open_store(db_url) as store:
        ingest(store, articles[:half], pipeline)
        ingest(store, articles[half:], pipeline)
    whole_url = str(tmp_path / "whole.db")
    with open_store(whole_url) as store:
        ingest(store, articles, pipeline)

    def events(document: dict[str, Any]) -> list[tuple[str, str, tuple[str, ...]]]:
        return sorted((e["id"], e["label"], tuple(e["main_in"])) for e in document["events"])

    halves, whole = document_of(db_url), document_of(whole_url)
    assert events(halves) == events(whole)
    assert sorted(s["id"] for s in halves["stories"]) == sorted(s["id"] for s in whole["stories"])
