"""Tests for the HTML, Markdown and terminal renderers on a small hand-built brief."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from rich.console import Console

from newsdesk.render.html import Span, build_map, highlight_tokens, render_html
from newsdesk.render.markdown import md_escape, render_markdown
from newsdesk.render.terminal import render_terminal

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = '"><img src=x onerror=alert(1)>'

TEXT_A = (
    "Quake shakes the valley\n\n"
    "At least 12 people were killed when an earthquake struck Northtown on Saturday, "
    "officials said. Another 40 people were injured, the regional governor said.\n\n"
    "An aftershock hit Easton on Monday and 3 homes collapsed there."
)
TEXT_B = (
    f"Headline {HOSTILE_SCRIPT}\n"
    f"Reader note {HOSTILE_IMG} end.\n"
    "Rescuers in Northtown said 15 people died in the quake. "
    "Hospitals treated 40 people who were injured."
)


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def _report(aid: str, text: str, phrase: str, value: float, as_stated: str) -> dict[str, Any]:
    start, end = _span(text, phrase)
    return {
        "article": aid,
        "value": value,
        "qualifier": "exact",
        "as_stated": as_stated,
        "start": start,
        "end": end,
        "sentence": phrase,
        "attributed_to": "officials",
        "reported_on": "2024-03-02",
        "place": "Northtown",
        "quote": text[start:end],
        "superseded": False,
    }


def _summary(aid: str, text: str, phrase: str) -> dict[str, Any]:
    start, end = _span(text, phrase)
    return {"text": phrase, "article": aid, "start": start, "end": end}


def make_doc() -> tuple[dict[str, Any], dict[str, str]]:
    """Two articles (one hostile), two events in one story, agreed and conflict figures."""
    texts = {"a1": TEXT_A, "b2": TEXT_B}
    killed_a = _report("a1", TEXT_A, "At least 12 people were killed", 12, "At least 12")
    killed_a["qualifier"] = "at_least"
    killed_b = _report("b2", TEXT_B, "15 people died in the quake", 15, "15")
    injured_a = _report("a1", TEXT_A, "Another 40 people were injured", 40, "40")
    injured_b = _report("b2", TEXT_B, "treated 40 people who were injured", 40, "40")
    homes = _report("a1", TEXT_A, "3 homes collapsed there", 3, "3")
    garbled = _span(TEXT_A, "struck Northtown on Saturday, officials said. Another 40")
    published = {
        "date": "2024-03-02",
        "earliest": "2024-03-02",
        "latest": "2024-03-02",
        "precision": "day",
        "basis": "header",
        "evidence": "date 2024-03-02",
    }
    articles = [
        {
            "id": "a1",
            "path": "in/a1.txt",
            "title": "Quake shakes the valley",
            "outlet": "Valley Times",
            "url": "https://example.org/quake",
            "format": "txt",
            "published": published,
            "main_event": "ev1",
            "quality": {
                "score": 0.8,
                "flags": [
                    {
                        "kind": "garbled_sentence",
                        "start": garbled[0],
                        "end": garbled[1],
                        "text": TEXT_A[garbled[0] : garbled[1]],
                    }
                ],
            },
            "duplicate_of": None,
            "duplicate_kind": None,
        },
        {
            "id": "b2",
            "path": "in/b2.html",
            "title": HOSTILE_SCRIPT,
            "outlet": HOSTILE_IMG,
            "url": "javascript:alert(1)",
            "format": "html",
            "published": {**published, "basis": "inferred"},
            "main_event": "ev1",
            "quality": {"score": 0.5, "flags": []},
            "duplicate_of": "a1",
            "duplicate_kind": "rewrite",
        },
    ]
    northtown = {
        "name": "Northtown",
        "geonameid": 1,
        "country_code": "XX",
        "admin1": "North",
        "lat": 41.2,
        "lon": 21.4,
    }
    easton = {
        "name": "Easton",
        "geonameid": 2,
        "country_code": "XX",
        "admin1": "North",
        "lat": 41.5,
        "lon": 22.3,
    }
    events = [
        {
            "id": "ev2",
            "label": "Aftershock in Easton",
            "type": "earthquake",
            "date": {"start": "2024-03-04", "end": "2024-03-04", "precision": "day"},
            "places": [easton],
            "articles": ["a1"],
            "main_in": [],
            "story": "st1",
            "figures": [
                {
                    "kind": "buildings_damaged",
                    "value": 3,
                    "low": None,
                    "high": None,
                    "qualifier": "exact",
                    "status": "single_source",
                    "subset": None,
                    "independent_sources": 1,
                    "reports": [homes],
                }
            ],
            "summary": [_summary("a1", TEXT_A, "An aftershock hit Easton on Monday")],
        },
        {
            "id": "ev1",
            "label": "Earthquake in Northtown",
            "type": "earthquake",
            "date": {"start": "2024-03-02", "end": "2024-03-02", "precision": "day"},
            "places": [northtown, easton],
            "articles": ["a1", "b2"],
            "main_in": ["a1", "b2"],
            "story": "st1",
            "figures": [
                {
                    "kind": "killed",
                    "value": 15,
                    "low": 12,
                    "high": 15,
                    "qualifier": "exact",
                    "status": "conflict",
                    "subset": None,
                    "independent_sources": 2,
                    "reports": [killed_a, killed_b],
                },
                {
                    "kind": "injured",
                    "value": 40,
                    "low": None,
                    "high": None,
                    "qualifier": "exact",
                    "status": "agreed",
                    "subset": None,
                    "independent_sources": 2,
                    "reports": [injured_a, injured_b],
                },
            ],
            "summary": [
                _summary(
                    "a1",
                    TEXT_A,
                    "At least 12 people were killed when an "
                    "earthquake struck Northtown on Saturday, officials said.",
                ),
                _summary("b2", TEXT_B, "Rescuers in Northtown said 15 people died in the quake."),
            ],
        },
    ]
    doc = {
        "version": "0.1.0",
        "articles": articles,
        "events": events,
        "stories": [
            {
                "id": "st1",
                "label": "Northtown earthquake",
                "events": ["ev1", "ev2"],
                "articles": ["a1", "b2"],
            }
        ],
        "problems": [{"path": "in/broken.pdf", "reason": "unsupported format (.pdf)"}],
    }
    return doc, texts


class _Collector(HTMLParser):
    """Collects tags with attributes, and the text inside every element that has an id."""

    VOID = frozenset({"meta", "br", "img", "link", "hr", "input", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_by_id: dict[str, str] = {}
        self._open: list[tuple[str | None, int]] = []
        self._depth = 0
        self._style = False
        self.style_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.VOID:
            return
        self._depth += 1
        ident = dict(attrs).get("id")
        self._open.append((ident, self._depth))
        if ident is not None:
            self.text_by_id[ident] = ""
        self._style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if self._open:
            self._open.pop()
        self._depth -= 1
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.style_text += data
        for ident, _ in self._open:
            if ident is not None:
                self.text_by_id[ident] += data


@pytest.fixture(scope="module")
def rendered() -> tuple[dict[str, Any], dict[str, str], str, _Collector]:
    doc, texts = make_doc()
    html = render_html(doc, texts)
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return doc, texts, html, parser


def _all_reports(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for e in doc["events"] for f in e["figures"] for r in f["reports"]]


def test_html_loads_nothing_from_outside(rendered: Any) -> None:
    _, _, html, parser = rendered
    assert 'src="http' not in html and "src='http" not in html
    assert "@import" not in html and "url(" not in parser.style_text
    assert not re.search(r"<(script|link|iframe|object|embed|img)\b", html, re.IGNORECASE)
    for tag, attrs in parser.tags:
        assert "src" not in attrs, (tag, attrs)
        href = attrs.get("href") or ""
        if tag != "a":
            assert "href" not in attrs, (tag, attrs)
        elif href.startswith("http"):
            assert attrs.get("rel") == "noopener noreferrer"
        else:
            assert href.startswith("#"), href
    external = [a["href"] for t, a in parser.tags if t == "a" and (a["href"] or "")[:1] != "#"]
    assert external == ["https://example.org/quake"]


def test_every_report_links_to_a_mark_wrapping_exactly_its_quote(rendered: Any) -> None:
    doc, texts, html, parser = rendered
    hrefs = {a["href"] for t, a in parser.tags if t == "a"}
    mark_ids = {a["id"] for t, a in parser.tags if t == "mark" and a.get("id")}
    for rep in _all_reports(doc):
        anchor = f"q-{rep['article']}-{rep['start']}-{rep['end']}"
        assert f"#{anchor}" in hrefs
        assert anchor in mark_ids
        assert f'<mark id="{anchor}"' in html
        assert parser.text_by_id[anchor] == rep["quote"]
        assert texts[rep["article"]][rep["start"] : rep["end"]] == rep["quote"]
    # Every in-page link lands somewhere.
    for href in hrefs:
        if href and href.startswith("#"):
            assert href[1:] in parser.text_by_id, href


def test_flagged_span_is_highlighted_differently_and_text_is_kept(rendered: Any) -> None:
    doc, texts, html, parser = rendered
    flag = doc["articles"][0]["quality"]["flags"][0]
    assert 'class="flag flag-garbled_sentence"' in html
    # The flag crosses the killed quote's end: the article text must still read in full.
    assert texts["a1"] in parser.text_by_id["a-a1"]
    assert flag["text"] in parser.text_by_id["a-a1"]


def test_hostile_article_content_is_escaped(rendered: Any) -> None:
    _, texts, html, parser = rendered
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert '"><img' not in html
    assert 'href="javascript' not in lowered and "href='javascript" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    # The escaped text still reads as the original once parsed.
    assert texts["b2"] in parser.text_by_id["a-b2"]
    assert "javascript:alert(1)" in parser.text_by_id["a-b2"]  # shown, as text only
    assert not any(t == "img" for t, _ in parser.tags)


def test_report_with_wrong_offsets_gets_no_dangling_link() -> None:
    doc, texts = make_doc()
    rep = doc["events"][1]["figures"][0]["reports"][0]
    rep["start"] += 1  # offsets no longer point at the quote
    html = render_html(doc, texts)
    assert f"#q-a1-{rep['start']}-{rep['end']}" not in html
    assert "not found at its offsets" in html


def test_crossing_spans_nest_and_keep_every_character() -> None:
    text = "abcdefghij"
    spans = [
        Span(1, 6, "mark", "quote", "q-x-1-6"),
        Span(4, 9, "span", "flag", None),
        Span(2, 4, "mark", "quote", "q-x-2-4"),
    ]
    tokens = highlight_tokens(text, spans)
    assert "".join(t["s"] for t in tokens if t["t"] == "text") == text
    depth: list[str] = []
    for tok in tokens:
        if tok["t"] == "open":
            depth.append(tok["tag"])
        elif tok["t"] == "close":
            assert depth.pop() == tok["tag"]
    assert depth == []
    ids = [t["id"] for t in tokens if t["t"] == "open" and t["id"]]
    assert sorted(ids) == ["q-x-1-6", "q-x-2-4"]
    # The flag crossing the quote is the one cut: both quote marks stay whole.
    assert _text_under(tokens, "q-x-1-6") == "bcdef"
    assert _text_under(tokens, "q-x-2-4") == "cd"
    assert _text_under(tokens, None, css="flag") == "efghi"


def _text_under(tokens: list[dict[str, Any]], ident: str | None, css: str = "") -> str:
    """Text inside the element with ``ident`` (or inside every element of class ``css``)."""
    out, depth = [], 0
    for tok in tokens:
        if tok["t"] == "open":
            hit = tok["id"] == ident if ident else tok["css"].split()[0] == css
            if depth or hit:
                depth += 1
        elif tok["t"] == "close" and depth:
            depth -= 1
        elif tok["t"] == "text" and depth:
            out.append(tok["s"])
    return "".join(out)


def test_map_places_dots_inside_the_frame_with_a_grid() -> None:
    places: list[dict[str, Any]] = [
        {"name": "A", "lat": 50.45, "lon": 30.52},
        {"name": "B", "lat": 46.48, "lon": 30.72},
        {"name": "C", "lat": 49.84, "lon": 24.03},
        {"name": "No coords", "lat": None, "lon": None},
    ]
    svg = build_map(places)
    assert svg is not None
    assert [d["label"] for d in svg["dots"]] == ["A", "C", "B"]  # north to south
    for dot in svg["dots"]:
        assert svg["margin"] <= dot["x"] <= svg["width"] - svg["margin"]
        assert svg["margin"] <= dot["y"] <= svg["height"] - svg["margin"]
    a, c = svg["dots"][0], svg["dots"][1]
    assert c["x"] < a["x"]  # west is left
    assert svg["grid"]["meridians"] and svg["grid"]["parallels"]
    assert build_map([{"name": "X", "lat": None, "lon": None}]) is None
    single = build_map([{"name": "Only", "lat": -33.9, "lon": 151.2}])
    assert single is not None and len(single["dots"]) == 1


def test_markdown_has_quotes_citations_status_and_problems() -> None:
    doc, texts = make_doc()
    md = render_markdown(doc, texts)
    for rep in _all_reports(doc):
        assert f"“{md_escape(rep['quote'])}”" in md
        assert f"`{rep['article']} @{rep['start']}–{rep['end']}`" in md
    for event in doc["events"]:
        for sent in event["summary"]:
            assert f"`{sent['article']} @{sent['start']}–{sent['end']}`" in md
    assert "conflict, 2 independent sources" in md
    assert "agreed, 2 independent sources" in md
    assert "in/broken.pdf" in md and "unsupported format" in md
    assert "<script>" not in md and "\\<script\\>" in md
    # Events come in date order within the story.
    assert md.index("Earthquake in Northtown") < md.index("Aftershock in Easton")


def test_terminal_summary_fits_100_columns_and_names_events() -> None:
    doc, _ = make_doc()
    console = Console(record=True, width=100, color_system=None)
    render_terminal(doc, console)
    out = console.export_text()
    for event in doc["events"]:
        assert event["label"] in out
    assert all(len(line) <= 100 for line in out.splitlines())
    for line in out.splitlines():  # table rows are whole, not cropped at the right edge
        if line[:1] in "┏┃┡│└":
            assert line.rstrip()[-1] in "┓┃┩│┘", line
    assert "conflict" in out and "agreed" in out
    assert "2 articles" in out and "in/broken.pdf" in out and "rewrite" in out
    assert HOSTILE_SCRIPT in out  # shown literally, not interpreted as markup
