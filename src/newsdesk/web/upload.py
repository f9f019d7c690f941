"""Turning an uploaded file or pasted text into stored articles.

The upload goes through the same reader as ``newsdesk ingest`` (so every format it
knows works and every problem is worded the same), then through the store's own
``ingest``. The reader needs a file, so the bytes are written to a private
temporary folder under a cleaned-up name; the stored path is then rewritten to
``upload:<digest>/<name>``, because the temporary path means nothing later and two
uploads that happened to reuse it would otherwise count as versions of one file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.models import Article, ReadProblem
from newsdesk.store.engine import Store
from newsdesk.store.ingest import Pipeline, default_pipeline, ingest

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
SUFFIXES = {
    ".txt",
    ".text",
    ".md",
    ".html",
    ".htm",
    ".xhtml",
    ".json",
    ".jsonl",
    ".ndjson",
    ".xml",
    ".rss",
    ".atom",
}


class UploadError(ValueError):
    """Why an upload could not be turned into articles, worded for the person uploading."""


@dataclass
class UploadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)


def clean_name(name: str | None, default: str = "upload.txt") -> str:
    """A harmless file name: the last path part, odd characters replaced, never hidden."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_NAME.sub("_", base).strip("._")[:120]
    return base or default


def pasted_file(text: str, title: str | None, published: str | None) -> tuple[str, bytes]:
    """Pasted text as a .txt the reader understands (a date header line, then the text)."""
    body = text.replace("\r\n", "\n").strip("\n") + "\n"
    header = f"date {published}\n" if published else ""
    if title and title.strip():
        body = title.strip() + "\n\n" + body
    return "pasted.txt", (header + body).encode("utf-8")


class Uploader:
    """Ingests uploads one at a time (the store serialises writers anyway)."""

    def __init__(self, store: Store, pipeline: Pipeline | None = None) -> None:
        self.store = store
        self._pipeline = pipeline
        self._lock = threading.Lock()

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = default_pipeline(workers=1)
        return self._pipeline

    def add(self, name: str, data: bytes) -> UploadResult:
        """Read ``data`` as the file ``name`` and ingest what it holds."""
        from newsdesk.read import read_paths

        if not data.strip():
            raise UploadError("The file is empty.")
        filename = clean_name(name)
        if Path(filename).suffix.lower() not in SUFFIXES:
            kinds = ", ".join(sorted(SUFFIXES))
            raise UploadError(f"{filename!r} is not a kind of file newsdesk reads ({kinds}).")
        digest = hashlib.sha256(data).hexdigest()[:12]
        with tempfile.TemporaryDirectory(prefix="newsdesk-upload-") as folder:
            target = Path(folder) / filename
            target.write_bytes(data)
            articles, problems = read_paths([target])
        label = f"upload:{digest}/{filename}"
        articles = [_relabel(a, str(target), label) for a in articles]
        problems = [ReadProblem(p.path.replace(str(target), label), p.reason) for p in problems]
        if not articles:
            reason = "; ".join(p.reason for p in problems) or "no article text found"
            raise UploadError(f"Nothing could be read from {filename!r}: {reason}.")
        with self._lock:
            ingest(self.store, articles, self.pipeline)
        return UploadResult(articles, problems)


def _relabel(article: Article, temp: str, label: str) -> Article:
    path = article.path.replace(temp, label, 1)
    return dataclasses.replace(article, path=path)
