"""The JSON document's contract (DESIGN.md) as a JSON Schema.

Tests validate every brief against it, and other tools can too
(``newsdesk.contract.SCHEMA``). Only the fixed fields are required; extra fields
are allowed because the contract says fields may be added, never renamed.
"""

from __future__ import annotations

import json
from typing import Any

_DAY = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_PRECISION = {"enum": ["day", "week", "month", "year", "unknown"]}
_QUALIFIER = {"enum": ["exact", "about", "at_least", "more_than", "nearly", "up_to", "range"]}
_NUMBER = {"type": "number"}
_NUMBER_OR_NULL = {"type": ["number", "null"]}
_STR_OR_NULL = {"type": ["string", "null"]}
_OFFSET = {"type": "integer", "minimum": 0}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
    }


_PUBLISHED = _object(
    {
        "date": _DAY,
        "earliest": _DAY,
        "latest": _DAY,
        "precision": _PRECISION,
        "basis": {"enum": ["metadata", "header", "text", "inferred", "unknown"]},
        "evidence": _STR_OR_NULL,
    }
)

_FLAG = _object(
    {"kind": {"type": "string"}, "start": _OFFSET, "end": _OFFSET, "text": {"type": "string"}}
)

_ARTICLE = _object(
    {
        "id": {"type": "string"},
        "path": {"type": "string"},
        "title": _STR_OR_NULL,
        "outlet": _STR_OR_NULL,
        "url": _STR_OR_NULL,
        "published": _PUBLISHED,
        "main_event": _STR_OR_NULL,
        "quality": _object(
            {
                "score": {"type": "number", "minimum": 0, "maximum": 1},
                "flags": {"type": "array", "items": _FLAG},
            }
        ),
        "duplicate_of": _STR_OR_NULL,
    }
)

_REPORT = _object(
    {
        "article": {"type": "string"},
        "value": _NUMBER,
        "qualifier": _QUALIFIER,
        "as_stated": {"type": "string"},
        "start": _OFFSET,
        "end": _OFFSET,
        "sentence": {"type": "string"},
        "attributed_to": _STR_OR_NULL,
        "reported_on": _DAY,
        "place": _STR_OR_NULL,
    }
)

_FIGURE = _object(
    {
        "kind": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"},
        "value": _NUMBER,
        "low": _NUMBER_OR_NULL,
        "high": _NUMBER_OR_NULL,
        "qualifier": _QUALIFIER,
        "status": {"enum": ["agreed", "single_source", "conflict", "updated", "superseded"]},
        "independent_sources": {"type": "integer", "minimum": 1},
        "reports": {"type": "array", "items": _REPORT, "minItems": 1},
    }
)

_PLACE = _object(
    {
        "name": {"type": "string"},
        "geonameid": {"type": ["integer", "null"]},
        "country_code": _STR_OR_NULL,
        "admin1": _STR_OR_NULL,
        "lat": _NUMBER_OR_NULL,
        "lon": _NUMBER_OR_NULL,
    }
)

_EVENT = _object(
    {
        "id": {"type": "string"},
        "label": {"type": "string"},
        "type": {"type": "string"},
        "date": _object({"start": _DAY, "end": _DAY, "precision": _PRECISION}),
        "places": {"type": "array", "items": _PLACE},
        "articles": {"type": "array", "items": {"type": "string"}},
        "main_in": {"type": "array", "items": {"type": "string"}},
        "figures": {"type": "array", "items": _FIGURE},
        "summary": {
            "type": "array",
            "items": _object(
                {
                    "text": {"type": "string"},
                    "article": {"type": "string"},
                    "start": _OFFSET,
                    "end": _OFFSET,
                }
            ),
        },
    }
)

_STORY = _object(
    {
        "id": {"type": "string"},
        "label": {"type": "string"},
        "events": {"type": "array", "items": {"type": "string"}},
        "articles": {"type": "array", "items": {"type": "string"}},
    }
)

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "newsdesk brief",
    **_object(
        {
            "version": {"type": "string"},
            "articles": {"type": "array", "items": _ARTICLE},
            "events": {"type": "array", "items": _EVENT},
            "stories": {"type": "array", "items": _STORY},
        }
    ),
}


def dumps(document: dict[str, Any]) -> str:
    """The document as JSON text: the one serialisation ``brief`` and ``export`` share,
    so the same data gives the same bytes."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
