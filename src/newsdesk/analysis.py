"""The whole job as a Python API: articles in, events and stories with sources out.

``analyse`` runs the per-article stage (cached, parallel), finds copies, links
event mentions into events and stories, dates undated articles from the events
they report, and reconciles and tells each event. The result holds the same
objects the JSON document is made of.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from newsdesk import collector
from newsdesk.assess.duplicates import Copy, find_copies, fingerprint
from newsdesk.link import Cluster, Linked, link, place_key
from newsdesk.models import (
    AnnotatedArticle,
    Article,
    DateRange,
    Event,
    EventPlace,
    PlaceMention,
    PublishedDate,
    ReadProblem,
    Story,
)
from newsdesk.pipeline import annotate_many
from newsdesk.reconcile import Report, reconcile, source_of
from newsdesk.tell import label, summarise

MAX_EVENT_PLACES = 12


@dataclass
class Analysis:
    """Everything a brief shows, as model objects."""

    annotated: list[AnnotatedArticle]
    events: list[Event]
    stories: list[Story]
    main_event: dict[str, str | None]
    copies: dict[str, Copy]
    problems: list[ReadProblem] = field(default_factory=list)


def analyse(
    articles: Sequence[Article],
    problems: Sequence[ReadProblem] = (),
    *,
    workers: int | None = None,
    use_cache: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Analysis:
    """Run the whole pipeline over articles that have been read."""
    unique: dict[str, Article] = {}
    for article in articles:
        unique.setdefault(article.id, article)  # the same text read twice is one article
    annotated = annotate_many(
        unique.values(), workers=workers, use_cache=use_cache, progress=progress
    )
    return assemble(annotated, problems, workers=workers, use_cache=use_cache)


def assemble(
    annotated: list[AnnotatedArticle],
    problems: Sequence[ReadProblem] = (),
    *,
    workers: int | None = None,
    use_cache: bool = True,
) -> Analysis:
    """The across-articles stages over annotated articles (link, date, reconcile, tell)."""
    with collector.paused():  # see newsdesk.collector
        return _assemble(annotated, problems, workers=workers, use_cache=use_cache)


def _assemble(
    annotated: list[AnnotatedArticle],
    problems: Sequence[ReadProblem],
    *,
    workers: int | None,
    use_cache: bool,
) -> Analysis:
    copies = find_copies(
        {a.article.id: a.fingerprint or fingerprint(a.article.text) for a in annotated},
        {a.article.id: a.published.date for a in annotated},
    )
    originals = {k: c.original for k, c in copies.items()}
    linked = link(annotated, originals)
    dates = _date_from_events(annotated, linked)
    if dates:
        # Annotate the newly dated articles again so that "Tuesday" or "October 10"
        # resolve against their date, then link once more.
        todo = [a.article for a in annotated if a.article.id in dates]
        again = annotate_many(todo, published=dates, workers=workers, use_cache=use_cache)
        redone = {a.article.id: a for a in again}
        annotated = [redone.get(a.article.id, a) for a in annotated]
        linked = link(annotated, originals)
    sources = {a.article.id: source_of(a.article.id, originals) for a in annotated}
    events, ids = _events(annotated, linked, sources)
    stories = _stories(linked, events, ids)
    main_event = {aid: (ids[c] if c is not None else None) for aid, c in linked.main_event.items()}
    return Analysis(annotated, events, stories, main_event, copies, list(problems))


# ------------------------------------------------------------- dating from events
def _date_from_events(
    annotated: Sequence[AnnotatedArticle], linked: Linked
) -> dict[str, PublishedDate]:
    """Date articles that state no date from the dated events they report.

    An article that tells by weekday of an event that at least two other articles
    date to day D, a day of that weekday, was published on or after D; it is dated D,
    with a window to the day after (news of a day mostly comes out that day or the next). An article
    whose own event is told by weekday only ("on Thursday") and that itself tells of
    an earlier event of its story, one others date to D (the latest such), is taken
    to be published on the first such weekday on or after D: news of a story comes
    after what it builds on. A story is joined through any article that mentions two
    of its events, so its other events may include a similar happening of another
    year; only the events the article itself tells of anchor it. Anything weaker
    leaves the date unknown.

    A lent date has basis "inferred": the second link pass resolves the article's
    weekdays against it (so its events get days) but, not being a date that was read,
    it vetoes nothing there. The day came from the very reports the article was linked
    to, so it is no new evidence for moving the article to another event.
    """
    by_id = {c.id: c for c in linked.clusters}
    story_of = {cid: tuple(s) for s in linked.stories for cid in s}
    out: dict[str, PublishedDate] = {}
    for item in annotated:
        if item.published.date is not None:
            continue
        aid = item.article.id
        main = linked.main_event.get(aid)
        if main is None:
            continue
        cluster = by_id[main]
        day = _day_from_others(cluster, aid)
        weekday = _main_weekday(cluster, aid)
        if day is not None:
            # The article's own words must fit: it names the event's weekday ("on Tuesday").
            # Without that, a wrong first link would lend a wrong date and spread.
            if weekday == day.weekday():
                others = sorted({f.article for f in cluster.frames if f.article != aid})
                evidence = (
                    f"tells of a {day.strftime('%A')} event that articles {', '.join(others)} "
                    f"date to {day.isoformat()}"
                )
                out[aid] = _inferred(day, day + timedelta(days=1), evidence)
            continue
        # Only events the article itself tells of anchor it: a storyline joined through
        # other articles may hold a similar happening from another year.
        anchors = [
            d
            for cid in story_of.get(main, ())
            if cid != main and aid in by_id[cid].articles
            for d in [_anchor_of(by_id[cid], aid)]
            if d is not None
        ]
        # Only a storyline that holds together in time (weeks, not years) lends a date.
        if weekday is None or not anchors or max(anchors) - min(anchors) > STORY_SPAN:
            continue
        anchor = max(anchors)
        day = anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
        evidence = (
            f"its own event falls on a {day.strftime('%A')}, the first on or after "
            f"{anchor.isoformat()}, the latest dated event of its story"
        )
        out[aid] = _inferred(day, day + timedelta(days=1), evidence)
    return out


STORY_SPAN = timedelta(days=90)
MIN_DATING_SUPPORT = 1.5  # evidence needed before a date is lent (see _day_from_others)


def _day_from_others(cluster: Cluster, article: str) -> date | None:
    """The day other articles give this event, if the evidence adds up and none dissents much.

    An article that dates the event to the day counts fully; one whose window (say,
    "on or before its publication day") holds that day counts half. One article's
    date alone is too weak to lend: a wrong first link would then spread.
    """
    support: dict[date, float] = {}
    windows = []
    for frame in cluster.frames:
        if frame.article == article or not frame.dated:
            continue
        assert frame.earliest and frame.latest
        if frame.earliest == frame.latest:
            support[frame.earliest] = support.get(frame.earliest, 0.0) + 1.0
        else:
            windows.append((frame.earliest, frame.latest))
    if not support:
        return None
    for day in support:
        support[day] += 0.5 * sum(1 for lo, hi in windows if lo <= day <= hi)
    day, weight = max(support.items(), key=lambda kv: (kv[1], kv[0]))
    if weight < MIN_DATING_SUPPORT or weight * 3 < sum(support.values()) * 2:
        return None
    return day


def _anchor_of(cluster: Cluster, article: str) -> date | None:
    """The last day an earlier event the article tells of can have happened on.

    The day others give it, or else the end of the week others place it in ("last
    week", in articles dated otherwise): the article came after that.
    """
    day = _day_from_others(cluster, article)
    if day is not None:
        return day
    windows = [
        (f.earliest, f.latest)
        for f in cluster.frames
        if f.article != article and f.earliest is not None and f.latest is not None
    ]
    if not windows:
        return None
    low, high = max(w[0] for w in windows), min(w[1] for w in windows)
    return high if low <= high and high - low <= timedelta(days=7) else None


def _main_weekday(cluster: Cluster, article: str) -> int | None:
    for frame in cluster.frames:
        if frame.article == article and frame.weekday is not None:
            return frame.weekday
    return None


def _inferred(day: date, latest: date, evidence: str) -> PublishedDate:
    return PublishedDate(
        date=day.isoformat(),
        earliest=day.isoformat(),
        latest=latest.isoformat(),
        precision="day",
        basis="inferred",
        evidence=evidence,
    )


# ----------------------------------------------------------------------- events
def _event_id(cluster: Cluster) -> str:
    # An article's untyped news has no mention index: the article alone names it, so
    # that two events made only of untyped news never share an id.
    keys = sorted(
        f"{f.article}:{m}"
        for f in cluster.frames
        for m in ([str(i) for i in f.mentions] or [f"news:{f.type}"])
    )
    return "ev-" + hashlib.sha256("|".join(keys).encode()).hexdigest()[:12]


def _date_range(cluster: Cluster) -> DateRange:
    day = cluster.day
    if day is not None:
        return DateRange(day.isoformat(), day.isoformat(), "day")
    if cluster.earliest is None or cluster.latest is None:
        return DateRange(None, None, "unknown")
    span = (cluster.latest - cluster.earliest).days
    precision = (
        "week" if span <= 7 else "month" if span <= 31 else "year" if span <= 366 else "unknown"
    )
    return DateRange(cluster.earliest.isoformat(), cluster.latest.isoformat(), precision)  # type: ignore[arg-type]


MIN_PLACE_SCORE = 0.35  # below this the resolver was guessing ("Old Town" → Las Vegas)
FIGURE_PLACE_WEIGHT = 6  # a place a toll is tied to ("killed in Vilnyansk") is where it happened


def _places(cluster: Cluster, toll_places: Sequence[PlaceMention]) -> list[EventPlace]:
    """The event's places, most telling first: toll places, then towns, then countries."""
    counts: Counter[str] = Counter()
    first: dict[str, EventPlace] = {}
    weighted = [(p, FIGURE_PLACE_WEIGHT) for p in toll_places]
    weighted += [
        (p, 1 if p.kind == "country" else 3)
        for f in cluster.frames
        for p in f.places
        if p.score >= MIN_PLACE_SCORE
    ]
    for p, weight in weighted:
        key = place_key(p)
        counts[key] += weight
        if key not in first:
            first[key] = EventPlace(
                p.name, p.geonameid, p.country_code, p.admin1, p.lat, p.lon, p.kind, p.precision
            )
    return [
        first[k] for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], first[kv[0]].name))
    ][:MAX_EVENT_PLACES]


def _toll_places(
    reports: Sequence[Report], by_article: dict[str, AnnotatedArticle]
) -> list[PlaceMention]:
    """The place mentions that figures are tied to, found in their own articles."""
    out = []
    for r in reports:
        if r.figure.place:
            for p in by_article[r.article].places:
                if r.figure.place in (p.name, p.text):
                    out.append(p)
                    break
    return out


def _events(
    annotated: Sequence[AnnotatedArticle], linked: Linked, sources: dict[str, str]
) -> tuple[list[Event], dict[int, str]]:
    by_article = {a.article.id: a for a in annotated}
    ids = {c.id: _event_id(c) for c in linked.clusters}
    main_of: dict[int, list[str]] = {}
    for aid, cid in linked.main_event.items():
        if cid is not None:
            main_of.setdefault(cid, []).append(aid)
    events = []
    for cluster in linked.clusters:
        main_in = sorted(main_of.get(cluster.id, []))
        if not _worth_showing(cluster, main_in):
            continue
        reports: list[Report] = []
        triggers: list[str] = []
        candidates: list[tuple[AnnotatedArticle, int, int, int]] = []
        ledes: list[tuple[AnnotatedArticle, int, int, int]] = []
        types: Counter[str] = Counter()
        has_main = any(f.role == "main" for f in cluster.frames)
        for frame in cluster.frames:
            item = by_article[frame.article]
            types[frame.type] += 2 if frame.role == "main" else 1
            if frame.role == "main":
                ledes += [(item, s.start, s.end, 0) for s in item.sentences[:1]]
            for index in frame.mentions:
                mention = item.events[index]
                if frame.role == "main" or not has_main:
                    triggers.append(mention.text)
                candidates.append((item, mention.sentence_start, mention.sentence_end, 1))
                for fi in mention.figures:
                    fig = item.figures[fi]
                    sentence = item.article.text[fig.sentence_start : fig.sentence_end]
                    reports.append(
                        Report(
                            item.article.id,
                            fig,
                            sentence,
                            item.published.date,
                            sources[item.article.id],
                        )
                    )
                    candidates.append((item, fig.sentence_start, fig.sentence_end, 2))
        when = _date_range(cluster)
        places = _places(cluster, _toll_places(reports, by_article))
        event_type = types.most_common(1)[0][0] if types else "event"
        articles = sorted({f.article for f in cluster.frames})
        events.append(
            Event(
                id=ids[cluster.id],
                label=label(triggers, event_type, places, when),
                type=event_type,
                date=when,
                places=places,
                articles=articles,
                main_in=main_in,
                figures=reconcile(reports),
                # An event told without a trigger word is summarised by its articles' ledes.
                summary=summarise(candidates or ledes, sources),
            )
        )
    order = sorted(range(len(events)), key=lambda i: (events[i].date.start or "9999", events[i].id))
    return [events[i] for i in order], ids


def _worth_showing(cluster: Cluster, main_in: Sequence[str]) -> bool:
    """An event is shown if some article is about it, it has figures, or two articles name it.

    A passing background mention in one article ("the invasion in February") is
    kept on that article's annotations but does not become an event of the brief.
    """
    if main_in or any(f.figures for f in cluster.frames):
        return True
    return len({f.article for f in cluster.frames}) >= 2


def _stories(linked: Linked, events: Sequence[Event], ids: dict[int, str]) -> list[Story]:
    by_id = {e.id: e for e in events}
    stories = []
    for group in linked.stories:
        members = sorted(
            (by_id[ids[c]] for c in group if ids[c] in by_id),
            key=lambda e: (e.date.start or "9999", e.id),
        )
        if not members:
            continue
        # The most reported event leads; among equals, the earliest.
        _, lead = max(
            enumerate(members), key=lambda ie: (len(ie[1].main_in), len(ie[1].articles), -ie[0])
        )
        articles = sorted({a for e in members for a in e.articles})
        sid = "st-" + hashlib.sha256("|".join(e.id for e in members).encode()).hexdigest()[:12]
        stories.append(
            Story(id=sid, label=lead.label, events=[e.id for e in members], articles=articles)
        )
    return sorted(stories, key=lambda s: (by_id[s.events[0]].date.start or "9999", s.id))
