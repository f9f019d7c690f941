"""What the linker makes of big events: hundreds of reports of one happening (no NLP).

Two measurements, both on annotated articles built directly (the linker alone, no
annotation involved), each report its own random draw of its story's words:

* **one story**: N reports of one earthquake in one town on one day; then the same
  with a factory fire in that town on that day beside it; then with an earthquake in
  another town of the same country on the same day beside it. A perfect linker makes one
  event of each story and no event mixes them.
* **a crowded day** (``--crowded``): one day's feed with events of very different sizes
  in few towns, scored against the stories the reports were drawn from (B-cubed
  precision, recall, F1 over the reports' main events): a 300-report earthquake, a
  60-report fire in the same town, the next day's aftershock there (40), a protest in
  another town (30), a storm (10) and 25 small happenings of one to three reports.

The linker's index offers the pairs of reports that share a day, a place or a rare word;
this measures what becomes of events reported more often than a posting's cap.

Usage: .venv/bin/python benchmarks/big_events.py [--reports 30 60 120 240] [--crowded]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from events import bcubed
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

TOWNS = {
    "Izmir": (311046, "TR", 38.41, 27.14),
    "Bursa": (750269, "TR", 40.19, 29.06),
    "Manisa": (304827, "TR", 38.61, 27.43),
}
GENERIC = [
    "officials",
    "said",
    "on",
    "the",
    "day",
    "while",
    "residents",
    "and",
    "local",
    "authorities",
    "told",
    "reporters",
    "that",
    "the",
    "situation",
    "remained",
    "under",
    "review",
    "according",
    "to",
    "the",
    "regional",
    "governor",
    "office",
]
WORDS = {
    "earthquake": "rescuers searched collapsed buildings overnight aftershocks rattled residents "
    "slept outdoors parks schools hospitals treated injured magnitude epicentre tremor",
    "fire": "firefighters battled blaze warehouse chemicals smoke plume port workers evacuated "
    "investigators cause sprinklers roof trucks factory owners insurance",
    "protest": "protesters marched square banners police tear gas crowd wages union strike "
    "demonstrators chanted arrests barricades rally",
    "storm": "storm winds uprooted trees flooded streets power lines ferries cancelled rain "
    "gusts coast warning meteorologists",
    "accident": "bus crash highway driver passengers overturned ambulance lorry collision brakes "
    "motorway traffic",
}
LEDE = {
    "earthquake": "A strong earthquake hit {town}.",
    "fire": "A fire destroyed a factory in {town}.",
    "protest": "Thousands protested in {town}.",
    "storm": "A storm lashed {town}.",
    "accident": "A bus crashed near {town}.",
}


def report(
    aid: str, kind: str, town: str, day: str, killed: int, own: Sequence[str], rng: random.Random
) -> AnnotatedArticle:
    """One report: its lede, then words of its own story and of news prose in general."""
    lede = LEDE[kind].format(town=town)
    body = rng.choices(WORDS[kind].split(), k=30) + rng.choices(GENERIC, k=20)
    body += rng.choices(list(own), k=10)
    rng.shuffle(body)
    text = lede + " " + " ".join(body)
    gid, cc, lat, lon = TOWNS[town]
    place = PlaceMention(0, len(town), town, town, gid, cc, None, lat, lon, kind="city")
    mention = EventMention(
        index=0,
        type=kind,
        start=0,
        end=5,
        text=kind,
        sentence_start=0,
        sentence_end=len(lede),
        time=TimeMention(0, 6, "Monday", "DATE", day, day, day, "day"),
        places=[place],
        role="main",
        figures=[0],
    )
    figure = Figure("killed", killed, "exact", str(killed), 0, 5, "q", 0, 5, event=0)
    return AnnotatedArticle(
        article=Article(id=aid, path=aid, text=text, format="txt"),
        published=PublishedDate(day, day, day, "day", "metadata", None),
        events=[mention],
        figures=[figure],
    )


def one_story(sizes: Sequence[int], kinds: Sequence[str], towns: Sequence[str]) -> None:
    """N reports, taking turns among the stories of these kinds and towns."""
    stories = [(k, t) for k in kinds for t in towns]
    for n in sizes:
        rng = random.Random(n)
        own = {s: [f"{s[0]}{s[1]}{i}" for i in range(8)] for s in stories}
        items = [
            report(f"r{i:05d}", story[0], story[1], "2025-03-03", 12, own[story], rng)
            for i in range(n)
            for story in [stories[i % len(stories)]]
        ]
        started = time.perf_counter()
        linked = link(items)
        elapsed = time.perf_counter() - started
        sizes_made = sorted((len(c.frames) for c in linked.clusters), reverse=True)
        mixed = sum(
            1
            for c in linked.clusters
            if len(Counter((f.type, f.places[0].name) for f in c.frames)) > 1
        )
        what = " and ".join(f"{k} in {t}" for k, t in stories)
        print(
            f"{n} reports ({what}): "
            f"{len(linked.clusters)} events, largest {sizes_made[:5]}, "
            f"mixing stories: {mixed}, {elapsed:.2f} s"
        )


class Story(NamedTuple):
    name: str
    kind: str
    town: str
    day: str
    killed: int
    reports: int


def crowded_day() -> None:
    rng = random.Random(20261122)
    day, next_day = "2025-03-03", "2025-03-04"
    stories = [
        Story("quake", "earthquake", "Izmir", day, 41, 300),
        Story("fire", "fire", "Izmir", day, 3, 60),
        Story("aftershock", "earthquake", "Izmir", next_day, 2, 40),
        Story("protest", "protest", "Bursa", day, 0, 30),
        Story("storm", "storm", "Manisa", day, 1, 10),
    ]
    kinds, towns = sorted(WORDS), sorted(TOWNS)
    for k in range(25):
        kind, town = kinds[k % len(kinds)], towns[k % len(towns)]
        stories.append(Story(f"small{k}", kind, town, day, k + 5, 1 + k % 3))
    plan = [story for story in stories for _ in range(story.reports)]
    rng.shuffle(plan)
    items, gold = [], {}
    for i, story in enumerate(plan):
        own = [f"{story.name}{j}" for j in range(8)]
        aid = f"r{i:05d}"
        items.append(report(aid, story.kind, story.town, story.day, story.killed, own, rng))
        gold[aid] = story.name
    started = time.perf_counter()
    linked = link(items)
    elapsed = time.perf_counter() - started
    predicted = dict(linked.main_event)
    p, r, f1 = bcubed(predicted, gold)
    print(
        f"crowded day: {len(items)} reports of {len(stories)} stories -> "
        f"{len(set(predicted.values()))} events; B-cubed P {p:.3f} R {r:.3f} F1 {f1:.3f}; "
        f"{elapsed:.2f} s"
    )
    for story in stories[:5]:
        got = Counter(predicted[a] for a, g in gold.items() if g == story.name)
        print(
            f"  {story.name} ({story.reports} reports): in {len(got)} events, "
            f"largest {got.most_common(1)[0][1]}"
        )
    stories_in: dict[object, set[str]] = {}
    for aid, event in predicted.items():
        stories_in.setdefault(event, set()).add(gold[aid])
    joined = sorted(
        {name for names in stories_in.values() if len(names) > 1 for name in names}
        - {story.name for story in stories[:5]}
    )
    print(f"  small happenings in an event with another story: {len(joined)} of 25")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, nargs="+", default=[30, 60, 120, 240, 480])
    parser.add_argument("--crowded", action="store_true", help="only the crowded day")
    args = parser.parse_args()
    if not args.crowded:
        one_story(args.reports, ["earthquake"], ["Izmir"])
        one_story(args.reports, ["earthquake", "fire"], ["Izmir"])
        one_story(args.reports, ["earthquake"], ["Izmir", "Bursa"])
    crowded_day()


if __name__ == "__main__":
    main()
