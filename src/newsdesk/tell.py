"""Telling an event: its label and a short extractive summary whose every sentence is cited.

Nothing here writes new prose about the world: labels are built from the event's
own trigger words, places and date, and summary sentences are verbatim sentences
of the articles, chosen from different independent sources where possible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from newsdesk.models import AnnotatedArticle, DateRange, EventPlace, SummarySentence

MAX_SUMMARY = 3
MAX_SENTENCE_CHARS = 400


TYPE_NAMES = {
    "attack": "Attack",
    "explosion": "Explosion",
    "earthquake": "Earthquake",
    "aftershock": "Aftershock",
    "storm": "Storm",
    "flood": "Flood",
    "wildfire": "Wildfire",
    "outage": "Power outage",
    "battle": "Fighting",
    "withdrawal": "Withdrawal",
    "recapture": "Recapture",
    "shooting": "Shooting",
    "bombing": "Bombing",
    "accident": "Accident",
    "crash": "Crash",
    "protest": "Protest",
}
_VERB_ENDINGS = ("ed", "ing")
_VERB_FORMS = {
    "struck",
    "hit",
    "bombard",
    "pound",
    "fire",
    "launch",
    "shot",
    "shook",
    "killed",
    "fell",
}


def _noun_like(trigger: str) -> bool:
    word = trigger.strip().lower()
    last = word.split()[-1] if word else ""
    return bool(last) and last not in _VERB_FORMS and not last.endswith(_VERB_ENDINGS)


def label(
    triggers: Sequence[str], event_type: str, places: Sequence[EventPlace], when: DateRange
) -> str:
    """A short, factual name: "Missile strikes in Lviv, Kharkiv and Kyiv (2022-11-15)".

    The head is the event's most used noun trigger ("strikes", "earthquake"), else
    the type's name; places prefer towns and regions to countries.
    """
    words = Counter(t.strip().lower() for t in triggers if _noun_like(t))
    if words:
        head = words.most_common(1)[0][0]
    else:
        head = TYPE_NAMES.get(event_type, event_type.replace("_", " "))
    head = head[:1].upper() + head[1:]
    specific = [p.name for p in places if p.kind != "country"]
    where = list(dict.fromkeys(specific or [p.name for p in places]))[:3]
    place_part = ""
    if where:
        place_part = " in " + (
            where[0] if len(where) == 1 else ", ".join(where[:-1]) + " and " + where[-1]
        )
    if when.start and when.precision == "day":
        date_part = f" ({when.start})"
    elif when.start and when.end:
        date_part = f" ({when.start} – {when.end})"
    else:
        date_part = " (date unknown)"
    return f"{head}{place_part}{date_part}"


def summarise(
    candidates: Sequence[tuple[AnnotatedArticle, int, int, int]],
    sources: Mapping[str, str],
) -> list[SummarySentence]:
    """Pick up to three cited sentences, one per independent source first.

    ``candidates`` are (article, start, end, priority) for sentences that carry this
    event's figures (priority 2) or its trigger (priority 1); flagged (garbled)
    sentences are never chosen.
    """
    ranked = sorted(
        candidates, key=lambda c: (-c[3], c[0].published.date or "9999", c[0].article.id, c[1])
    )
    chosen: list[SummarySentence] = []
    used_sources: set[str] = set()
    seen_text: set[str] = set()
    for allow_same_source in (False, True):
        for item, start, end, _prio in ranked:
            if len(chosen) >= MAX_SUMMARY:
                return chosen
            source = sources.get(item.article.id, item.article.id)
            if source in used_sources and not allow_same_source:
                continue
            if any(f.start < end and start < f.end for f in item.quality.flags):
                continue
            text = item.article.text[start:end]
            key = " ".join(text.lower().split())
            if key in seen_text or len(text) > MAX_SENTENCE_CHARS:
                continue
            chosen.append(SummarySentence(text=text, article=item.article.id, start=start, end=end))
            used_sources.add(source)
            seen_text.add(key)
    return chosen
