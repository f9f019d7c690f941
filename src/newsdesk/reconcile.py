"""Per event and figure kind: what every source says, and what to believe now.

A report's qualifier turns its number into an interval ("at least 7" is [7, ∞),
"about 100" is [90, 110]); reports agree when their intervals meet. Reports are
ordered by the day they were published. The status says how the reports relate:

* ``single_source`` — every report comes from one independent source;
* ``agreed`` — several independent sources, all compatible;
* ``updated`` — a later day's reports differ from earlier ones (tolls rise);
* ``conflict`` — the latest day's reports cannot all be true (earlier days'
  conflicts are listed in ``conflict_days``);
* ``superseded`` — one text itself replaces an earlier value ("rose from 12 to 19").

The best value is read from the latest day's reports, conservatively (ACLED's
practice): the lowest value that every credible report of that day allows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsdesk.models import EventFigure, Figure, FigureReport

ABOUT_TOLERANCE = 0.1


@dataclass(frozen=True)
class Report:
    """One figure as one article states it, with what the reconciler needs to know."""

    article: str
    figure: Figure
    sentence: str
    reported_on: str | None
    source: str  # the independent source: the article, or the original it copies


def interval(
    value: float, qualifier: str, low: float | None, high: float | None
) -> tuple[float, float]:
    """The values a hedged number allows."""
    if qualifier == "range" and low is not None and high is not None:
        return (low, high)
    if qualifier == "at_least":
        return (value, math.inf)
    if qualifier == "more_than":
        return (math.nextafter(value, math.inf), math.inf)
    if qualifier == "about":
        return (value * (1 - ABOUT_TOLERANCE), value * (1 + ABOUT_TOLERANCE))
    if qualifier == "nearly":
        return (value * (1 - ABOUT_TOLERANCE), value)
    if qualifier == "up_to":
        return (0.0, value)
    return (value, value)


def _interval(report: Report) -> tuple[float, float]:
    f = report.figure
    return interval(f.value, f.qualifier, f.low, f.high)


def _compatible(reports: Sequence[Report]) -> bool:
    low = max(_interval(r)[0] for r in reports)
    high = min(_interval(r)[1] for r in reports)
    return low <= high


def _best(reports: Sequence[Report]) -> Report:
    """The report whose reading is most conservative yet allowed by all the others.

    Among compatible reports the highest lower bound is what all of them allow
    (001's "one person has died" and 002's "at least one" give 1); an exact
    statement of that value is preferred to a hedged one.
    """

    def key(r: Report) -> tuple[float, int, str, int]:
        return (_interval(r)[0], r.figure.qualifier == "exact", r.article, r.figure.start)

    if _compatible(reports):
        return max(reports, key=key)
    # Conflicting: the lowest credible figure, like ACLED's conservative coding.
    return min(reports, key=lambda r: (_interval(r)[0], r.article, r.figure.start))


def reconcile_kind(kind: str, reports: Sequence[Report], subset: str | None = None) -> EventFigure:
    """Reconcile all reports of one figure kind (and subset) of one event."""
    ordered = sorted(reports, key=lambda r: (r.reported_on or "9999", r.article, r.figure.start))
    current = [r for r in ordered if not r.figure.superseded]
    latest_day = max((r.reported_on or "" for r in current), default="")
    latest = [r for r in current if (r.reported_on or "") == latest_day] or current or ordered
    best = _best(latest)
    sources = {r.source for r in ordered}

    by_day: dict[str, list[Report]] = defaultdict(list)
    for r in current:
        by_day[r.reported_on or ""].append(r)
    conflict_days = sorted(
        day
        for day, group in by_day.items()
        if len({r.source for r in group}) > 1 and not _compatible(group)
    )
    same_day_conflict = latest_day in conflict_days
    # A toll that moves between days is an update even when the hedges would allow
    # both ("at least 12" on Monday, 27 on Wednesday).
    day_values = {_best(day).figure.value for day in by_day.values()}
    changed_over_time = len(by_day) > 1 and len(day_values) > 1
    if any(r.figure.superseded for r in ordered) and len(sources) == 1:
        status = "superseded"
    elif same_day_conflict:
        status = "conflict"
    elif changed_over_time:
        status = "updated"
    elif len(sources) == 1:
        status = "single_source"
    else:
        status = "agreed"

    f = best.figure
    return EventFigure(
        kind=kind,
        value=f.value,
        low=f.low,
        high=f.high,
        qualifier=f.qualifier,
        status=status,  # type: ignore[arg-type]
        independent_sources=len(sources),
        subset=subset,
        conflict_days=[d for d in conflict_days if d],
        reports=[
            FigureReport(
                article=r.article,
                value=r.figure.value,
                qualifier=r.figure.qualifier,
                as_stated=r.figure.as_stated,
                start=r.figure.start,
                end=r.figure.end,
                sentence=r.sentence,
                attributed_to=r.figure.attributed_to,
                reported_on=r.reported_on,
                place=r.figure.place,
                quote=r.figure.quote,
                superseded=r.figure.superseded,
            )
            for r in ordered
        ],
    )


def reconcile(reports: Sequence[Report]) -> list[EventFigure]:
    """Reconcile one event's reports, one entry per (kind, subset), in a stable order."""
    groups: dict[tuple[str, str | None], list[Report]] = defaultdict(list)
    for r in reports:
        groups[(r.figure.kind, r.figure.subset)].append(r)
    return [
        reconcile_kind(kind, group, subset)
        for (kind, subset), group in sorted(
            groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")
        )
    ]


def source_of(article: str, copies: Mapping[str, str]) -> str:
    """The independent source behind an article: follow copy links to the original."""
    seen = {article}
    while article in copies and copies[article] not in seen:
        article = copies[article]
        seen.add(article)
    return article
