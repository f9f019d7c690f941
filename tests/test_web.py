"""The web app (`newsdesk serve`) over a real SQLite store of the sample corpus.

The store is built once per module with newsdesk's own pipeline: the bundled corpus
plus one hostile article whose title, outlet, url and text try to run script in the
reader's browser. Pages, API, filters, search, uploads, token rules and escaping
are checked through FastAPI's TestClient.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")  # Starlette prefers httpx2 now

from fastapi.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from newsdesk.store import Store, default_pipeline, ingest, open_store  # noqa: E402
from newsdesk.web import ServeError, create_app, resolve_token  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "articles"
PAYLOAD = "window.__pwned=1"
HOSTILE = {
    "id": "hostile-1",
    "title": f"<script>{PAYLOAD}</script>Quake toll rises in Arequipa",
    "outlet": f'<img src=x onerror="{PAYLOAD}">Evil Gazette',
    "url": f"javascript:{PAYLOAD}",
    "published": "2025-03-04",
    "text": (
        "AREQUIPA, Peru — At least 14 people were killed in the earthquake that struck "
        f"southern Peru on Monday, <script>{PAYLOAD}</script> regional officials said on "
        "Tuesday.\n\nRescuers in Yura said about 90 people were injured "
        f'<a href="javascript:{PAYLOAD}" onclick="{PAYLOAD}">click</a> when adobe homes fell.\n'
    ),
}
# What the payloads look like when they reach the page as markup rather than as text.
RAW_MARKERS = (
    "<script>window.__pwned",
    '<img src=x onerror="',
    '<a href="javascript:',
    'onclick="window',
)


def build_store(folder: Path) -> Path:
    """A SQLite store holding the corpus and the hostile article, analysed (about 10 s)."""
    from newsdesk.read import read_paths

    if not CORPUS.is_dir():
        pytest.skip(f"the sample corpus is missing at {CORPUS}")
    feed = folder / "hostile.jsonl"
    feed.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    articles, problems = read_paths([CORPUS, feed])
    assert not problems, problems
    db = folder / "desk.db"
    with open_store(str(db)) as store:
        ingest(store, articles, default_pipeline(workers=1, use_cache=False))
    return db


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    db = build_store(tmp_path_factory.mktemp("web"))
    with open_store(str(db)) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(store))


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/document")
    assert response.status_code == 200
    return dict(response.json())


def first_report(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    for event in document["events"]:
        for fig in event["figures"]:
            for rep in fig["reports"]:
                return event, rep
    raise AssertionError("the corpus yields no figure")


# ---------------------------------------------------------------------- pages
def test_every_page_renders_with_a_csp(client: TestClient, document: dict[str, Any]) -> None:
    event, rep = first_report(document)
    story = document["stories"][0]
    urls = [
        "/",
        "/events",
        f"/stories/{story['id']}",
        f"/events/{event['id']}",
        f"/articles/{rep['article']}",
        "/search?q=earthquake",
        "/upload",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "script-src" not in response.headers["content-security-policy"]
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
        assert "<script" not in response.text.lower(), url  # the app itself ships no script
        assert "http://" not in response.text.split("<main>")[0]  # nothing loaded from elsewhere


def test_home_lists_stories_and_links_to_them(client: TestClient, document: dict[str, Any]) -> None:
    html = client.get("/").text
    for story in document["stories"]:
        assert f'href="/stories/{story["id"]}"' in html


def test_story_page_is_a_timeline_in_date_order(
    client: TestClient, document: dict[str, Any]
) -> None:
    story = max(document["stories"], key=lambda s: len(s["events"]))
    html = client.get(f"/stories/{story['id']}").text
    events = {e["id"]: e for e in document["events"]}
    positions = {eid: html.index(f'href="/events/{eid}"') for eid in story["events"]}
    ordered = sorted(story["events"], key=lambda i: positions[i])
    dates = [events[i]["date"]["start"] or "9999" for i in ordered]
    assert dates == sorted(dates)


def test_event_page_shows_figures_quotes_and_article_links(
    client: TestClient, document: dict[str, Any], store: Store
) -> None:
    event = max(document["events"], key=lambda e: len(e["figures"]))
    html = client.get(f"/events/{event['id']}").text
    for fig in event["figures"]:
        assert f"{fig['independent_sources']} independent source" in html
        for rep in fig["reports"]:
            link = f"/articles/{rep['article']}?mark={rep['start']}-{rep['end']}"
            assert link in html
    assert '<svg class="map"' in html and 'class="land' in html  # outlines under the dots
    assert "Disagreements and updates" in html


def test_article_page_marks_the_followed_quote(
    client: TestClient, document: dict[str, Any]
) -> None:
    _, rep = first_report(document)
    response = client.get(f"/articles/{rep['article']}?mark={rep['start']}-{rep['end']}")
    anchor = f"q-{rep['article']}-{rep['start']}-{rep['end']}"
    html = response.text
    assert f'id="{anchor}" class="quote focus"' in html
    text = client.get(f"/api/articles/{rep['article']}").json()["text"]
    quote = text[rep["start"] : rep["end"]]
    marked = html.split(f'id="{anchor}"', 1)[1].split(">", 1)[1]
    assert marked.startswith(quote.replace("&", "&amp;").replace("<", "&lt;")[:30])


def test_unknown_ids_give_404_pages_and_json(client: TestClient) -> None:
    page = client.get("/events/ev-nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert client.get("/api/events/ev-nope").json()["detail"].startswith("no event")
    assert client.get("/articles/nope").status_code == 404


# ---------------------------------------------------------------------- API
def test_api_document_matches_the_contract(document: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from newsdesk.contract import SCHEMA

    jsonschema.validate(document, SCHEMA)
    assert document["events"] and document["stories"]


def test_api_event_and_lists_are_contract_shaped(
    client: TestClient, document: dict[str, Any]
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from newsdesk.contract import SCHEMA

    event_schema = SCHEMA["properties"]["events"]["items"]
    for event in document["events"]:
        got = client.get(f"/api/events/{event['id']}").json()
        jsonschema.validate(got, event_schema)
        assert got == event
    listing = client.get("/api/events").json()
    assert listing["total"] == len(document["events"])
    assert [e["id"] for e in listing["events"]] != []
    stories = client.get("/api/stories").json()
    story_schema = SCHEMA["properties"]["stories"]["items"]
    jsonschema.validate(stories, {"type": "array", "items": story_schema})
    art = client.get(f"/api/articles/{document['articles'][0]['id']}").json()
    jsonschema.validate(art, SCHEMA["properties"]["articles"]["items"])
    assert isinstance(art["text"], str) and art["text"]


def test_openapi_schema_describes_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/stories",
        "/api/events",
        "/api/events/{event_id}",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/document",
    ):
        assert path in schema["paths"], path
    report = schema["components"]["schemas"]["Report"]
    assert {"article", "start", "end", "as_stated", "sentence"} <= set(report["properties"])
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


# ---------------------------------------------------------------------- filters
def test_filter_by_figure_kind(client: TestClient, document: dict[str, Any]) -> None:
    got = client.get("/api/events", params={"kind": "killed"}).json()["events"]
    expected = {
        e["id"] for e in document["events"] if any(f["kind"] == "killed" for f in e["figures"])
    }
    assert {e["id"] for e in got} == expected and expected
    assert client.get("/api/events", params={"kind": "no_such_kind"}).json()["total"] == 0


def test_filter_by_date_range_keeps_overlapping_events(
    client: TestClient, document: dict[str, Any]
) -> None:
    got = client.get("/api/events", params={"from": "2025-03-01", "to": "2025-03-03"}).json()
    for event in got["events"]:
        assert event["date"]["start"] <= "2025-03-03"
        assert (event["date"]["end"] or event["date"]["start"]) >= "2025-03-01"
    old = [e for e in document["events"] if (e["date"]["end"] or "9999") < "2025-01-01"]
    assert not {e["id"] for e in old} & {e["id"] for e in got["events"]}
    assert client.get("/api/events", params={"from": "March"}).status_code == 422


def test_filter_by_place_name_and_country_code(
    client: TestClient, document: dict[str, Any]
) -> None:
    by_name = client.get("/api/events", params={"place": "arequipa"}).json()["events"]
    assert by_name
    assert all(
        any(
            "arequipa" in p["name"].lower() or "arequipa" in (p["admin1"] or "").lower()
            for p in e["places"]
        )
        for e in by_name
    )
    codes = {p["country_code"] for e in document["events"] for p in e["places"]} - {None}
    code = sorted(codes)[0]
    by_code = client.get("/api/events", params={"place": code.lower()}).json()["events"]
    # The place filter matches a country code or a name containing the text ("CN" is
    # also inside "Tacna"), so each event must match one way or the other.
    assert by_code and all(
        any(
            p["country_code"] == code
            or code.lower() in p["name"].lower()
            or code.lower() in (p["admin1"] or "").lower()
            for p in e["places"]
        )
        for e in by_code
    )
    page = client.get("/events", params={"place": "arequipa", "kind": "killed"})
    assert page.status_code == 200 and "event" in page.text


# ---------------------------------------------------------------------- search
def test_search_finds_stemmed_words_and_snippets(client: TestClient) -> None:
    result = client.get("/api/search", params={"q": "adobe kill"}).json()
    assert result["hits"]
    for hit in result["hits"]:
        text = client.get(f"/api/articles/{hit['article']}").json()["text"].lower()
        assert "adobe" in text and "kill" in text
    assert client.get("/api/search", params={"q": "zzqxnotaword"}).json()["hits"] == []
    page = client.get("/search", params={"q": "adobe"}).text
    assert "<mark>adobe</mark>" in page.lower()


def test_substring_fallback_agrees_with_the_index(store: Store) -> None:
    from newsdesk.web.search import Searcher

    indexed, plain = Searcher(store), Searcher(store)
    plain.fts5 = False
    for query in ("Arequipa", "adobe homes", "Stonehaven storm"):
        assert {h.article for h in indexed.search(query)} == {
            h.article for h in plain.search(query)
        }


# ---------------------------------------------------------------------- escaping
def test_hostile_article_is_escaped_everywhere(
    client: TestClient, document: dict[str, Any]
) -> None:
    assert "hostile-1" in {a["id"] for a in document["articles"]}
    events = [e for e in document["events"] if "hostile-1" in e["articles"]]
    urls = [
        "/",
        "/events",
        "/articles/hostile-1",
        "/search?q=Evil",
        *[f"/events/{e['id']}" for e in events],
        *[f"/stories/{s['id']}" for s in document["stories"]],
    ]
    for url in urls:
        html = client.get(url).text
        for marker in RAW_MARKERS:
            assert marker not in html, (url, marker)
    article = client.get("/articles/hostile-1").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in article
    assert "<code>javascript:window.__pwned=1</code>" in article  # shown, never a link
    assert 'href="javascript' not in article.lower()


def test_search_query_is_escaped(client: TestClient) -> None:
    html = client.get("/search", params={"q": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


# ---------------------------------------------------------------------- uploads
def test_paste_an_article_and_land_on_its_page(client: TestClient) -> None:
    text = (
        "Floods swept through the town of Banchory in Scotland on Sunday, and at least "
        "3 people were killed, police said.\n"
    )
    response = client.post(
        "/upload",
        data={"text": text, "title": "Banchory floods", "published": "2025-03-09"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    target = response.headers["location"]
    assert target.startswith("/articles/")
    page = client.get(target).text
    assert "Floods swept through the town of Banchory" in page
    assert (
        client.get(target.replace("/articles/", "/api/articles/"))
        .json()["path"]
        .startswith("upload:")
    )


def test_upload_a_file(client: TestClient) -> None:
    body = (
        "date 2025-03-10\nQuake aftershock in Tacna\n\nAn aftershock of magnitude 5.1 hit "
        "Tacna in Peru on Monday; 2 people were injured, officials said.\n"
    )
    response = client.post(
        "/upload",
        files={"file": ("../../etc/tacna.txt", body, "text/plain")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    art = client.get(response.headers["location"].replace("/articles/", "/api/articles/")).json()
    assert art["path"].endswith("/tacna.txt") and "/etc/" not in art["path"]


def test_too_large_upload_is_refused_with_413(store: Store) -> None:
    small = TestClient(create_app(store, max_upload=10_000))
    response = small.post("/upload", files={"file": ("big.txt", "x" * 20_000, "text/plain")})
    assert response.status_code == 413
    assert "larger than the limit of 0.01 MB" in response.text
    assert "text/html" in response.headers["content-type"]
    default = TestClient(create_app(store))
    big = default.post("/upload", files={"file": ("big.txt", b"a" * 5_100_000, "text/plain")})
    assert big.status_code == 413


def test_bad_uploads_are_explained(client: TestClient) -> None:
    wrong_kind = client.post("/upload", files={"file": ("tool.exe", b"MZ\x90\x00", "x/y")})
    assert wrong_kind.status_code == 400 and "is not a kind of file" in wrong_kind.text
    empty = client.post("/upload", files={"file": ("empty.txt", b"  \n", "text/plain")})
    assert empty.status_code == 400 and "empty" in empty.text
    unreadable = client.post("/upload", files={"file": ("x.json", b"{not json", "text/plain")})
    assert unreadable.status_code == 400 and "Nothing could be read" in unreadable.text
    nothing = client.post("/upload", data={"text": "   "})
    assert nothing.status_code == 400 and "Choose a file" in nothing.text


def test_cross_site_upload_is_refused(client: TestClient) -> None:
    response = client.post("/upload", data={"text": "x"}, headers={"origin": "http://evil.example"})
    assert response.status_code == 403


# ---------------------------------------------------------------------- token
def test_token_rules(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDESK_TOKEN", raising=False)
    assert resolve_token("127.0.0.1", None) is None
    with pytest.raises(ServeError, match="--token"):
        resolve_token("0.0.0.0", None)
    assert resolve_token("0.0.0.0", "abc") == "abc"
    monkeypatch.setenv("NEWSDESK_TOKEN", "from-env")
    assert resolve_token("192.168.1.5", None) == "from-env"

    gated = TestClient(create_app(store, token="s3cret"))
    assert gated.get("/").status_code == 401
    assert gated.get("/api/stories").status_code == 401
    assert gated.get("/?token=wrong").status_code == 401
    assert gated.get("/api/stories", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    login = gated.get("/events?kind=killed&token=s3cret", follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"] == "/events?kind=killed"
    assert "HttpOnly" in login.headers["set-cookie"] and "s3cret" not in login.headers["set-cookie"]
    assert gated.get("/events?kind=killed").status_code == 200  # the cookie now opens pages


def test_serve_refuses_a_public_host_without_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.cli import app

    monkeypatch.delenv("NEWSDESK_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--db", "unused.db"])
    assert result.exit_code == 1 and "--token" in result.output


def test_unexpected_host_is_refused(store: Store) -> None:
    local = TestClient(create_app(store, allowed_hosts={"127.0.0.1"}), base_url="http://127.0.0.1")
    assert local.get("/").status_code == 200
    assert local.get("/", headers={"host": "rebound.example"}).status_code == 400


# ---------------------------------------------------------------------- map
def test_outlines_share_the_projection_of_the_dots() -> None:
    from newsdesk.render.html import build_map
    from newsdesk.web.geo import event_map, frame_for

    cases: list[list[dict[str, Any]]] = [
        [{"name": "A", "lat": -16.4, "lon": -71.5, "country_code": "PE"}],
        [{"name": "A", "lat": -16.4, "lon": -71.5}, {"name": "B", "lat": -18.0, "lon": -70.2}],
        [{"name": "A", "lat": 57.0, "lon": -2.2}, {"name": "B", "lat": 35.0, "lon": 139.7}],
        [{"name": "A", "lat": -17.7, "lon": 178.0}, {"name": "B", "lat": -14.3, "lon": -170.7}],
    ]
    for places in cases:
        drawn, frame = build_map(places), frame_for(places)
        assert drawn is not None and frame is not None
        for dot in drawn["dots"]:
            names = dot["label"].split(" / ")
            place = next(p for p in places if p["name"] == names[0])
            lon = place["lon"] + 360 if frame.west > 0 and place["lon"] < 0 else place["lon"]
            assert frame.project(place["lat"], lon) == (dot["x"], dot["y"])
    peru = event_map(cases[0])
    assert peru is not None and any(c["here"] for c in peru["countries"])
    assert event_map([{"name": "nowhere", "lat": None, "lon": None}]) is None


# -------------------------------------------------------------------- PostgreSQL
def test_the_app_serves_a_postgresql_store(postgres_server: str) -> None:
    """Same pages, API and search over a store on a real PostgreSQL server."""
    from conftest import fresh_postgres_db
    from newsdesk.read import read_paths

    url = fresh_postgres_db(postgres_server, "t_web_app")
    articles, problems = read_paths([CORPUS])
    assert not problems
    with open_store(url) as pg_store:
        ingest(pg_store, articles, default_pipeline(workers=1))
        pg = TestClient(create_app(pg_store))
        assert pg.get("/").status_code == 200
        listed = pg.get("/api/events").json()
        assert listed["total"] > 0
        event = listed["events"][0]
        assert pg.get(f"/events/{event['id']}").status_code == 200
        assert pg.get(f"/api/events/{event['id']}").json()["id"] == event["id"]
        hits = pg.get("/api/search", params={"q": "earthquake"}).json()
        assert hits["hits"] and hits["method"]
        killed = pg.get("/api/events", params={"kind": "killed"}).json()
        assert killed["total"] > 0
