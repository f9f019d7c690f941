"""Across articles: which event mentions are the same real-world event.

Every event mention becomes a :class:`Frame` (type, date window, weekday, places,
figures, text). Frames are clustered greedily in publication order: each frame is
compared only with the clusters an index offers as candidates (same days, same
places, same article), so the cost grows about linearly with the corpus, and
adding articles later continues the same process. Hard evidence vetoes a merge
(different days, different weekdays, places in different countries); soft
evidence (type, shared places, figures, text) must add up past a threshold, a
higher one when a date is unknown. Events are then grouped into stories: two
events belong to one story when some article mentions both.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from newsdesk.models import AnnotatedArticle, PlaceMention, TimeMention

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
    folded = unicodedata.normalize("NFKD", place.name.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


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
    vector: csr_matrix | None = None  # L2-normalised TF-IDF row, sparse

    @property
    def dated(self) -> bool:
        return self.earliest is not None and self.latest is not None

    @property
    def countries(self) -> set[str]:
        return {p.country_code for p in self.places if p.country_code}

    @property
    def specific_places(self) -> set[str]:
        return {place_key(p) for p in self.places if p.kind != "country"}


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
    text_sum: csr_matrix | None = None  # sum of member vectors; its direction is the centroid

    def add(self, frame: Frame) -> None:
        self.frames.append(frame)
        if frame.dated:
            assert frame.earliest and frame.latest
            if frame.earliest == frame.latest:
                self.days[frame.earliest] += 1
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
        if frame.vector is not None:
            self.text_sum = frame.vector if self.text_sum is None else self.text_sum + frame.vector

    def similarity(self, vector: csr_matrix) -> float:
        """Cosine between a frame's text and the centroid of the cluster's texts."""
        if self.text_sum is None:
            return 0.0
        norm = float(np.sqrt(self.text_sum.multiply(self.text_sum).sum()))
        if norm == 0.0:
            return 0.0
        return float(vector.multiply(self.text_sum).sum()) / norm

    def _overlaps(self, frame: Frame) -> bool:
        if self.earliest is None or self.latest is None:
            return True
        assert frame.earliest and frame.latest
        return frame.earliest <= self.latest and frame.latest >= self.earliest

    @property
    def day(self) -> date | None:
        """The single day this event happened on, when the evidence says so."""
        if self.days:
            return self.days.most_common(1)[0][0]
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


def frames_of(item: AnnotatedArticle) -> list[Frame]:
    """The article's event mentions as frames; main mentions that agree become one frame."""
    text = item.article.text
    published = _parse(item.published.date)
    frames: list[Frame] = []
    free = _free_weekday(item) if item.published.date is None else None
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


def _veto(frame: Frame, cluster: Cluster) -> bool:
    if frame.dated and cluster.earliest is not None and cluster.latest is not None:
        assert frame.earliest and frame.latest
        if frame.earliest > cluster.latest or frame.latest < cluster.earliest:
            return True
    cluster_weekday = cluster.weekday
    if (
        frame.weekday is not None
        and cluster_weekday is not None
        and frame.weekday != cluster_weekday
    ):
        return True
    if frame.dated and frame.earliest == frame.latest and cluster.weekday is not None:
        assert frame.earliest
        if frame.earliest.weekday() != cluster.weekday:
            return True
    if frame.countries and cluster.countries:
        # A frame set in a country the event has never been tied to is another event,
        # unless it shares a specific place with it (Przewodow, Poland is not the
        # barrage on Kyiv, though both name Russia).
        foreign = frame.countries - set(cluster.countries)
        if foreign and cluster.place_keys and not (frame.specific_places & set(cluster.place_keys)):
            return True
    return False


def score(frame: Frame, cluster: Cluster) -> float:
    """Soft evidence that a frame reports the event a cluster stands for."""
    if _veto(frame, cluster):
        return -math.inf
    total = 0.0
    if frame.dated and cluster.day is not None and frame.earliest == frame.latest == cluster.day:
        total += 2.5
    elif frame.dated and cluster.earliest is not None:
        total += 1.5
    fam = family(frame.type)
    if cluster.families[fam]:
        total += 1.0
    elif cluster.families:
        total -= 1.0
    total += 2.0 * _place_overlap(frame.specific_places, set(cluster.place_keys))
    if frame.countries & set(cluster.countries):
        total += 0.25
    total += min(2.0, 1.0 * len(frame.figures & set(cluster.figures)))
    if frame.vector is not None:
        total += 3.0 * cluster.similarity(frame.vector)
    return total


def _place_overlap(a: set[str], b: set[str]) -> float:
    """Share of the smaller place set found in the other (1.0 when one names a subset)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class Linker:
    """Incremental event linker: feed frames in publication order, read clusters out."""

    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self._by_day: dict[date, set[int]] = defaultdict(set)
        self._by_place: dict[str, set[int]] = defaultdict(set)
        self._by_article: dict[str, set[int]] = defaultdict(set)
        self._undated: dict[str, set[int]] = defaultdict(set)  # family -> clusters without days

    def _candidates(self, frame: Frame) -> set[int]:
        found: set[int] = set()
        if frame.dated:
            for day in _days(frame.earliest, frame.latest):
                found |= self._by_day.get(day, set())
        for key in frame.specific_places:
            found |= self._by_place.get(key, set())
        found |= self._undated.get(family(frame.type), set())
        return found

    def add(self, frame: Frame) -> Cluster:
        best, best_score = None, -math.inf
        for cid in sorted(self._candidates(frame)):
            cluster = self.clusters[cid]
            if any(f.article == frame.article for f in cluster.frames):
                continue  # an article's own distinct frames are distinct events
            s = score(frame, cluster)
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

    def _index(self, cluster: Cluster, frame: Frame) -> None:
        if frame.dated:
            for day in _days(frame.earliest, frame.latest):
                self._by_day[day].add(cluster.id)
        for key in frame.specific_places:
            self._by_place[key].add(cluster.id)
        self._by_article[frame.article].add(cluster.id)
        if cluster.day is None and cluster.earliest is None:
            self._undated[family(frame.type)].add(cluster.id)
        else:
            for fam in list(self._undated):
                self._undated[fam].discard(cluster.id)


def _days(earliest: date | None, latest: date | None) -> list[date]:
    if earliest is None or latest is None:
        return []
    span = (latest - earliest).days
    if span < 0 or span > MAX_DAY_BUCKETS:
        return []
    return [earliest + timedelta(days=i) for i in range(span + 1)]


def _vectorise(frames: Sequence[Frame]) -> None:
    """TF-IDF vectors (hashed, so the vocabulary never has to be known up front)."""
    if not frames:
        return
    hasher = HashingVectorizer(
        n_features=2**18, alternate_sign=False, norm=None, stop_words="english", ngram_range=(1, 1)
    )
    counts = hasher.transform([f.text for f in frames])
    matrix = csr_matrix(TfidfTransformer(sublinear_tf=True).fit_transform(counts))
    for i, frame in enumerate(frames):
        frame.vector = matrix.getrow(i)


@dataclass
class Linked:
    """The linker's result: events as frame clusters and stories as lists of cluster ids."""

    clusters: list[Cluster]
    stories: list[list[int]]
    main_event: dict[str, int | None]


def _order(item: AnnotatedArticle) -> tuple[str, str]:
    return (item.published.date or "9999-99-99", item.article.id)


def link(items: Iterable[AnnotatedArticle]) -> Linked:
    """Cluster every article's event mentions into events, and events into stories."""
    ordered = sorted(items, key=_order)
    per_article = [(item, frames_of(item)) for item in ordered]
    all_frames = [f for _, frames in per_article for f in frames]
    _vectorise(all_frames)
    linker = Linker()
    # Main frames first, so that background mentions join the events others report.
    frame_cluster: dict[int, Cluster] = {}
    for pass_role in ("main", "other"):
        for frame in all_frames:
            if (frame.role == "main") == (pass_role == "main"):
                frame_cluster[id(frame)] = linker.add(frame)
    main_event: dict[str, int | None] = {}
    for item, frames in per_article:
        mains = [frame_cluster[id(f)].id for f in frames if f.role == "main"]
        main_event[item.article.id] = mains[0] if mains else None
    return Linked(linker.clusters, _stories(linker.clusters), main_event)


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
