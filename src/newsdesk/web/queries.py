"""Queries the web app needs that the store's repository does not offer.

Filters run on the store's normalised tables (``events``, ``event_places``,
``event_figures``) so that narrowing thousands of events is an indexed SQL query,
not a walk over the JSON document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsdesk.store.schema import event_figures, event_places, events


@dataclass(frozen=True)
class EventFilter:
    """What the events list can be narrowed by; empty fields do not filter."""

    date_from: str | None = None
    date_to: str | None = None
    place: str | None = None
    kind: str | None = None
    type: str | None = None
    story: str | None = None

    @property
    def active(self) -> bool:
        return any((self.date_from, self.date_to, self.place, self.kind, self.type, self.story))


def parse_day(value: str | None) -> str | None:
    """A YYYY-MM-DD string or None; anything else raises ValueError with a clear message."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date like 2025-03-03") from None


def _like(value: str) -> str:
    """A LIKE pattern matching ``value`` anywhere, with its own wildcards taken literally."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filter_event_ids(conn: Connection, flt: EventFilter) -> list[str]:
    """Ids of the events matching every given filter, in date order.

    A date range keeps events whose own span overlaps it; an event without a date
    cannot be shown to overlap anything and is left out. ``place`` matches a place
    name or region (substring, any case) or a country code exactly.
    """
    query = sa.select(events.c.id)
    if flt.date_to:
        query = query.where(events.c.date_start.is_not(None), events.c.date_start <= flt.date_to)
    if flt.date_from:
        end = sa.func.coalesce(events.c.date_end, events.c.date_start)
        query = query.where(end.is_not(None), end >= flt.date_from)
    if flt.type:
        query = query.where(events.c.type == flt.type)
    if flt.story:
        query = query.where(events.c.story_id == flt.story)
    # IN (subquery) rather than a correlated EXISTS: SQLite would otherwise walk the
    # whole kind index once per event (2.6 s instead of milliseconds at 4,550 events).
    if flt.kind:
        query = query.where(
            events.c.id.in_(
                sa.select(event_figures.c.event_id).where(event_figures.c.kind == flt.kind)
            )
        )
    if flt.place and flt.place.strip():
        pattern = _like(flt.place.strip())
        matching = sa.select(event_places.c.event_id).where(
            sa.or_(
                sa.func.lower(event_places.c.name).like(pattern, escape="\\"),
                sa.func.lower(event_places.c.admin1).like(pattern, escape="\\"),
                sa.func.upper(event_places.c.country_code) == flt.place.strip().upper(),
            )
        )
        query = query.where(events.c.id.in_(matching))
    query = query.order_by(events.c.date_start.is_(None), events.c.date_start, events.c.id)
    return [str(x) for x in conn.execute(query).scalars()]


def facets(conn: Connection) -> dict[str, list[str]]:
    """The values the filter form offers: figure kinds, event types, countries present."""

    def distinct(column: sa.ColumnElement[str]) -> list[str]:
        rows = conn.execute(sa.select(column).where(column.is_not(None)).distinct())
        return sorted(str(v) for v in rows.scalars())

    return {
        "kinds": distinct(event_figures.c.kind),
        "types": distinct(events.c.type),
        "countries": distinct(event_places.c.country_code),
    }
