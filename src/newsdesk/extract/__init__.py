"""The extract stage: event mentions and the figures attached to them.

Figures and event mentions are found separately and then tied together here,
because a figure belongs to the happening its own sentence talks about ("the 84
rockets launched on October 10" belong to October 10, not to today's barrage),
and only when the sentence names none does it fall back to the article's main news.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from newsdesk.annotate.numbers import find_numbers
from newsdesk.extract.attribution import find_attribution
from newsdesk.extract.events import (
    SECONDARY_TYPES,
    Trigger,
    find_event_mentions,
    path_info,
    token_at,
)
from newsdesk.extract.figures import find_figures
from newsdesk.models import (
    EventMention,
    Figure,
    PlaceMention,
    PublishedDate,
    Sentence,
    TimeMention,
)

__all__ = ["extract"]

_BACK_REFERENCE = re.compile(r"\b(?:the|these|those|all)\s+$", re.IGNORECASE)


def extract(
    text: str,
    doc: Doc,
    sentences: list[Sentence],
    places: list[PlaceMention],
    times: list[TimeMention],
    published: PublishedDate,
) -> tuple[list[EventMention], list[Figure]]:
    """Event mentions and figures of one article, figures attached to their mention."""
    numbers = find_numbers(text)
    figures = find_figures(text, doc, sentences, numbers, places)
    figures = _drop_back_references(text, figures)
    for figure in figures:
        sentence = Sentence(figure.sentence_start, figure.sentence_end)
        number_at = figure.start + max(0, figure.quote.find(figure.as_stated))
        figure.attributed_to = find_attribution(
            text, doc, sentence, number_at, number_at + len(figure.as_stated)
        )
    mentions, triggers = find_event_mentions(text, doc, sentences, places, times, published)
    for figure in figures:
        figure.event = _event_for(doc, figure, mentions, triggers)
    figures = _merge_repeats(figures)
    for n, figure in enumerate(figures):
        if figure.event is not None:
            mentions[figure.event].figures.append(n)
    return mentions, figures


# ---------------------------------------------------------- back references
def _drop_back_references(text: str, figures: list[Figure]) -> list[Figure]:
    """'the seven fatalities' repeats an earlier 'at least seven people were killed'.

    The repeat is not a new report; it may still tell where the figure applies
    ("... struck their apartment block in Vilnyansk"), which the earlier one gains.
    """
    kept: list[Figure] = []
    for figure in figures:
        at = figure.start + max(0, figure.quote.find(figure.as_stated))
        earlier = next((k for k in kept if k.kind == figure.kind and k.value == figure.value), None)
        if earlier is not None and _BACK_REFERENCE.search(text[max(0, at - 8) : at]):
            if figure.place and not earlier.place:
                earlier.place = figure.place
            continue
        kept.append(figure)
    return kept


# ------------------------------------------------------------ event choice
def _event_for(
    doc: Doc, figure: Figure, mentions: list[EventMention], triggers: list[Trigger]
) -> int | None:
    """The mention a figure belongs to: its sentence's trigger, else the main news."""
    if not mentions:
        return None
    number_at = figure.start + max(0, figure.quote.find(figure.as_stated))
    num = token_at(doc, number_at)
    in_sentence = [t for t in triggers if t.sentence.start == figure.sentence_start]
    if num is not None and in_sentence:

        def distance(trig: Trigger) -> tuple[int, int, int]:
            if trig.token.i == num.head.i or trig.token.head.i == num.head.i:
                return 0, 0, 0  # "two missile strikes", "the 84 rockets launched on ..."
            dist, crossing = path_info(num, trig.token)
            secondary = 1 if trig.type in SECONDARY_TYPES else 0
            return int(crossing), dist + secondary, abs(trig.token.i - num.i)

        return min(in_sentence, key=distance).group
    return _main_mention(mentions, triggers, figure)


def _main_mention(
    mentions: list[EventMention], triggers: list[Trigger], figure: Figure
) -> int | None:
    """The article's main news: the main mention with most triggers (earliest on ties)."""
    main = [m for m in mentions if m.role == "main"]
    if not main:
        before = [t for t in triggers if t.token.idx < figure.start]
        return before[-1].group if before else mentions[0].index
    weight = {m.index: 0 for m in main}
    for trig in triggers:
        if trig.group in weight:
            weight[trig.group] += 1
    return max(main, key=lambda m: (weight[m.index], -m.start)).index


# ------------------------------------------------------------------ repeats
def _informative(figure: Figure) -> int:
    """How much a report tells: a named source and a place make it the one to keep."""
    score = 0
    if figure.place:
        score += 1
    source = figure.attributed_to or ""
    if source[:1].isupper():
        score += 1
        if "’s " not in source and "'s " not in source:
            score += 1  # a name ("Vitali Klitschko") tells more than a title ("Kyiv's mayor")
    return score


def _merge_repeats(figures: list[Figure]) -> list[Figure]:
    """The same figure stated twice in one article is one report (the most informative)."""
    out: list[Figure] = []
    for figure in figures:
        twin = next((k for k in out if _same_report(k, figure)), None)
        if twin is None:
            out.append(figure)
            continue
        better = _informative(figure) > _informative(twin)
        best, other = (figure, twin) if better else (twin, figure)
        best.place = best.place or other.place
        best.attributed_to = best.attributed_to or other.attributed_to
        if best is figure:
            out[out.index(twin)] = figure
    return out


def _same_report(a: Figure, b: Figure) -> bool:
    return (
        a.kind == b.kind
        and a.value == b.value
        and a.qualifier == b.qualifier
        and a.event == b.event
        and a.subset == b.subset
        and not a.superseded
        and not b.superseded
        and (a.place is None or b.place is None or a.place == b.place)
    )
