"""Across articles: which event mentions are the same real-world event.

Every event mention becomes a :class:`Frame` (type, date window, weekday, places,
figures, text, names, stated years, the article's own date); an article with no
main mention gets one untyped frame (:data:`NEWS`) so that every article belongs to
some event. Each article's first main frame is clustered by average link over the
pairs an index offers (same days, same places, a shared rare word or name), so the
cost follows the plausible pairs, not the square of the corpus; two groups each far
more cohesive than the link between them stay apart (two similar events share a
topic's words, each event's reports share far more). A day or place shared by more
reports than a posting holds (a big event told hundreds of times) offers each report a
sample of its partners, and the groups of reports left on such a crowded day are then
joined as wholes, by how alike their centroids are against how tight each group is.
Whole-text TF-IDF similarity (IDF fitted on the corpus being linked) carries most of the
weight; names, stated years, article eras, places, figures and types add or subtract.
Different days, weekdays against a known day and places in different countries veto a
merge only when one side's days rest on a publication date that was read; between
undated reports (whose days and places may be those of something else they mention)
they only count against it. The other mentions then join those events greedily.
Events are grouped into stories: two events belong to one story when some article
mentions both.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import NamedTuple

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfTransformer

from newsdesk import collector
from newsdesk.annotate.gazetteer import fold
from newsdesk.annotate.terms import count_matrix, count_terms
from newsdesk.models import AnnotatedArticle, PlaceMention, Terms, TimeMention

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)

# Event types that may describe one happening from different angles.
TYPE_FAMILIES: dict[str, str] = {
    "attack": "violence",
    "explosion": "violence",
    "shooting": "violence",
    "bombing": "violence",
    "outage": "violence",  # outages in these stories are mostly the effect of strikes
    "battle": "battle",
    "withdrawal": "territory",
    "recapture": "territory",
    "earthquake": "quake",
    "aftershock": "quake",
    "storm": "weather",
    "flood": "weather",
    "wildfire": "fire",
    "fire": "fire",
    "accident": "accident",
    "crash": "accident",
    "protest": "protest",
}

MERGE_THRESHOLD = 2.5
UNDATED_THRESHOLD = 3.5
MAX_DAY_BUCKETS = 40  # a frame vaguer than this is indexed by place only
NEWS = "news"  # the type of an article's own news when no event trigger names it
LEAD_SENTENCES = 3  # headline and lede: where an untyped article says where its news is
TEXT_WEIGHT = 14.0  # cosine with the event's texts, times this, is soft evidence
SENTENCE_TEXT_WEIGHT = 3.0  # the same for a background mention's one sentence
TOP_TERMS = 12  # an article is offered the events that share one of its rarest words
RECENT_CANDIDATES = 12  # events a busy town or stretch of days offers a new mention
# A posting of more frames than this is crowded: a word shared so widely names no particular
# event and offers nothing; a crowded day or place offers a sample (NEIGHBOURS).
MAX_POSTING = 40
# A crowded day or town (a big event's hundreds of reports) offers each report this many of
# the next reports (reports of one happening come out close together) and as many spread
# over the posting, instead of every pair.
NEIGHBOURS = 20
JOIN_NEIGHBOURS = 8  # the same for the groups a crowded posting's reports were put in
PAIR_PARTNERS = 20  # offered partners per report scored in full, the most similar texts
ERA_GAP_DAYS = 60  # reports whose own dates lie further apart tell different happenings
ERA_PENALTY = 2.5
ERA_BONUS = 1.0  # reports written within ERA_GAP_DAYS of each other
WEEKDAY_PENALTY = 0.5  # undated reports naming different weekdays
COUNTRY_PENALTY = 1.0  # an untyped lede set in another country
MERGE_THRESHOLD_AVG = 2.0  # average pair score at which two groups of reports join
COHESIVE_SIZE = 5  # a group this large has a cohesion of its own to compare a link with
COHESION_RATIO = 0.45  # join only groups whose link is at least this share of their cohesion
JOIN_RATIO = 0.8  # groups of a crowded day join when their centroids' cosine is this share
# of the cohesion of the less cohesive one (see _join_crowded)
YEAR_BONUS = 0.0  # both state a year in common: common within a topic, so no evidence
YEAR_PENALTY = 1.0  # both state years, none in common
NAME_WEIGHT = 3.0  # times the Jaccard overlap of multi-word names
FIGURE_PENALTY = 0.5  # both carry figures, none in common
TYPE_WEIGHT = 0.5  # same type family for, another against
PLACE_WEIGHT = 0.5  # times the share of specific places in common
BACKGROUND_MATCH = 2.0  # a background mention: same kind of happening, same town
# What a clash costs between undated reports, where it is not a veto.
SOFT_CLASH = {"date": 1.5, "weekday": 0.5, "country": 0.5}


def family(event_type: str) -> str:
    return TYPE_FAMILIES.get(event_type, event_type)


def _parse(day: str | None) -> date | None:
    if not day:
        return None
    try:
        return date.fromisoformat(day[:10])
    except ValueError:
        return None


def place_key(place: PlaceMention) -> str:
    """Places match by name, not by gazetteer id.

    Two articles may resolve one name differently (or not at all); for linking,
    the name they both use is the stronger evidence. Countries and date checks
    guard against same-named places elsewhere.
    """
    return "".join(ch for ch in fold(place.name).lower() if ch.isalnum())


@dataclass
class Frame:
    """One event mention of one article, as the linker sees it."""

    article: str
    mentions: list[int]
    role: str
    type: str
    earliest: date | None
    latest: date | None
    weekday: int | None
    places: list[PlaceMention]
    figures: set[tuple[str, float]]
    published: date | None
    text: str
    era: date | None = None  # when the article itself stands: published or latest stated day
    firm: bool = False  # its days rest on a publication date, not on the text alone
    years: set[int] = field(default_factory=set)  # calendar years the article states
    names: set[str] = field(default_factory=set)  # multi-word proper names in its text
    vector: dict[int, float] = field(default_factory=dict)  # L2-normalised TF-IDF, sparse
    terms: list[int] = field(default_factory=list)  # the heaviest words of the vector

    @property
    def dated(self) -> bool:
        return self.earliest is not None and self.latest is not None

    # Scoring asks for these hundreds of times per frame; frames_of() calls forget_places()
    # when it adds places to a frame.
    @cached_property
    def countries(self) -> set[str]:
        return {p.country_code for p in self.places if p.country_code}

    @cached_property
    def specific_places(self) -> set[str]:
        return {place_key(p) for p in self.places if p.kind != "country"}

    def forget_places(self) -> None:
        self.__dict__.pop("countries", None)
        self.__dict__.pop("specific_places", None)


@dataclass
class Cluster:
    """A real-world event in the making: the frames linked so far."""

    id: int
    frames: list[Frame] = field(default_factory=list)
    days: Counter[date] = field(default_factory=Counter)
    earliest: date | None = None
    latest: date | None = None
    weekdays: Counter[int] = field(default_factory=Counter)
    place_keys: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    families: Counter[str] = field(default_factory=Counter)
    figures: Counter[tuple[str, float]] = field(default_factory=Counter)
    eras: list[date] = field(default_factory=list)  # sorted
    firm: int = 0  # how many of its frames have firm days
    years: Counter[int] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    text_sum: dict[int, float] = field(default_factory=dict)  # its direction is the centroid
    text_norm2: float = 0.0  # squared length of text_sum, up to date once _unsummed is folded
    # Texts added since the centroid was last asked for: most clusters (one per report in
    # the batch scoring, groups while clustering) are never asked, so summing is deferred.
    _unsummed: list[dict[int, float]] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)  # who reports it, asked once per candidate
    _top_day: date | None = None  # the most reported day (the first to reach its count)

    def add(self, frame: Frame) -> None:
        self.frames.append(frame)
        self.articles.add(frame.article)
        if frame.dated:
            assert frame.earliest and frame.latest
            if frame.earliest == frame.latest:
                self.days[frame.earliest] += 1
                top = self._top_day
                if top is None or self.days[frame.earliest] > self.days[top]:
                    self._top_day = frame.earliest
            if self.earliest is None or self.latest is None:
                self.earliest, self.latest = frame.earliest, frame.latest
            elif self._overlaps(frame):  # narrow to what all reports allow
                self.earliest = max(self.earliest, frame.earliest)
                self.latest = min(self.latest, frame.latest)
            else:  # disagreeing reports: keep the hull rather than pick one
                self.earliest = min(self.earliest, frame.earliest)
                self.latest = max(self.latest, frame.latest)
        if frame.weekday is not None:
            self.weekdays[frame.weekday] += 1
        self.place_keys.update(frame.specific_places)
        self.countries.update(frame.countries)
        self.families[family(frame.type)] += 1
        self.figures.update(frame.figures)
        if frame.era is not None:
            bisect.insort(self.eras, frame.era)
        self.firm += frame.firm
        self.years.update(frame.years)
        self.names.update(frame.names)
        if frame.vector:
            self._unsummed.append(frame.vector)

    def similarity(self, vector: dict[int, float]) -> float:
        """Cosine between a frame's text and the centroid of the cluster's texts."""
        for added in self._unsummed:
            for term, weight in added.items():
                old = self.text_sum.get(term, 0.0)
                self.text_sum[term] = old + weight
                self.text_norm2 += (old + weight) ** 2 - old * old
        self._unsummed.clear()
        if self.text_norm2 <= 0.0 or not vector:
            return 0.0
        total = self.text_sum
        dot = sum(w * total.get(t, 0.0) for t, w in vector.items())
        return dot / math.sqrt(self.text_norm2)

    @property
    def era(self) -> date | None:
        """The middle of its reports' own dates (robust to one odd report)."""
        if not self.eras:
            return None
        return self.eras[len(self.eras) // 2]  # kept sorted

    def _overlaps(self, frame: Frame) -> bool:
        if self.earliest is None or self.latest is None:
            return True
        assert frame.earliest and frame.latest
        return frame.earliest <= self.latest and frame.latest >= self.earliest

    @property
    def day(self) -> date | None:
        """The single day this event happened on, when the evidence says so."""
        if self._top_day is not None:
            return self._top_day
        if self.earliest is not None and self.earliest == self.latest:
            return self.earliest
        return None

    @property
    def weekday(self) -> int | None:
        if self.day is not None:
            return self.day.weekday()
        return self.weekdays.most_common(1)[0][0] if self.weekdays else None


def _time_dates(time: TimeMention | None) -> tuple[date | None, date | None, int | None]:
    if time is None:
        return None, None, None
    earliest, latest = _parse(time.earliest), _parse(time.latest)
    weekday = None
    if earliest is not None and earliest == latest:
        weekday = earliest.weekday()
    else:
        match = _WEEKDAY_RE.search(time.text)
        if match:
            weekday = WEEKDAYS.index(match.group(1).lower())
    if earliest is None or latest is None:
        earliest = latest = None
    return earliest, latest, weekday


FOLLOW_UP_DAYS = 7  # how long after an event a report may still tell it without a date


def _assumed(time: TimeMention) -> bool:
    """A time the extractor supplied (the publication day), not one the text states."""
    return time.start == time.end


def _before_publication(published: date | None) -> tuple[date | None, date | None, None]:
    if published is None:
        return None, None, None
    return published - timedelta(days=FOLLOW_UP_DAYS), published, None


def _free_weekday(item: AnnotatedArticle) -> TimeMention | None:
    """The first weekday the article names that no event mention has claimed.

    An undated article's own news is usually told by weekday ("on Thursday"); when
    the extractor kept another trigger of the same happening, this is its day.
    """
    claimed = {(e.time.start, e.time.end) for e in item.events if e.time is not None}
    for time in item.times:
        if (time.start, time.end) not in claimed and _WEEKDAY_RE.search(time.text):
            return time
    return None


def article_era(item: AnnotatedArticle) -> date | None:
    """The day an article stands at: its publication date, else the latest day it states.

    A report is written on or after the days it names as past, so without a
    publication date its latest stated calendar day places it in time well enough
    to tell an event from a similar one years apart. A bare year ("since 2006") is
    too weak for this.
    """
    published = _parse(item.published.date)
    if published is not None:
        return published
    days = [
        _parse(t.earliest)
        for t in item.times
        if t.earliest and t.earliest == t.latest and not t.relative and not _assumed(t)
    ]
    stated = [d for d in days if d is not None]
    return max(stated) if stated else None


FIRM_BASES = ("metadata", "header", "text")
FIRM_SPREAD = timedelta(days=1)  # a read date this exact (the day, or the day after) is firm


def firm(item: AnnotatedArticle) -> bool:
    """Whether the article's publication date was read, not inferred.

    Days told relative to a date that was read ("on Tuesday" in a report dated
    2022-11-15) are facts about the report; an inferred date (guessed from the text,
    or lent from the events the article was linked to) is no independent evidence,
    so days resolved against it must not veto a link. Nor must a date read with a
    window of days either side (a page's timestamp may be that of a later update).
    """
    published = item.published
    if published.date is None or published.basis not in FIRM_BASES:
        return False
    if published.earliest is None or published.latest is None:
        return True
    spread = date.fromisoformat(published.latest) - date.fromisoformat(published.earliest)
    return spread <= FIRM_SPREAD


def years_of(item: AnnotatedArticle) -> set[int]:
    """The calendar years the article states in so many words ("May 2, 2013", "in 2008").

    Two similar happenings years apart (one actress's rehab in 2008, another's in 2013)
    are told in their own years; what each article states tells them apart.
    """
    out: set[int] = set()
    for time in item.times:
        if time.relative or _assumed(time) or not time.earliest or not time.latest:
            continue
        if time.earliest[:4] == time.latest[:4] and time.earliest[:4].isdigit():
            out.add(int(time.earliest[:4]))
    return out


def _news_frame(item: AnnotatedArticle, published: date | None, era: date | None) -> Frame:
    """The article's own news when no event trigger names it (an arrest, a signing, a launch).

    It is still news about something: the whole text stands for it, and the places
    of the headline and lede say where it happened.
    """
    lead_end = (
        item.sentences[min(LEAD_SENTENCES, len(item.sentences)) - 1].end
        if item.sentences
        else len(item.article.text)
    )
    places: list[PlaceMention] = []
    for place in item.places:
        if place.start < lead_end and place_key(place) not in {place_key(p) for p in places}:
            places.append(place)
    earliest, latest, weekday = _before_publication(published)
    return Frame(
        article=item.article.id,
        mentions=[],
        role="main",
        type=NEWS,
        earliest=earliest,
        latest=latest,
        weekday=weekday,
        places=places,
        figures=set(),
        published=published,
        text=item.article.text,
        era=era,
        firm=firm(item),
        years=years_of(item),
    )


def frames_of(item: AnnotatedArticle) -> list[Frame]:
    """The article's event mentions as frames; main mentions that agree become one frame.

    An article with no main mention still reports something: it gets one frame of
    type :data:`NEWS`, so that every article belongs to some event.
    """
    frames = _mention_frames(item)
    if not any(f.role == "main" for f in frames):
        frames.insert(0, _news_frame(item, _parse(item.published.date), article_era(item)))
    return frames


def _mention_frames(item: AnnotatedArticle) -> list[Frame]:
    text = item.article.text
    published = _parse(item.published.date)
    era = article_era(item)
    frames: list[Frame] = []
    free = _free_weekday(item) if item.published.date is None else None
    is_firm, years = firm(item), years_of(item)
    for mention in item.events:
        time = mention.time
        if (time is None or _assumed(time)) and mention.role == "main" and free is not None:
            time, free = free, None
        if time is not None and _assumed(time):
            # The extractor dated the article's news to its publication day for want of a
            # time in the text: the event happened on or shortly before that day.
            earliest, latest, weekday = _before_publication(published)
        else:
            earliest, latest, weekday = _time_dates(time)
        figs = {(item.figures[i].kind, item.figures[i].value) for i in mention.figures}
        # Main news is compared by the whole article, a background mention by its sentence.
        body = (
            text if mention.role == "main" else text[mention.sentence_start : mention.sentence_end]
        )
        frame = Frame(
            article=item.article.id,
            mentions=[mention.index],
            role=mention.role,
            type=mention.type,
            earliest=earliest,
            latest=latest,
            weekday=weekday,
            places=list(mention.places),
            figures=figs,
            published=published,
            text=body,
            era=era,
            firm=is_firm,
            years=years if mention.role == "main" else set(),
        )
        host = next(
            (f for f in frames if f.role == "main" == frame.role and _compatible(f, frame)), None
        )
        if host is None:
            frames.append(frame)
        else:
            host.mentions.extend(frame.mentions)
            host.places.extend(
                p for p in frame.places if place_key(p) not in {place_key(q) for q in host.places}
            )
            host.forget_places()
            host.figures |= frame.figures
            if host.earliest is None and frame.dated:
                host.earliest, host.latest = frame.earliest, frame.latest
            if host.weekday is None:
                host.weekday = frame.weekday
    return frames


def _compatible(a: Frame, b: Frame) -> bool:
    """Hard evidence only: could two frames be one happening at all?"""
    if a.dated and b.dated:
        assert a.earliest and a.latest and b.earliest and b.latest
        if a.earliest > b.latest or b.earliest > a.latest:
            return False
    if a.weekday is not None and b.weekday is not None and a.weekday != b.weekday:
        return False
    return not (a.countries and b.countries and not (a.countries & b.countries))


def _weekdays_clash(frame: Frame, cluster: Cluster) -> bool:
    cluster_weekday = cluster.weekday
    return (
        frame.weekday is not None
        and cluster_weekday is not None
        and frame.weekday != cluster_weekday
    )


def _countries_clash(frame: Frame, cluster: Cluster) -> bool:
    """A frame set in a country the event has never been tied to is another event,

    unless it shares a specific place with it (Przewodow, Poland is not the barrage
    on Kyiv, though both name Russia).
    """
    if not (frame.countries and cluster.countries):
        return False
    # Asked of every candidate: look up the frame's few keys, never copy the event's.
    if all(c in cluster.countries for c in frame.countries) or not cluster.place_keys:
        return False
    return not any(key in cluster.place_keys for key in frame.specific_places)


def _untyped(frame: Frame, cluster: Cluster) -> bool:
    """Either side is an article's untyped news, whose places are only those of its lede."""
    return family(frame.type) == NEWS or cluster.families.keys() <= {NEWS}


def _clashes(frame: Frame, cluster: Cluster) -> list[str]:
    """Hard evidence against one happening: different days, weekdays, countries."""
    found = []
    if frame.dated and cluster.earliest is not None and cluster.latest is not None:
        assert frame.earliest and frame.latest
        if frame.earliest > cluster.latest or frame.latest < cluster.earliest:
            found.append("date")
    # Weekdays alone are hard evidence only against a known day: two undated reports
    # may each name the day they were written ("said Wednesday").
    if _weekdays_clash(frame, cluster) and (frame.dated or cluster.day is not None):
        found.append("weekday")
    elif frame.dated and frame.earliest == frame.latest and cluster.weekday is not None:
        assert frame.earliest
        if frame.earliest.weekday() != cluster.weekday:
            found.append("weekday")
    if _countries_clash(frame, cluster) and not _untyped(frame, cluster):
        found.append("country")
    return found


def _firm(frame: Frame, cluster: Cluster) -> bool:
    """Whether either side's days and places rest on a publication date.

    Undated reports state days and places that may be those of another happening
    they mention, so between them a clash only counts against the merge.
    """
    return frame.firm or cluster.firm > 0


def _veto(frame: Frame, cluster: Cluster) -> bool:
    return bool(_clashes(frame, cluster)) and _firm(frame, cluster)


def score(frame: Frame, cluster: Cluster, text_weight: float = TEXT_WEIGHT) -> float:
    """Soft evidence that a frame reports the event a cluster stands for.

    Background mentions are judged by one sentence, so their text counts for less.
    """
    clashes = _clashes(frame, cluster)
    if clashes and _firm(frame, cluster):
        return -math.inf
    total = -sum(SOFT_CLASH[c] for c in clashes)
    if frame.dated and cluster.day is not None and frame.earliest == frame.latest == cluster.day:
        total += 2.5
    elif frame.dated and cluster.earliest is not None and _narrow(frame, cluster):
        total += 1.5  # overlapping weeks say something; overlapping years do not
    if _weekdays_clash(frame, cluster) and "weekday" not in clashes:
        total -= WEEKDAY_PENALTY
    if _countries_clash(frame, cluster) and "country" not in clashes:
        total -= COUNTRY_PENALTY  # an untyped lede's places are weaker
    total += _type_evidence(frame, cluster)
    total += _era_evidence(frame, cluster)
    total += _year_evidence(frame.years, cluster.years.keys())
    total += NAME_WEIGHT * _jaccard(frame.names, cluster.names.keys())
    overlap = _place_overlap(frame.specific_places, cluster.place_keys.keys())
    total += PLACE_WEIGHT * overlap
    if (
        frame.role != "main"
        and overlap
        and cluster.families[family(frame.type)]
        and not _figures_disagree(frame.figures, set(cluster.figures))
    ):
        # A passing mention ("the recapture of Kherson") is one sentence: the same kind of
        # happening at the same town is most of what it can say.
        total += BACKGROUND_MATCH * overlap
    if any(c in cluster.countries for c in frame.countries):
        total += 0.25
    shared = {f for f in frame.figures if f in cluster.figures}
    total += min(2.0, 1.0 * len(shared))
    if frame.figures and cluster.figures and not shared:
        total -= FIGURE_PENALTY  # different tolls or counts: likely a similar, other event
    if text_weight:
        total += text_weight * cluster.similarity(frame.vector)
    return total


def _figures_disagree(a: set[tuple[str, float]], b: set[tuple[str, float]]) -> bool:
    """Both give a figure of some kind and no value of it in common (magnitude 5.2 vs 6.9)."""
    kinds = {k for k, _ in a} & {k for k, _ in b}
    return any(
        not ({v for k, v in a if k == kind} & {v for k, v in b if k == kind}) for kind in kinds
    )


def _type_evidence(frame: Frame, cluster: Cluster) -> float:
    fam = family(frame.type)
    if _untyped(frame, cluster):
        return 0.0  # an untyped report neither supports nor contradicts a type
    if cluster.families[fam]:
        return TYPE_WEIGHT
    return -TYPE_WEIGHT if cluster.families else 0.0


def _era_evidence(frame: Frame, cluster: Cluster) -> float:
    """Reports written in the same weeks lean together; years apart, they pull apart."""
    cluster_era = cluster.era
    if frame.era is None or cluster_era is None:
        return 0.0
    if abs((frame.era - cluster_era).days) > ERA_GAP_DAYS:
        return -ERA_PENALTY
    return ERA_BONUS


def _year_evidence(a: AbstractSet[int], b: AbstractSet[int]) -> float:
    """Stated years: sharing one is mild support, sharing none tells another happening."""
    if not a or not b:
        return 0.0
    return YEAR_BONUS if a & b else -YEAR_PENALTY


def _jaccard(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _narrow(frame: Frame, cluster: Cluster) -> bool:
    assert frame.earliest and frame.latest and cluster.earliest and cluster.latest
    week = timedelta(days=7)
    return frame.latest - frame.earliest <= week and cluster.latest - cluster.earliest <= week


def _place_overlap(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    """Share of the smaller place set found in the other (1.0 when one names a subset)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _recent(ids: Iterable[int]) -> set[int]:
    """The latest events of a busy town, a busy stretch of days, or a mention's rare words.

    A new mention is offered at most this many of each, so cost grows linearly.

    Events are numbered as they are made, in publication order, so the highest
    numbers are the latest: a passing mention is mostly of something recent.
    """
    return set(heapq.nlargest(RECENT_CANDIDATES, ids))


@dataclass
class _Posting:
    """The events filed under one day, place or word: how many, and the latest few.

    Only the latest :data:`RECENT_CANDIDATES` are ever offered, so only they are kept in
    order; a town every report names must not cost more with each report.
    """

    ids: set[int] = field(default_factory=set)
    latest: list[int] = field(default_factory=list)  # ascending, the highest ids

    def add(self, cid: int) -> None:
        if cid in self.ids:
            return
        self.ids.add(cid)
        if len(self.latest) < RECENT_CANDIDATES or cid > self.latest[0]:
            bisect.insort(self.latest, cid)
            del self.latest[:-RECENT_CANDIDATES]


_NO_POSTING = _Posting()


class Linker:
    """Incremental event linker: feed frames in publication order, read clusters out."""

    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self._by_day: dict[date, _Posting] = defaultdict(_Posting)
        self._by_place: dict[str, _Posting] = defaultdict(_Posting)
        self._by_term: dict[int, _Posting] = defaultdict(_Posting)

    def _candidates(self, frame: Frame) -> set[int]:
        # The latest few of a union are among the latest few of its parts.
        found: set[int] = set()
        if frame.dated:
            days = _days(frame.earliest, frame.latest)
            found |= _recent(i for d in days for i in self._by_day.get(d, _NO_POSTING).latest)
        for key in frame.specific_places:
            found.update(self._by_place.get(key, _NO_POSTING).latest)
        rare: set[int] = set()
        for term in frame.terms:
            posting = self._by_term.get(term)
            if posting and len(posting.ids) <= RECENT_CANDIDATES:
                rare |= posting.ids
        return found | _recent(rare)

    def add(self, frame: Frame) -> Cluster:
        best, best_score = None, -math.inf
        for cid in sorted(self._candidates(frame)):
            cluster = self.clusters[cid]
            if frame.article in cluster.articles:
                continue  # an article's own distinct frames are distinct events
            s = score(frame, cluster, SENTENCE_TEXT_WEIGHT)
            if s > best_score:
                best, best_score = cluster, s
        threshold = MERGE_THRESHOLD
        if best is not None and (not frame.dated or best.day is None):
            threshold = UNDATED_THRESHOLD
        if best is None or best_score < threshold:
            best = Cluster(id=len(self.clusters))
            self.clusters.append(best)
        best.add(frame)
        self._index(best, frame)
        return best

    def seed(self, frames: Sequence[Frame]) -> Cluster:
        """Start an event from frames already known to belong together."""
        cluster = Cluster(id=len(self.clusters))
        self.clusters.append(cluster)
        for frame in frames:
            self.attach(cluster, frame)
        return cluster

    def attach(self, cluster: Cluster, frame: Frame) -> None:
        """Add a frame to an event known to be its own (a copy's lead, to its original's)."""
        cluster.add(frame)
        self._index(cluster, frame)

    def _index(self, cluster: Cluster, frame: Frame) -> None:
        for day in _days(frame.earliest, frame.latest):
            self._by_day[day].add(cluster.id)
        for key in frame.specific_places:
            self._by_place[key].add(cluster.id)
        for term in frame.terms:
            self._by_term[term].add(cluster.id)


def _days(earliest: date | None, latest: date | None) -> list[date]:
    if earliest is None or latest is None:
        return []
    span = (latest - earliest).days
    if span < 0 or span > MAX_DAY_BUCKETS:
        return []
    return [earliest + timedelta(days=i) for i in range(span + 1)]


def _vectorise(frames: Sequence[Frame], counted: Mapping[str, Terms]) -> None:
    """TF-IDF vectors over hashed word counts, the IDF fitted on these frames.

    ``counted`` holds the counts the per-article stage made of whole article texts (what
    main frames carry); other texts are counted here. Each distinct text is weighed once,
    but the IDF counts one document per frame. Frames with one text share their vector,
    names and terms, which nothing changes afterwards.
    """
    if not frames:
        return
    sharing: dict[str, list[Frame]] = defaultdict(list)
    for frame in frames:
        sharing[frame.text].append(frame)
    texts = list(sharing)
    fresh = [text for text in texts if text not in counted]
    made = dict(zip(fresh, count_terms(fresh), strict=True))
    terms = [counted[text] if text in counted else made[text] for text in texts]
    counts = count_matrix(terms)
    per_frame = [k for k, group in enumerate(sharing.values()) for _ in group]
    idf = TfidfTransformer(sublinear_tf=True).fit(counts[per_frame])
    matrix = csr_matrix(idf.transform(counts))
    for k, text in enumerate(texts):
        row = slice(matrix.indptr[k], matrix.indptr[k + 1])
        ids, weights = matrix.indices[row].tolist(), matrix.data[row].tolist()
        vector = dict(zip(ids, weights, strict=True))
        ranked = sorted(zip(weights, ids, strict=True), reverse=True)
        top = [t for _, t in ranked[:TOP_TERMS]]
        names = set(terms[k].names)
        for frame in sharing[text]:
            frame.vector, frame.terms, frame.names = vector, top, names


@dataclass
class Linked:
    """The linker's result: events as frame clusters and stories as lists of cluster ids."""

    clusters: list[Cluster]
    stories: list[list[int]]
    main_event: dict[str, int | None]


def _order(item: AnnotatedArticle) -> tuple[str, str]:
    return (item.published.date or "9999-99-99", item.article.id)


def link(items: Iterable[AnnotatedArticle], copies: Mapping[str, str] | None = None) -> Linked:
    """Cluster every article's event mentions into events, and events into stories.

    ``copies`` maps each article that copies another (a reprint or a spun rewrite, see
    :mod:`newsdesk.assess.duplicates`) to its original. A copy reports what its original
    reports, so its main mention joins the original's event unless the hard evidence
    rules that out (other days, weekdays or countries), and only the rest are grouped in
    the batch: ten outlets running one wire story would otherwise make a group far
    tighter than any other reports of the event, which the cohesion rule keeps apart.

    The collector is paused (see :mod:`newsdesk.collector`): linking makes many small
    containers while every annotation is in memory.
    """
    with collector.paused():
        return _link(items, copies or {})


def _link(items: Iterable[AnnotatedArticle], copies: Mapping[str, str]) -> Linked:
    ordered = sorted(items, key=_order)
    per_article = [(item, frames_of(item)) for item in ordered]
    all_frames = [f for _, frames in per_article for f in frames]
    _vectorise(all_frames, {i.article.text: i.terms for i in ordered if i.terms is not None})
    linker = Linker()
    # Each article's first main frame first, as a batch, so that the rest join the events
    # others report. Only one frame per article: an article's own frames may never share
    # an event, so two of them in the batch would split the event all its reports tell.
    frame_cluster: dict[int, Cluster] = {}
    leads = [next(f for f in frames if f.role == "main") for _, frames in per_article]
    position = {item.article.id: k for k, (item, _) in enumerate(per_article)}
    follows: dict[int, int] = {}  # a copy's lead -> its original's lead
    for k, (item, _) in enumerate(per_article):
        original = position.get(copies.get(item.article.id, ""))
        if original is not None and _compatible(leads[k], leads[original]):
            follows[k] = original
    batch = [k for k in range(len(leads)) if k not in follows]
    batch_leads = [leads[k] for k in batch]
    postings = _postings(batch_leads)
    for group in _join_crowded(batch_leads, _agglomerate(batch_leads, postings), postings):
        cluster = linker.seed([batch_leads[i] for i in group])
        for i in group:
            frame_cluster[id(batch_leads[i])] = cluster
    for k, original in follows.items():
        cluster = frame_cluster[id(leads[original])]
        linker.attach(cluster, leads[k])
        frame_cluster[id(leads[k])] = cluster
    for frame in all_frames:
        if id(frame) not in frame_cluster:
            frame_cluster[id(frame)] = linker.add(frame)
    main_event: dict[str, int | None] = {}
    for item, frames in per_article:
        own = [frame_cluster[id(f)].id for f in frames if f.role == "main"]
        main_event[item.article.id] = own[0] if own else None
    return Linked(linker.clusters, _stories(linker.clusters), main_event)


def _pair_scores(frames: Sequence[Frame], postings: _Postings) -> dict[tuple[int, int], float]:
    """Scores of the frame pairs an index offers (shared day, place or rare word).

    Only offered pairs are scored, so the cost follows the number of plausible pairs,
    not the square of the corpus. A pair the hard evidence rules out scores -inf.
    """
    singles = [Cluster(id=i) for i in range(len(frames))]
    for i, frame in enumerate(frames):
        singles[i].add(frame)
    # Each frame's later partners, gathered once however many postings offer them. A word
    # shared by many events names no particular one; a crowded day or place offers a few.
    partners: list[set[int]] = [set() for _ in frames]
    for posting in postings.uncrowded:
        for k, i in enumerate(posting):  # postings are built in index order
            partners[i].update(posting[k + 1 :])
    for i, posting in postings.narrowest.items():
        for j in _sample(posting, i):
            partners[min(i, j)].add(max(i, j))
    pairs: dict[tuple[int, int], float] = {}
    offered: list[tuple[int, int]] = []
    for i, later in enumerate(partners):
        for j in sorted(later):
            if frames[i].article == frames[j].article:
                pairs[(i, j)] = -math.inf  # an article's own distinct frames are distinct events
            else:
                offered.append((i, j))
    # The text term is symmetric (two unit vectors): add it once, computed in batches.
    dots = _dots([f.vector for f in frames], offered)
    for k in _closest(offered, dots, len(frames)):
        (i, j), dot = offered[k], dots[k]
        evidence = min(score(frames[i], singles[j], 0.0), score(frames[j], singles[i], 0.0))
        pairs[(i, j)] = evidence + TEXT_WEIGHT * dot
    return pairs


class _Postings(NamedTuple):
    """The index over a batch of frames (by position), as both levels of grouping use it."""

    uncrowded: list[list[int]]  # days, places and words short enough to offer every pair
    # Each frame's shortest crowded day or place (more than MAX_POSTING frames), the one
    # most particular to it: a frame is sampled from one only, so a vague frame under
    # forty busy days costs no more than a precise one.
    narrowest: dict[int, list[int]]


def _postings(frames: Sequence[Frame]) -> _Postings:
    """The frames under each day, specific place and heaviest word they have."""
    by_day: dict[date, list[int]] = defaultdict(list)
    by_place: dict[str, list[int]] = defaultdict(list)
    by_term: dict[int, list[int]] = defaultdict(list)
    for i, frame in enumerate(frames):
        for day in _days(frame.earliest, frame.latest):
            by_day[day].append(i)
        for key in frame.specific_places:
            by_place[key].append(i)
        for term in frame.terms:
            by_term[term].append(i)
    postings = [*by_day.values(), *by_place.values(), *by_term.values()]
    narrowest: dict[int, list[int]] = {}
    for posting in (*by_day.values(), *by_place.values()):
        if len(posting) > MAX_POSTING:
            for i in posting:
                if i not in narrowest or len(posting) < len(narrowest[i]):
                    narrowest[i] = posting
    return _Postings([p for p in postings if 1 < len(p) <= MAX_POSTING], narrowest)


def _sample(posting: list[int], i: int, reach: int = NEIGHBOURS) -> Iterator[int]:
    """Partners of ``i`` in a crowded posting: the next ``reach``, and as many far ones.

    The far ones are spread evenly over the whole posting, so that a big event's reports
    are linked across its length, not only in runs of neighbours.
    """
    size = len(posting)
    k = bisect.bisect_left(posting, i)
    step = size / reach
    for d in range(1, reach + 1):
        for m in ((k + d) % size, (k + round(d * step)) % size):
            if posting[m] != i:
                yield posting[m]


def _closest(pairs: Sequence[tuple[int, int]], dots: Sequence[float], n: int) -> list[int]:
    """The offered pairs worth the full score: each frame's most similar partners.

    Each frame keeps its :data:`PAIR_PARTNERS` closest texts among those offered, so the
    number of pairs scored grows with the corpus, not with how crowded its days and words
    become. The rest count as unscored (zero) when groups are averaged.
    """
    partners: list[list[tuple[float, int]]] = [[] for _ in range(n)]
    for k, ((i, j), dot) in enumerate(zip(pairs, dots, strict=True)):
        partners[i].append((dot, k))
        partners[j].append((dot, k))
    keep: set[int] = set()
    for offers in partners:
        keep.update(k for _, k in heapq.nlargest(PAIR_PARTNERS, offers))
    return sorted(keep)


def _dots(vectors: Sequence[dict[int, float]], pairs: Sequence[tuple[int, int]]) -> list[float]:
    """Dot products of sparse text vectors for many pairs at once.

    Pairs are taken vector by vector: the left vector is spread into one dense
    array and all its partners' rows are multiplied with it in one sparse product.
    Materialising both sides of every pair as sparse rows instead costs memory in
    proportion to the pairs times the words, and its time grows faster than the pairs.
    """
    if not pairs:
        return []
    indptr, cols, vals = [0], list[int](), list[float]()
    for vector in vectors:
        cols.extend(vector)
        vals.extend(vector.values())
        indptr.append(len(cols))
    width = max(cols, default=0) + 1
    matrix = csr_matrix(
        (np.asarray(vals, dtype=np.float64), np.asarray(cols), np.asarray(indptr)),
        shape=(len(vectors), width),
    )
    lefts = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    rights = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    order = np.argsort(lefts, kind="stable")
    starts = np.flatnonzero(np.diff(lefts[order], prepend=-1))
    ends = np.append(starts[1:], len(pairs))
    dense = np.zeros(width)
    out = np.empty(len(pairs))
    for begin, stop in zip(starts.tolist(), ends.tolist(), strict=True):
        own = order[begin:stop]
        i = int(lefts[own[0]])
        row = slice(matrix.indptr[i], matrix.indptr[i + 1])
        dense[matrix.indices[row]] = matrix.data[row]
        out[own] = matrix[rights[own]] @ dense
        dense[matrix.indices[row]] = 0.0
    return out.tolist()


def _agglomerate(frames: Sequence[Frame], postings: _Postings) -> list[list[int]]:
    """Average-link clustering over the offered pairs; unscored pairs count as zero.

    Averaging over every pair of two groups (not the best pair) keeps one shared
    name or place from chaining two similar events together; a single ruled-out
    pair keeps two groups apart for good. Two groups of :data:`COHESIVE_SIZE` or more
    reports whose link is well below their own cohesion stay apart even above the
    threshold: the two similar events of one topic share its words, while each
    event's own reports share far more.
    """
    pairs = _pair_scores(frames, postings)
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), value in pairs.items():
        links[i][j] = links[j][i] = value
    members: dict[int, list[int]] = {i: [i] for i in range(len(frames))}
    groups: dict[int, Cluster] = {i: Cluster(id=i) for i in members}
    for i, group in groups.items():
        group.add(frames[i])
    version = dict.fromkeys(members, 0)
    inner = dict.fromkeys(members, 0.0)  # sum of the pair scores within each group
    heap: list[tuple[float, int, int, int, int]] = []

    def cohesion(a: int) -> float | None:
        n = len(members[a])
        return inner[a] / (n * (n - 1) / 2) if n >= COHESIVE_SIZE else None

    def push(a: int, b: int) -> None:
        average = links[a][b] / (len(members[a]) * len(members[b]))
        if average >= MERGE_THRESHOLD_AVG:
            heapq.heappush(heap, (-average, a, b, version[a], version[b]))

    for i, neighbours in links.items():
        for j in neighbours:
            if i < j:
                push(i, j)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb:
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        # Two groups each far tighter than the link between them are two similar events.
        bonds = [c for c in (cohesion(a), cohesion(b)) if c is not None]
        average = links[a][b] / (len(members[a]) * len(members[b]))
        if bonds and average < COHESION_RATIO * max(bonds):
            continue
        # Pairs no index offered were never checked: check the smaller group's frames
        # against what the larger one has become.
        if any(_veto(frames[i], groups[a]) for i in members[b]):
            links[a][b] = links[b][a] = -math.inf
            continue
        for i in members[b]:
            groups[a].add(frames[i])
        del groups[b]
        inner[a] += inner.pop(b) + links[a][b]
        members[a] += members.pop(b)
        version[a] += 1
        for c, value in links.pop(b).items():
            del links[c][b]
            if c != a:
                links[a][c] = links[c][a] = links[a].get(c, 0.0) + value
        links[a].pop(b, None)
        for c in links[a]:
            push(a, c)
    return sorted(sorted(group) for group in members.values())


def _join_crowded(
    frames: Sequence[Frame], groups: list[list[int]], postings: _Postings
) -> list[list[int]]:
    """Join the groups that one big event's reports were left in on a crowded day or place.

    Average link sees only a sample of a crowded posting's pairs, and at most
    :data:`PAIR_PARTNERS` scored partners per report, so the reports of an event told
    hundreds of times end up in many tight groups. Here groups are compared as wholes:
    two groups that share a crowded day or place join when their kinds of happening
    agree (where both have one), no report of the smaller is ruled out by the larger,
    and their centroids are close: the cosine of their summed texts is at least
    :data:`JOIN_RATIO` of the cohesion of the less cohesive one (how close its reports
    are, on average, to its own centroid). Two halves of one event have all but the same
    centroid; another happening in the same town on the same day shares the town's and
    the day's words only.
    """
    narrowest = postings.narrowest
    if not narrowest:
        return groups
    joined = _Joined(frames, groups)
    # Each group is offered the groups beside it in the crowded posting most of its
    # reports have as their narrowest.
    home: dict[int, list[int]] = defaultdict(list)
    for g, members in enumerate(groups):
        theirs = Counter(id(narrowest[i]) for i in members if i in narrowest)
        if theirs:
            home[theirs.most_common(1)[0][0]].append(g)
    offered: set[tuple[int, int]] = set()
    for present in home.values():
        for g in present:
            for other in _sample(present, g, JOIN_NEIGHBOURS):
                offered.add((min(g, other), max(g, other)))
    pairs = sorted(offered)
    dots = _dots([joined.sums[g] for g in range(len(groups))], pairs)
    ranked = sorted(zip(dots, pairs, strict=True), key=lambda x: (-joined.first_cosine(*x), x[1]))
    for dot, (a, b) in ranked:
        joined.join(a, b, dot)
    return sorted(sorted(m) for m in joined.members.values())


class _Joined:
    """Groups of frames being joined: members, summed text vectors and their lengths.

    Frame vectors have unit length, so the mean cosine of a group's frames with its
    centroid is the length of their sum divided by their number.
    """

    def __init__(self, frames: Sequence[Frame], groups: list[list[int]]) -> None:
        self.frames = frames
        self.members = {g: list(group) for g, group in enumerate(groups)}
        self.sums: dict[int, dict[int, float]] = {}
        self.norm2: dict[int, float] = {}
        for g, group in self.members.items():
            total: dict[int, float] = defaultdict(float)
            for i in group:
                for term, weight in frames[i].vector.items():
                    total[term] += weight
            self.sums[g] = total
            self.norm2[g] = sum(w * w for w in total.values())
        self._root = {g: g for g in self.members}
        self._grown: set[int] = set()  # groups changed since first made
        self._refused: set[tuple[int, int, int, int]] = set()  # two groups, their sizes
        self._clusters: dict[int, Cluster] = {}

    def find(self, g: int) -> int:
        root = self._root
        while root[g] != g:
            root[g] = root[root[g]]
            g = root[g]
        return g

    def first_cosine(self, dot: float, pair: tuple[int, int]) -> float:
        """The cosine of two groups as they were first made, from their dot product."""
        norms = math.sqrt(self.norm2[pair[0]] * self.norm2[pair[1]])
        return dot / norms if norms else 0.0

    def cohesion(self, g: int) -> float | None:
        n = len(self.members[g])
        return math.sqrt(self.norm2[g]) / n if n > 1 else None

    def cluster(self, g: int) -> Cluster:
        if g not in self._clusters:
            self._clusters[g] = Cluster(id=g)
            for i in self.members[g]:
                self._clusters[g].add(self.frames[i])
        return self._clusters[g]

    def join(self, a: int, b: int, dot: float) -> None:
        """Join the groups holding a and b if they pass; ``dot`` is a and b's as first made."""
        if (self.find(a), self.find(b)) != (a, b) or {a, b} & self._grown:
            a, b = sorted((self.find(a), self.find(b)))
            sizes = (a, b, len(self.members[a]), len(self.members[b]))
            if a == b or sizes in self._refused:
                return  # one group, or two that have not changed since they were refused
            self._refused.add(sizes)
            small, large = sorted((self.sums[a], self.sums[b]), key=len)
            dot = sum(w * large.get(t, 0.0) for t, w in small.items())
        bonds = [c for c in (self.cohesion(a), self.cohesion(b)) if c is not None]
        norms = math.sqrt(self.norm2[a] * self.norm2[b])
        if not bonds or not norms or dot / norms < JOIN_RATIO * min(bonds):
            return
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        whole, frames = self.cluster(a), self.frames
        # Kinds must agree where both sides have one (an untyped report names none).
        if any(
            not _untyped(frames[i], whole) and not whole.families[family(frames[i].type)]
            for i in self.members[b]
        ):
            return
        if any(_veto(frames[i], whole) for i in self.members[b]):
            return
        self._root[b] = a
        self._grown.add(a)
        for i in self.members[b]:
            whole.add(frames[i])
        self._clusters.pop(b, None)
        self.members[a] += self.members.pop(b)
        for term, weight in self.sums.pop(b).items():
            self.sums[a][term] = self.sums[a].get(term, 0.0) + weight
        self.norm2[a] += self.norm2.pop(b) + 2 * dot


def _stories(clusters: Sequence[Cluster]) -> list[list[int]]:
    """Connected components of events that share an article."""
    parent = list(range(len(clusters)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_article: dict[str, list[int]] = defaultdict(list)
    for cluster in clusters:
        for article in {f.article for f in cluster.frames}:
            by_article[article].append(cluster.id)
    for ids in by_article.values():
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
    groups: dict[int, list[int]] = defaultdict(list)
    for cluster in clusters:
        groups[find(cluster.id)].append(cluster.id)
    return sorted(groups.values())
