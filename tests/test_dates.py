"""Publication-date inference: evidence or nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newsdesk.assess.dates import infer_published, resolve_times
from newsdesk.models import Article, PublishedDate

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NO_DATE = PublishedDate(None, None, None, "unknown", "unknown", None)


def _article(text: str, published: str | None = None, basis: str = "unknown") -> Article:
    return Article(
        id="t", path="t.txt", text=text, format="txt", published=published,
        published_basis=basis,  # type: ignore[arg-type]
        published_evidence=f"date {published}" if published else None,
    )  # fmt: skip


def _infer(text: str) -> PublishedDate:
    return infer_published(_article(text), text, resolve_times(text, NO_DATE))


def test_metadata_wins() -> None:
    text = "Strikes hit on Tuesday, Nov. 15, 2022."
    pub = infer_published(_article(text, "2023-01-02", "header"), text, [])
    assert (pub.date, pub.earliest, pub.latest) == ("2023-01-02", "2023-01-02", "2023-01-02")
    assert (pub.precision, pub.basis, pub.evidence) == ("day", "header", "date 2023-01-02")
    meta = infer_published(_article(text, "2023-01-02"), text, [])
    assert meta.basis == "metadata"


def test_caption_date_confirmed_by_weekday() -> None:
    text = (
        "Missiles struck Kyiv on Tuesday, officials said.\n"
        "Residents queue for water in Kyiv, Ukraine, Tuesday, Nov. 15, 2022. (AP Photo)"
    )
    pub = _infer(text)
    assert (pub.date, pub.precision, pub.basis) == ("2022-11-15", "day", "text")
    assert pub.earliest == "2022-11-15" and pub.latest == "2022-11-16"
    assert pub.evidence is not None and "Tuesday, Nov. 15, 2022" in pub.evidence


def test_plain_date_confirmed_by_weekday_gives_a_week() -> None:
    text = "The quake struck on March 3, 2021. Rescuers worked through Wednesday night."
    pub = _infer(text)
    assert date(2021, 3, 3).weekday() == 2  # a Wednesday
    assert (pub.date, pub.earliest, pub.latest) == ("2021-03-03", "2021-03-03", "2021-03-09")
    assert (pub.precision, pub.basis) == ("week", "inferred")


def test_weekday_that_does_not_match_gives_no_date() -> None:
    text = "The quake struck on March 3, 2021. Rescuers worked through Friday."
    pub = _infer(text)
    assert pub.date is None
    assert pub.earliest == "2021-03-03"  # still written on or after it


def test_wrong_stated_weekday_is_no_evidence() -> None:
    text = "Photo taken Monday, Nov. 15, 2022. The strikes came on Monday."
    pub = _infer(text)
    assert pub.date is None


def test_weekday_alone_gives_no_date() -> None:
    pub = _infer("Russia pounded Ukraine on Thursday with a fresh barrage.")
    assert pub == NO_DATE


def test_old_background_dates_are_only_a_lower_bound() -> None:
    text = "Relatives of the 2014 crash victims met on Thursday. The plane fell in July 2014."
    pub = _infer(text)
    assert pub.date is None and pub.precision == "unknown"
    assert pub.earliest == "2014-07-01" and pub.latest is None
    assert pub.basis == "inferred" and pub.evidence == "July 2014"


def test_announced_dates_are_not_past_evidence() -> None:
    text = "The summit will open on Tuesday, Dec. 6, 2022. Leaders arrived on Tuesday."
    assert _infer(text).date is None


def test_elapsed_time_from_a_start_the_text_states() -> None:
    text = (
        "The war began on Feb. 24, 2022. On Thursday, in the ongoing year-long war, "
        "rockets struck Odesa."
    )
    pub = _infer(text)
    assert pub.date is None and pub.basis == "inferred"
    assert pub.earliest is not None and pub.latest is not None
    assert "2023-01-01" <= pub.earliest <= "2023-02-24" <= pub.latest <= "2023-07-01"


def test_elapsed_time_without_a_stated_start_gives_nothing() -> None:
    pub = _infer("Rockets struck Odesa early Thursday morning in the year-long war.")
    assert pub == NO_DATE


def test_resolve_times_uses_the_chosen_date() -> None:
    text = "Sirens sounded on Tuesday."
    known = PublishedDate("2022-11-15", "2022-11-15", "2022-11-15", "day", "header", None)
    assert resolve_times(text, known)[0].value == "2022-11-15"
    assert resolve_times(text, NO_DATE)[0].value is None


# ------------------------------------------------------------------ seeds (../shared)
def _seed_articles() -> list[Article]:
    if not (SHARED / "seeds" / "expected.json").exists():
        pytest.skip(f"seed articles not found at {SHARED / 'seeds'} (expected beside the checkout)")
    from newsdesk.read import read_paths

    articles, _ = read_paths([SHARED / "seeds"])
    return sorted(articles, key=lambda a: Path(a.path).name)


def test_seed_publication_dates() -> None:
    from newsdesk.clean import blank, find_boilerplate

    expected = json.loads((SHARED / "seeds" / "expected.json").read_text(encoding="utf-8"))
    by_file = {v["file"]: v for v in expected["articles"].values()}
    for article in _seed_articles():
        want = by_file[Path(article.path).name]
        text = blank(article.text, find_boilerplate(article.text))
        pub = infer_published(article, text, resolve_times(text, NO_DATE))
        if pub.date is not None:
            assert want["published"] is not None, article.path
            gap = abs((date.fromisoformat(pub.date) - date.fromisoformat(want["published"])).days)
            assert gap <= want["tolerance_days"], (article.path, pub)
        else:
            assert pub.precision == "unknown"
        for bound in (pub.earliest, pub.latest):
            if bound is not None and want["published"] is not None:
                # a window must contain the true day (earliest <= day <= latest)
                assert (bound == pub.earliest and bound <= want["published"]) or (
                    bound == pub.latest and bound >= want["published"]
                ), (article.path, pub)
        if want["published"] is None:  # 004: early 2023, so nothing may place it in 2022
            assert not (pub.latest or "9999").startswith("2022"), (article.path, pub)


def test_seed_caption_article_is_dated() -> None:
    from newsdesk.clean import blank, find_boilerplate

    dated = []
    for article in _seed_articles():
        text = blank(article.text, find_boilerplate(article.text))
        pub = infer_published(article, text, resolve_times(text, NO_DATE))
        dated.append((Path(article.path).name[:3], pub.date, pub.basis))
    assert ("000", "2022-11-15", "header") in dated
    assert ("001", "2022-11-15", "text") in dated


# ------------------------------------------------------------------ datelines
def test_timestamp_line_under_the_headline_dates_the_article() -> None:
    text = (
        "Quarry blast rattles hillside village\n\n"
        "Posted: Thu, March 4, 2021 7:12 AM EST\n\n"
        "A controlled blast at the quarry broke windows in twelve homes, the council said."
    )
    pub = _infer(text)
    assert (pub.date, pub.precision, pub.basis) == ("2021-03-04", "day", "header")
    assert (pub.earliest, pub.latest) == ("2021-03-03", "2021-03-05")
    assert pub.evidence == "Posted: Thu, March 4, 2021 7:12 AM EST"


def test_a_sentence_holding_a_date_is_no_dateline() -> None:
    text = "Depot fire\n\nThe bus depot burned down on March 4, 2021.\n\nNobody was hurt."
    pub = _infer(text)
    assert pub.date is None
    assert pub.earliest == "2021-03-04"  # still a lower bound


def test_labelled_date_that_is_not_a_timestamp_is_no_dateline() -> None:
    assert _infer("Ferry retired\n\nLast sailing: March 4, 2021\n\nThe ferry is sold.").date is None


def test_dateline_with_the_wrong_weekday_is_no_evidence() -> None:
    # 4 March 2021 was a Thursday.
    assert _infer("Quarry blast\n\nMonday, March 4, 2021\n\nWindows broke.").date is None


def test_dateline_must_be_near_the_top() -> None:
    lines = [f"Paragraph {i} of the story about the ferry." for i in range(6)]
    text = "\n\n".join([*lines, "March 4, 2021", "The end."])
    assert _infer(text).date is None


def test_dateline_contradicted_by_a_later_past_day_is_dropped() -> None:
    text = "Ferry sold\n\nMarch 4, 2021\n\nThe buyer signed the papers on April 20, 2021."
    pub = _infer(text)
    assert pub.date is None and pub.earliest == "2021-04-20"


@pytest.mark.parametrize(
    ("stamp", "day"),
    [
        ("Posted 11/27/2005 7:21 AM", "2005-11-27"),  # 27 cannot be a month
        ("Updated 27/11/2005 15:41", "2005-11-27"),  # nor here
        ("Updated 4 / 9 / 2007 6:04 PM", "2007-04-09"),  # a 12-hour clock: month first
        ("06/06/13 07:05 PM ET", "2013-06-06"),
        ("First Posted: 10/25/11 06:44 PM ET Updated: 12/25/11 05:12 AM ET", "2011-10-25"),
        ("Reuters Sep 18, 2013, 02.16PM IST", "2013-09-18"),
        ("TNN Nov 12, 2011, 05.51AM IST MUMBAI:", "2011-11-12"),
        ("WASHINGTON, DC, April 28, 2009", "2009-04-28"),
        ("on Dec 23 2012, 6:11p", "2012-12-23"),
        ("Posted on: 3:35 pm, December 23, 2012", "2012-12-23"),
    ],
)
def test_stamp_lines_in_the_forms_pages_write_them(stamp: str, day: str) -> None:
    text = f"Harbour crane collapses\n\n{stamp}\n\nA crane fell onto the quay, the port said."
    pub = _infer(text)
    assert (pub.date, pub.basis, pub.evidence) == (day, "header", stamp)


@pytest.mark.parametrize(
    "stamp",
    [
        "Posted 4 / 9 / 2007",  # April 9 or 4 September: nothing says which
        "Reuters reporter Jane Doe, Sep 18, 2013",  # a byline with prose in it
        "Harbour Crane Collapses Sep 18, 2013",  # a title-case headline holding a date
    ],
)
def test_stamp_lines_that_cannot_be_read_give_no_day(stamp: str) -> None:
    text = f"Harbour crane collapses\n\n{stamp}\n\nA crane fell onto the quay, the port said."
    assert _infer(text).date is None


def test_bare_years_are_not_evidence_of_the_past() -> None:
    text = (
        "The council approved the bridge in May 2021. Builders hope to finish it by 2031, "
        "in time for the 2032 regatta."
    )
    pub = _infer(text)
    assert pub.date is None and pub.earliest == "2021-05-01"
    assert _infer("The 2031 regatta will be the largest yet.") == NO_DATE
