"""The JSON document of DESIGN.md, built from an :class:`~newsdesk.analysis.Analysis`.

Field names here are a contract other tools read: add fields, never rename. The
output is deterministic: same input and version give byte-identical JSON.
"""

from __future__ import annotations

from typing import Any

from newsdesk.analysis import Analysis
from newsdesk.models import AnnotatedArticle, to_dict
from newsdesk.pipeline import PIPELINE_VERSION


def article_entry(item: AnnotatedArticle, analysis: Analysis) -> dict[str, Any]:
    a = item.article
    copy = analysis.copies.get(a.id)
    return {
        "id": a.id,
        "path": a.path,
        "format": a.format,
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "published": to_dict(item.published),
        "main_event": analysis.main_event.get(a.id),
        "quality": to_dict(item.quality),
        "duplicate_of": copy.original if copy else None,
        "duplicate_kind": copy.kind if copy else None,
    }


def build_document(analysis: Analysis) -> dict[str, Any]:
    """The brief as plain data, ready for ``json.dumps``."""
    story_of = {eid: s.id for s in analysis.stories for eid in s.events}
    events = []
    for event in analysis.events:
        entry = to_dict(event)
        entry["story"] = story_of.get(event.id)
        events.append(entry)
    return {
        "version": PIPELINE_VERSION,
        "articles": [article_entry(a, analysis) for a in analysis.annotated],
        "events": events,
        "stories": [to_dict(s) for s in analysis.stories],
        "problems": [to_dict(p) for p in analysis.problems],
    }


def annotation_record(item: AnnotatedArticle) -> dict[str, Any]:
    """One line of ``newsdesk annotate`` output: the per-article layer, offsets into the text."""
    return {
        "id": item.article.id,
        "path": item.article.path,
        "published": to_dict(item.published),
        "places": [to_dict(p) for p in item.places],
        "times": [to_dict(t) for t in item.times],
        "figures": [to_dict(f) for f in item.figures],
        "events": [
            {
                "index": e.index,
                "type": e.type,
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "role": e.role,
                "time": to_dict(e.time) if e.time else None,
                "places": [p.name for p in e.places],
                "figures": e.figures,
            }
            for e in item.events
        ],
        "boilerplate": [to_dict(b) for b in item.boilerplate],
        "quality": to_dict(item.quality),
        "pipeline_version": item.pipeline_version,
    }
