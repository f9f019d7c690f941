"""Exports of a contract document, read back with csv and a GIS reader.

The document is written by hand in the shape DESIGN.md fixes, so these tests pin the
export formats without running the NLP pipeline.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from newsdesk.export import CSV_COLUMNS, figure_notes, geo_precision, primary_place, render


def report(article: str, value: float, day: str, superseded: bool = False) -> dict[str, Any]:
    return {
        "article": article,
        "value": value,
        "qualifier": "exact",
        "as_stated": str(value),
        "start": 0,
        "end": 2,
        "sentence": "…",
        "attributed_to": None,
        "reported_on": day,
        "place": None,
        "superseded": superseded,
    }


def figure(
    kind: str, value: float, status: str, reports: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    base = {
        "kind": kind,
        "value": value,
        "low": None,
        "high": None,
        "qualifier": "exact",
        "status": status,
        "independent_sources": len({r["article"] for r in reports}),
        "reports": reports,
    }
    return {**base, **extra}


TOWN = {
    "name": "Izmir",
    "geonameid": 311046,
    "country_code": "TR",
    "admin1": "Izmir Province",
    "lat": 38.41273,
    "lon": 27.13838,
}
COUNTRY = {
    "name": "Turkey",
    "geonameid": 298795,
    "country_code": "TR",
    "admin1": None,
    "lat": 39.0,
    "lon": 35.0,
}
NOWHERE = {
    "name": "the coast",
    "geonameid": None,
    "country_code": None,
    "admin1": None,
    "lat": None,
    "lon": None,
}

DOCUMENT: dict[str, Any] = {
    "version": "test",
    "articles": [{"id": a, "path": f"{a}.txt"} for a in ("a1", "a2", "a3")],
    "events": [
        {
            "id": "ev-quake",
            "label": "Earthquake in Izmir",
            "type": "earthquake",
            "date": {"start": "2023-02-06", "end": "2023-02-06", "precision": "day"},
            "places": [COUNTRY, TOWN],
            "articles": ["a1", "a2", "a3"],
            "main_in": ["a1", "a2"],
            "figures": [
                figure(
                    "killed",
                    18,
                    "conflict",
                    [report("a1", 15, "2023-02-06"), report("a2", 18, "2023-02-06")],
                ),
                figure(
                    "injured",
                    120,
                    "updated",
                    [
                        report("a3", 120, "2023-02-08"),
                        report("a1", 40, "2023-02-06"),
                        report("a2", 40, "2023-02-07"),
                    ],
                ),
                figure(
                    "displaced",
                    1500,
                    "single_source",
                    [report("a3", 1500, "2023-02-08")],
                    qualifier="range",
                    low=1000,
                    high=2000,
                    subset="children",
                ),
                figure(
                    "magnitude",
                    7.8,
                    "agreed",
                    [report("a1", 7.8, "2023-02-06"), report("a2", 7.8, "2023-02-06")],
                ),
            ],
            "summary": [],
            "story": "st-1",
        },
        {
            "id": "ev-unplaced",
            "label": "Flooding",
            "type": "flood",
            "date": {"start": None, "end": None, "precision": "unknown"},
            "places": [NOWHERE],
            "articles": ["a3"],
            "main_in": [],
            "figures": [],
            "summary": [],
            "story": None,
        },
    ],
    "stories": [
        {
            "id": "st-1",
            "label": "Earthquake in Izmir",
            "events": ["ev-quake"],
            "articles": ["a1", "a2", "a3"],
        }
    ],
    "problems": [],
}


def rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(render(DOCUMENT, "csv"))))


def test_csv_has_one_row_per_event_figure_and_a_row_for_a_bare_event() -> None:
    table = rows()
    assert len(table) == 5
    assert tuple(table[0]) == CSV_COLUMNS
    quake = [r for r in table if r["event_id"] == "ev-quake"]
    assert [r["figure_kind"] for r in quake] == ["killed", "injured", "displaced", "magnitude"]
    killed = quake[0]
    assert (killed["event_date"], killed["time_precision"], killed["country"]) == (
        "2023-02-06",
        "day",
        "Turkey",
    )
    assert (killed["location"], killed["latitude"], killed["longitude"]) == (
        "Izmir",
        "38.41273",
        "27.13838",
    )
    assert (killed["geo_precision"], killed["admin1"]) == ("town", "Izmir Province")
    assert (killed["value"], killed["status"], killed["sources"], killed["articles"]) == (
        "18",
        "conflict",
        "2",
        "a1;a2",
    )
    assert killed["notes"] == "conflict: 15 (a1) vs 18 (a2)"
    assert quake[3]["value"] == "7.8"
    bare = next(r for r in table if r["event_id"] == "ev-unplaced")
    assert (
        bare["figure_kind"] == "" and bare["latitude"] == "" and bare["geo_precision"] == "unknown"
    )
    assert bare["location"] == "the coast" and bare["time_precision"] == "unknown"


def test_notes_tell_updates_in_report_order_and_ranges() -> None:
    injured, displaced = DOCUMENT["events"][0]["figures"][1:3]
    assert figure_notes(injured) == "updated: 40 (a1, a2) → 120 (a3)"
    assert figure_notes(displaced) == "range 1000–2000"
    superseded_report = [
        report("a1", 12, "2023-02-06", superseded=True),
        report("a1", 19, "2023-02-06"),
    ]
    assert (
        figure_notes(figure("killed", 19, "superseded", superseded_report)) == "superseded: 19 (a1)"
    )


def test_primary_place_prefers_a_located_town_over_a_country() -> None:
    assert primary_place([COUNTRY, TOWN]) is TOWN
    assert primary_place([NOWHERE, COUNTRY]) is COUNTRY
    assert primary_place([NOWHERE]) is NOWHERE
    assert primary_place([]) is None
    assert geo_precision(COUNTRY) == "country"
    assert geo_precision({**TOWN, "name": "Izmir Province"}) == "region"


def test_json_export_is_the_document_itself() -> None:
    text = render(DOCUMENT, "json")
    assert json.loads(text) == DOCUMENT
    assert text == render(json.loads(text), "json")  # stable bytes


def test_geojson_points_are_lon_lat_with_event_properties() -> None:
    data = json.loads(render(DOCUMENT, "geojson"))
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert len(features) == 2  # the unlocated place has no point
    town = next(f for f in features if f["properties"]["place"] == "Izmir")
    assert town["geometry"] == {"type": "Point", "coordinates": [27.13838, 38.41273]}
    props = town["properties"]
    assert (
        props["event_id"] == "ev-quake"
        and props["primary"] is True
        and props["date"] == "2023-02-06"
    )
    assert props["figures"].startswith("killed 18 (conflict); injured 120 (updated)")
    assert "displaced children 1500 (single_source)" in props["figures"]


def test_geojson_reads_back_in_a_gis_library(tmp_path: Path) -> None:
    raw = pytest.importorskip("pyogrio.raw", reason="pyogrio (GDAL) is not installed")
    shapely = pytest.importorskip("shapely", reason="shapely is not installed")
    path = tmp_path / "events.geojson"
    path.write_text(render(DOCUMENT, "geojson"), encoding="utf-8")
    meta, _fids, geometry, fields = raw.read(path)
    assert meta["geometry_type"] == "Point"
    columns = dict(zip(meta["fields"], fields, strict=True))
    points = [shapely.from_wkb(g) for g in geometry]
    located = {name: (p.x, p.y) for name, p in zip(columns["place"], points, strict=True)}
    assert located == {"Turkey": (35.0, 39.0), "Izmir": (27.13838, 38.41273)}
    assert list(columns["event_id"]) == ["ev-quake", "ev-quake"]
    assert "EPSG:4326" in (meta.get("crs") or "EPSG:4326")


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        render(DOCUMENT, "xlsx")
