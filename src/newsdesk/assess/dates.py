"""Publication date of an article whose metadata does not give one.

The rule is "evidence or nothing": a wrong day silently merges two different events when
articles are linked, while an honest window (or nothing) only costs a little recall. So:

* metadata or a header line wins (the reader already found it);
* a full date in the text whose stated weekday is right ("Tuesday, Nov. 15, 2022"), and which
  the story itself refers to by that weekday ("on Tuesday"), is the reporting day;
* a full date that the story refers to by weekday, without a stated weekday, dates the article
  to within the week after it;
* "a year after" / "year-long war" count from a start date only when the text states it;
* otherwise the latest full date the text mentions as past is a lower bound and nothing more
  (an article that mentions "the 2014 crash" was written in 2014 or later, not in 2014);
* a weekday alone gives no date.

``resolve_times`` then normalises the time expressions against the chosen date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from newsdesk.annotate.times import find_times, looks_forward
from newsdesk.models import Article, PublishedDate, TimeMention

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_WORD = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_FULL_DAY = re.compile(r"\d{4}-\d{2}-\d{2}$")
_START_VERB = re.compile(
    r"\b(?:began|begun|started|launched|invaded|invasion|outbreak|broke out|erupted|since)\b",
    re.I,
)
_LONG_NOUN = re.compile(
    r"^[\s-]*(?:(?:old|long|ongoing|bloody|brutal|full-scale)\s+)*"
    r"(?:war|conflict|invasion|siege|battle|occupation|campaign|offensive|crisis|fighting)\b",
    re.I,
)

UNKNOWN = PublishedDate(None, None, None, "unknown", "unknown", None)


@dataclass
class _Dated:
    """An explicit calendar expression with its first and last day."""

    mention: TimeMention
    earliest: date
    latest: date


def _explicit(times: list[TimeMention], text: str) -> list[_Dated]:
    """Calendar expressions that carry their own year and are not announcements."""
    found = []
    for t in times:
        if t.type != "DATE" or t.relative or not t.earliest or not t.latest:
            continue
        if looks_forward(text, t.start):
            continue
        found.append(_Dated(t, date.fromisoformat(t.earliest), date.fromisoformat(t.latest)))
    return found


def _weekday_refs(times: list[TimeMention], text: str) -> dict[int, TimeMention]:
    """Weekdays the story uses for its own (past) events: "on Tuesday", "late Wednesday"."""
    refs: dict[int, TimeMention] = {}
    for t in times:
        if t.value is not None or not _WEEKDAY_WORD.search(t.text):
            continue
        if re.search(r"(?i)\b(?:next|coming|last|this)\b", t.text) or looks_forward(text, t.start):
            continue
        word = _WEEKDAY_WORD.search(t.text)
        assert word is not None
        refs.setdefault(_WEEKDAYS.index(word.group(1).lower()), t)
    return refs


def _stated_weekday(mention: TimeMention) -> int | None:
    """The weekday written in front of a full date ("Tuesday, Nov. 15, 2022"), if any."""
    match = re.match(r"\s*(" + "|".join(_WEEKDAYS) + r")\b", mention.text, re.I)
    return _WEEKDAYS.index(match.group(1).lower()) if match else None


def _from_metadata(article: Article) -> PublishedDate | None:
    if not article.published:
        return None
    basis = article.published_basis if article.published_basis != "unknown" else "metadata"
    return PublishedDate(
        article.published, article.published, article.published, "day", basis,
        article.published_evidence,
    )  # fmt: skip


def _from_weekday_match(
    explicit: list[_Dated], refs: dict[int, TimeMention]
) -> PublishedDate | None:
    """The latest full day, when the story also calls that day by its weekday."""
    days = [d for d in explicit if _FULL_DAY.match(d.mention.value or "")]
    if not days:
        return None
    latest = max(days, key=lambda d: d.earliest)
    if any(d.earliest > latest.earliest for d in explicit):
        return None  # a later month or year is mentioned as past: this day is not "today"
    day = latest.earliest
    ref = refs.get(day.weekday())
    stated = _stated_weekday(latest.mention)
    if stated is not None and stated != day.weekday():
        return None  # "Monday, Nov. 15, 2022" is self-contradictory: no evidence
    if ref is None:
        return None
    if stated is not None:
        return PublishedDate(
            day.isoformat(), day.isoformat(), (day + timedelta(days=1)).isoformat(), "day",
            "text", f"{latest.mention.text} … {ref.text}",
        )  # fmt: skip
    return PublishedDate(
        day.isoformat(), day.isoformat(), (day + timedelta(days=6)).isoformat(), "week",
        "inferred", f"{latest.mention.text} … {ref.text}",
    )  # fmt: skip


def _from_elapsed(
    text: str, times: list[TimeMention], explicit: list[_Dated]
) -> PublishedDate | None:
    """ "year-long war" / "two years after the invasion" counted from a start the text states
    ("the war began on Feb. 24, 2022"); never from outside knowledge."""
    starts = [
        d for d in explicit
        if _START_VERB.search(text[max(0, d.mention.start - 80) : d.mention.start])
    ]  # fmt: skip
    if not starts:
        return None
    start = min(starts, key=lambda d: d.earliest)
    for t in times:
        years = _elapsed_years(t, text)
        if years is None:
            continue
        middle = start.earliest.replace(year=start.earliest.year + years)
        earliest = max(middle - timedelta(days=45), max(d.earliest for d in explicit))
        latest = middle + timedelta(days=120)
        return PublishedDate(
            None, earliest.isoformat(), latest.isoformat(), "unknown", "inferred",
            f"{t.text} … {start.mention.text}",
        )  # fmt: skip
    return None


def _elapsed_years(t: TimeMention, text: str) -> int | None:
    """Years elapsed for "year-long war", "two-year conflict", "a year after/since"."""
    match = re.fullmatch(r"P(\d+)Y", t.value or "")
    if t.type != "DURATION" or not match:
        return None
    after = text[t.end : t.end + 40]
    if _LONG_NOUN.match(after) or re.match(r"\s+(?:after|since)\b", after):
        return int(match.group(1))
    return None


def _lower_bound(explicit: list[_Dated]) -> PublishedDate | None:
    """Written on or after the latest date it mentions as past; a bound, not a date."""
    if not explicit:
        return None
    latest = max(explicit, key=lambda d: d.earliest)
    return PublishedDate(
        None, latest.earliest.isoformat(), None, "unknown", "inferred",
        latest.mention.text,
    )  # fmt: skip


def infer_published(article: Article, text: str, times_no_dct: list[TimeMention]) -> PublishedDate:
    """Publication date with its window, precision, basis and verbatim evidence.

    ``text`` is the cleaned same-length text and ``times_no_dct`` the time expressions found
    in it without a document date (relative ones have ``value=None``).
    """
    known = _from_metadata(article)
    if known is not None:
        return known
    explicit = _explicit(times_no_dct, text)
    refs = _weekday_refs(times_no_dct, text)
    matched = _from_weekday_match(explicit, refs)
    elapsed = _from_elapsed(text, times_no_dct, explicit)
    if matched is not None and (elapsed is None or _inside(matched.date, elapsed)):
        return matched
    return elapsed or _lower_bound(explicit) or UNKNOWN


def _inside(day: str | None, window: PublishedDate) -> bool:
    """Whether a day fits a window; the elapsed-time window outranks a weekday that merely
    matches (the start date of a war falls on some weekday too)."""
    if day is None:
        return False
    return (window.earliest or day) <= day <= (window.latest or day)


def resolve_times(text: str, published: PublishedDate) -> list[TimeMention]:
    """Time expressions normalised against the chosen publication date (None when unknown)."""
    dct = date.fromisoformat(published.date) if published.date else None
    return find_times(text, dct)
