"""Plain data objects passed between the pipeline stages.

Every stage takes and returns these objects and nothing else, so a stage can be
tested, cached or run in another process on its own. All offsets (``start``,
``end``) are character offsets into :attr:`Article.text`, the article's own text
as read after decoding; nothing downstream ever re-indexes a cleaned copy.

The objects serialise to plain dicts with :func:`to_dict` (``dataclasses.asdict``
with ``None`` kept), which is what the JSON contract and the cache store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import cache
from types import UnionType
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

Precision = Literal["day", "week", "month", "year", "unknown"]
DateBasis = Literal["metadata", "header", "text", "inferred", "unknown"]
Qualifier = Literal["exact", "about", "at_least", "more_than", "nearly", "up_to", "range"]
PlaceKind = Literal["country", "region", "city", "custom"]


def to_dict(obj: Any) -> dict[str, Any]:
    """Serialise any model object (recursively) to plain JSON-ready data."""
    return asdict(obj)


# --------------------------------------------------------------------------- read
@dataclass
class Article:
    """One article as read from disk: the text every offset refers to, plus metadata.

    ``id`` is derived from the text (content hash), so the same article read from
    two paths has one id and re-reading is deterministic.
    """

    id: str
    path: str
    text: str
    format: str  # txt, html, json, jsonl, rss
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD from metadata or header line
    published_basis: DateBasis = "unknown"  # "metadata" (a field) or "header" (a text line)
    published_evidence: str | None = None  # the verbatim text the date was read from


@dataclass
class ReadProblem:
    """A file (or entry in a file) that could not be read, and why, in words for a user."""

    path: str
    reason: str


# ----------------------------------------------------------------------- clean
@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Boilerplate(Span):
    """A stretch of the original text that is not article prose (credit, prompt, link)."""

    kind: str = "boilerplate"  # photo_credit, read_also, comments_prompt, contributors, ...


# -------------------------------------------------------------------- annotate
@dataclass
class PlaceMention:
    """A place name in the text resolved to a gazetteer entry (or honestly unresolved)."""

    start: int
    end: int
    text: str
    name: str  # canonical name of the resolved entry (or the surface text if unresolved)
    geonameid: int | None
    country_code: str | None
    admin1: str | None  # first-level region name
    lat: float | None
    lon: float | None
    kind: PlaceKind = "city"
    precision: Literal["town", "region", "country", "unknown"] = "town"
    population: int = 0
    score: float = 0.0  # resolver confidence 0..1


@dataclass
class TimeMention:
    """A time expression normalised against the article's publication date.

    ``value`` is a TimeML/TIMEX3-style value ("2022-11-15", "2022-11", "2022-W46",
    "P3D", "PAST_REF"). For DATE values that denote calendar days, ``earliest`` and
    ``latest`` bound the days the expression can mean, which is what linking uses.
    """

    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str | None
    earliest: str | None = None
    latest: str | None = None
    precision: Precision = "unknown"
    relative: bool = False  # resolved against the publication date rather than stated


@dataclass
class NumberMention:
    """A number in the text, in digits or words, with any hedge word before it."""

    start: int
    end: int
    text: str
    value: float
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = "exact"
    vague: bool = False  # "dozens", "hundreds": a conservative reading, not a count


@dataclass
class Sentence:
    start: int
    end: int


# --------------------------------------------------------------------- extract
@dataclass
class EventMention:
    """A mention of something that happened (attack, explosion, quake, outage ...).

    ``role`` is "main" for the article's own news, "background" for an older or
    other event it refers to (the October 10 strikes, the 1999 quake).
    """

    index: int  # position in AnnotatedArticle.events
    type: str
    start: int  # trigger word(s)
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    time: TimeMention | None = None
    places: list[PlaceMention] = field(default_factory=list)
    role: Literal["main", "background", "other"] = "main"
    figures: list[int] = field(default_factory=list)  # indexes into AnnotatedArticle.figures


@dataclass
class Figure:
    """A count (or magnitude) the article states, with the quote that states it."""

    kind: str  # killed, injured, missiles_launched ... (DESIGN.md)
    value: float
    qualifier: Qualifier
    as_stated: str  # the verbatim number phrase, e.g. "at least seven"
    start: int  # offsets of ``quote`` (the clause that carries the figure)
    end: int
    quote: str
    sentence_start: int
    sentence_end: int
    low: float | None = None
    high: float | None = None
    attributed_to: str | None = None
    subset: str | None = None  # children, soldiers, civilians ...
    place: str | None = None  # scope place name, if the text ties the figure to one
    event: int | None = None  # index into AnnotatedArticle.events
    superseded: bool = False  # the same text later gives a newer value


# ---------------------------------------------------------------------- assess
@dataclass
class PublishedDate:
    date: str | None
    earliest: str | None
    latest: str | None
    precision: Precision
    basis: DateBasis
    evidence: str | None


@dataclass
class QualityFlag:
    kind: str  # garbled_sentence, misspelling, split_sentence, ...
    start: int
    end: int
    text: str


@dataclass
class Quality:
    score: float  # 1.0 clean prose .. 0.0 unreadable
    flags: list[QualityFlag] = field(default_factory=list)


@dataclass
class Fingerprint:
    """What the copy finder compares an article by (see :mod:`newsdesk.assess.duplicates`).

    It depends on the text alone, so the per-article stage makes it once and the cache
    keeps it: finding copies among many articles then only compares, and adding articles
    to a corpus never fingerprints the old ones again. Hashes are packed (little-endian
    unsigned 32-bit, base64): a third of the size of a JSON list, and quicker to read.
    """

    words: int
    shingles: str  # hashes of the word 5-grams, sorted, packed
    anchors: list[str]  # numbers and names, in text order
    content: list[str]  # content-word stems, sorted
    shingle_signature: str  # MinHash of the shingles, packed; "" without shingles
    anchor_signature: str  # MinHash of consecutive anchor pairs, packed; "" with too few


@dataclass
class Terms:
    """An article's words as the event linker counts them (see :mod:`newsdesk.annotate.terms`)."""

    ids: list[int]  # hashed words, ascending
    counts: list[int]
    names: list[str]  # multi-word proper names, sorted


@dataclass
class AnnotatedArticle:
    """Everything the per-article stage learns about one article (pure function output)."""

    article: Article
    published: PublishedDate
    boilerplate: list[Boilerplate] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    quality: Quality = field(default_factory=lambda: Quality(1.0))
    # None in annotations stored before these existed: the across-articles stage makes them
    fingerprint: Fingerprint | None = None
    terms: Terms | None = None
    pipeline_version: str = ""


# ------------------------------------------------------------- across articles
@dataclass
class DateRange:
    start: str | None
    end: str | None
    precision: Precision


@dataclass
class EventPlace:
    name: str
    geonameid: int | None
    country_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    kind: PlaceKind = "city"
    precision: str = "town"  # town, region, country: how exactly lat/lon place it


@dataclass
class FigureReport:
    article: str
    value: float
    qualifier: str
    as_stated: str
    start: int
    end: int
    sentence: str
    attributed_to: str | None
    reported_on: str | None
    place: str | None
    quote: str = ""
    superseded: bool = False


@dataclass
class EventFigure:
    kind: str
    value: float
    low: float | None
    high: float | None
    qualifier: str
    status: Literal["agreed", "single_source", "conflict", "updated", "superseded"]
    independent_sources: int
    reports: list[FigureReport]
    subset: str | None = None
    conflict_days: list[str] = field(default_factory=list)  # days whose reports disagree


@dataclass
class SummarySentence:
    text: str
    article: str
    start: int
    end: int


@dataclass
class Event:
    id: str
    label: str
    type: str
    date: DateRange
    places: list[EventPlace]
    articles: list[str]
    main_in: list[str]
    figures: list[EventFigure] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)


@dataclass
class Story:
    id: str
    label: str
    events: list[str]
    articles: list[str]


T = TypeVar("T")


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a model object from :func:`to_dict` output (used by the annotation cache)."""
    result: T = _build(cls, data)
    return result


def _build(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return _build(args[0], data) if len(args) == 1 else data
    if origin is list:
        (item,) = get_args(tp)
        return [_build(item, x) for x in data]
    if origin is dict:
        _key, value = get_args(tp)
        return {k: _build(value, v) for k, v in data.items()}
    if is_dataclass(tp) and isinstance(tp, type):
        hints = _hints(tp)
        return tp(
            **{f.name: _build(hints[f.name], data[f.name]) for f in fields(tp) if f.name in data}
        )
    return data


@cache
def _hints(tp: type) -> dict[str, Any]:
    return get_type_hints(tp)
