"""Reading articles from files, folders, globs and JSON Lines streams.

The reader's job is to produce :class:`~newsdesk.models.Article` objects whose ``text``
is the one string every later offset points into, plus whatever metadata the source
carries (title, outlet, url, publication date). What that text is depends on the format:

* plain text (.txt, .text, .md): the decoded file, with ``\\r\\n`` turned into ``\\n``
  and nothing else touched (a header line ``date YYYY-MM-DD`` stays in the text, so
  offsets are those of the file; clean.py blanks it later);
* HTML (.html, .htm): the text trafilatura extracts from the page (main content only),
  or, when trafilatura finds nothing, the page's visible text via lxml. Offsets refer
  to this extracted text, not to the HTML source;
* JSON / JSON Lines: the ``text`` (or ``body``/``content``) field verbatim, so offsets
  match what the caller put in (no newline conversion inside a field);
* RSS / Atom: one article per entry, its content or summary with the HTML stripped.

Nothing here raises on bad input: every file, entry or line that cannot be used comes
back as a :class:`~newsdesk.models.ReadProblem` with a reason a user can act on, and
the rest of the run goes on.
"""

from __future__ import annotations

import codecs
import email.utils
import glob
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from newsdesk.clean import DATE_HEADER_RE, find_boilerplate
from newsdesk.models import Article, ReadProblem

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ReadError",
    "article_id",
    "decode_bytes",
    "normalise_date",
    "read_file",
    "read_jsonl_stream",
    "read_paths",
]

DEFAULT_MAX_BYTES = 20_000_000

Result = tuple[list[Article], list[ReadProblem]]

_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_JSON_SUFFIXES = {".json"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_FEED_SUFFIXES = {".xml", ".rss", ".atom"}
_UNSUPPORTED = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".odt": "OpenDocument",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".zip": "zip archive",
    ".gz": "gzip archive",
}

_TEXT_KEYS = ("text", "body", "content", "maintext", "article_text", "full_text")
_TITLE_KEYS = ("title", "headline")
_URL_KEYS = ("url", "link", "canonical_url")
_DATE_KEYS = (
    "published",
    "date",
    "published_at",
    "publishedAt",
    "pubDate",
    "date_published",
    "datePublished",
    "publish_date",
    "published_date",
)
_OUTLET_KEYS = ("outlet", "source", "site", "sitename", "site_name", "publisher", "source_name")
_LIST_KEYS = ("articles", "items", "entries", "data", "results", "documents", "docs")

_GLOB_CHARS = re.compile(r"[*?\[]")
# Control characters no text file holds (tab, newlines, form feed, DOS end-of-file and
# ESC are allowed); C1 controls appear only when bytes were decoded as something wrong.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1c-\x1f\x7f-\x9f]")
_DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]+)""")


class ReadError(ValueError):
    """Why some input cannot be turned into an article, worded for the user."""


# ------------------------------------------------------------------ public API
def article_id(text: str) -> str:
    """Content-derived id: the same text read from anywhere gets the same id."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def read_paths(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Result:
    """Read every file, folder (recursively) and glob pattern given, in a stable order.

    Folders are walked in sorted order, skipping hidden files and folders; a file
    reached twice (named directly and through its folder) is read once. Each argument
    that yields nothing usable is reported, never silently dropped.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    articles: list[Article] = []
    problems: list[ReadProblem] = []
    seen: set[str] = set()
    for raw in paths:
        for path in _expand(str(raw), problems):
            if path.is_dir():
                _read_folder(path, articles, problems, seen, max_bytes)
            else:
                _read_once(path, articles, problems, seen, max_bytes)
    return articles, problems


def read_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Result:
    """Read one file of any supported format (by extension, else by its content).

    The file is sized up before it is opened, so an oversized file costs nothing.
    Article.text is what offsets refer to: the decoded file for text, the extracted
    text for HTML, the text field for JSON, the de-HTML'd entry body for feeds.
    """
    path = Path(path)
    try:
        data = _load_bytes(path, max_bytes)
        return _parse(path, data)
    except ReadError as error:
        return [], [ReadProblem(str(path), str(error))]


def read_jsonl_stream(lines: Iterable[str], source: str) -> Result:
    """Read JSON Lines ``{"id", "text", "published"?, "title"?, "url"?, "outlet"?}``.

    A caller-given ``id`` is kept as the article id (benchmarks and batch jobs match
    results back by it); the path is ``source#line``. A bad line is reported as
    ``source:line`` and the other lines are still read.
    """
    articles: list[Article] = []
    problems: list[ReadProblem] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(
                ReadProblem(
                    where, f"line {number} is not valid JSON: {error.msg} at column {error.colno}"
                )
            )
            continue
        if not isinstance(record, dict):
            problems.append(
                ReadProblem(
                    where,
                    f"line {number} is a JSON {_json_type(record)}, "
                    "not an object with a 'text' field",
                )
            )
            continue
        try:
            articles.append(_record_article(record, f"{source}#{number}", "jsonl", keep_id=True))
        except ReadError as error:
            problems.append(ReadProblem(where, f"line {number}: {error}"))
    if not articles and not problems:
        problems.append(ReadProblem(source, "no JSON lines found (the input is blank)"))
    return articles, problems


def decode_bytes(data: bytes) -> str:
    """Decode file bytes to text the way a person would expect, or raise ReadError.

    Order: a byte-order mark (UTF-8, UTF-16, UTF-32), UTF-16 without a mark, UTF-8,
    a charset declared in the first bytes (HTML/XML), then a legacy guess. Windows-1252
    is preferred for the guess because charset detection is unreliable on short Western
    text (it calls Latin-1 "café" UTF-16); a non-Latin script is accepted only when the
    detector's reading is clearly in that script. Only ``\\r\\n`` is changed (to
    ``\\n``), so offsets into the result stay stable and predictable.
    """
    text = _decode(data)
    controls = len(_CONTROL.findall(text))
    if controls > len(text) / 200:
        raise ReadError("the file looks binary (it is full of control characters), not text")
    return text.replace("\r\n", "\n")


def normalise_date(value: Any) -> str | None:
    """A metadata date as YYYY-MM-DD, or None when it is not a full, plausible date.

    The calendar date is the one *as stated* (``2022-11-15T23:30-05:00`` is the 15th),
    because that is the day the outlet put on the story. Relative phrases ("yesterday")
    are refused: resolving them against today would make reading non-deterministic.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_timestamp(float(value))
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for parse in (_iso_date, _rfc2822_date, _dateparser_date):
        found = parse(text)
        if found is not None:
            return found.isoformat() if 1800 <= found.year <= 2200 else None
    return None


# -------------------------------------------------------------- paths, folders
def _expand(raw: str, problems: list[ReadProblem]) -> list[Path]:
    """One argument to the paths it names; reports missing paths and empty globs."""
    path = Path(raw).expanduser()
    try:
        if path.exists() or path.is_symlink():
            return [path]
    except OSError as error:
        problems.append(ReadProblem(raw, f"cannot look at this path: {error.strerror or error}"))
        return []
    if _GLOB_CHARS.search(raw):
        matches = sorted(glob.glob(os.path.expanduser(raw), recursive=True))
        if not matches:
            problems.append(ReadProblem(raw, "no files match this pattern"))
        return [Path(match) for match in matches]
    problems.append(ReadProblem(raw, "no such file or folder"))
    return []


def _walk(folder: Path, problems: list[ReadProblem]) -> list[Path]:
    """Non-hidden files under ``folder`` in sorted, platform-independent order."""

    def on_error(error: OSError) -> None:
        problems.append(
            ReadProblem(
                str(error.filename or folder), f"cannot open this folder: {error.strerror or error}"
            )
        )

    found: list[Path] = []
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / name for name in files if not name.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _read_folder(
    folder: Path,
    articles: list[Article],
    problems: list[ReadProblem],
    seen: set[str],
    max_bytes: int,
) -> None:
    files = _walk(folder, problems)
    if not files:
        problems.append(
            ReadProblem(str(folder), "the folder holds no files (hidden files are skipped)")
        )
        return
    before = len(articles)
    read_any = False
    for path in files:
        read_any = _read_once(path, articles, problems, seen, max_bytes) or read_any
    if read_any and len(articles) == before:
        problems.append(
            ReadProblem(
                str(folder),
                f"no readable articles in this folder: none of "
                f"its {len(files)} file(s) could be read "
                "(see the problems listed for them)",
            )
        )


def _read_once(
    path: Path, articles: list[Article], problems: list[ReadProblem], seen: set[str], max_bytes: int
) -> bool:
    """Read a file unless this run has read it already; says whether it read it."""
    key = os.path.realpath(path)
    if key in seen:
        return False
    seen.add(key)
    found, trouble = read_file(path, max_bytes=max_bytes)
    articles.extend(found)
    problems.extend(trouble)
    return True


# ------------------------------------------------------------------- bytes in
def _load_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing (before reading) anything empty, too big or unsupported."""
    try:
        if path.is_dir():
            raise ReadError("this is a folder, not a file")
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except PermissionError:
        raise ReadError("permission denied: cannot access this file") from None
    if size > max_bytes:
        raise ReadError(_too_large(size, max_bytes))
    kind = _UNSUPPORTED.get(path.suffix.lower())
    if kind:
        raise ReadError(f"{kind} files are not supported; convert it to text or HTML first")
    try:
        with path.open("rb") as handle:
            data = handle.read(min(size, max_bytes) + 1)
    except PermissionError:
        raise ReadError("permission denied: cannot read this file") from None
    except OSError as error:
        raise ReadError(f"cannot read this file: {error.strerror or error}") from None
    if len(data) > max_bytes:  # grew since stat, or a special file
        raise ReadError(_too_large(len(data), max_bytes))
    if not data.strip():
        raise ReadError("the file is empty" if not data else "the file holds only whitespace")
    return data


def _too_large(size: int, limit: int) -> str:
    return (
        f"the file is too large: {size / 1_000_000:.1f} MB ({size:,} bytes), over the "
        f"limit of {limit / 1_000_000:.1f} MB ({limit:,} bytes); raise the limit "
        "(max_bytes / --max-bytes) to read it"
    )


def _decode(data: bytes) -> str:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise ReadError("the file looks binary (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _declared(data) or _mostly_utf8(data) or _legacy(data)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray bytes (a pasted-in Latin-1 quote): keep the UTF-8 reading.

    Decoding such a file as Windows-1252 would garble every correct accented character
    to rescue a handful of bad ones; replacement characters for the strays cost less.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for char in text if char > "\x7f") - bad
    return text if good >= 3 * bad else None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text without a BOM: every other byte is NUL for Latin text."""
    head = data[:4096]
    half = len(head) // 2
    if half < 2:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    codec = (
        "utf-16-le"
        if odd > 0.4 * half and even < 0.05 * half
        else ("utf-16-be" if even > 0.4 * half and odd < 0.05 * half else None)
    )
    if codec is None:
        return None
    try:
        text = data[: len(data) - len(data) % 2].decode(codec)
    except UnicodeDecodeError:
        return None
    ascii_share = sum(1 for char in text[:2000] if char < "\x80") / max(1, min(len(text), 2000))
    return text if ascii_share > 0.5 else None


def _declared(data: bytes) -> str | None:
    """Honour an explicit HTML/XML charset declaration when UTF-8 has failed."""
    match = _DECLARED_CHARSET.search(data[:2048])
    if not match:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
        return None if codec.startswith("utf") else data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None


def _legacy(data: bytes) -> str:
    import charset_normalizer

    if len(data) >= 200:
        results = list(charset_normalizer.from_bytes(data))
        if results:
            least_chaos = min(match.percent_chaos for match in results)
            # Equally clean readings (mac_cyrillic vs cp1251) are common; Windows code
            # pages are what real files use, so they win the tie.
            clean = [match for match in results if match.percent_chaos <= least_chaos + 0.5]
            clean.sort(
                key=lambda match: (
                    not any(name.startswith("cp125") for name in match.could_be_from_charset)
                )
            )
            text = str(clean[0])
            non_ascii = [c for c in text if c.isalpha() and c > "\x7f"]
            if non_ascii and sum(1 for c in non_ascii if c > "\u024f") > 0.8 * len(non_ascii):
                return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# ------------------------------------------------------------------- formats
def _parse(path: Path, data: bytes) -> Result:
    text = decode_bytes(data)
    if not text.strip():
        raise ReadError("the file holds no text after decoding")
    kind = _format_for(path, text)
    if kind == "txt":
        return [_text_article(str(path), text)], []
    if kind == "html":
        return [_html_article(str(path), text)], []
    if kind == "json":
        return _json_articles(str(path), text)
    if kind == "jsonl":
        return read_jsonl_stream(io.StringIO(text), str(path))
    return _feed_articles(str(path), data)


def _format_for(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        return "txt"
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _JSON_SUFFIXES:
        return "json"
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    sniffed = _sniff(text)
    if suffix in _FEED_SUFFIXES and sniffed != "rss":
        raise ReadError("this XML file is not an RSS or Atom feed")
    if sniffed == "xml":
        raise ReadError("this is XML but not an RSS or Atom feed")
    return sniffed


def _sniff(text: str) -> str:
    """Format from content, for files whose extension says nothing."""
    head = text.lstrip("\ufeff \t\n\r")[:4096].lower()
    if head.startswith("<"):
        if re.search(r"<(?:rss|feed|rdf:rdf)\b", head):
            return "rss"
        if re.search(r"<!doctype html|<(?:html|head|body|p|div|article)\b", head):
            return "html"
        if head.startswith("<?xml"):
            return "xml"
    if head.startswith(("{", "[")):
        try:
            json.loads(text)
            return "json"
        except json.JSONDecodeError as error:
            return "jsonl" if error.msg == "Extra data" and _every_line_json(text) else "json"
    return "txt"


def _every_line_json(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    try:
        return len(lines) > 1 and all(isinstance(json.loads(line), dict) for line in lines)
    except json.JSONDecodeError:
        return False


# ----------------------------------------------------------------- plain text
def _text_article(path: str, text: str) -> Article:
    header = DATE_HEADER_RE.match(text)
    published = evidence = None
    if header:
        published = _iso_date(header.group("date"))
        evidence = header.group("header") if published else None
    return Article(
        id=article_id(text),
        path=path,
        text=text,
        format="txt",
        title=_text_title(text, header),
        published=published.isoformat() if published else None,
        published_basis="header" if published else "unknown",
        published_evidence=evidence,
    )


def _text_title(text: str, header: re.Match[str] | None) -> str | None:
    """A first short line is a title only if it reads like a headline and stands apart.

    It must be followed by a blank line (or by a line that is all boilerplate, such as
    a photo credit under the headline): a first paragraph that happens to be short
    must not turn into a title.
    """
    start = 0
    if header:
        line_end = text.find("\n", header.end())
        rest = text[header.end() : line_end if line_end >= 0 else len(text)]
        if rest.strip():
            return None  # the header runs straight into the prose
        start = line_end + 1 if line_end >= 0 else len(text)
    lines = text[start:].split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if len(lines) < 2 or not _looks_like_headline(lines[0].strip()):
        return None
    following = lines[1].strip()
    if following and not _all_boilerplate(following):
        return None
    return lines[0].strip()


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) > 200:
        return False
    if line[-1] in ".,;:—–-" or not (line[0].isupper() or line[0].isdigit() or line[0] in "\"“‘'"):
        return False
    if re.match(r"(?i)by\s", line) or "http" in line.lower() or _all_boilerplate(line):
        return False
    return any(len(word) >= 3 and word.isalpha() for word in words)


def _all_boilerplate(line: str) -> bool:
    covered = sum(span.end - span.start for span in find_boilerplate(line))
    return covered >= len(line.strip())


# ----------------------------------------------------------------------- HTML
def _html_article(path: str, markup: str) -> Article:
    """Main text and metadata via trafilatura; lxml's visible text when it finds none.

    The article's text (and so every offset downstream) is the *extracted* text, not
    the HTML source: the source's offsets would point into markup nobody reads.
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # trafilatura raises assorted errors on odd markup; fall back below
        doc = None
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        return _html_fallback(path, markup)
    raw_date = getattr(doc, "date", None)
    published = normalise_date(raw_date)
    return Article(
        id=article_id(text),
        path=path,
        text=text,
        format="html",
        title=getattr(doc, "title", None) or None,
        outlet=getattr(doc, "sitename", None) or getattr(doc, "hostname", None) or None,
        url=getattr(doc, "url", None) or None,
        published=published,
        published_basis="metadata" if published else "unknown",
        published_evidence=str(raw_date) if published else None,
    )


def _html_fallback(path: str, markup: str) -> Article:
    from lxml import etree
    from lxml import html as lxml_html

    cleaned = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    try:
        root = lxml_html.document_fromstring(cleaned)
    except (etree.ParserError, ValueError):
        raise ReadError("this HTML page could not be parsed and has no extractable text") from None
    title = (root.findtext(".//title") or "").strip() or None
    body = root.find("body")
    text = _element_text(body if body is not None else root)
    if not text.strip():
        raise ReadError(
            "this HTML page has no extractable text (nothing left once the "
            "markup, scripts and styles are removed)"
        )
    return Article(id=article_id(text), path=path, text=text, format="html", title=title)


_BLOCKS = (
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "figcaption",
    "ul",
    "ol",
    "table",
)


def _element_text(root: Any) -> str:
    """Visible text with block elements on their own lines (as a browser would show)."""
    for junk in root.xpath(".//script|.//style|.//noscript|.//template|.//head"):
        junk.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    lines = (
        re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in root.text_content().split("\n")
    )
    return "\n".join(line for line in lines if line)


def _fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (feed summaries), paragraphs kept apart."""
    if "<" not in markup:
        return markup.strip()
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", markup).strip()
    return _element_text(root)


# ----------------------------------------------------------------------- JSON
def _json_articles(path: str, text: str) -> Result:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data" and _every_line_json(text):
            return read_jsonl_stream(io.StringIO(text), path)
        raise ReadError(
            f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    records = _json_records(data)
    if len(records) == 1 and isinstance(data, dict) and records[0] is data:
        return [_record_article(data, path, "json", keep_id=False)], []
    articles: list[Article] = []
    problems: list[ReadProblem] = []
    for number, record in enumerate(records, start=1):
        where = f"{path}#item-{number}"
        try:
            if not isinstance(record, dict):
                raise ReadError(f"item {number} is a JSON {_json_type(record)}, not an object")
            articles.append(_record_article(record, where, "json", keep_id=False))
        except ReadError as error:
            problems.append(ReadProblem(where, str(error)))
    return articles, problems


def _json_records(data: Any) -> list[Any]:
    """The article objects in a JSON document: itself, its list, or a wrapped list."""
    if isinstance(data, list):
        if not data:
            raise ReadError("the JSON list is empty")
        return data
    if not isinstance(data, dict):
        raise ReadError(f"the JSON holds a {_json_type(data)}, not an article object or a list")
    if any(key in data for key in _TEXT_KEYS):
        return [data]
    for key in _LIST_KEYS:
        if isinstance(data.get(key), list) and data[key]:
            return list(data[key])
    raise ReadError(
        "the JSON object has no article text: expected a 'text', 'body' or "
        "'content' field (or a list of such objects)"
    )


def _record_article(record: dict[str, Any], path: str, fmt: str, *, keep_id: bool) -> Article:
    text = _record_text(record)
    raw_date = next((record[key] for key in _DATE_KEYS if record.get(key) not in (None, "")), None)
    published = normalise_date(raw_date)
    given_id = record.get("id")
    use_id = keep_id and isinstance(given_id, (str, int)) and str(given_id).strip()
    return Article(
        id=str(given_id) if use_id else article_id(text),
        path=path,
        text=text,
        format=fmt,
        title=_first_str(record, _TITLE_KEYS),
        url=_first_str(record, _URL_KEYS),
        outlet=_outlet(record),
        published=published,
        published_basis="metadata" if published else "unknown",
        published_evidence=str(raw_date) if published else None,
    )


def _record_text(record: dict[str, Any]) -> str:
    for key in _TEXT_KEYS:
        value = record.get(key)
        if isinstance(value, list) and all(isinstance(part, str) for part in value):
            value = "\n\n".join(value)  # paragraphs given as a list
        if isinstance(value, str):
            if not value.strip():
                raise ReadError(f"the '{key}' field is empty")
            return value
    raise ReadError(
        "no article text: expected a 'text', 'body' or 'content' field holding a string"
    )


def _first_str(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _outlet(record: dict[str, Any]) -> str | None:
    for key in _OUTLET_KEYS:
        value = record.get(key)
        if isinstance(value, dict):  # e.g. NewsAPI: "source": {"id": ..., "name": ...}
            value = value.get("name") or value.get("title")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _json_type(value: Any) -> str:
    names = {list: "list", dict: "object", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


# ------------------------------------------------------------------- RSS/Atom
def _feed_articles(path: str, data: bytes) -> Result:
    """One article per feed entry; feedparser gets the raw bytes to honour the XML encoding."""
    import feedparser

    feed = feedparser.parse(io.BytesIO(data))
    entries = list(feed.entries)
    if not entries:
        if feed.bozo and not feed.version:
            reason = getattr(feed, "bozo_exception", None)
            raise ReadError(f"could not parse this feed: {reason or 'malformed XML'}")
        raise ReadError(
            "the feed has no entries"
            if feed.version
            else "this XML file is not an RSS or Atom feed"
        )
    outlet = (feed.feed.get("title") or "").strip() or None
    articles: list[Article] = []
    problems: list[ReadProblem] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}#entry-{number}"
        text = _entry_text(entry)
        if not text:
            problems.append(
                ReadProblem(where, f"feed entry {number} has no summary or content text")
            )
            continue
        articles.append(_entry_article(entry, where, text, outlet))
    return articles, problems


def _entry_text(entry: Any) -> str:
    bodies = [part.get("value", "") for part in entry.get("content") or []]
    bodies.append(entry.get("summary") or "")
    best = max(bodies, key=lambda body: len(body.strip()))
    return _fragment_text(best)


def _entry_article(entry: Any, where: str, text: str, outlet: str | None) -> Article:
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created")
    published = normalise_date(raw_date)
    if published is None:
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*stamp[:3]).isoformat() if stamp else None
    return Article(
        id=article_id(text),
        path=where,
        text=text,
        format="rss",
        title=(entry.get("title") or "").strip() or None,
        url=entry.get("link") or None,
        outlet=outlet,
        published=published,
        published_basis="metadata" if published else "unknown",
        published_evidence=str(raw_date) if published and raw_date else None,
    )


# ----------------------------------------------------------------------- dates
def _iso_date(text: str) -> date | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?![\d])", text)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _rfc2822_date(text: str) -> date | None:
    parts = email.utils.parsedate_tz(text)
    if not parts or not parts[0]:
        return None
    try:
        return date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


_ENGLISH_DATE_WORDS_TEXT = """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
    the and of at on utc gmt est edt cst cdt pst pdt cet cest bst published updated
"""
_ENGLISH_DATE_WORDS = frozenset(_ENGLISH_DATE_WORDS_TEXT.split())


def _dateparser_date(text: str) -> date | None:
    """English first; every language only for a string with a year and foreign words.

    dateparser's all-language detection takes seconds to warm up, so it is kept for
    strings that are plausibly dates in another language ("15 mars 2023").
    """
    import dateparser

    settings = {
        "PARSERS": ["custom-formats", "absolute-time"],
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    attempts: list[list[str] | None] = [["en"]]
    words = set(re.findall(r"[^\W\d_]{3,}", text.lower()))
    if re.search(r"\b(?:1[89]|2[01])\d\d\b", text) and words - _ENGLISH_DATE_WORDS:
        attempts.append(None)
    for languages in attempts:
        try:
            parsed = dateparser.parse(text, languages=languages, settings=settings)
        except Exception:  # dateparser can raise on odd input; an unparsed date is unknown
            parsed = None
        if parsed is not None:
            return parsed.date()
    return None


def _from_timestamp(value: float) -> str | None:
    if value > 1e11:  # milliseconds
        value /= 1000
    try:
        stamp = datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return stamp.date().isoformat() if 1970 < stamp.year <= 2200 else None
