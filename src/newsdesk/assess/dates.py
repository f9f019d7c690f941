"""Publication date of an article whose metadata does not give one.

The rule is "evidence or nothing": a wrong day silently merges two different events when
articles are linked, while an honest window (or nothing) only costs a little recall. So:

* metadata or a header line wins (the reader already found it);
* a dateline near the top — a short line that holds one full date and nothing but the
  furniture of a timestamp ("Published: Friday, Sep 10, 2010 | Updated 8:52 PM EDT") — is
  the day the page states for itself; a line that says anything else ("End of Watch:
  June 24, 2005", "The plant burned on May 2, 2013.") is no dateline;
* a full date in the text whose stated weekday is right ("Tuesday, Nov. 15, 2022"), and which
  the story itself refers to by that weekday ("on Tuesday"), is the reporting day;
* a full date that the story refers to by weekday, without a stated weekday, dates the article
  to within the week after it;
* "a year after" / "year-long war" count from a start date only when the text states it;
* otherwise the latest date the text mentions as past is a lower bound and nothing more
  (an article that mentions "the crash in July 2014" was written then or later, not then);
* a bare year (or half, quarter, season) is no evidence of the past at all: it names a
  target or an edition as often as a past happening ("host the 2014 Oscars", "savings
  through 2012", "the second half of 2012"), so it neither bounds nor vetoes a date;
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
_FULL_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:T|$)")  # a day, or a clock time on one
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

MAX_EVIDENCE_SPAN = timedelta(days=31)  # a month; a year alone is no evidence (see above)
DATELINE_LINES = 5  # a page's own timestamp sits under the headline, not deep in the story
DATELINE_MAX_CHARS = 80
# What may stand beside the date on a dateline: clock times, zones, and the words that
# label a timestamp. Anything else (a name, a verb, "End of Watch") makes it prose.
_CLOCK = re.compile(
    r"(?i)\b\d{1,2}\s?[:.]\s?\d{2}(?:[:.]\d{2})?\s?(?:[ap]\.?\s?m\b\.?|[ap]\b)?"
    r"|\b\d{1,2}\s?[ap]\.?\s?m\b\.?"
    r"|\b\d{4}(?=\s?(?:gmt|utc|hkt|bst|ist|[ecmp][sd]t)\b)"
    r"|\b(?:gmt|utc)\s?[+-]\s?\d{1,2}(?::?\d{2})?"
)
_STAMP_WORD = re.compile(
    r"(?i)^(?:first|last|published|posted|updated|modified|created|story|time|date|on|at"
    r"|hrs|am|pm|gmt|utc|uk|[ecmpa][sd]?t|ak[sd]t|bst|ce[s]?t|ist|hkt|aed?st|jst|sast|msk"
    r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|" + "|".join(_WEEKDAYS) + r")$"
)
# News agencies that sign a stamp line ("Reuters Sep 18, 2013, 02.16PM IST").
_AGENCY = re.compile(
    r"(?i)^(?:by|reuters|bloomberg|xinhua|afp|ap|upi|pti|ians|ani|dpa|efe|ansa|kyodo|yonhap"
    r"|tass|associated|press|agence|france|presse|staff|wire|reports?)$"
)
# A numeric stamp, "12/16/08" or "4/9/2007" (some sources space the slashes).
_NUMERIC_DAY = re.compile(r"(?<![\d/])(\d{1,2})\s?/\s?(\d{1,2})\s?/\s?(\d{4}|\d{2})(?![\d/])")
# Month-first is the American order; a 12-hour clock or an American zone says so.
_AMERICAN = re.compile(r"(?i)\d\s?[ap]\.?\s?m\b|\d\s?[ap]\b|\b(?:[ecmp][sd]?t|ak[sd]t|hst)\b")


@dataclass
class _Dated:
    """An explicit calendar expression with its first and last day."""

    mention: TimeMention
    earliest: date
    latest: date


def _explicit(times: list[TimeMention], text: str) -> list[_Dated]:
    """Calendar expressions, a month or finer, that carry their own year and are not
    announcements."""
    found = []
    for t in times:
        if t.type not in {"DATE", "TIME"} or t.relative or not t.earliest or not t.latest:
            continue
        if looks_forward(text, t.start):
            continue
        dated = _Dated(t, date.fromisoformat(t.earliest), date.fromisoformat(t.latest))
        if dated.latest - dated.earliest <= MAX_EVIDENCE_SPAN:
            found.append(dated)
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


def _from_dateline(text: str, explicit: list[_Dated]) -> PublishedDate | None:
    """The page's own timestamp line, if one of the first lines is nothing else.

    The line may carry an agency's name and a place in capitals ("TNN Nov 12, 2011, 05.51AM
    IST MUMBAI:"), and a second stamp ("First Posted: 10/25/11 ... Updated: 12/25/11"):
    the first stamp is the page's publication, the others its updates.

    The window is a day either side: the outlet's zone and the reader's may differ, and a
    stamp may be that of an update, a day after the first version.

    The day is read from the page's header lines, so its basis is "header"; the window keeps
    the linker from taking days resolved against it as firm enough to veto a merge (a stamp
    may be an update's: on ECB+ such vetoes split events, B-cubed F1 0.918 -> 0.861).
    """
    days = [
        (d.mention.start, d.mention.end, d.earliest)
        for d in explicit
        if _FULL_DAY.match(d.mention.value or "")
    ]
    for start, end in _first_lines(text, DATELINE_LINES):
        if end - start > DATELINE_MAX_CHARS:
            continue
        line = text[start:end]
        stamps = sorted(
            [(a - start, b - start, day) for a, b, day in days if start <= a and b <= end]
            + _numeric_stamps(line)
        )
        if not stamps:
            continue
        rest, at = [], 0
        for a, b, _ in stamps:
            rest.append(line[at:a])
            at = max(at, b)
        rest.append(line[at:])
        first = stamps[0]
        before_next = line[: stamps[1][0]] if len(stamps) > 1 else line
        if not _only_stamp(" ".join(rest)) or not _weekdays_agree(before_next, first[2]):
            continue
        day, one = first[2], timedelta(days=1)
        if any(d.earliest > day + one for d in explicit if not start <= d.mention.start < end):
            return None  # the story tells of later days as past: the stamp is not today
        return PublishedDate(
            day.isoformat(), (day - one).isoformat(), (day + one).isoformat(), "day",
            "header", line.strip(),
        )  # fmt: skip
    return None


def _numeric_stamps(line: str) -> list[tuple[int, int, date]]:
    """Numeric dates on a stamp line, where the order of day and month can be told.

    A number above 12 tells it; otherwise a 12-hour clock or an American time zone on the
    line means month first. Without either the stamp is left unread: 4/9 is April or
    September.
    """
    found = []
    for match in _NUMERIC_DAY.finditer(line):
        first, second, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000 if year < 70 else 1900
        if first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first or first == second or _AMERICAN.search(line):
            month, day = first, second
        else:
            continue
        try:
            found.append((match.start(), match.end(), date(year, month, day)))
        except ValueError:
            continue
    return found


def _first_lines(text: str, count: int) -> list[tuple[int, int]]:
    """Start and end of the first non-blank lines, stripped."""
    out = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
            if len(out) == count:
                break
    return out


def _only_stamp(rest: str) -> bool:
    """Whether what stands beside the date is only timestamp furniture."""
    words = re.findall(r"[^\W\d_]+|\d+", _CLOCK.sub(" ", rest))
    return all(_STAMP_WORD.match(w) or _AGENCY.match(w) or _is_capitals(w) for w in words)


def _is_capitals(word: str) -> bool:
    """A place or an agency in capitals ("WASHINGTON", "TNN"), as stamp lines write them."""
    return len(word) >= 2 and word.isalpha() and word.isupper()


def _weekdays_agree(line: str, day: date) -> bool:
    """A weekday written on the line must be the date's own ("Fri Sep 10, 2010")."""
    for match in re.finditer(r"(?i)\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", line):
        if [w[:3] for w in _WEEKDAYS].index(match.group(1).lower()) != day.weekday():
            return False
    return True


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
    dateline = _from_dateline(text, explicit)
    if dateline is not None:
        return dateline
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
