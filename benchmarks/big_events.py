"""How many events the linker makes of one big event's reports (no NLP involved).

Builds N short reports of one earthquake in one town on one day (each its own random
draw of the same story's words), and with ``--two`` as many of a factory fire in the
same town on the same day, as annotated articles, and links them with ``link.link``.
A perfect linker makes one event of each story, and no event mixes them.

The linker's index offers the pairs of reports that share a day, a place or a rare word,
but a posting shared by more than ``link.MAX_POSTING`` events offers none (the cost
would grow with the square of a crowded day), so this measures what happens to an event
reported more often than that.

Usage: .venv/bin/python benchmarks/big_events.py [--reports 30 60 120 240] [--two]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter

from newsdesk.link import link
from newsdesk.models import (
    AnnotatedArticle,
    Article,
    EventMention,
    Figure,
    PlaceMention,
    PublishedDate,
    TimeMention,
)

DAY = "2025-03-03"
TOWN = PlaceMention(0, 5, "Izmir", "Izmir", 311046, "TR", None, 38.41, 27.14, kind="city")
STORIES = {
    "earthquake": (
        "A strong earthquake hit Izmir on Monday.",
        "rescuers searched collapsed buildings overnight while aftershocks rattled residents "
        "who slept outdoors in parks and schools officials said hospitals treated injured",
        12,
    ),
    "fire": (
        "A fire destroyed a factory in Izmir on Monday.",
        "firefighters battled the blaze at the warehouse where chemicals sent a smoke plume "
        "over the port workers were evacuated and investigators looked for the cause",
        2,
    ),
}


def report(aid: str, kind: str, rng: random.Random) -> AnnotatedArticle:
    lede, words, killed = STORIES[kind]
    text = lede + " " + " ".join(rng.choices(words.split(), k=60))
    time_ = TimeMention(0, 6, "Monday", "DATE", DAY, DAY, DAY, "day")
    mention = EventMention(
        index=0,
        type=kind,
        start=0,
        end=5,
        text=kind,
        sentence_start=0,
        sentence_end=len(lede),
        time=time_,
        places=[TOWN],
        role="main",
        figures=[0],
    )
    figure = Figure("killed", killed, "exact", str(killed), 0, 5, "q", 0, 5, event=0)
    return AnnotatedArticle(
        article=Article(id=aid, path=aid, text=text, format="txt"),
        published=PublishedDate(DAY, DAY, DAY, "day", "metadata", None),
        events=[mention],
        figures=[figure],
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, nargs="+", default=[30, 60, 120, 240])
    parser.add_argument("--two", action="store_true", help="a same-day fire beside the quake")
    args = parser.parse_args()
    kinds = ["earthquake", "fire"] if args.two else ["earthquake"]
    for n in args.reports:
        rng = random.Random(n)
        items = [report(f"r{i:05d}", kinds[i % len(kinds)], rng) for i in range(n)]
        started = time.perf_counter()
        linked = link(items)
        elapsed = time.perf_counter() - started
        sizes = sorted((len(c.frames) for c in linked.clusters), reverse=True)
        mixed = sum(1 for c in linked.clusters if len(Counter(f.type for f in c.frames)) > 1)
        print(
            f"{n} reports of {len(kinds)} event(s): {len(linked.clusters)} events, "
            f"largest {sizes[:5]}, mixing both: {mixed}, {elapsed:.2f} s"
        )


if __name__ == "__main__":
    main()
