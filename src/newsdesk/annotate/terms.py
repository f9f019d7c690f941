"""An article's words as the event linker weighs them: hashed counts and full names.

Counting needs no vocabulary (words are hashed into :data:`N_FEATURES` columns), so it
is a property of one text: the per-article stage counts each article's words once and
the cache keeps them. The linker only weighs the counts against the corpus at hand
(TF-IDF) and counts afresh the few short texts it compares besides (the sentence of a
background mention).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import HashingVectorizer

from newsdesk.models import Terms

N_FEATURES = 2**18

_HASHER = HashingVectorizer(
    n_features=N_FEATURES, alternate_sign=False, norm=None, stop_words="english"
)
_NAME_RE = re.compile(r"(?<![.!?\n\"“] )(?<!^)\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+")


def names_of(text: str) -> list[str]:
    """Multi-word proper names ("Tara Reid", "Betty Ford Center") as single terms.

    Who did something tells two similar events apart better than any other word:
    a name's words are each common, the whole name rarely is. Capitalised runs that
    open a sentence are left out, since a sentence's first word is capitalised anyway.
    """
    return ["name_" + m.group(0).lower().replace(" ", "_") for m in _NAME_RE.finditer(text)]


def count_terms(texts: Sequence[str]) -> list[Terms]:
    """Each text's hashed word counts, its names counted as words of their own."""
    if not texts:
        return []  # the hasher cannot take an empty batch
    names = [names_of(text) for text in texts]
    counts = csr_matrix(
        _HASHER.transform([text + "\n" + " ".join(n) for text, n in zip(texts, names, strict=True)])
    )
    counts.sort_indices()
    out = []
    for k, own in enumerate(names):
        row = slice(counts.indptr[k], counts.indptr[k + 1])
        out.append(
            Terms(
                ids=counts.indices[row].tolist(),
                counts=[int(c) for c in counts.data[row].tolist()],
                names=sorted(set(own)),
            )
        )
    return out


def count_matrix(terms: Sequence[Terms]) -> csr_matrix:
    """Counts as the rows of one sparse matrix, for the TF-IDF weighting."""
    indptr = np.cumsum([0] + [len(t.ids) for t in terms])
    ids = np.fromiter((i for t in terms for i in t.ids), dtype=np.int32, count=indptr[-1])
    counts = np.fromiter((c for t in terms for c in t.counts), dtype=np.float64, count=indptr[-1])
    return csr_matrix((counts, ids, indptr), shape=(len(terms), N_FEATURES))
