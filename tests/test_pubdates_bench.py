"""The publication-date benchmark's gold: days read from URLs (benchmarks/pubdates.py)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from events import read_corpus  # noqa: E402
from newsdesk.models import PublishedDate  # noqa: E402
from pubdates import document_url, group_of, in_window, url_date  # noqa: E402

SHARED = ROOT.parent / "shared"
ECBPLUS = SHARED / "benchmarks" / "ecbplus" / "ECB+"
NONE = PublishedDate(None, None, None, "unknown", "unknown", None)


def _day(url: str) -> date | None:
    found = url_date(url)
    return found.day if found else None


@pytest.mark.parametrize(
    ("url", "day", "pattern"),
    [
        ("http://news.example.org/2011/08/09/storm-hits-coast/", date(2011, 8, 9), "path"),
        ("http://paper.example.com/2013/may/03/local/fire", date(2013, 5, 3), "path"),
        ("http://paper.example.com/2012/7/7/1234/match-report", date(2012, 7, 7), "path"),
        ("http://tv.example.com/2007/WORLD/04/09/quake.report/", date(2007, 4, 9), "path"),
        ("http://site.example.net/2010-05-05-bank-fire_N.htm", date(2010, 5, 5), "dashed"),
        ("http://site.example.net/story?ymd=20090112&id=77", date(2009, 1, 12), "compact"),
        ("http://wire.example.com/article/idXYZ20100505", date(2010, 5, 5), "compact"),
        ("http://corp.example.com/press/release-2012feb29.aspx", date(2012, 2, 29), "compact"),
    ],
)
def test_full_days_are_read(url: str, day: date, pattern: str) -> None:
    found = url_date(url)
    assert found is not None and (found.day, found.pattern) == (day, pattern)
    assert found.text in url


@pytest.mark.parametrize(
    "url",
    [
        "http://news.example.org/world/storm-hits-coast-1234567",  # no date at all
        "http://blog.example.org/2008/12/sox-make-offer.html",  # year and month only
        "http://blog.example.org/2013/03/46-quake-shakes-town.html",  # slug, not a day
        "http://blog.example.org/2013/08/5-thoughts-on-the-host.html",  # slug again
        "http://blog.example.org/2005_05_01_archive.html",  # a month's archive page
        "http://site.example.com/news/story-061313.php",  # month or day first? unknown
        "http://site.example.com/article/0,,20697025,00.html",  # month 69
        "http://site.example.com/2013/02/30/leap-confusion/",  # no 30 February
        "http://site.example.com/2013/13/01/bad-month/",  # no 13th month
        "http://site.example.com/id/20411231/far-future",  # beyond the plausible span
        "http://site.example.com/id/19870505/before-the-web",  # before it
        "http://site.example.com/x/201309280508e8.item",  # a longer run of digits
        "http://site.example.com/2010/05/05/fire-idUK20100812",  # two days months apart
    ],
)
def test_no_day_or_an_implausible_one_gives_no_gold(url: str) -> None:
    assert url_date(url) is None


def test_online_and_print_days_a_day_apart_take_the_path_day() -> None:
    url = "http://paper.example.com/2013/may/03/local/me-0504-rehab-20130504"
    assert _day(url) == date(2013, 5, 3)


def test_plausible_span_can_be_moved() -> None:
    url = "http://site.example.com/id/20411231/far-future"
    assert _day(url) is None
    found = url_date(url, last=date(2050, 1, 1))
    assert found is not None and found.day == date(2041, 12, 31)


def test_document_url_is_glued_from_the_first_sentence(tmp_path: Path) -> None:
    tokens = ["http", ":", "/", "/", "ex", ".", "org", "/", "2011", "/", "08", "/", "09", "/"]
    body = "".join(f'<token t_id="{i}" sentence="0">{t}</token>' for i, t in enumerate(tokens))
    body += '<token t_id="99" sentence="1">Storm</token>'
    path = tmp_path / "1_1ecbplus.xml"
    path.write_text(f"<Document>{body}</Document>", encoding="utf-8")
    assert document_url(path) == "http://ex.org/2011/08/09/"
    plain = tmp_path / "1_1ecb.xml"
    plain.write_text('<Document><token t_id="1" sentence="0">Storm</token></Document>')
    assert document_url(plain) is None


def test_window_and_group() -> None:
    week = PublishedDate("2021-03-03", "2021-03-03", "2021-03-09", "week", "inferred", "x")
    assert in_window(date(2021, 3, 5), week) is True
    assert in_window(date(2021, 3, 10), week) is False
    bound = PublishedDate(None, "2021-03-03", None, "unknown", "inferred", "x")
    assert in_window(date(2022, 1, 1), bound) is True
    assert in_window(date(2021, 1, 1), NONE) is None
    stated = PublishedDate("2021-03-03", "2021-03-03", "2021-03-04", "day", "text", "x")
    assert group_of(stated, stated) == "stated"
    stamp = PublishedDate("2021-03-03", "2021-03-02", "2021-03-04", "day", "header", "Posted")
    assert group_of(stamp, stamp) == "dateline"
    assert group_of(week, week) == "inferred"
    assert group_of(week, NONE) == "events"  # the text alone gave nothing: lent
    assert group_of(NONE, NONE) == "none"


def test_ecbplus_urls_and_texts() -> None:
    if not ECBPLUS.is_dir():
        pytest.skip(f"ECB+ not found at {ECBPLUS} (expected in ../shared beside the checkout)")
    docs = read_corpus(ECBPLUS, [8])
    urls = {d.name: document_url(ECBPLUS / "8" / f"{d.name}.xml") for d in docs}
    dated = {name: url_date(url) for name, url in urls.items() if url}
    assert any(v is not None for v in dated.values())
    assert all(urls[d.name] is None for d in docs if d.name.endswith("ecb"))
    for doc in docs:  # the text newsdesk sees never holds the URL
        assert "http" not in doc.text and "www." not in doc.text
