"""Markdown rendering of the brief, plus the value formatting all renderers share.

The formatting helpers live here (and the HTML and terminal renderers import them)
so that the three outputs phrase a figure, a date or a citation identically: an
analyst comparing the HTML page with the Markdown file must see the same words.

Everything that comes from an article (titles, outlets, quotes, labels built from
text) is untrusted. In Markdown it is escaped so that a stray ``*``, ``|``, ``[`` or
``<script>`` in a headline cannot restructure the document or inject raw HTML when
the Markdown is later rendered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

Doc = Mapping[str, Any]

QUALIFIER_WORDS: dict[str, str] = {
    "exact": "",
    "about": "about",
    "at_least": "at least",
    "more_than": "more than",
    "nearly": "nearly",
    "up_to": "up to",
    "range": "",
}

# Figure kinds in the order an analyst reads them first (human cost before hardware).
KEY_KINDS: tuple[str, ...] = (
    "killed",
    "injured",
    "missing",
    "displaced",
    "missiles_launched",
    "missiles_intercepted",
    "drones_launched",
    "drones_intercepted",
    "strikes",
    "without_power",
    "magnitude",
)

STATUS_WORDS: dict[str, str] = {
    "agreed": "agreed",
    "single_source": "single source",
    "conflict": "conflict",
    "updated": "updated",
    "superseded": "superseded",
}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_WS = re.compile(r"\s+")
_UNSAFE_CODE = re.compile(r"[`\s]+")


# ------------------------------------------------------------------ shared formatting
def format_number(value: Any) -> str:
    """Integers without a spurious ``.0`` and with separators; magnitudes keep decimals."""
    if value is None:
        return "?"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_value(item: Mapping[str, Any]) -> str:
    """A figure or report value with its qualifier, the way a reader would say it."""
    qualifier = str(item.get("qualifier") or "exact")
    low, high = item.get("low"), item.get("high")
    if qualifier == "range" and low is not None and high is not None:
        return f"{format_number(low)}–{format_number(high)}"
    number = format_number(item.get("value"))
    word = QUALIFIER_WORDS.get(qualifier, qualifier.replace("_", " "))
    return f"{word} {number}" if word else number


def format_kind(figure: Mapping[str, Any]) -> str:
    """Kind plus subset ("killed (children)") because a subset count is not the total."""
    kind = str(figure.get("kind") or "figure").replace("_", " ")
    subset = figure.get("subset")
    return f"{kind} ({subset})" if subset else kind


def format_status(status: Any) -> str:
    return STATUS_WORDS.get(str(status), str(status or "unknown"))


def format_date(date: Mapping[str, Any] | None) -> str:
    """Start (–end) with its precision; "unknown" rather than a guess when empty."""
    if not date:
        return "date unknown"
    start, end = date.get("start"), date.get("end")
    precision = date.get("precision") or "unknown"
    if not start and not end:
        return "date unknown"
    span = str(start or "?") if not end or end == start else f"{start or '?'}–{end}"
    return f"{span} ({precision})"


def format_published(published: Mapping[str, Any] | None) -> str:
    """Publication date with how it is known, since an inferred date deserves less trust."""
    if not published or not published.get("date"):
        window = ""
        if published and (published.get("earliest") or published.get("latest")):
            window = f" (between {published.get('earliest') or '?'} and "
            window += f"{published.get('latest') or '?'})"
        return "unknown" + window
    precision = published.get("precision") or "unknown"
    basis = published.get("basis") or "unknown"
    return f"{published['date']} ({precision}, {basis})"


def format_place(place: Mapping[str, Any]) -> str:
    name = str(place.get("name") or "?")
    lat, lon = place.get("lat"), place.get("lon")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return f"{name} ({lat:.2f}, {lon:.2f})"
    return f"{name} (no coordinates)"


def citation(article: Any, start: Any, end: Any) -> str:
    """The one citation format used everywhere: ``article @start–end``."""
    return f"{article} @{start}–{end}"


def one_line(text: Any) -> str:
    """Collapse whitespace so an untrusted field cannot break a list item or table row."""
    return _WS.sub(" ", str(text or "")).strip()


def date_key(event: Mapping[str, Any]) -> tuple[bool, str, str, str]:
    """Undated events sort last; ties break on label and id for deterministic output."""
    date = event.get("date") or {}
    start = date.get("start") or date.get("end")
    return (start is None, str(start or ""), str(event.get("label") or ""), str(event.get("id")))


def stories_with_events(doc: Doc) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Stories with their events in date order; stray events form a final pseudo-story.

    An event the integrator did not put in any story must still be shown, so it is
    collected under "Other events" rather than silently dropped.
    """
    events = {str(e.get("id")): e for e in doc.get("events") or []}
    placed: set[str] = set()
    result: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for story in doc.get("stories") or []:
        members = [events[i] for i in story.get("events") or [] if i in events]
        placed.update(str(e.get("id")) for e in members)
        result.append((story, sorted(members, key=date_key)))
    rest = [e for i, e in events.items() if i not in placed]
    if rest:
        pseudo = {"id": "", "label": "Other events", "events": [], "articles": []}
        result.append((pseudo, sorted(rest, key=date_key)))
    return result


def articles_by_id(doc: Doc) -> dict[str, dict[str, Any]]:
    return {str(a.get("id")): a for a in doc.get("articles") or []}


def article_name(article: Mapping[str, Any] | None, fallback: str = "") -> str:
    if not article:
        return fallback
    return one_line(article.get("title") or article.get("path") or article.get("id") or fallback)


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def copies(doc: Doc) -> list[dict[str, Any]]:
    return [a for a in doc.get("articles") or [] if a.get("duplicate_of")]


def counts(doc: Doc) -> dict[str, int]:
    return {
        "articles": len(doc.get("articles") or []),
        "events": len(doc.get("events") or []),
        "stories": len(doc.get("stories") or []),
        "copies": len(copies(doc)),
        "problems": len(doc.get("problems") or []),
    }


def key_figures(figures: Sequence[Mapping[str, Any]], limit: int = 4) -> list[Mapping[str, Any]]:
    """The figures worth a glance: key kinds first, totals before subsets."""

    def rank(fig: Mapping[str, Any]) -> tuple[int, int, str]:
        kind = str(fig.get("kind"))
        order = KEY_KINDS.index(kind) if kind in KEY_KINDS else len(KEY_KINDS)
        return (order, 1 if fig.get("subset") else 0, kind)

    return sorted(figures, key=rank)[:limit]


# ------------------------------------------------------------------------ Markdown
def md_escape(text: Any) -> str:
    """Escape untrusted inline text; newlines collapse so it stays inside its line.

    Only characters that can start emphasis, code, links, raw HTML, tables or
    entities are escaped; with ``[`` and ``]`` escaped, parentheses are inert, so
    they stay readable in the raw file.
    """
    return _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", one_line(text)))


def md_code(text: Any) -> str:
    """Inline code for ids and offsets; backticks and whitespace cannot close the span."""
    return "`" + _UNSAFE_CODE.sub("_", str(text)) + "`"


def md_cite(article: Any, start: Any, end: Any) -> str:
    """A citation in a code span; only the id is untrusted, the offsets are numbers."""
    safe_id = _UNSAFE_CODE.sub("_", str(article))
    return "`" + citation(safe_id, _int_or_q(start), _int_or_q(end)) + "`"


def _int_or_q(value: Any) -> str:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else "?"


def _md_header(doc: Doc) -> list[str]:
    c = counts(doc)
    lines = ["# News brief", ""]
    lines.append(
        f"Generated by newsdesk {md_escape(doc.get('version') or '?')} from "
        f"{plural(c['articles'], 'article')}: {plural(c['events'], 'event')} in "
        f"{plural(c['stories'], 'story', 'stories')}, "
        f"{plural(c['copies'], 'copy', 'copies')} found, "
        f"{plural(c['problems'], 'unreadable file')}."
    )
    lines.append("")
    return lines


def _md_report(report: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> str:
    aid = str(report.get("article"))
    art = articles.get(aid)
    quote = report.get("quote") or report.get("sentence") or report.get("as_stated") or ""
    source = md_escape(article_name(art, aid))
    if art and art.get("outlet"):
        source += f" ({md_escape(art['outlet'])})"
    parts = [f"“{md_escape(quote)}”", f"as stated: {md_escape(report.get('as_stated') or '')}"]
    parts.append(f"*{source}*")
    if report.get("attributed_to"):
        parts.append(f"according to {md_escape(report['attributed_to'])}")
    if report.get("reported_on"):
        parts.append(f"reported {md_escape(report['reported_on'])}")
    if report.get("superseded"):
        parts.append("**superseded later in the same text**")
    parts.append(md_cite(aid, report.get("start"), report.get("end")))
    return "  - " + " — ".join(parts)


def _md_figures(event: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> list[str]:
    figures = event.get("figures") or []
    if not figures:
        return ["No figures reported.", ""]
    lines = ["**Figures**", ""]
    for fig in figures:
        sources = int(fig.get("independent_sources") or 0)
        lines.append(
            f"- **{md_escape(format_kind(fig))}: {md_escape(format_value(fig))}** — "
            f"{format_status(fig.get('status'))}, {sources} independent "
            f"source{'s' if sources != 1 else ''}"
        )
        lines.extend(_md_report(r, articles) for r in fig.get("reports") or [])
    lines.append("")
    return lines


def _md_event(event: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> list[str]:
    lines = [f"### {md_escape(event.get('label') or event.get('id'))}", ""]
    places = ", ".join(md_escape(format_place(p)) for p in event.get("places") or [])
    lines.append(f"- Type: {md_escape(event.get('type') or 'unknown')}")
    lines.append(f"- Date: {md_escape(format_date(event.get('date')))}")
    lines.append(f"- Places: {places or 'unknown'}")
    lines.append("")
    lines.extend(_md_figures(event, articles))
    summary = event.get("summary") or []
    if summary:
        lines.extend(["**Summary**", ""])
        for s in summary:
            cite = md_cite(s.get("article"), s.get("start"), s.get("end"))
            lines.append(f"- {md_escape(s.get('text'))} [{cite}]")
        lines.append("")
    main = set(event.get("main_in") or [])
    arts = event.get("articles") or []
    if arts:
        lines.extend(["**Articles**", ""])
        for aid in arts:
            role = "main report" if aid in main else "mentions it"
            name = md_escape(article_name(articles.get(aid), str(aid)))
            lines.append(f"- {md_code(aid)} {name} ({role})")
        lines.append("")
    return lines


def _md_article(article: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> str:
    parts = [md_code(article.get("id")), f"**{md_escape(article_name(article, '(untitled)'))}**"]
    if article.get("outlet"):
        parts.append(md_escape(article["outlet"]))
    if article.get("url"):
        parts.append(md_code(article["url"]))
    parts.append(f"published {md_escape(format_published(article.get('published')))}")
    quality = article.get("quality") or {}
    if quality:
        flags = quality.get("flags") or []
        score = quality.get("score")
        shown = f"{score:.2f}" if isinstance(score, int | float) else "?"
        parts.append(f"quality {shown}, {len(flags)} flag{'s' if len(flags) != 1 else ''}")
    dup = article.get("duplicate_of")
    if dup:
        kind = article.get("duplicate_kind") or "copy"
        parts.append(f"{md_escape(kind)} of {md_code(dup)}")
    return "- " + " — ".join(parts)


def render_markdown(doc: dict[str, Any], texts: Mapping[str, str]) -> str:
    """The brief as Markdown: stories, dated events, cited figures and summaries, problems.

    ``texts`` is accepted for symmetry with :func:`render_html`; quotes come from the
    reports, and are only looked up in the text when a report carries no quote.
    """
    articles = articles_by_id(doc)
    lines = _md_header(doc)
    for story, events in stories_with_events(doc):
        lines.extend([f"## {md_escape(story.get('label') or 'Story')}", ""])
        for event in events:
            lines.extend(_md_event(_with_quotes(event, texts), articles))
    lines.extend(["## Articles", ""])
    lines.extend(_md_article(a, articles) for a in doc.get("articles") or [])
    lines.append("")
    problems = doc.get("problems") or []
    lines.extend(["## Problems", ""])
    if problems:
        lines.extend(f"- {md_code(p.get('path'))}: {md_escape(p.get('reason'))}" for p in problems)
    else:
        lines.append("All input files were read.")
    lines.append("")
    return "\n".join(lines)


def _with_quotes(event: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    """Fill a missing report quote from the text so every figure still shows its words."""
    out = dict(event)
    figures = []
    for fig in event.get("figures") or []:
        reports = []
        for rep in fig.get("reports") or []:
            rep = dict(rep)
            text = texts.get(str(rep.get("article")))
            start, end = rep.get("start"), rep.get("end")
            if not rep.get("quote") and text and isinstance(start, int) and isinstance(end, int):
                rep["quote"] = text[start:end]
            reports.append(rep)
        figures.append({**fig, "reports": reports})
    out["figures"] = figures
    return out
