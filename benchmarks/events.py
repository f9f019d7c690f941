"""Grouping articles into events on ECB+, scored with B-cubed against the gold sub-topics.

ECB+ holds 982 news articles in 43 topics; every topic has two similar but different
events (files ``<topic>_<n>ecb.xml`` and ``<topic>_<n>ecbplus.xml``), so there are 86
gold clusters. Each document is annotated by the project's per-article stage (cached
under ``$NEWSDESK_CACHE``, default ``/tmp/newsdesk-ecbplus-cache``), the whole set is
put through :func:`newsdesk.analysis.assemble`, and each document is assigned to its
main event. Documents carry no publication date, so this also measures how the
linker copes with undated articles.

The leading URL tokens of every document are dropped before any use (the URL alone
names the gold cluster). The gold label comes from the file name only.

``--copies K`` adds K edited copies of every document (each drops one of its later
paragraphs and ends with a line of its own), with the document's gold label: every
event is then told K + 1 times as often, which is how the linker is measured on big
events in real text.

Usage: .venv/bin/python benchmarks/events.py [--topics 36-45] [--workers 2] [--copies K]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks"
ECBPLUS = SHARED / "ecbplus" / "ECB+"
TEST_TOPICS = range(36, 46)
# Published here by the benchmark README (URL dropped, tuned on topics 1-35).
REFERENCE = {"TF-IDF average-link (README)": (0.888, 0.898)}

_NO_SPACE_BEFORE = {
    ",",
    ".",
    ";",
    ":",
    "?",
    "!",
    ")",
    "]",
    "}",
    "%",
    "'s",
    "n't",
    "'",
    "''",
    "’",
    "”",
}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "“"}
_CONTRACTIONS = {"s", "t", "ll", "re", "ve", "d", "m"}
_QUOTES = {"``": '"', "''": '"'}
_URL_START = re.compile(r"^(https?|www)$", re.IGNORECASE)


@dataclass
class Document:
    """One ECB+ document: its gold cluster (from the file name) and reconstructed text."""

    name: str  # e.g. "36_1ecbplus"
    topic: int
    gold: str  # e.g. "36ecbplus"
    text: str


def _sentences(path: Path) -> list[list[str]]:
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        by_sentence[int(token.get("sentence", "0"))].append(token.text or "")
    return [by_sentence[k] for k in sorted(by_sentence)]


def _drop_url(sentences: list[list[str]]) -> list[list[str]]:
    """ECB+ documents open with their source URL as a sentence of its own: drop it."""
    if sentences and sentences[0] and _URL_START.match(sentences[0][0]):
        return sentences[1:]
    return sentences


def detokenise(tokens: Sequence[str]) -> str:
    """Tokens back into prose, so dates ("4:59 PM", "June 13, 2013") read as written."""
    out = ""
    previous = ""
    for token in tokens:
        glue = not out or token in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER
        if previous == ":" and token.isdigit() and out[-2:-1].isdigit():
            glue = True  # "4 : 59" is a clock time
        elif previous == "’" and token.lower() in _CONTRACTIONS:
            glue = True  # "Lohan ’ s"
        if previous == "-" or token == "-":
            glue = True
        out += ("" if glue else " ") + _QUOTES.get(token, token)
        previous = token
    return out


def read_document(path: Path) -> Document:
    name = path.stem
    match = re.fullmatch(r"(\d+)_\d+(ecb|ecbplus)", name)
    if match is None:
        raise ValueError(f"unexpected ECB+ file name {path.name}")
    sentences = _drop_url(_sentences(path))
    # One sentence per paragraph: ECB+ gives sentences, not paragraphs, and the headline
    # must not run into the lede.
    text = "\n\n".join(detokenise(s) for s in sentences if s)
    return Document(name, int(match.group(1)), match.group(1) + match.group(2), text)


def read_corpus(folder: Path, topics: Iterable[int] | None = None) -> list[Document]:
    wanted = set(topics) if topics is not None else None
    docs = []
    for path in sorted(folder.glob("*/*.xml")):
        doc = read_document(path)
        if wanted is None or doc.topic in wanted:
            docs.append(doc)
    return docs


# ------------------------------------------------------------------ scoring
def bcubed(predicted: Mapping[str, object], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over the items of ``gold``."""
    items = list(gold)
    by_pred: dict[object, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item in items:
        by_pred[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item in items:
        same_pred, same_gold = by_pred[predicted[item]], by_gold[gold[item]]
        both = len(same_pred & same_gold)
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def with_copies(docs: Sequence[Document], copies: int) -> list[Document]:
    """The documents and ``copies`` edited copies of each, under the same gold label."""
    out = list(docs)
    for doc in docs:
        paragraphs = doc.text.split("\n\n")
        for k in range(1, copies + 1):
            kept = list(paragraphs)
            if len(kept) > 2:
                del kept[1 + k % (len(kept) - 1)]
            text = "\n\n".join([*kept, f"(Filed again: copy {k}.)"])
            out.append(Document(f"{doc.name}~{k}", doc.topic, doc.gold, text))
    return out


def _parse_topics(spec: str | None) -> list[int] | None:
    if not spec:
        return None
    out: list[int] = []
    for part in spec.split(","):
        low, _, high = part.partition("-")
        out.extend(range(int(low), int(high or low) + 1))
    return out


@dataclass
class Assigned:
    """Each document's main event from ``assemble`` and from the first ``link`` pass alone."""

    predicted: dict[str, object]
    first_pass: dict[str, object]
    annotate_s: float
    assemble_s: float
    link_s: float
    dated_from_events: int


def assign(docs: Sequence[Document], workers: int) -> Assigned:
    """Each document's main event; also the seconds spent annotating and assembling."""
    from newsdesk.analysis import assemble
    from newsdesk.link import link
    from newsdesk.models import Article
    from newsdesk.pipeline import annotate_many
    from newsdesk.read import article_id

    articles = [
        Article(id=article_id(d.text), path=d.name, text=d.text, format="txt") for d in docs
    ]
    t0 = time.perf_counter()
    annotated = annotate_many(articles, workers=workers, use_cache=True)
    t1 = time.perf_counter()
    analysis = assemble(annotated)
    t2 = time.perf_counter()
    first = link(annotated, {k: c.original for k, c in analysis.copies.items()})
    t3 = time.perf_counter()
    predicted: dict[str, object] = {}
    first_pass: dict[str, object] = {}
    for doc, article in zip(docs, articles, strict=True):
        # An article without a main event stands alone.
        main = analysis.main_event.get(article.id)
        predicted[doc.name] = main if main is not None else f"alone:{doc.name}"
        cluster = first.main_event.get(article.id)
        first_pass[doc.name] = cluster if cluster is not None else f"alone:{doc.name}"
    before = {a.article.id: a.published.date for a in annotated}
    lent = sum(1 for a in analysis.annotated if a.published.date != before[a.article.id])
    return Assigned(predicted, first_pass, t1 - t0, t2 - t1, t3 - t2, lent)


def _row(label: str, scores: tuple[float, float, float]) -> str:
    p, r, f = scores
    return f"  {label:<38} P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def report(
    docs: Sequence[Document],
    predicted: Mapping[str, object],
    *,
    per_topic: bool = True,
    first_pass: Mapping[str, object] | None = None,
) -> None:
    test = [d for d in docs if d.topic in TEST_TOPICS]
    subsets = [("all documents", docs), ("test topics 36-45", test)]
    for title, subset in subsets:
        if not subset:
            continue
        gold = {d.name: d.gold for d in subset}
        topics = {d.name: str(d.topic) for d in subset}
        n_gold = len(set(gold.values()))
        n_pred = len({predicted[d.name] for d in subset})
        print(f"{title}: {len(subset)} documents, {n_gold} gold events, {n_pred} predicted")
        print(_row("newsdesk main event", bcubed(predicted, gold)))
        if first_pass is not None:
            print(_row("first link pass only", bcubed(first_pass, gold)))
        print(_row("one cluster per topic", bcubed(topics, gold)))
        for label, (all_f, test_f) in REFERENCE.items():
            ref = all_f if title.startswith("all") else test_f
            print(f"  {label:<38} F1 {ref:.3f}")
    if per_topic:
        _print_confusions(docs, predicted)


def _print_confusions(docs: Sequence[Document], predicted: Mapping[str, object]) -> None:
    """Per topic: how many predicted events mix both gold events, and how split each is."""
    by_topic: dict[int, list[Document]] = defaultdict(list)
    for d in docs:
        by_topic[d.topic].append(d)
    print("per topic (gold event: documents -> predicted clusters; mixed = clusters holding both):")
    for topic, members in sorted(by_topic.items()):
        clusters: dict[object, Counter[str]] = defaultdict(Counter)
        for d in members:
            clusters[predicted[d.name]][d.gold] += 1
        mixed = sum(1 for c in clusters.values() if len(c) > 1)
        parts = []
        for gold in sorted({d.gold for d in members}):
            n = sum(1 for d in members if d.gold == gold)
            k = sum(1 for c in clusters.values() if c[gold])
            parts.append(f"{gold[len(str(topic)) :]} {n}->{k}")
        print(f"  topic {topic:>2}: {', '.join(parts)}, mixed {mixed}")


def open_corpus(topics: str | None) -> list[Document] | None:
    """The ECB+ documents of some topics for a benchmark run (None, said why, without data).

    Sets the annotation cache the ECB+ benchmarks share, and prints what runs where.
    """
    if not ECBPLUS.is_dir():
        print(f"ECB+ not found at {ECBPLUS}; nothing to measure (see ../shared/benchmarks).")
        return None
    os.environ.setdefault("NEWSDESK_CACHE", "/tmp/newsdesk-ecbplus-cache")
    docs = read_corpus(ECBPLUS, _parse_topics(topics))
    print(f"ECB+: {len(docs)} documents from {ECBPLUS}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    return docs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", help="topics to run, e.g. 36-45 or 1-35 (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quiet", action="store_true", help="no per-topic breakdown")
    parser.add_argument(
        "--copies", type=int, default=0, help="edited copies of every document (big events)"
    )
    args = parser.parse_args(argv)
    docs = open_corpus(args.topics)
    if docs is None:
        return 0
    if args.copies:
        docs = with_copies(docs, args.copies)
        print(f"with {args.copies} edited copies of each: {len(docs)} documents")
    done = assign(docs, args.workers)
    print(f"annotate (cache {os.environ['NEWSDESK_CACHE']}): {done.annotate_s:.1f} s")
    print(f"assemble (copies, link, dating, reconcile, tell): {done.assemble_s:.1f} s")
    print(f"first link pass alone: {done.link_s:.1f} s")
    print(f"articles dated from the events they report: {done.dated_from_events}")
    report(docs, done.predicted, per_topic=not args.quiet, first_pass=done.first_pass)
    return 0


if __name__ == "__main__":
    sys.exit(main())
