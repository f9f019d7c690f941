"""The whole path on the bundled fictional corpus: every planted difficulty is found.

The truth is corpus/expected.json (written with the corpus). Articles are matched
to its keys by outlet, which is unique per article there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsdesk.analysis import Analysis

EXPECTED = json.loads(
    (Path(__file__).resolve().parents[1] / "corpus" / "expected.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def keyed(corpus_analysis: Analysis) -> dict[str, str]:
    """Expected key ("07b") -> article id (by file name; JSON Lines entries by outlet)."""
    by_file = {Path(a.article.path).name: a.article.id for a in corpus_analysis.annotated}
    by_outlet = {
        a.article.outlet: a.article.id for a in corpus_analysis.annotated if a.article.outlet
    }
    out = {}
    for key, truth in EXPECTED["articles"].items():
        name = truth["file"]
        out[key] = by_file[name] if "#" not in name else by_outlet[truth["outlet"]]
    return out


def event_of(analysis: Analysis, keyed: dict[str, str], key: str) -> Any:
    main = analysis.main_event[keyed[key]]
    return next(e for e in analysis.events if e.id == main)


def figure(event: Any, kind: str) -> Any:
    found = [f for f in event.figures if f.kind == kind and f.subset is None]
    assert found, f"no {kind} figure in {event.label}: {[f.kind for f in event.figures]}"
    return found[0]


def test_main_events_match_the_truth(corpus_analysis: Analysis, keyed: dict[str, str]) -> None:
    groups: dict[str, set[str | None]] = {}
    for key, truth in EXPECTED["articles"].items():
        groups.setdefault(truth["main_event"], set()).add(corpus_analysis.main_event[keyed[key]])
    for name, mains in groups.items():
        assert len(mains) == 1 and None not in mains, f"{name} split into {mains}"
    assert len({next(iter(m)) for m in groups.values()}) == len(groups), "two true events merged"


def test_reprints_and_spun_rewrite_are_found(
    corpus_analysis: Analysis, keyed: dict[str, str]
) -> None:
    copies = corpus_analysis.copies
    for key, truth in EXPECTED["articles"].items():
        original = truth.get("duplicate_of")
        copy = copies.get(keyed[key])
        if original:
            assert copy is not None and copy.original == keyed[original], key
        else:
            assert copy is None, f"{key} wrongly marked a copy of {copy}"
    assert copies[keyed["04"]].kind == "rewrite"
    assert copies[keyed["02"]].kind == "reprint"


def test_toll_update_and_same_day_conflict(
    corpus_analysis: Analysis, keyed: dict[str, str]
) -> None:
    killed = figure(event_of(corpus_analysis, keyed, "01"), "killed")
    assert killed.status == "updated"
    assert killed.value == 27
    assert "2025-03-04" in killed.conflict_days


def test_wire_copies_count_as_one_source(corpus_analysis: Analysis, keyed: dict[str, str]) -> None:
    evacuated = figure(event_of(corpus_analysis, keyed, "01"), "evacuated")
    assert evacuated.independent_sources == 1
    magnitude = figure(event_of(corpus_analysis, keyed, "01"), "magnitude")
    assert magnitude.value == 6.9


def test_similar_event_weeks_later_and_storm_stay_apart(
    corpus_analysis: Analysis, keyed: dict[str, str]
) -> None:
    q1 = event_of(corpus_analysis, keyed, "01")
    q2 = event_of(corpus_analysis, keyed, "09")
    s1 = event_of(corpus_analysis, keyed, "06")
    assert len({q1.id, q2.id, s1.id}) == 3
    assert q2.date.start == "2025-03-27" or (q2.date.start or "") >= "2025-03-20"
    q2_killed = {r.value for f in q2.figures if f.kind == "killed" for r in f.reports}
    assert 27 not in q2_killed


def test_background_quake_figure_not_attached_to_current_event(
    corpus_analysis: Analysis, keyed: dict[str, str]
) -> None:
    q1 = event_of(corpus_analysis, keyed, "01")
    values = {r.value for f in q1.figures if f.kind == "killed" for r in f.reports}
    assert 41 not in values
    background = [
        e
        for e in corpus_analysis.events
        if any(r.value == 41 for f in e.figures if f.kind == "killed" for r in f.reports)
    ]
    assert background and all((e.date.start or "").startswith("1989") for e in background)


def test_undated_rewrite_is_dated_within_its_window(
    corpus_analysis: Analysis, keyed: dict[str, str]
) -> None:
    item = next(a for a in corpus_analysis.annotated if a.article.id == keyed["04"])
    assert item.published.date is not None
    assert "2025-03-03" <= item.published.date <= "2025-03-05"
    assert item.published.basis == "inferred"
