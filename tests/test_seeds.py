"""The whole path on the five real seed articles against ../shared/seeds/expected.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest

from newsdesk.analysis import Analysis
from newsdesk.brief import build_document
from newsdesk.contract import SCHEMA


def key_of(analysis: Analysis) -> dict[str, str]:
    """Seed key ("000") -> article id."""
    return {Path(a.article.path).name[:3]: a.article.id for a in analysis.annotated}


def figure_hits(analysis: Analysis, expected: dict[str, Any]) -> list[bool]:
    """Per expected figure: is it in some event's reports (right kind, value, quote)?"""
    ids = key_of(analysis)
    texts = {a.article.id: a.article.text for a in analysis.annotated}
    hits = []
    for want in expected["figures"]:
        aid = ids[want["article"]]
        q_start = texts[aid].find(want["quote"])
        assert q_start >= 0, want["quote"]
        q_end = q_start + len(want["quote"])
        found = any(
            f.kind == want["kind"]
            and r.article == aid
            and r.value == want["value"]
            and r.start < q_end
            and q_start < r.end
            for e in analysis.events
            for f in e.figures
            for r in f.reports
        )
        hits.append(found)
    return hits


def test_document_validates_against_contract(seeds_analysis: Analysis) -> None:
    jsonschema.validate(build_document(seeds_analysis), SCHEMA)


def test_every_report_points_at_its_quote(seeds_analysis: Analysis) -> None:
    texts = {a.article.id: a.article.text for a in seeds_analysis.annotated}
    reports = [r for e in seeds_analysis.events for f in e.figures for r in f.reports]
    assert reports
    for r in reports:
        assert texts[r.article][r.start : r.end] == r.quote
        assert r.as_stated in r.quote or r.as_stated.lower() in r.quote.lower()
        assert r.quote in r.sentence
    for e in seeds_analysis.events:
        for s in e.summary:
            assert texts[s.article][s.start : s.end] == s.text


def test_at_least_three_quarters_of_expected_figures_found(
    seeds_analysis: Analysis, seeds_expected: dict[str, Any]
) -> None:
    hits = figure_hits(seeds_analysis, seeds_expected)
    missed = [f["quote"] for f, hit in zip(seeds_expected["figures"], hits, strict=True) if not hit]
    assert sum(hits) / len(hits) >= 0.75, f"missed: {missed}"


def test_000_to_002_share_one_main_event(seeds_analysis: Analysis) -> None:
    ids = key_of(seeds_analysis)
    mains = {seeds_analysis.main_event[ids[k]] for k in ("000", "001", "002")}
    assert len(mains) == 1 and None not in mains


def test_004_stands_apart_and_is_not_dated_2022(seeds_analysis: Analysis) -> None:
    ids = key_of(seeds_analysis)
    others = {ids[k] for k in ("000", "001", "002", "003")}
    a004 = ids["004"]
    for group in [
        *(e.articles for e in seeds_analysis.events),
        *(s.articles for s in seeds_analysis.stories),
    ]:
        if a004 in group:
            assert not others & set(group)
    item = next(a for a in seeds_analysis.annotated if a.article.id == a004)
    assert not (item.published.date or "").startswith("2022")
    assert not (item.published.earliest or "").startswith("2022") or item.published.date is None
    main = seeds_analysis.main_event[a004]
    event = next(e for e in seeds_analysis.events if e.id == main) if main else None
    assert event is None or not (event.date.start or "").startswith("2022")


def test_publication_dates_within_tolerance(
    seeds_analysis: Analysis, seeds_expected: dict[str, Any]
) -> None:
    from datetime import date

    ids = key_of(seeds_analysis)
    by_id = {a.article.id: a for a in seeds_analysis.annotated}
    for key, want in seeds_expected["articles"].items():
        got = by_id[ids[key]].published.date
        if want["published"] is None:
            continue
        if got is None:
            continue  # unknown is honest; wrong is not
        gap = abs((date.fromisoformat(got) - date.fromisoformat(want["published"])).days)
        assert gap <= want["tolerance_days"], (key, got, want["published"])


def _event_of_article(analysis: Analysis, key: str) -> Any:
    main = analysis.main_event[key_of(analysis)[key]]
    return next(e for e in analysis.events if e.id == main)


def test_must_not_attach_other_events_figures_to_the_15_november_barrage(
    seeds_analysis: Analysis,
) -> None:
    e1 = _event_of_article(seeds_analysis, "000")
    values = {(f.kind, r.value) for f in e1.figures for r in f.reports}
    assert ("killed", 7) not in values
    assert ("missiles_intercepted", 6) not in values
    assert ("drones_intercepted", 5) not in values
    assert ("missiles_launched", 84) not in values


def test_must_not_treat_distractors_as_figures(seeds_analysis: Analysis) -> None:
    quotes = " | ".join(
        r.quote for e in seeds_analysis.events for f in e.figures for r in f.reports
    )
    for word in ("conscripts", "Group of 20", "MH17", "Griner", "G20"):
        assert word not in quotes


def test_about_100_missiles_agreed_by_two_sources(seeds_analysis: Analysis) -> None:
    e1 = _event_of_article(seeds_analysis, "000")
    launched = [f for f in e1.figures if f.kind == "missiles_launched"]
    assert launched, [f.kind for f in e1.figures]
    assert launched[0].value == 100
    assert launched[0].independent_sources >= 2


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_places_have_coordinates(seeds_analysis: Analysis, key: str) -> None:
    item = next(a for a in seeds_analysis.annotated if Path(a.article.path).name.startswith(key))
    resolved = [p for p in item.places if p.lat is not None]
    assert resolved, f"no resolved places in {key}"


def test_003_reports_a_different_event_two_days_later(seeds_analysis: Analysis) -> None:
    e1 = _event_of_article(seeds_analysis, "000")
    e3 = _event_of_article(seeds_analysis, "003")
    assert e1.id != e3.id
    assert e1.date.start == "2022-11-15"
    assert e3.date.start is not None and "2022-11-16" <= e3.date.start <= "2022-11-18"


def test_przewodow_blast_and_10_october_strikes_are_events_of_their_own(
    seeds_analysis: Analysis,
) -> None:
    e1 = _event_of_article(seeds_analysis, "000")

    def holding(kind: str, value: float) -> set[str]:
        return {
            e.id
            for e in seeds_analysis.events
            for f in e.figures
            if f.kind == kind and any(r.value == value for r in f.reports)
        }

    october = holding("missiles_launched", 84)
    poland = holding("killed", 2)
    assert october and e1.id not in october
    assert poland and e1.id not in poland and not (poland & october)
