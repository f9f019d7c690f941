"""What each page shows, computed from the catalog as plain data for the templates.

The templates only lay out; every decision (which quote is valid, what links
where, which figures disagree) is made here, where it can be tested. Article
content stays plain strings: the templates autoescape it, and highlighted text is
the token stream of :func:`newsdesk.render.html.highlight_tokens`, never markup
built by string replacement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from newsdesk.render.html import Span, highlight_tokens, quote_anchor, summary_anchor
from newsdesk.render.markdown import (
    article_name,
    citation,
    format_date,
    format_kind,
    format_number,
    format_published,
    format_status,
    format_value,
    key_figures,
)
from newsdesk.web.catalog import Catalog
from newsdesk.web.geo import event_map

Doc = Mapping[str, Any]
CONTEXT_CHARS = 160  # shown around a quote whose sentence cannot be found in the text
DISAGREEING = {"conflict", "updated", "superseded"}


# ------------------------------------------------------------------ links
def seg(value: Any) -> str:
    """One URL path segment: every reserved character escaped (ids are caller-given)."""
    return quote(str(value), safe="")


def event_url(event_id: Any) -> str:
    return f"/events/{seg(event_id)}"


def story_url(story_id: Any) -> str:
    return f"/stories/{seg(story_id)}"


def article_url(article_id: Any, start: int | None = None, end: int | None = None) -> str:
    """The article page; with offsets, that quote is marked and scrolled to."""
    base = f"/articles/{seg(article_id)}"
    if start is None or end is None:
        return base
    return f"{base}?mark={start}-{end}#{seg(quote_anchor(str(article_id), start, end))}"


def _valid(text: str | None, start: Any, end: Any) -> bool:
    return (
        text is not None
        and isinstance(start, int)
        and isinstance(end, int)
        and not isinstance(start, bool)
        and 0 <= start < end <= len(text)
    )


def css_word(value: Any) -> str:
    word = "".join(c if c.isalnum() or c in "-_" else "-" for c in str(value or "").lower())
    return word.strip("-") or "other"


# ------------------------------------------------------------------ home and stories
def _date_span(events: Sequence[Doc]) -> str:
    starts = [str(e["date"]["start"]) for e in events if (e.get("date") or {}).get("start")]
    ends = [
        str(e["date"].get("end") or e["date"]["start"])
        for e in events
        if (e.get("date") or {}).get("start")
    ]
    if not starts:
        return "dates unknown"
    low, high = min(starts), max(ends)
    return low if low == high else f"{low} – {high}"


def figure_chip(fig: Doc) -> dict[str, Any]:
    return {
        "kind": format_kind(fig),
        "value": format_value(fig),
        "status": format_status(fig.get("status")),
        "status_css": css_word(fig.get("status")),
        "sources": int(fig.get("independent_sources") or 0),
    }


def event_line(cat: Catalog, event: Doc) -> dict[str, Any]:
    """One event in a list or timeline: when, what, where, key figures."""
    eid = str(event.get("id"))
    story = cat.stories.get(cat.story_of.get(eid, ""))
    return {
        "id": eid,
        "url": event_url(eid),
        "label": event.get("label") or eid,
        "type": event.get("type") or "unknown",
        "date": format_date(event.get("date")),
        "day": (event.get("date") or {}).get("start"),
        "places": [str(p.get("name") or "?") for p in event.get("places") or []],
        "located": any(
            isinstance(p.get("lat"), int | float) and isinstance(p.get("lon"), int | float)
            for p in event.get("places") or []
        ),
        "figures": [figure_chip(f) for f in key_figures(event.get("figures") or [])],
        "n_articles": len(event.get("articles") or []),
        "story": story.get("label") if story else None,
        "story_url": story_url(story.get("id")) if story else None,
    }


def home_view(cat: Catalog) -> dict[str, Any]:
    stories = []
    for story, members in cat.story_order:
        sid = str(story.get("id") or "")
        stories.append(
            {
                "id": sid,
                "url": story_url(sid) if sid else "/events",
                "label": story.get("label") or "Story",
                "n_events": len(members),
                "n_articles": len(story.get("articles") or [])
                or len({a for e in members for a in e.get("articles") or []}),
                "dates": _date_span(members),
                "events": [event_line(cat, e) for e in members[:3]],
            }
        )
    return {
        "stories": stories,
        "n_articles": len(cat.articles),
        "n_events": len(cat.events),
        "pipeline": cat.pipeline_version,
    }


def story_view(cat: Catalog, story_id: str) -> dict[str, Any] | None:
    for story, members in cat.story_order:
        if str(story.get("id") or "") == story_id and story_id:
            return {
                "id": story_id,
                "label": story.get("label") or "Story",
                "dates": _date_span(members),
                "timeline": [event_line(cat, e) for e in members],
                "map": event_map([p for e in members for p in e.get("places") or []]),
                "n_articles": len(story.get("articles") or []),
            }
    return None


# ------------------------------------------------------------------ event page
def _quote_context(report: Doc, text: str | None) -> dict[str, Any]:
    """The quote inside its sentence (or a window of text) as before/quote/after pieces."""
    start, end = report.get("start"), report.get("end")
    sentence = str(report.get("sentence") or "")
    if text is None or not _valid(text, start, end):
        fallback = str(report.get("quote") or report.get("as_stated") or "")
        return {"found": False, "before": "", "quote": fallback, "after": ""}
    assert isinstance(start, int) and isinstance(end, int)
    low, high = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    if sentence:
        pos = text.find(sentence, max(0, end - len(sentence)), end + len(sentence))
        if 0 <= pos <= start and end <= pos + len(sentence):
            low, high = pos, pos + len(sentence)
    return {
        "found": True,
        "before": ("…" if low > 0 and not sentence else "") + text[low:start],
        "quote": text[start:end],
        "after": text[end:high],
    }


def _report_line(cat: Catalog, rep: Doc, texts: Mapping[str, str]) -> dict[str, Any]:
    aid = str(rep.get("article"))
    art = cat.articles.get(aid)
    context = _quote_context(rep, texts.get(aid))
    start, end = rep.get("start"), rep.get("end")
    linked = context["found"] and isinstance(start, int) and isinstance(end, int)
    return {
        "article": aid,
        "title": article_name(art, aid),
        "outlet": (art or {}).get("outlet"),
        "value": format_value(rep),
        "as_stated": rep.get("as_stated") or "",
        "attributed_to": rep.get("attributed_to"),
        "reported_on": rep.get("reported_on"),
        "place": rep.get("place"),
        "superseded": bool(rep.get("superseded")),
        "context": context,
        "url": article_url(aid, start, end) if linked else article_url(aid),
        "cite": citation(aid, start, end),
    }


def _disagreement(fig: Doc, cat: Catalog) -> dict[str, Any] | None:
    """How the reports of a figure differ: each value with who gave it and when."""
    status = str(fig.get("status") or "")
    groups: dict[str, dict[str, Any]] = {}
    for rep in fig.get("reports") or []:
        key = format_value(rep)
        group = groups.setdefault(key, {"value": key, "articles": [], "days": set()})
        aid = str(rep.get("article"))
        name = article_name(cat.articles.get(aid), aid)
        if all(a["id"] != aid for a in group["articles"]):
            group["articles"].append({"id": aid, "name": name, "url": article_url(aid)})
        if rep.get("reported_on"):
            group["days"].add(str(rep["reported_on"]))
    if status not in DISAGREEING and len(groups) < 2:
        return None
    ordered = sorted(groups.values(), key=lambda g: (min(g["days"] or {"9999"}), g["value"]))
    return {
        "kind": format_kind(fig),
        "status": format_status(status),
        "status_css": css_word(status),
        "current": format_value(fig),
        "groups": [{**g, "days": sorted(g["days"])} for g in ordered],
        "conflict_days": list(fig.get("conflict_days") or []),
    }


def event_view(cat: Catalog, event: Doc, texts: Mapping[str, str]) -> dict[str, Any]:
    """Everything the event page shows; ``texts`` holds the texts of its reporting articles."""
    main = {str(a) for a in event.get("main_in") or []}
    figures = []
    for fig in event.get("figures") or []:
        chip = figure_chip(fig)
        chip["reports"] = [_report_line(cat, r, texts) for r in fig.get("reports") or []]
        figures.append(chip)
    summary = []
    for sent in event.get("summary") or []:
        aid, s, e = str(sent.get("article")), sent.get("start"), sent.get("end")
        if _valid(texts.get(aid), s, e):
            url = f"{article_url(aid)}#{seg(summary_anchor(aid, s, e))}"
        else:
            url = article_url(aid)
        summary.append({"text": sent.get("text") or "", "url": url, "cite": citation(aid, s, e)})
    line = event_line(cat, event)
    return {
        **line,
        "date_detail": event.get("date") or {},
        "places_detail": [
            {
                "name": str(p.get("name") or "?"),
                "admin1": p.get("admin1"),
                "country": p.get("country_code"),
                "coords": (
                    f"{p['lat']:.3f}, {p['lon']:.3f}"
                    if isinstance(p.get("lat"), int | float)
                    and isinstance(p.get("lon"), int | float)
                    else None
                ),
            }
            for p in event.get("places") or []
        ],
        "map": event_map(event.get("places") or []),
        "all_figures": figures,
        "disagreements": [
            d for d in (_disagreement(f, cat) for f in event.get("figures") or []) if d
        ],
        "summary": summary,
        "articles": [
            {
                "id": str(a),
                "url": article_url(a),
                "title": article_name(cat.articles.get(str(a)), str(a)),
                "outlet": (cat.articles.get(str(a)) or {}).get("outlet"),
                "published": format_published((cat.articles.get(str(a)) or {}).get("published")),
                "main": str(a) in main,
            }
            for a in event.get("articles") or []
        ],
    }


def report_article_ids(event: Doc) -> list[str]:
    """Articles whose text the event page needs (quotes and cited sentences)."""
    figures = event.get("figures") or []
    ids = {str(r.get("article")) for f in figures for r in f.get("reports") or []}
    ids |= {str(s.get("article")) for s in event.get("summary") or []}
    return sorted(ids)


# ------------------------------------------------------------------ article page
def _parse_mark(mark: str | None) -> tuple[int, int] | None:
    if not mark or "-" not in mark:
        return None
    low, _, high = mark.partition("-")
    if low.isdigit() and high.isdigit():
        return int(low), int(high)
    return None


def article_spans(
    cat: Catalog, aid: str, text: str, mark: tuple[int, int] | None
) -> tuple[list[Span], list[dict[str, Any]]]:
    """Highlights for one article and the list of figures quoted from it."""
    spans: list[Span] = []
    quoted: list[dict[str, Any]] = []
    seen: set[str] = set()
    for ref in cat.quotes_in.get(aid, []):
        s, e = ref.report.get("start"), ref.report.get("end")
        if not _valid(text, s, e):
            continue
        assert isinstance(s, int) and isinstance(e, int)
        quote = str(ref.report.get("quote") or "")
        if quote and text[s:e] != quote:
            continue
        anchor = quote_anchor(aid, s, e)
        event = cat.events.get(ref.event_id) or {}
        quoted.append(
            {
                "kind": format_kind(ref.figure),
                "value": format_value(ref.report),
                "event": event.get("label") or ref.event_id,
                "event_url": event_url(ref.event_id),
                "anchor": anchor,
                "quote": text[s:e],
            }
        )
        if anchor in seen:
            continue
        seen.add(anchor)
        css = "quote focus" if mark == (s, e) else "quote"
        spans.append(Span(s, e, "mark", css, anchor, format_kind(ref.figure)))
    for sent in cat.summaries_in.get(aid, []):
        s, e = sent.get("start"), sent.get("end")
        if _valid(text, s, e):
            assert isinstance(s, int) and isinstance(e, int)
            anchor = summary_anchor(aid, s, e)
            if anchor not in seen:
                seen.add(anchor)
                spans.append(Span(s, e, "span", "cited", anchor, "cited in a summary"))
    art = cat.articles.get(aid) or {}
    for flag in (art.get("quality") or {}).get("flags") or []:
        kind = str(flag.get("kind") or "flag")
        spans.append(
            Span(
                flag.get("start"),
                flag.get("end"),
                "span",
                f"flag flag-{css_word(kind)}",
                None,
                kind,
            )
        )
    return spans, quoted


def article_view(cat: Catalog, aid: str, text: str, mark: str | None) -> dict[str, Any]:
    art = cat.articles.get(aid) or {"id": aid}
    spans, quoted = article_spans(cat, aid, text, _parse_mark(mark))
    quality = art.get("quality") or {}
    score = quality.get("score")
    original = art.get("duplicate_of")
    url = art.get("url")
    main_event = art.get("main_event")
    return {
        "id": aid,
        "name": article_name(art, aid),
        "title": art.get("title"),
        "outlet": art.get("outlet"),
        "url": url,
        "link": _safe_link(url),
        "path": art.get("path"),
        "format": art.get("format"),
        "published": format_published(art.get("published")),
        "evidence": (art.get("published") or {}).get("evidence"),
        "score": f"{score:.2f}" if isinstance(score, int | float) else None,
        "flags": [
            {
                "kind": str(f.get("kind")),
                "text": str(f.get("text") or ""),
                "cite": citation(aid, f.get("start"), f.get("end")),
            }
            for f in quality.get("flags") or []
        ],
        "main_event": (
            {
                "url": event_url(main_event),
                "label": (cat.events.get(str(main_event)) or {}).get("label") or main_event,
            }
            if main_event
            else None
        ),
        "events": [
            {"url": event_url(e), "label": (cat.events.get(e) or {}).get("label") or e}
            for e in cat.events_of.get(aid, [])
        ],
        "copy_of": (
            {
                "url": article_url(original),
                "kind": art.get("duplicate_kind") or "copy",
                "name": article_name(cat.articles.get(str(original)), str(original)),
            }
            if original
            else None
        ),
        "copies": [
            {
                "url": article_url(c),
                "name": article_name(cat.articles.get(c), c),
                "kind": (cat.articles.get(c) or {}).get("duplicate_kind") or "copy",
            }
            for c in cat.copies_of.get(aid, [])
        ],
        "quoted": quoted,
        "tokens": highlight_tokens(text, spans),
        "length": format_number(len(text)),
    }


def _safe_link(url: Any) -> str | None:
    """Only http(s) URLs become links; ``javascript:`` and the like stay plain text."""
    if not isinstance(url, str):
        return None
    stripped = url.strip()
    if stripped.lower().startswith(("http://", "https://")) and not any(
        c.isspace() or c in "\"'<>`" for c in stripped
    ):
        return stripped
    return None
