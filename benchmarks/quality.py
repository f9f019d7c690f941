"""Precision and recall of the garbled-sentence flags on text garbled on purpose.

Procedure (seeded, so every run gives the same numbers):

1. Take the ECB+ news articles (``../shared/benchmarks/ecbplus/ECB+``), drop the source
   URL sentence, and detokenise each document; a sentence that does not end in
   sentence punctuation (a headline, a dateline) gets a line of its own.
2. In each document choose about 20 % of the prose sentences (8-60 words, capital
   start, full stop end) with ``random.Random(crc32(file name))`` and garble each
   with one operation that mimics what article spinners do:

   * ``time_move``  - a time phrase ("on Tuesday", "last week", "in 2008") is cut out
     and put back, capitalised and followed by a comma, between two words in the
     middle of the clause ("After Russian Last week, the forces ...");
   * ``cut_glue``   - the sentence is cut after a random word and the next sentence
     glued on ("fired roughly 100 The missiles were ...");
   * ``then_than``  - "than" becomes "then";
   * ``suffix``     - a noun ending in -tion/-ment/-ness/-ity gets an adjective suffix
     ("devastation" -> "devastationous");
   * ``joined_clause`` - the word after "that" is capitalised ("that the timing It was");
   * ``doubled``    - a word is written twice.

   The operation is drawn uniformly from those that apply to the sentence (one with
   no time phrase cannot get ``time_move``, one without "than" no ``then_than``).
3. Run :func:`newsdesk.assess.quality.assess_quality` on each document. A flag is
   correct when it overlaps a garbled sentence; a garbled sentence is found when a
   flag overlaps it. Precision = correct flags / flags, recall = found / garbled.
   Per operation the recall is reported; per flag kind the precision.

ECB+ itself is edited news, so flags outside the garbled sentences are counted as false
alarms even where the original has a real slip. Run:
``.venv/bin/python benchmarks/quality.py [--limit N]``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

ROOT = Path(__file__).resolve().parents[1]
ECB = ROOT.parent / "shared" / "benchmarks" / "ecbplus" / "ECB+"
GARBLE_SHARE = 0.2
OPERATIONS = ("time_move", "cut_glue", "then_than", "suffix", "joined_clause", "doubled")
_TIME_PHRASE = re.compile(
    r"\b(?:on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?:last|this|next) (?:week|month|year|night|weekend|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday)"
    r"|earlier this (?:week|month|year)"
    r"|in (?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|\d{4})"
    r"|on (?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{1,2})\b"
)
_SUFFIXABLE = re.compile(r"\b[a-z]{4,}(?:tion|ment|ness|ity)\b")
_ADJ_SUFFIXES = ("ous", "ful", "ive", "ish")


@dataclass
class GarbledDoc:
    name: str
    text: str
    regions: list[tuple[int, int, str]]  # start, end, operation
    clean_sentences: int


# ------------------------------------------------------------------ reading
def _detokenise(tokens: list[str]) -> str:
    """Join ECB+ tokens into ordinary text (spacing around punctuation and quotes)."""
    text = " ".join(tokens)
    text = text.replace("``", "“").replace("''", "”")
    text = re.sub(r" ([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[$“]) ", r"\1", text)
    text = re.sub(r" (”|'s|'re|'ve|'ll|'d|n't|')", r"\1", text)
    text = re.sub(r"(\w)\. (com|org|gov|net|co)\b", r"\1.\2", text)
    text = re.sub(r"(\w) - (?=\w)", r"\1-", text)
    return text


def read_documents(limit: int | None) -> list[tuple[str, list[str]]]:
    """(file name, sentences) for each ECB+ document, URL sentences dropped."""
    docs: list[tuple[str, list[str]]] = []
    for path in sorted(ECB.glob("*/*.xml"), key=lambda p: p.name):
        sentences: dict[int, list[str]] = {}
        for tok in ET.parse(path).getroot().iter("token"):
            sentences.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
        texts = [_detokenise(toks) for _, toks in sorted(sentences.items())]
        texts = [t for t in texts if not t.startswith("http") and "www ." not in t]
        docs.append((path.name, texts))
        if limit is not None and len(docs) >= limit:
            break
    return docs


# ------------------------------------------------------------------ garbling
def _is_prose(sentence: str) -> bool:
    words = sentence.split()
    return 8 <= len(words) <= 60 and sentence[:1].isupper() and sentence.endswith(".")


def _time_move(sentence: str, rng: random.Random, _next: str) -> str | None:
    match = _TIME_PHRASE.search(sentence)
    if match is None:
        return None
    rest = (sentence[: match.start()] + sentence[match.end() :]).replace("  ", " ")
    rest = re.sub(r" ([,.])", r"\1", rest).strip()
    words = rest.split(" ")
    slots = [
        i
        for i in range(2, len(words) - 2)
        if words[i - 1][-1:].isalnum() and words[i][:1].islower()
    ]
    if not slots:
        return None
    i = rng.choice(slots)
    phrase = match.group(0)
    phrase = phrase[0].upper() + phrase[1:] + ","
    return " ".join([*words[:i], phrase, *words[i:]])


def _cut_glue(sentence: str, rng: random.Random, next_sentence: str) -> str | None:
    words = sentence.split(" ")
    if not next_sentence or not next_sentence[:1].isupper() or len(words) < 8:
        return None
    cut = rng.randrange(4, len(words) - 3)
    if not words[cut - 1][-1:].isalnum():
        return None
    return " ".join(words[:cut]) + " " + next_sentence


def _then_than(sentence: str, _rng: random.Random, _next: str) -> str | None:
    if " than " not in sentence:
        return None
    return sentence.replace(" than ", " then ", 1)


def _suffix(sentence: str, rng: random.Random, _next: str) -> str | None:
    words = list(_SUFFIXABLE.finditer(sentence))
    if not words:
        return None
    match = rng.choice(words)
    return sentence[: match.end()] + rng.choice(_ADJ_SUFFIXES) + sentence[match.end() :]


def _joined_clause(sentence: str, _rng: random.Random, _next: str) -> str | None:
    match = re.search(r"\bthat (the|it|he|she|they|there|this)\b", sentence)
    if match is None:
        return None
    word = match.group(1)
    return sentence[: match.start(1)] + word[0].upper() + word[1:] + sentence[match.end(1) :]


def _doubled(sentence: str, rng: random.Random, _next: str) -> str | None:
    words = sentence.split(" ")
    slots = [i for i in range(1, len(words) - 1) if words[i].isalpha() and len(words[i]) > 2]
    if not slots:
        return None
    i = rng.choice(slots)
    return " ".join([*words[: i + 1], words[i], *words[i + 1 :]])


_APPLY = {
    "time_move": _time_move,
    "cut_glue": _cut_glue,
    "then_than": _then_than,
    "suffix": _suffix,
    "joined_clause": _joined_clause,
    "doubled": _doubled,
}


def garble(name: str, sentences: list[str]) -> GarbledDoc:
    """Build one document with about a fifth of its prose sentences garbled."""
    rng = random.Random(zlib.crc32(name.encode()))
    parts: list[str] = []
    regions: list[tuple[int, int, str]] = []
    pos, clean, i = 0, 0, 0
    while i < len(sentences):
        sentence = sentences[i]
        nxt = sentences[i + 1] if i + 1 < len(sentences) else ""
        out, op = sentence, None
        if _is_prose(sentence) and rng.random() < GARBLE_SHARE:
            applicable = {o: _APPLY[o](sentence, rng, nxt) for o in OPERATIONS}
            choices = [o for o in OPERATIONS if applicable[o] is not None]
            if choices:
                op = rng.choice(choices)
                out = applicable[op] or sentence
        sep = " " if out.endswith((".", "?", "!", "”")) else "\n"
        if op is not None:
            regions.append((pos, pos + len(out), op))
        else:
            clean += 1
        parts.append(out + sep)
        pos += len(out) + len(sep)
        i += 2 if op == "cut_glue" else 1
    return GarbledDoc(name, "".join(parts), regions, clean)


# ----------------------------------------------------------------- scoring
def evaluate(docs: list[GarbledDoc]) -> None:
    from newsdesk.annotate.nlp import get_nlp
    from newsdesk.assess.quality import assess_quality

    nlp = get_nlp()
    flags_by_kind: Counter[str] = Counter()
    correct_by_kind: Counter[str] = Counter()
    regions_by_op: Counter[str] = Counter()
    found_by_op: Counter[str] = Counter()
    clean_sentences = 0
    started = time.perf_counter()
    for gdoc, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        quality = assess_quality(gdoc.text, parsed)
        clean_sentences += gdoc.clean_sentences
        for flag in quality.flags:
            assert gdoc.text[flag.start : flag.end] == flag.text
            flags_by_kind[flag.kind] += 1
            if any(flag.start < e and s < flag.end for s, e, _ in gdoc.regions):
                correct_by_kind[flag.kind] += 1
        for s, e, op in gdoc.regions:
            regions_by_op[op] += 1
            if any(f.start < e and s < f.end for f in quality.flags):
                found_by_op[op] += 1
    elapsed = time.perf_counter() - started
    _report(flags_by_kind, correct_by_kind, regions_by_op, found_by_op, clean_sentences)
    print(f"documents: {len(docs)}, time (spaCy + rules): {elapsed:.1f} s")


def _report(
    flags_by_kind: Counter[str],
    correct_by_kind: Counter[str],
    regions_by_op: Counter[str],
    found_by_op: Counter[str],
    clean_sentences: int,
) -> None:
    flags, correct = sum(flags_by_kind.values()), sum(correct_by_kind.values())
    regions, found = sum(regions_by_op.values()), sum(found_by_op.values())
    precision = correct / flags if flags else 0.0
    recall = found / regions if regions else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"garbled sentences: {regions}, untouched sentences: {clean_sentences}")
    print(f"overall: P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  ({flags} flags)")
    false_alarms = flags - correct
    print(
        f"false alarms per 1,000 untouched sentences: {1000 * false_alarms / clean_sentences:.1f}"
    )
    print("recall per operation:")
    for op in OPERATIONS:
        n = regions_by_op[op]
        print(f"  {op:14s} {found_by_op[op] / n if n else 0.0:.3f}  ({found_by_op[op]}/{n})")
    print("precision per flag kind:")
    for kind, n in sorted(flags_by_kind.items()):
        print(f"  {kind:18s} {correct_by_kind[kind] / n:.3f}  ({correct_by_kind[kind]}/{n})")


# ------------------------------------------------------------------ copies
COPY_TEXTS = 1000
PLANTED_EACH = 9


def _reprint(text: str, rng: random.Random) -> str:
    """A reprint as outlets run it: an intro line, one sentence cut, a few words changed."""
    sentences = re.split(r"(?<=[.!?]) ", text)
    if len(sentences) > 3:
        del sentences[rng.randrange(1, len(sentences))]
    words = " ".join(sentences).split(" ")
    for _ in range(3):
        i = rng.randrange(len(words))
        words[i] = rng.choice(("the", "also", "reportedly", "new"))
    return "UPDATED - " + " ".join(words)


def _spin(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    """A crude spinner: half the lower-case content words swapped, some clauses fronted.

    Names and numbers survive, as they do in real spun copies.
    """
    out = []
    for sentence in re.split(r"(?<=[.!?]) ", text):
        words = [
            rng.choice(vocabulary)
            if w.isalpha() and w.islower() and len(w) > 3 and rng.random() < 0.5
            else w
            for w in sentence.split(" ")
        ]
        spun = " ".join(words)
        head, sep, tail = spun.rpartition(", ")
        if sep and rng.random() < 0.3 and tail.endswith("."):
            spun = tail[:-1][:1].upper() + tail[1:-1] + ", " + head[:1].lower() + head[1:] + "."
        out.append(spun)
    return " ".join(out)


def benchmark_copies(documents: list[tuple[str, list[str]]]) -> None:
    """Speed and planted-copy recall of find_copies on 1,000 texts."""
    from newsdesk.assess.duplicates import find_copies, fingerprint

    rng = random.Random(1115)
    texts = {name: " ".join(sentences) for name, sentences in documents}
    vocabulary = sorted(
        {w for t in texts.values() for w in t.split() if w.isalpha() and w.islower()}
    )
    sources = rng.sample(
        sorted(k for k, t in texts.items() if len(t.split()) > 150), 2 * PLANTED_EACH
    )
    planted: dict[str, tuple[str, str]] = {}
    for i, source in enumerate(sources):
        kind = "reprint" if i < PLANTED_EACH else "rewrite"
        body = (
            _reprint(texts[source], rng)
            if kind == "reprint"
            else _spin(texts[source], rng, vocabulary)
        )
        planted[f"zz_{kind}_{i:02d}"] = (source, kind)
        texts[f"zz_{kind}_{i:02d}"] = body
    texts = dict(list(texts.items())[:COPY_TEXTS])
    started = time.perf_counter()
    fingerprints = {key: fingerprint(text) for key, text in texts.items()}
    fingerprinted = time.perf_counter() - started
    copies = find_copies(fingerprints)
    elapsed = time.perf_counter() - started - fingerprinted
    # A planted copy of an article that itself copies another belongs to that original.
    expected = {
        key: copies[src].original if src in copies else src for key, (src, _) in planted.items()
    }
    found = {
        kind: sum(
            1
            for key, (_, k) in planted.items()
            if k == kind
            and key in copies
            and copies[key].original == expected[key]
            and copies[key].kind == kind
        )
        for kind in ("reprint", "rewrite")
    }
    for key, (_, kind) in sorted(planted.items()):
        got = copies.get(key)
        if got is None or got.original != expected[key] or got.kind != kind:
            print(f"  missed {key} ({kind} of {expected[key]}): got {got}")
    natural = sorted(k for k in copies if k not in planted and copies[k].original not in planted)
    print(
        f"fingerprints of {len(texts)} texts (per-article stage): {fingerprinted:.2f} s, "
        f"find_copies over them: {elapsed:.2f} s"
    )
    print(
        f"planted reprints found: {found['reprint']}/{PLANTED_EACH}, "
        f"planted rewrites found: {found['rewrite']}/{PLANTED_EACH}"
    )
    print(f"ECB+ articles reported as copies of other ECB+ articles: {len(natural)}")
    for key in natural:
        print(f"  {key} -> {copies[key].original} ({copies[key].kind}, {copies[key].similarity})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="use the first N documents")
    parser.add_argument("--show", type=int, default=0, help="print N false alarms")
    parser.add_argument("--copies-only", action="store_true", help="only time find_copies")
    parser.add_argument("--skip-copies", action="store_true", help="only measure the flags")
    args = parser.parse_args(argv)
    if not ECB.is_dir():
        print(f"ECB+ not found at {ECB}; nothing to measure (skipped).")
        return 0
    documents = read_documents(args.limit)
    if not args.skip_copies:
        benchmark_copies(documents)
    if args.copies_only:
        return 0
    docs = [garble(name, sents) for name, sents in documents]
    evaluate(docs)
    if args.show:
        _show_false_alarms(docs, args.show)
    return 0


def _show_false_alarms(docs: list[GarbledDoc], limit: int) -> None:
    """Print flags outside garbled sentences, to inspect what the rules get wrong."""
    from newsdesk.annotate.nlp import get_nlp
    from newsdesk.assess.quality import assess_quality

    nlp = get_nlp()
    shown = 0
    for gdoc in docs:
        quality = assess_quality(gdoc.text, nlp(gdoc.text))
        for flag in quality.flags:
            if not any(flag.start < e and s < flag.end for s, e, _ in gdoc.regions):
                print(f"FALSE {gdoc.name} {flag.kind}: {flag.text[:200]!r}")
                shown += 1
                if shown >= limit:
                    return


if __name__ == "__main__":
    sys.exit(main())
