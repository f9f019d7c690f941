"""Consistency checks for the bundled demo corpus and its ground truth.

The corpus under ``corpus/`` is what ``make demo`` runs on and what quality
measurements compare against, so its truth file must never drift from the
article texts: every quote in ``corpus/expected.json`` has to occur verbatim in
its article, every article has to be readable in its declared format, and every
article has to say plainly that it is fictional. Only the standard library is
used so the check stays independent of the pipeline it measures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"
CORPUS = CORPUS_DIR / "articles"
MARKER = (
    "[FICTIONAL SAMPLE ARTICLE — invented for the newsdesk demo; "
    "events, people and figures are not real]"
)
HEADER_RE = re.compile(r"^date (\d{4}-\d{2}-\d{2})\n")
JSONL_KEYS = {"id", "title", "text", "url", "published", "outlet"}
URL_RE = re.compile(r"^https://(www\.)?example\.(org|com)/")
MIN_WORDS, MAX_WORDS = 250, 700


class _PageParser(HTMLParser):
    """Collects the page's visible text, the <article> paragraphs and the meta tags.

    The pipeline's real extractor may join paragraphs differently, so quotes
    are only promised to hold inside a single paragraph of the article.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.paragraphs: list[str] = []
        self.visible: list[str] = []
        self._stack: list[str] = []
        self._in_article = 0
        self._para: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values.get("content", "")
            return
        self._stack.append(tag)
        if tag == "article":
            self._in_article += 1
        elif tag == "p" and self._in_article:
            self._para = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._para is not None:
            self.paragraphs.append("".join(self._para).strip())
            self._para = None
        if tag == "article":
            self._in_article -= 1
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "title":
            self.title += data
        if self._stack and self._stack[-1] in {"script", "style", "title"}:
            return
        self.visible.append(data)
        if self._para is not None:
            self._para.append(data)


def _parse_html(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _jsonl_rows(path: Path) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            assert isinstance(row, dict), f"{path.name}:{number} is not an object"
            yield row


def _article_texts(ref: str) -> tuple[str, str]:
    """Return (prose, whole) for an article reference ``file`` or ``file#id``.

    ``prose`` is where figures must be quoted from (the article body);
    ``whole`` also includes page chrome, where HTML boilerplate lives.
    """
    name, _, entry = ref.partition("#")
    path = CORPUS / name
    if path.suffix == ".jsonl":
        rows = {row["id"]: row for row in _jsonl_rows(path)}
        text = str(rows[entry]["text"])
        return text, text
    if path.suffix == ".html":
        page = _parse_html(path)
        return "\n\n".join(page.paragraphs), "".join(page.visible)
    text = path.read_text(encoding="utf-8")
    return text, text


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    data = json.loads((CORPUS_DIR / "expected.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def texts(expected: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {key: _article_texts(a["file"]) for key, a in expected["articles"].items()}


def _quote_in(prose: str, quote: str, html: bool) -> bool:
    if not html:
        return quote in prose
    return any(quote in paragraph for paragraph in prose.split("\n\n"))


def test_every_corpus_file_is_described(expected: dict[str, Any]) -> None:
    described = {a["file"].partition("#")[0] for a in expected["articles"].values()}
    on_disk = {p.name for p in CORPUS.iterdir() if p.suffix in {".txt", ".html", ".jsonl"}}
    assert described == on_disk
    readme = (CORPUS_DIR / "README.md").read_text(encoding="utf-8")
    for name in on_disk:
        assert name in readme, f"README.md does not list {name}"
    assert 10 <= len(expected["articles"]) <= 12


def test_every_article_says_it_is_fictional(texts: dict[str, tuple[str, str]]) -> None:
    for key, (prose, _) in texts.items():
        assert MARKER in prose, f"article {key} lacks the fictional marker"


def test_article_lengths(texts: dict[str, tuple[str, str]]) -> None:
    for key, (prose, _) in texts.items():
        words = len(prose.split())
        assert MIN_WORDS <= words <= MAX_WORDS, f"article {key} has {words} words"


def test_txt_header_dates_match_truth(expected: dict[str, Any]) -> None:
    undated = 0
    for key, article in expected["articles"].items():
        path = CORPUS / article["file"]
        if path.suffix != ".txt":
            continue
        text = path.read_text(encoding="utf-8")
        match = HEADER_RE.match(text)
        if match is None:
            undated += 1
            assert text.startswith(MARKER), f"{key}: first line must be the marker"
            continue
        assert match.group(1) == article["published"], key
        assert text.splitlines()[1] == MARKER, f"{key}: second line must be the marker"
    assert 1 <= undated <= 2


def test_jsonl_entries_are_complete() -> None:
    files = sorted(CORPUS.glob("*.jsonl"))
    assert files
    for path in files:
        rows = list(_jsonl_rows(path))
        assert len(rows) >= 2
        assert len({row["id"] for row in rows}) == len(rows)
        for row in rows:
            assert row.keys() >= JSONL_KEYS, row.get("id")
            assert URL_RE.match(row["url"]), row["url"]
            assert re.match(r"^\d{4}-\d{2}-\d{2}", row["published"])


def test_html_page_has_metadata_and_article() -> None:
    files = sorted(CORPUS.glob("*.html"))
    assert files
    for path in files:
        page = _parse_html(path)
        assert page.title.strip()
        assert page.meta.get("og:site_name")
        assert re.match(r"^\d{4}-\d{2}-\d{2}T", page.meta.get("article:published_time", ""))
        assert URL_RE.match(page.meta.get("og:url", ""))
        assert len(page.paragraphs) >= 5


def test_figure_quotes_are_verbatim(
    expected: dict[str, Any], texts: dict[str, tuple[str, str]]
) -> None:
    for figure in expected["figures"]:
        key = figure["article"]
        html = expected["articles"][key]["file"].endswith(".html")
        assert _quote_in(texts[key][0], figure["quote"], html), figure
        assert figure["event"] in expected["events"], figure
        assert figure["qualifier"] in {
            "exact",
            "about",
            "at_least",
            "more_than",
            "nearly",
            "up_to",
            "range",
        }


def test_distractor_and_flag_quotes_are_verbatim(
    expected: dict[str, Any], texts: dict[str, tuple[str, str]]
) -> None:
    for item in expected["distractors"]:
        key = item["article"]
        html = expected["articles"][key]["file"].endswith(".html")
        assert _quote_in(texts[key][0], item["quote"], html), item
    for key, article in expected["articles"].items():
        for flag in article.get("quality_flags", []):
            assert flag["text"] in texts[key][0], (key, flag)
        for line in article.get("boilerplate", []):
            assert line in texts[key][1], (key, line)


def test_event_and_article_references_resolve(expected: dict[str, Any]) -> None:
    articles, events = expected["articles"], expected["events"]
    for key, article in articles.items():
        assert article["main_event"] in events, key
        for link in ("reprint_of", "duplicate_of", "spun_of"):
            if link in article:
                assert article[link] in articles, (key, link)
    for event_id, event in events.items():
        assert event["id"] == event_id
        for key in event["main_in"] + event["mentioned_in"]:
            assert key in articles, (event_id, key)
        for key in event["main_in"]:
            assert articles[key]["main_event"] == event_id, (event_id, key)
    grouped = [key for group in expected["independent_sources"]["groups"] for key in group]
    assert sorted(grouped) == sorted(articles)


def test_reprints_are_near_copies(
    expected: dict[str, Any], texts: dict[str, tuple[str, str]]
) -> None:
    """A reprint must share most of its sentences with its original, or it plants nothing."""
    for key, article in expected["articles"].items():
        original = article.get("reprint_of")
        if original is None:
            continue
        ours = set(re.split(r"(?<=[.!?])\s+", texts[key][0]))
        theirs = set(re.split(r"(?<=[.!?])\s+", texts[original][0]))
        shared = len(ours & theirs) / len(ours)
        assert shared >= 0.75, (key, shared)
