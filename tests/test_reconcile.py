"""Reconciliation: status, best value and independent sources from hand-made reports."""

from __future__ import annotations

import math

import pytest

from newsdesk.models import Figure
from newsdesk.reconcile import Report, interval, reconcile, reconcile_kind, source_of


def fig(value: float, qualifier: str = "exact", kind: str = "killed", **kw: object) -> Figure:
    return Figure(
        kind=kind,
        value=value,
        qualifier=qualifier,  # type: ignore[arg-type]
        as_stated=str(value),
        start=int(kw.pop("start", 0)),  # type: ignore[call-overload]
        end=10,
        quote="q",
        sentence_start=0,
        sentence_end=10,
        **kw,  # type: ignore[arg-type]
    )


def rep(article: str, figure: Figure, day: str | None = None, source: str | None = None) -> Report:
    return Report(article, figure, "sentence", day, source or article)


def test_intervals_follow_the_hedge() -> None:
    assert interval(7, "at_least", None, None) == (7, math.inf)
    assert interval(100, "about", None, None) == pytest.approx((90, 110))
    assert interval(10, "up_to", None, None) == (0, 10)
    assert interval(35, "range", 30, 40) == (30, 40)
    low, high = interval(10, "more_than", None, None)
    assert low > 10 and high == math.inf


def test_exact_and_at_least_of_same_value_agree_and_best_is_exact() -> None:
    out = reconcile_kind("killed", [rep("a", fig(1)), rep("b", fig(1, "at_least"))])
    assert (out.status, out.value, out.qualifier, out.independent_sources) == (
        "agreed",
        1,
        "exact",
        2,
    )


def test_reprints_count_as_one_source() -> None:
    reports = [
        rep("a", fig(100, "about"), "2024-01-02"),
        rep("b", fig(100, "about"), "2024-01-02", "a"),
    ]
    out = reconcile_kind("missiles_launched", reports)
    assert out.status == "single_source"
    assert out.independent_sources == 1
    assert len(out.reports) == 2


def test_same_day_incompatible_values_conflict_and_best_is_conservative() -> None:
    out = reconcile_kind(
        "killed", [rep("a", fig(15), "2025-03-04"), rep("b", fig(18), "2025-03-04")]
    )
    assert out.status == "conflict"
    assert out.value == 15


def test_later_day_with_new_value_is_an_update_even_if_hedges_overlap() -> None:
    reports = [rep("a", fig(12, "at_least"), "2025-03-03"), rep("b", fig(27), "2025-03-05")]
    out = reconcile_kind("killed", reports)
    assert out.status == "updated"
    assert out.value == 27
    assert [r.reported_on for r in out.reports] == ["2025-03-03", "2025-03-05"]


def test_toll_superseded_inside_one_text() -> None:
    reports = [
        rep("a", fig(12, superseded=True), "2025-03-04"),
        rep("a", fig(19, start=5), "2025-03-04"),
    ]
    out = reconcile_kind("killed", reports)
    assert out.status == "superseded"
    assert out.value == 19


def test_subsets_are_kept_apart() -> None:
    reports = [rep("a", fig(10)), rep("a", fig(3, subset="children", start=4))]
    out = reconcile(reports)
    assert [(f.kind, f.subset, f.value) for f in out] == [
        ("killed", None, 10),
        ("killed", "children", 3),
    ]


def test_source_of_follows_copy_chains_and_survives_cycles() -> None:
    assert source_of("c", {"c": "b", "b": "a"}) == "a"
    assert source_of("x", {}) == "x"
    assert source_of("a", {"a": "b", "b": "a"}) in {"a", "b"}


def test_past_conflict_is_listed_but_latest_update_sets_status() -> None:
    reports = [
        rep("a", fig(12, "at_least"), "2025-03-03"),
        rep("b", fig(21), "2025-03-04"),
        rep("c", fig(24), "2025-03-04"),
        rep("d", fig(27), "2025-03-05"),
    ]
    out = reconcile_kind("killed", reports)
    assert out.status == "updated"
    assert out.value == 27
    assert out.conflict_days == ["2025-03-04"]
