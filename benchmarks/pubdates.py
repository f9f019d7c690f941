"""Publication-date inference on ECB+, scored against the dates in the documents' URLs.

ECB+ gives no publication dates, but its ``ecbplus`` documents begin with their source URL
(the ``ecb`` half of the corpus has none), and many URLs carry the day the article was
put online. That day is the gold here. The text newsdesk sees never holds the URL: the
documents are read with :func:`events.read_corpus`, which drops the URL tokens.

Which URLs count (:func:`url_date`): a date with year, month *and* day, written as

* path segments ``/2011/08/09/`` or ``/2013/may/03/`` (month as a number or an English
  month name), also with a section word between year and month (``/2007/US/04/09/``);
  the day must be a whole segment, since slugs may begin with a number
  (``/2013/03/46-earthquake``, and so ``/2009/04/27-1`` is not taken either);
* ``2010-05-05`` bounded by non-digits (``/2010-05-05-greece-strike``);
* ``2012feb29``, and eight digits ``20130504`` standing alone (``-20130504``, ``ymd=20081216``,
  ``idUK...NQ20100505``), not part of a longer run of digits.

Rejected: year and month only (``/2008/12/slug``), six-digit ``061313``-style dates
(month-first or day-first cannot be told apart), underscore dates (on Blogspot
``2005_05_01_archive`` is a month's archive page, not a day), days that do not exist
(``20697025``), and days outside 1994-01-01 .. 2014-12-31 (before news was on the web or
after ECB+ was compiled in 2014: such digits are article numbers). If one URL holds two
dates more than a day apart it is ambiguous and gets no gold; a day apart (an online and
a print date), the path date is taken.

Two paths are run on all 982 documents, neither given a publication date:

* **per article** — the CLI's ``newsdesk annotate``: each text written to a ``.txt`` file,
  read with :func:`newsdesk.read.read_paths`, annotated with
  :func:`newsdesk.pipeline.annotate_many` (cached under ``$NEWSDESK_CACHE``, default
  ``/tmp/newsdesk-ecbplus-cache``);
* **whole corpus** — :func:`newsdesk.analysis.assemble` over those annotations, which may
  also date an article from the events it reports.

Usage: .venv/bin/python benchmarks/pubdates.py [--workers 2] [--topics 1-35] [--errors 20]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from events import ECBPLUS, TEST_TOPICS, Document, _sentences, open_corpus
from newsdesk.models import AnnotatedArticle, PublishedDate

FIRST_PLAUSIBLE = date(1994, 1, 1)
LAST_PLAUSIBLE = date(2014, 12, 31)
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for name in names
}
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
# The day must be a whole path segment: "/2013/03/46-earthquake" is a slug, not the 46th.
_SEGMENT_END = r"(?=$|[/?#.])"
# Most specific first: a path date is the site's own archive structure.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "path",
        re.compile(
            r"/(?P<y>\d{4})/(?P<m>\d{1,2}|" + _MONTH_WORD + r")/(?P<d>\d{1,2})" + _SEGMENT_END,
            re.I,
        ),
    ),
    # CNN style: the section between year and month ("/2007/US/04/09/").
    (
        "path",
        re.compile(r"/(?P<y>\d{4})/[A-Za-z]+/(?P<m>\d{2})/(?P<d>\d{2})" + _SEGMENT_END),
    ),
    ("dashed", re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")),
    ("compact", re.compile(r"(?<!\d)(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?!\d)")),
    (
        "compact",
        re.compile(r"(?<!\d)(?P<y>\d{4})(?P<m>" + _MONTH_WORD + r")(?P<d>\d{2})(?!\d)", re.I),
    ),
)


@dataclass(frozen=True)
class UrlDate:
    """The gold day read from a URL, with the pattern and the piece of URL it came from."""

    day: date
    pattern: str  # "path", "dashed" or "compact"
    text: str


def url_date(
    url: str, *, first: date = FIRST_PLAUSIBLE, last: date = LAST_PLAUSIBLE
) -> UrlDate | None:
    """The publication day a URL states, or None when it states none or is ambiguous.

    Only full days count: a month alone is no day, and a gold day that is only a guess
    would score the inference against noise.
    """
    found: list[UrlDate] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(url):
            day = _checked_day(match, first, last)
            if day is not None and all(f.day != day for f in found):
                found.append(UrlDate(day, name, match.group(0).strip("/")))
    if not found:
        return None
    if max(f.day for f in found) - min(f.day for f in found) > timedelta(days=1):
        return None  # two different days: no telling which one is the publication
    return found[0]


def _checked_day(match: re.Match[str], first: date, last: date) -> date | None:
    """The matched day if it exists on the calendar and lies in the plausible span."""
    month_text = match.group("m").lower()
    month = _MONTHS.get(month_text) if month_text.isalpha() else int(month_text)
    if month is None:
        return None
    try:
        day = date(int(match.group("y")), month, int(match.group("d")))
    except ValueError:
        return None
    return day if first <= day <= last else None


def document_url(path: Path) -> str | None:
    """The source URL an ECB+ file opens with (its first sentence), glued back together."""
    sentences = _sentences(path)
    if not sentences or not sentences[0]:
        return None
    first = sentences[0]
    if not re.match(r"(?i)^(https?|www)$", first[0]):
        return None
    return "".join(first)


# ------------------------------------------------------------------ running
@dataclass
class Case:
    """One document: its URL date (the gold, if any) and the dates both paths gave it."""

    doc: Document
    url: str | None
    gold: UrlDate | None
    own: PublishedDate  # per-article path
    whole: PublishedDate  # after assemble


@dataclass
class Timing:
    annotate_s: float
    assemble_s: float


def annotate_documents(
    docs: Sequence[Document], workers: int
) -> tuple[list[AnnotatedArticle], dict[str, str], Timing, list[AnnotatedArticle]]:
    """Both paths over the documents, read as the CLI reads ``.txt`` files.

    Returns the per-article annotations, document name -> article id, the timings and the
    annotations after :func:`assemble` (in the same order).
    """
    from newsdesk.analysis import assemble
    from newsdesk.pipeline import annotate_many
    from newsdesk.read import read_paths

    with tempfile.TemporaryDirectory(prefix="pubdates-") as folder:
        for doc in docs:
            (Path(folder) / f"{doc.name}.txt").write_text(doc.text, encoding="utf-8")
        articles, problems = read_paths([folder])
    if problems:
        raise SystemExit(f"could not read {len(problems)} documents: {problems[:3]}")
    ids = {Path(a.path).stem: a.id for a in articles}
    unique = list({a.id: a for a in articles}.values())  # as analyse() does
    t0 = time.perf_counter()
    annotated = annotate_many(unique, workers=workers, use_cache=True)
    t1 = time.perf_counter()
    whole = assemble(annotated, workers=workers, use_cache=True).annotated
    t2 = time.perf_counter()
    return annotated, ids, Timing(t1 - t0, t2 - t1), whole


def build_cases(docs: Sequence[Document], workers: int) -> tuple[list[Case], Timing]:
    annotated, ids, timing, whole = annotate_documents(docs, workers)
    own = {a.article.id: a.published for a in annotated}
    after = {a.article.id: a.published for a in whole}
    cases = []
    for doc in docs:
        url = document_url(ECBPLUS / str(doc.topic) / f"{doc.name}.xml")
        gold = url_date(url) if url else None
        aid = ids[doc.name]
        cases.append(Case(doc, url, gold, own[aid], after[aid]))
    return cases, timing


# ------------------------------------------------------------------ scoring
GROUPS = ("stated", "dateline", "inferred", "events", "none")
GROUP_NOTES = {
    "stated": "basis text: a full date with its weekday that the story uses",
    "dateline": "the page's timestamp line near the top (basis header, evidence = the line)",
    "inferred": "a day the text only implies (weekday + full date, elapsed time)",
    "events": "lent by assemble from the dated events the article reports",
    "none": "no day (perhaps a window or a lower bound)",
}


def group_of(pub: PublishedDate, own: PublishedDate) -> str:
    """Which kind of evidence gave the day: the text said it, implied it, or other articles."""
    if pub.date is None:
        return "none"
    if own.date is None:
        return "events"
    if pub.basis == "header":
        return "dateline"
    if pub.basis in ("text", "metadata"):
        return "stated"
    return "inferred"


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def in_window(gold: date, pub: PublishedDate) -> bool | None:
    """Whether the gold day lies in the reported window; None when no bound is reported."""
    low, high = _day(pub.earliest), _day(pub.latest)
    if low is None and high is None:
        return None
    return (low is None or low <= gold) and (high is None or gold <= high)


@dataclass
class Score:
    """Figures over a set of URL-dated documents for one path."""

    n: int = 0
    dated: int = 0
    exact: int = 0
    near: int = 0  # within one day
    window: int = 0  # dated, and the gold lies in the reported window
    implied: int = 0  # dated from what the text only implies, or from events
    bounded: int = 0  # undated but with a window or a lower bound
    bound_holds: int = 0
    errors: list[int] | None = None

    def add(self, gold: date, pub: PublishedDate, group: str) -> None:
        self.n += 1
        self.errors = self.errors or []
        day = _day(pub.date)
        inside = in_window(gold, pub)
        if day is None:
            if inside is not None:
                self.bounded += 1
                self.bound_holds += int(inside)
            return
        self.dated += 1
        error = abs((day - gold).days)
        self.errors.append(error)
        self.exact += int(error == 0)
        self.near += int(error <= 1)
        self.window += int(bool(inside))
        self.implied += int(group in ("inferred", "events"))

    def row(self, label: str) -> str:
        if not self.n:
            return f"  {label:<22} -"
        median = f"{statistics.median(self.errors):.1f}" if self.errors else "-"
        dated = self.dated or 1
        line = (
            f"  {label:<22} {self.n:>4} {self.dated:>4} {self.dated / self.n:>6.1%}"
            f" {self.exact:>4} {self.exact / dated:>6.1%} {self.near:>4} {self.near / dated:>6.1%}"
            f" {self.window:>4} {self.window / dated:>6.1%} {median:>6} {self.implied:>4}"
        )
        if self.bounded:
            line += f"   bounds {self.bound_holds}/{self.bounded} hold"
        return line


HEADER = (
    f"  {'':<22} {'n':>4} {'dated':>4} {'cover':>6} {'day':>4} {'exact':>6} {'±1':>4} {'±1 %':>6}"
    f" {'win':>4} {'win %':>6} {'|err|':>6} {'impl':>4}"
)


def score(cases: Iterable[Case], whole: bool) -> tuple[Score, dict[str, Score]]:
    """Overall and per-group figures over the URL-dated cases, for one path."""
    total, by_group = Score(), {g: Score() for g in GROUPS}
    for case in cases:
        if case.gold is None:
            continue
        pub = case.whole if whole else case.own
        group = group_of(pub, case.own)
        total.add(case.gold.day, pub, group)
        by_group[group].add(case.gold.day, pub, group)
    return total, by_group


# ------------------------------------------------------------------ report
def _subsets(cases: Sequence[Case]) -> list[tuple[str, list[Case]]]:
    train = [c for c in cases if c.doc.topic not in TEST_TOPICS]
    test = [c for c in cases if c.doc.topic in TEST_TOPICS]
    return [("all", list(cases)), ("topics 1-35", train), ("topics 36-45", test)]


def report_gold(cases: Sequence[Case]) -> None:
    with_url = [c for c in cases if c.url]
    patterns: dict[str, int] = {}
    for c in cases:
        if c.gold:
            patterns[c.gold.pattern] = patterns.get(c.gold.pattern, 0) + 1
    n_gold = sum(patterns.values())
    print(
        f"gold: {len(with_url)} of {len(cases)} documents open with a URL; {n_gold} URLs give a"
        f" day ({', '.join(f'{k} {v}' for k, v in sorted(patterns.items()))})"
    )
    for title, subset in _subsets(cases)[1:]:
        print(f"  {title}: {sum(1 for c in subset if c.gold)} URL-dated of {len(subset)}")


def report_scores(cases: Sequence[Case]) -> None:
    for whole, title in (
        (False, "per article (newsdesk annotate)"),
        (True, "whole corpus (assemble)"),
    ):
        print(f"\n{title}: URL-dated documents")
        print(HEADER)
        for name, subset in _subsets(cases):
            total, by_group = score(subset, whole)
            print(total.row(name))
            for group in GROUPS:
                if by_group[group].n and (whole or group != "events"):
                    print(by_group[group].row(f"  {group}"))
    print("\ngroups: " + "; ".join(f"{g} = {n}" for g, n in GROUP_NOTES.items()))
    print(
        "columns: n URL-dated, dated = given a day, day exact, ±1 day, win = gold inside the"
        " reported earliest..latest, |err| = median absolute error in days over the dated,"
        " impl = dated from what the text implies or from events; bounds = undated with a"
        " window or lower bound that holds the gold day"
    )


def report_undated(cases: Sequence[Case]) -> None:
    print("\ndocuments without a URL date: how many get a day anyway")
    kinds = (
        ("no URL (ecb half)", [c for c in cases if c.url is None]),
        ("URL without a day", [c for c in cases if c.url and c.gold is None]),
    )
    for label, subset in kinds:
        own = sum(1 for c in subset if c.own.date)
        whole = sum(1 for c in subset if c.whole.date)
        groups = Counter(group_of(c.whole, c.own) for c in subset if c.whole.date)
        print(
            f"  {label:<20} {len(subset):>4}: per article {own} ({own / max(1, len(subset)):.1%}),"
            f" whole corpus {whole} ({whole / max(1, len(subset)):.1%};"
            f" {', '.join(f'{g} {groups[g]}' for g in GROUPS if groups[g])})"
        )


def report_errors(cases: Sequence[Case], limit: int) -> None:
    """The whole-corpus path's wrong days, largest error first."""
    wrong = []
    for c in cases:
        day = _day(c.whole.date)
        if c.gold is None or day is None or day == c.gold.day:
            continue
        wrong.append((abs((day - c.gold.day).days), c))
    wrong.sort(key=lambda item: (-item[0], item[1].doc.name))
    print(f"\nwrong days (whole corpus), {min(limit, len(wrong))} of {len(wrong)}:")
    for error, c in wrong[:limit]:
        pub = c.whole
        evidence = (pub.evidence or "").replace("\n", " ")
        if len(evidence) > 110:
            evidence = evidence[:107] + "..."
        print(
            f"  {c.doc.name:<12} gold {c.gold.day if c.gold else '-'} got {pub.date}"
            f" [{pub.earliest}..{pub.latest}] {error:>4} d {group_of(pub, c.own):<8}"
            f" {evidence}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--topics", help="topics to run, e.g. 1-35 (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list N wrong days")
    args = parser.parse_args(argv)
    docs = open_corpus(args.topics)
    if docs is None:
        return 0
    cases, timing = build_cases(docs, args.workers)
    print(
        f"annotate (cache {os.environ['NEWSDESK_CACHE']}): {timing.annotate_s:.1f} s;"
        f" assemble: {timing.assemble_s:.1f} s"
    )
    report_gold(cases)
    report_scores(cases)
    report_undated(cases)
    if args.errors:
        report_errors(cases, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
