"""Self-contained HTML rendering of the brief (one file, opens offline, works without JS).

Article content is untrusted: a headline, outlet or text may contain markup meant
to run in the reader's browser. Everything therefore goes through Jinja2 with
``autoescape=True``, and no article text is ever wrapped in ``Markup``. Highlights
are not produced by string replacement on escaped HTML; the text is cut at the
quote and flag offsets into plain pieces plus open/close tokens from a fixed set
of tags, and the template escapes each piece.

The map is an inline SVG drawn here (equirectangular projection of the event's
places, zoomed to their bounding box) so nothing is fetched at view time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from newsdesk.render.markdown import (
    article_name,
    articles_by_id,
    citation,
    copies,
    counts,
    format_date,
    format_kind,
    format_place,
    format_published,
    format_status,
    format_value,
    stories_with_events,
)

MAP_WIDTH = 480.0
MAP_HEIGHT = 300.0
MAP_MARGIN = 28.0  # room for grid labels inside the frame
MIN_SPAN_DEG = 1.0  # a single town still gets a readable neighbourhood
_GRID_STEPS = (0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 90)
_SAFE_CLASS = re.compile(r"[^a-z0-9_-]+")

_ENV: Environment | None = None


def _environment() -> Environment:
    """One Jinja environment per process; templates ship inside the package."""
    global _ENV
    if _ENV is None:
        _ENV = Environment(
            loader=PackageLoader("newsdesk.render", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    return _ENV


# -------------------------------------------------------------------- highlights
@dataclass(frozen=True)
class Span:
    """A stretch of article text to wrap: a figure quote, a quality flag or a cited sentence."""

    start: int
    end: int
    tag: str  # "mark" or "span": a fixed set, never taken from input
    css: str
    anchor: str | None = None
    title: str | None = None


def quote_anchor(article: str, start: int, end: int) -> str:
    return f"q-{article}-{start}-{end}"


def summary_anchor(article: str, start: int, end: int) -> str:
    return f"s-{article}-{start}-{end}"


def _valid(text: str, start: Any, end: Any) -> bool:
    return (
        isinstance(start, int)
        and isinstance(end, int)
        and not isinstance(start, bool)
        and 0 <= start < end <= len(text)
    )


def _open(span: Span, first: bool) -> dict[str, Any]:
    return {
        "t": "open",
        "tag": span.tag,
        "id": span.anchor if first else None,
        "css": span.css if first else f"{span.css} cont",
        "title": span.title,
    }


def highlight_tokens(text: str, spans: Sequence[Span]) -> list[dict[str, Any]]:
    """Cut ``text`` at span boundaries into text/open/close tokens that always nest.

    Quotes may overlap (two figures in one clause) or cross (a flag that starts
    inside one quote and ends in the next). Where a span would close while an inner
    one is still open, the inner one is closed and reopened as a continuation
    without its id, as browsers do with mis-nested inline tags; so the id marks
    the first fragment, which for nested or disjoint spans is the whole span.
    """
    good = sorted(
        _yield_to_quotes([s for s in spans if _valid(text, s.start, s.end)]),
        key=lambda s: (s.start, -s.end, s.tag, s.css, s.anchor or ""),
    )
    cuts = sorted({0, len(text), *(s.start for s in good), *(s.end for s in good)})
    tokens: list[dict[str, Any]] = []
    stack: list[Span] = []
    pending = 0
    for pos, nxt in zip(cuts, [*cuts[1:], len(text)], strict=True):
        _close_ended(stack, pos, tokens)
        while pending < len(good) and good[pending].start == pos:
            stack.append(good[pending])
            tokens.append(_open(good[pending], first=True))
            pending += 1
        if nxt > pos:
            tokens.append({"t": "text", "s": text[pos:nxt]})
    _close_ended(stack, len(text) + 1, tokens)
    return tokens


def _priority(span: Span) -> int:
    return 0 if span.tag == "mark" else (1 if span.anchor else 2)


def _yield_to_quotes(spans: list[Span]) -> set[Span]:
    """Cut lower-priority spans where they cross a higher one, so quotes stay whole.

    A figure link must land on a mark holding the complete quote; a quality flag
    or cited sentence that half-overlaps it is split into pieces instead.
    Only the first piece keeps an anchor.
    """
    result: set[Span] = set()
    for span in spans:
        pieces = [span]
        for higher in spans:
            if _priority(higher) < _priority(span):
                pieces = [p for piece in pieces for p in _cut(piece, higher)]
        result.update(
            piece if i == 0 else replace(piece, anchor=None) for i, piece in enumerate(pieces)
        )
    return result


def _cut(span: Span, other: Span) -> list[Span]:
    """Split ``span`` at ``other``'s boundaries if (and only if) the two cross."""
    crossing = (other.start < span.start < other.end < span.end) or (
        span.start < other.start < span.end < other.end
    )
    if not crossing:
        return [span]
    cut = other.end if other.start < span.start else other.start
    return [replace(span, end=cut), replace(span, start=cut)]


def _close_ended(stack: list[Span], pos: int, tokens: list[dict[str, Any]]) -> None:
    """Close every span ending at ``pos``; reopen still-running spans opened inside them."""
    ending = [i for i, s in enumerate(stack) if s.end <= pos]
    if not ending:
        return
    lowest = ending[0]
    popped = stack[lowest:]
    del stack[lowest:]
    for span in reversed(popped):
        tokens.append({"t": "close", "tag": span.tag})
    for span in popped:
        if span.end > pos:
            stack.append(span)
            tokens.append(_open(span, first=False))


# ------------------------------------------------------------------------ map SVG
def _nice_step(span: float) -> float:
    """The largest round grid step that still draws at least three lines across the span."""
    for step in reversed(_GRID_STEPS):
        if span / step >= 3:
            return float(step)
    return _GRID_STEPS[0]


def _deg_label(value: float, positive: str, negative: str, step: float) -> str:
    decimals = 0 if step >= 1 else (1 if step >= 0.1 else 2)
    hemi = positive if value >= 0 else negative
    return f"{abs(value):.{decimals}f}°{hemi}"


@dataclass(frozen=True)
class MapFrame:
    """The equirectangular frame of one map: visible degrees and the pixel scale.

    The brief's maps and the web app's (which adds country outlines) share it, so a
    town lands on the same pixel in both.
    """

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


def _unwrapped(lons: list[float]) -> list[float]:
    if max(lons) - min(lons) > 180:  # straddles the antimeridian: work in 0..360
        return [lo + 360 if lo < 0 else lo for lo in lons]
    return lons


def map_frame(places: Sequence[Mapping[str, Any]]) -> MapFrame | None:
    """The frame zoomed to the places' bounding box (None when none is located).

    Equirectangular with the standard parallel at the box's middle latitude, so a
    degree of longitude and of latitude have their true ground ratio there.
    """
    points = _located(places)
    if not points:
        return None
    lons = _unwrapped([p[1] for p in points])
    lats = [p[0] for p in points]
    k = max(math.cos(math.radians((max(lats) + min(lats)) / 2)), 0.2)
    pad_lon = max((max(lons) - min(lons)) * 0.15, MIN_SPAN_DEG / 2)
    pad_lat = max((max(lats) - min(lats)) * 0.15, MIN_SPAN_DEG / 2)
    west, east = min(lons) - pad_lon, max(lons) + pad_lon
    south, north = max(min(lats) - pad_lat, -90.0), min(max(lats) + pad_lat, 90.0)
    inner_w, inner_h = MAP_WIDTH - 2 * MAP_MARGIN, MAP_HEIGHT - 2 * MAP_MARGIN
    scale = min(inner_w / ((east - west) * k), inner_h / (north - south))
    # Centre the box; the frame's unused width or height widens the visible degrees.
    cx, cy = (west + east) / 2, (south + north) / 2
    half_w, half_h = inner_w / 2 / (scale * k), inner_h / 2 / scale
    return MapFrame(cx - half_w, cy + half_h, cx + half_w, cy - half_h, scale, k)


def build_map(places: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Project the event's places onto an SVG frame zoomed to their bounding box.

    Places at the same coordinates share one dot with a joined label.
    """
    frame = map_frame(places)
    if frame is None:
        return None
    points = _located(places)
    lons = _unwrapped([p[1] for p in points])
    return {
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "margin": MAP_MARGIN,
        "dots": _dots(points, lons, frame.project),
        "grid": _grid(frame.west, frame.east, frame.south, frame.north, frame.project),
    }


def _located(places: Sequence[Mapping[str, Any]]) -> list[tuple[float, float, str]]:
    out = []
    for place in places:
        lat, lon = _coord(place.get("lat")), _coord(place.get("lon"))
        if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 360:
            out.append((lat, lon, str(place.get("name") or "?")))
    return out


def _coord(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _dots(
    points: Sequence[tuple[float, float, str]],
    lons: Sequence[float],
    project: Any,
) -> list[dict[str, Any]]:
    merged: dict[tuple[float, float], list[str]] = {}
    for (lat, _, name), lon in zip(points, lons, strict=True):
        names = merged.setdefault((round(lat, 3), round(lon, 3)), [])
        if name not in names:
            names.append(name)
    dots = []
    for (lat, lon), names in sorted(merged.items(), key=lambda kv: (-kv[0][0], kv[0][1])):
        x, y = project(lat, lon)
        right = x < MAP_WIDTH * 0.62
        dots.append(
            {
                "x": x,
                "y": y,
                "label": " / ".join(names),
                "lx": round(x + 7 if right else x - 7, 1),
                "ly": round(y + 4, 1),
                "anchor": "start" if right else "end",
            }
        )
    return dots


def _grid(west: float, east: float, south: float, north: float, project: Any) -> dict[str, Any]:
    """Meridians and parallels at round steps chosen per axis (boxes are rarely square)."""
    meridians = []
    step = _nice_step(east - west)
    for lon in _multiples(west, east, step):
        x, _ = project(north, lon)
        shown = lon - 360 if lon > 180 else lon
        meridians.append({"x": x, "label": _deg_label(shown, "E", "W", step)})
    parallels = []
    step = _nice_step(north - south)
    for lat in _multiples(south, north, step):
        _, y = project(lat, west)
        parallels.append({"y": y, "label": _deg_label(lat, "N", "S", step)})
    return {"meridians": meridians, "parallels": parallels}


def _multiples(low: float, high: float, step: float) -> list[float]:
    """Multiples of ``step`` within [low, high], computed by index to avoid float drift."""
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [round(i * step, 6) for i in range(first, last + 1)]


# ------------------------------------------------------------------- view model
def _safe_url(url: Any) -> str | None:
    """Only http(s) URLs become links; ``javascript:`` and the like stay plain text."""
    if not isinstance(url, str):
        return None
    stripped = url.strip()
    lowered = stripped.lower()
    if lowered.startswith(("http://", "https://")) and not any(c.isspace() for c in stripped):
        return stripped
    return None


def _css_word(value: Any) -> str:
    return _SAFE_CLASS.sub("-", str(value or "").lower()).strip("-") or "other"


def _report_quote(report: Mapping[str, Any], text: str | None) -> tuple[str, str | None]:
    """The quote and, when it really sits at its offsets in the text, its mark id."""
    start, end = report.get("start"), report.get("end")
    quote = str(report.get("quote") or "")
    if text is None or not _valid(text, start, end):
        return quote or str(report.get("as_stated") or ""), None
    assert isinstance(start, int) and isinstance(end, int)
    if quote and text[start:end] != quote:
        return quote, None
    return text[start:end], quote_anchor(str(report.get("article")), start, end)


def _spans_by_article(doc: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, list[Span]]:
    spans: dict[str, list[Span]] = {}
    for event in doc.get("events") or []:
        for fig in event.get("figures") or []:
            for rep in fig.get("reports") or []:
                aid = str(rep.get("article"))
                _, anchor = _report_quote(rep, texts.get(aid))
                if anchor:
                    s, e = int(rep["start"]), int(rep["end"])
                    span = Span(s, e, "mark", "quote", anchor, format_kind(fig))
                    spans.setdefault(aid, []).append(span)
        for sent in event.get("summary") or []:
            aid = str(sent.get("article"))
            s, e = sent.get("start"), sent.get("end")
            text = texts.get(aid)
            if text is not None and _valid(text, s, e):
                assert isinstance(s, int) and isinstance(e, int)
                spans.setdefault(aid, []).append(
                    Span(s, e, "span", "cited", summary_anchor(aid, s, e), "cited in a summary")
                )
    for art in doc.get("articles") or []:
        aid = str(art.get("id"))
        for flag in (art.get("quality") or {}).get("flags") or []:
            kind = str(flag.get("kind") or "flag")
            css = f"flag flag-{_css_word(kind)}"
            span = Span(flag.get("start"), flag.get("end"), "span", css, None, kind)
            spans.setdefault(aid, []).append(span)
    # Identical anchors (one clause carrying two figures) must produce one element.
    return {aid: _unique_anchors(lst) for aid, lst in spans.items()}


def _unique_anchors(spans: list[Span]) -> list[Span]:
    seen: set[str] = set()
    out = []
    for span in spans:
        if span.anchor is not None:
            if span.anchor in seen:
                continue
            seen.add(span.anchor)
        out.append(span)
    return out


def _report_view(
    rep: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]], texts: Mapping[str, str]
) -> dict[str, Any]:
    aid = str(rep.get("article"))
    art = articles.get(aid)
    quote, anchor = _report_quote(rep, texts.get(aid))
    return {
        "article": aid,
        "title": article_name(art, aid),
        "outlet": (art or {}).get("outlet"),
        "as_stated": rep.get("as_stated") or "",
        "value": format_value(rep),
        "attributed_to": rep.get("attributed_to"),
        "reported_on": rep.get("reported_on"),
        "superseded": bool(rep.get("superseded")),
        "quote": quote,
        "anchor": anchor,
        "cite": citation(aid, rep.get("start"), rep.get("end")),
    }


def _figure_view(
    fig: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]], texts: Mapping[str, str]
) -> dict[str, Any]:
    status = str(fig.get("status") or "unknown")
    return {
        "kind": format_kind(fig),
        "value": format_value(fig),
        "status": format_status(status),
        "status_css": _css_word(status),
        "sources": int(fig.get("independent_sources") or 0),
        "reports": [_report_view(r, articles, texts) for r in fig.get("reports") or []],
    }


def _event_view(
    event: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]], texts: Mapping[str, str]
) -> dict[str, Any]:
    main = set(event.get("main_in") or [])
    summary = []
    for sent in event.get("summary") or []:
        aid, s, e = str(sent.get("article")), sent.get("start"), sent.get("end")
        text = texts.get(aid)
        anchor = summary_anchor(aid, s, e) if text is not None and _valid(text, s, e) else None
        summary.append(
            {
                "text": sent.get("text") or "",
                "cite": citation(aid, s, e),
                "anchor": anchor,
                "article": aid,
            }
        )
    return {
        "id": str(event.get("id")),
        "label": event.get("label") or str(event.get("id")),
        "type": event.get("type") or "unknown",
        "date": format_date(event.get("date")),
        "places": [format_place(p) for p in event.get("places") or []],
        "map": build_map(event.get("places") or []),
        "figures": [_figure_view(f, articles, texts) for f in event.get("figures") or []],
        "summary": summary,
        "articles": [
            {"id": str(a), "title": article_name(articles.get(str(a)), str(a)), "main": a in main}
            for a in event.get("articles") or []
        ],
    }


def _article_view(
    art: Mapping[str, Any],
    articles: Mapping[str, Mapping[str, Any]],
    texts: Mapping[str, str],
    spans: Mapping[str, list[Span]],
    labels: Mapping[str, str],
) -> dict[str, Any]:
    aid = str(art.get("id"))
    text = texts.get(aid)
    quality = art.get("quality") or {}
    score = quality.get("score")
    dup = art.get("duplicate_of")
    return {
        "id": aid,
        "title": art.get("title"),
        "name": article_name(art, aid),
        "path": art.get("path"),
        "outlet": art.get("outlet"),
        "url": art.get("url"),
        "link": _safe_url(art.get("url")),
        "format": art.get("format"),
        "published": format_published(art.get("published")),
        "evidence": (art.get("published") or {}).get("evidence"),
        "score": f"{score:.2f}" if isinstance(score, int | float) else None,
        "flags": quality.get("flags") or [],
        "duplicate_of": str(dup) if dup else None,
        "duplicate_name": article_name(articles.get(str(dup)), str(dup)) if dup else None,
        "duplicate_kind": art.get("duplicate_kind") or "copy",
        "main_event": art.get("main_event"),
        "main_event_label": labels.get(str(art.get("main_event")), str(art.get("main_event"))),
        "tokens": highlight_tokens(text, spans.get(aid, [])) if text is not None else None,
    }


def _inputs(doc: Mapping[str, Any]) -> list[str]:
    """Where the brief came from: the integrator's list if given, else the files read."""
    given = doc.get("inputs")
    if isinstance(given, list) and given:
        return [str(x) for x in given]
    paths = [str(a.get("path")) for a in doc.get("articles") or [] if a.get("path")]
    paths += [str(p.get("path")) for p in doc.get("problems") or [] if p.get("path")]
    return sorted(set(paths))


def _count_words(c: Mapping[str, int]) -> list[tuple[int, str]]:
    """Header counts as (number, noun) pairs so the template shows "1 copy", "2 copies"."""
    nouns = [
        ("articles", "article", "articles"),
        ("events", "event", "events"),
        ("stories", "story", "stories"),
        ("copies", "copy found", "copies found"),
        ("problems", "unreadable file", "unreadable files"),
    ]
    return [(c[key], one if c[key] == 1 else many) for key, one, many in nouns]


def build_view(doc: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    """Everything the template shows, precomputed, so the template holds no logic."""
    articles = articles_by_id(doc)
    spans = _spans_by_article(doc, texts)
    labels = {str(e.get("id")): str(e.get("label") or e.get("id")) for e in doc.get("events") or []}
    stories = [
        {
            "id": str(story.get("id") or ""),
            "label": story.get("label") or "Story",
            "events": [_event_view(e, articles, texts) for e in events],
        }
        for story, events in stories_with_events(doc)
    ]
    return {
        "version": str(doc.get("version") or "?"),
        "generated": doc.get("generated"),
        "counts": counts(doc),
        "count_words": _count_words(counts(doc)),
        "inputs": _inputs(doc),
        "stories": stories,
        "articles": [
            _article_view(a, articles, texts, spans, labels) for a in doc.get("articles") or []
        ],
        "copies": [
            {
                "id": str(a.get("id")),
                "name": article_name(a),
                "of": str(a.get("duplicate_of")),
                "of_name": article_name(
                    articles.get(str(a.get("duplicate_of"))), str(a.get("duplicate_of"))
                ),
                "kind": a.get("duplicate_kind") or "copy",
            }
            for a in copies(doc)
        ],
        "problems": [
            {"path": str(p.get("path") or ""), "reason": str(p.get("reason") or "")}
            for p in doc.get("problems") or []
        ],
    }


def render_html(doc: dict[str, Any], texts: Mapping[str, str]) -> str:
    """One self-contained HTML page: timeline, maps, cited figures, highlighted articles."""
    template = _environment().get_template("brief.html.j2")
    return template.render(**build_view(doc, texts))
