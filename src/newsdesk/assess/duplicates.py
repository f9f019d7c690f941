"""Reprints and machine-spun rewrites: which articles copy which.

Five outlets running one wire story are one source, not five, so reconciliation
needs to know who copies whom. Two kinds of copy are told apart:

* **reprint** - the same text with a few edits (a new intro line, a cut paragraph,
  changed boilerplate). Word 5-gram shingles overlap heavily; MinHash + LSH finds the
  candidate pairs without comparing every pair, and the exact shingle Jaccard (or,
  for a cut-down copy, the containment of the shorter text in the longer) decides.
* **rewrite** - a spun copy: a paraphraser swaps words for synonyms and shuffles
  clauses, so few 5-grams survive, but the names and numbers stay, in the same order.
  A second, looser LSH over pairs of consecutive "anchors" (numbers and capitalised
  words that do not start a sentence) finds candidates; the order-aware similarity of
  the anchor sequences and the overlap of content-word stems decide. A different
  article on the same story shares many names but not their order, nor its numbers.

Each article's :class:`~newsdesk.models.Fingerprint` (shingle hashes, anchors, stems
and both MinHash signatures) depends on its text alone: the per-article stage makes it
once and caches it, and :func:`find_copies` only queries and compares.

Copies are grouped (a reprint of a reprint belongs to the same group) and each group's
original is its earliest published article, ties and unknown dates broken by id, so
the answer does not depend on input order. MinHash seeds are fixed.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Literal

import numpy as np
from datasketch import MinHash, MinHashLSH
from datasketch.hashfunc import sha1_hash32
from spacy.lang.en.stop_words import STOP_WORDS

from newsdesk.models import Fingerprint

CopyKind = Literal["reprint", "rewrite"]

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 20221115
MIN_WORDS = 25  # shorter texts (captions, prompts) are too small to call copies
REPRINT_CANDIDATE = 0.35  # LSH threshold: looser than the decision so few pairs are missed
REPRINT_JACCARD = 0.5
REPRINT_CONTAINMENT = 0.8  # a shortened reprint: most of its shingles are in the longer text
CONTAINMENT_MIN_SHINGLES = 40
GROUP_SAMPLE = 4  # members of one copy group kept in the LSH indexes
REWRITE_CANDIDATE = 0.25
REWRITE_ANCHOR_ORDER = 0.6
REWRITE_CONTENT = 0.2
MIN_ANCHORS = 8
STEM_CHARS = 6

_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*\d|\d")
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”]\s*$")


@dataclass(frozen=True)
class Copy:
    """This article copies ``original``: a ``reprint`` or a spun ``rewrite`` of it.

    ``similarity`` is measured against the original itself: shingle Jaccard (or
    containment) for a reprint, anchor-order similarity for a rewrite.
    """

    original: str
    kind: CopyKind
    similarity: float


@dataclass
class _Profile:
    """A fingerprint as sets, for the comparisons."""

    words: int
    shingles: frozenset[int]
    anchors: tuple[str, ...]
    content: frozenset[str]


@dataclass(frozen=True)
class _Edge:
    kind: CopyKind
    similarity: float


def find_copies(
    fingerprints: Mapping[str, Fingerprint], published: Mapping[str, str | None] | None = None
) -> dict[str, Copy]:
    """Map each article that copies another to the original it copies.

    ``fingerprints`` maps article id to the article's :func:`fingerprint`, ``published``
    article id to an ISO date (or None). Articles that copy nothing are absent from the
    result.
    """
    dates = published or {}
    kept = {k: fingerprints[k] for k in sorted(fingerprints) if fingerprints[k].words >= MIN_WORDS}
    profiles = {k: _profile(f) for k, f in kept.items()}
    edges = _edges(kept, profiles)
    groups = _groups(sorted(profiles), edges)
    by_member: dict[str, list[_Edge]] = {}
    for (a, b), edge in sorted(edges.items()):
        by_member.setdefault(a, []).append(edge)
        by_member.setdefault(b, []).append(edge)
    result: dict[str, Copy] = {}
    for members in groups:
        original = min(members, key=lambda m: (dates.get(m) is None, dates.get(m) or "", m))
        for member in members:
            if member != original:
                result[member] = _copy_of(member, original, profiles, edges, by_member)
    return dict(sorted(result.items()))


# -------------------------------------------------------------- fingerprints
def fingerprint(text: str) -> Fingerprint:
    """What :func:`find_copies` needs of one text."""
    tokens = [(m.group(0), m.start()) for m in _WORD.finditer(text.replace("’", "'"))]
    words = [_normal(w) for w, _ in tokens]
    anchors = [_normal(w) for w, start in tokens if _is_anchor(text, w, start)]
    shingles = sorted({sha1_hash32(s.encode("utf-8")) for s in _shingles(words, SHINGLE_WORDS)})
    pairs = {f"{a} {b}" for a, b in pairwise(anchors)}
    return Fingerprint(
        words=len(words),
        shingles=_pack(shingles),
        anchors=anchors,
        content=sorted(
            {w[:STEM_CHARS] for w in words if w.isalpha() and len(w) > 2 and w not in STOP_WORDS}
        ),
        shingle_signature=_signature(shingles) if shingles else "",
        anchor_signature=(
            _signature([sha1_hash32(p.encode("utf-8")) for p in pairs])
            if len(anchors) >= MIN_ANCHORS and pairs
            else ""
        ),
    )


def _profile(fp: Fingerprint) -> _Profile:
    shingles = frozenset(_unpack(fp.shingles).tolist())
    return _Profile(fp.words, shingles, tuple(fp.anchors), frozenset(fp.content))


def _pack(values: Iterable[int]) -> str:
    return base64.b64encode(np.fromiter(values, dtype="<u4").tobytes()).decode("ascii")


def _unpack(packed: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(packed), dtype="<u4")


def _normal(word: str) -> str:
    return word.lower().replace(",", "")


def _shingles(words: list[str], size: int) -> Iterable[str]:
    if len(words) < size:
        return [" ".join(words)] if words else []
    return (" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def _is_anchor(text: str, word: str, start: int) -> bool:
    """Numbers, and capitalised words that are capitalised because they are names.

    The first word of a sentence is capitalised by grammar, and a spinner that moves
    clauses changes which words come first, so those are left out.
    """
    if word[0].isdigit():
        return True
    if not word[0].isupper() or word.lower() in STOP_WORDS:
        return False
    return start > 0 and not _SENTENCE_END.search(text[max(0, start - 3) : start])


def _same(value: int) -> int:
    return value


# Items arrive hashed (the shingles are kept as hashes anyway), so the MinHash's own hash
# function passes them through. Drawing the permutations takes longer than hashing a
# short text: draw them once.
_EMPTY = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_same)


def _signature(hashes: list[int]) -> str:
    mh = _EMPTY.copy()
    mh.update_batch(hashes)
    return _pack(mh.hashvalues.tolist())  # 32-bit values in every datasketch scheme


def _minhash(signature: str) -> MinHash:
    """A fingerprint's signature as the MinHash the LSH index takes."""
    mh = _EMPTY.copy()
    mh.hashvalues = _unpack(signature).astype(_EMPTY.hashvalues.dtype)
    return mh


# --------------------------------------------------------------------- pairs
def _edges(
    fingerprints: Mapping[str, Fingerprint], profiles: Mapping[str, _Profile]
) -> dict[tuple[str, str], _Edge]:
    """Copy links, found by streaming the articles through two LSH indexes.

    Each article is compared with what the indexes offer; once it has joined a copy
    group it is indexed only while its group has fewer than :data:`GROUP_SAMPLE`
    indexed members. A wire story run by a hundred outlets then offers a few
    representatives instead of a hundred, and the work grows with the corpus, not
    with the square of a group's size. Pairs already in one group are not compared.
    """
    reprints = MinHashLSH(threshold=REPRINT_CANDIDATE, num_perm=NUM_PERM)
    rewrites = MinHashLSH(threshold=REWRITE_CANDIDATE, num_perm=NUM_PERM)
    group = _UnionFind()
    edges: dict[tuple[str, str], _Edge] = {}
    for key in sorted(profiles):
        profile, fp = profiles[key], fingerprints[key]
        shingles = _minhash(fp.shingle_signature) if fp.shingle_signature else None
        anchors = _minhash(fp.anchor_signature) if fp.anchor_signature else None
        offered = set(reprints.query(shingles)) if shingles else set()
        if anchors:
            offered |= set(rewrites.query(anchors))
        for other in sorted(offered):
            if group.find(other) == group.find(key):
                continue
            edge = _compare(profiles[other], profile)
            if edge is not None:
                edges[(min(key, other), max(key, other))] = edge
                group.union(key, other)
        if group.indexed(key) < GROUP_SAMPLE:
            if shingles:
                reprints.insert(key, shingles)
            if anchors:
                rewrites.insert(key, anchors)
            group.mark_indexed(key)
    return edges


class _UnionFind:
    """Disjoint sets of article ids (the smallest id is a set's root), with a count of
    each set's members that are in the LSH indexes."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.count: dict[str, int] = {}

    def find(self, key: str) -> str:
        parent = self.parent
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = min(ra, rb), max(ra, rb)
            self.parent[high] = low
            self.count[low] = self.count.get(low, 0) + self.count.pop(high, 0)

    def indexed(self, key: str) -> int:
        return self.count.get(self.find(key), 0)

    def mark_indexed(self, key: str) -> None:
        root = self.find(key)
        self.count[root] = self.count.get(root, 0) + 1


def _compare(a: _Profile, b: _Profile) -> _Edge | None:
    """Whether two texts are a reprint pair, a rewrite pair, or unrelated."""
    reprint = _reprint_similarity(a, b)
    if reprint is not None:
        return _Edge("reprint", reprint)
    rewrite = _rewrite_similarity(a, b)
    if rewrite is not None:
        return _Edge("rewrite", rewrite)
    return None


def _reprint_similarity(a: _Profile, b: _Profile) -> float | None:
    common = len(a.shingles & b.shingles)
    if not common:
        return None
    jaccard = common / len(a.shingles | b.shingles)
    if jaccard >= REPRINT_JACCARD:
        return round(jaccard, 4)
    smaller = min(len(a.shingles), len(b.shingles))
    containment = common / smaller
    if smaller >= CONTAINMENT_MIN_SHINGLES and containment >= REPRINT_CONTAINMENT:
        return round(containment, 4)
    return None


def _rewrite_similarity(a: _Profile, b: _Profile) -> float | None:
    if min(len(a.anchors), len(b.anchors)) < MIN_ANCHORS:
        return None
    union = a.content | b.content
    content = len(a.content & b.content) / len(union) if union else 0.0
    if content < REWRITE_CONTENT:
        return None
    order = SequenceMatcher(None, a.anchors, b.anchors, autojunk=False).ratio()
    if order < REWRITE_ANCHOR_ORDER:
        return None
    return round(order, 4)


# -------------------------------------------------------------------- groups
def _groups(keys: list[str], edges: Mapping[tuple[str, str], _Edge]) -> list[list[str]]:
    """Connected components of the copy graph."""
    group = _UnionFind()
    for a, b in edges:
        group.union(a, b)
    components: dict[str, list[str]] = {}
    for key in keys:
        components.setdefault(group.find(key), []).append(key)
    return [sorted(m) for _, m in sorted(components.items()) if len(m) > 1]


def _copy_of(
    member: str,
    original: str,
    profiles: Mapping[str, _Profile],
    edges: Mapping[tuple[str, str], _Edge],
    by_member: Mapping[str, list[_Edge]],
) -> Copy:
    """Describe ``member`` against its group's original.

    A member linked to the original only through other copies (C reprints B, B
    reprints A) is judged against the original directly when that is conclusive, and
    otherwise takes the kind of its own strongest link.
    """
    pair = (min(member, original), max(member, original))
    direct = edges.get(pair) or _compare(profiles[member], profiles[original])
    if direct is not None:
        return Copy(original=original, kind=direct.kind, similarity=direct.similarity)
    best = max(by_member[member], key=lambda e: (e.kind == "reprint", e.similarity))
    return Copy(original=original, kind=best.kind, similarity=best.similarity)
