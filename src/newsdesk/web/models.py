"""Response models of the JSON API: the contract of DESIGN.md as Pydantic classes.

They give ``/openapi.json`` the exact shape of the document, and the API validates
what it returns against them. Every model allows extra fields because the contract
lets fields be added (``story``, ``duplicate_kind``, ``quote``, ``superseded`` …);
those are passed through untouched.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Precision = Literal["day", "week", "month", "year", "unknown"]
Qualifier = Literal["exact", "about", "at_least", "more_than", "nearly", "up_to", "range"]
Status = Literal["agreed", "single_source", "conflict", "updated", "superseded"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Published(_Open):
    date: str | None
    earliest: str | None
    latest: str | None
    precision: Precision
    basis: Literal["metadata", "header", "text", "inferred", "unknown"]
    evidence: str | None


class QualityFlag(_Open):
    kind: str
    start: int
    end: int
    text: str


class Quality(_Open):
    score: float
    flags: list[QualityFlag]


class Article(_Open):
    id: str
    path: str
    title: str | None
    outlet: str | None
    url: str | None
    published: Published
    main_event: str | None
    quality: Quality
    duplicate_of: str | None


class EventDate(_Open):
    start: str | None
    end: str | None
    precision: Precision


class Place(_Open):
    name: str
    geonameid: int | None
    country_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None


class Report(_Open):
    article: str
    value: float
    qualifier: Qualifier
    as_stated: str
    start: int
    end: int
    sentence: str
    attributed_to: str | None
    reported_on: str | None
    place: str | None


class Figure(_Open):
    kind: str
    value: float
    low: float | None
    high: float | None
    qualifier: Qualifier
    status: Status
    independent_sources: int
    reports: list[Report]


class SummarySentence(_Open):
    text: str
    article: str
    start: int
    end: int


class Event(_Open):
    id: str
    label: str
    type: str
    date: EventDate
    places: list[Place]
    articles: list[str]
    main_in: list[str]
    figures: list[Figure]
    summary: list[SummarySentence]


class Story(_Open):
    id: str
    label: str
    events: list[str]
    articles: list[str]


class Document(_Open):
    """The whole JSON document of DESIGN.md (what ``newsdesk export`` writes)."""

    version: str
    articles: list[Article]
    events: list[Event]
    stories: list[Story]


class EventList(BaseModel):
    total: int
    offset: int
    limit: int
    events: list[Event]


class ArticleDetail(Article):
    """An article of the contract plus its text and where it is cited."""

    text: str
    events: list[str]
    copies: list[str]


class SearchHit(BaseModel):
    article: str
    title: str | None
    outlet: str | None
    path: str
    rank: float
    snippet: str


class SearchResults(BaseModel):
    query: str
    method: str
    hits: list[SearchHit]
