"""A short Rich summary of the brief for the terminal, fitting 100 columns.

The full provenance lives in the HTML and Markdown files; the terminal answers
"what did it find, and did anything go wrong" at a glance. Untrusted strings are
passed as :class:`rich.text.Text`, never as markup, so a headline containing
``[bold]`` or ``[/]`` cannot restyle or break the output.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsdesk.render.markdown import (
    article_name,
    articles_by_id,
    copies,
    counts,
    format_date,
    format_kind,
    format_status,
    format_value,
    key_figures,
    one_line,
    plural,
    stories_with_events,
)

STATUS_STYLES: dict[str, str] = {
    "agreed": "green",
    "single_source": "dim",
    "conflict": "bold red",
    "updated": "cyan",
    "superseded": "yellow",
}
MAX_PLACES = 4
MAX_LIST = 8
MAX_WIDTH = 100
MAX_TITLE = 40


def _places_cell(event: Mapping[str, Any]) -> Text:
    names = [one_line(p.get("name")) for p in event.get("places") or [] if p.get("name")]
    shown = ", ".join(names[:MAX_PLACES])
    if len(names) > MAX_PLACES:
        shown += f" +{len(names) - MAX_PLACES}"
    return Text(shown or "unknown")


def _figures_cell(event: Mapping[str, Any]) -> Text:
    """Key figures, one per line, each with its status and independent-source count."""
    cell = Text()
    for fig in key_figures(event.get("figures") or []):
        if cell:
            cell.append("\n")
        status = str(fig.get("status") or "")
        sources = int(fig.get("independent_sources") or 0)
        cell.append(f"{format_kind(fig)} {format_value(fig)} ")
        cell.append(format_status(status), style=STATUS_STYLES.get(status, ""))
        cell.append(f" · {sources} src", style="dim")
    return cell or Text("—", style="dim")


def _events_table(title: str, events: list[dict[str, Any]], width: int) -> Table:
    """One table per story; columns share the console width so nothing is cropped."""
    table = Table(
        title=Text(title, style="bold"),
        width=min(width, MAX_WIDTH),
        header_style="bold",
        title_justify="left",
    )
    table.add_column("Date", ratio=2)
    table.add_column("Event", ratio=4)
    table.add_column("Places", ratio=3)
    table.add_column("Key figures (status, sources)", ratio=5)
    for event in events:
        table.add_row(
            Text(format_date(event.get("date"))),
            Text(one_line(event.get("label") or event.get("id"))),
            _places_cell(event),
            _figures_cell(event),
        )
    return table


def _short(text: str) -> str:
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1] + "…"


def _print_copies(doc: Mapping[str, Any], console: Console) -> None:
    found = copies(doc)
    if not found:
        return
    articles = articles_by_id(doc)
    console.print(Text(f"Copies found ({len(found)}):", style="bold"))
    for art in found[:MAX_LIST]:
        original = articles.get(str(art.get("duplicate_of")))
        line = Text("  ")
        line.append(_short(article_name(art, str(art.get("id")))))
        line.append(f"  is a {art.get('duplicate_kind') or 'copy'} of  ", style="dim")
        line.append(_short(article_name(original, str(art.get("duplicate_of")))))
        line.truncate(console.width - 1, overflow="ellipsis")
        console.print(line, no_wrap=True)
    if len(found) > MAX_LIST:
        console.print(Text(f"  … and {len(found) - MAX_LIST} more", style="dim"))


def _print_problems(doc: Mapping[str, Any], console: Console) -> None:
    problems = doc.get("problems") or []
    if not problems:
        return
    console.print(Text(f"Skipped files ({len(problems)}):", style="bold yellow"))
    for problem in problems[:MAX_LIST]:
        line = Text("  ")
        line.append(one_line(problem.get("path")))
        line.append(": ", style="dim")
        line.append(one_line(problem.get("reason")))
        console.print(line)
    if len(problems) > MAX_LIST:
        console.print(Text(f"  … and {len(problems) - MAX_LIST} more", style="dim"))


def render_terminal(doc: dict[str, Any], console: Console) -> None:
    """Print the events table, the counts, copies found and skipped files."""
    c = counts(doc)
    if c["events"]:
        for story, events in stories_with_events(doc):
            title = one_line(story.get("label") or "Story")
            console.print(_events_table(title, events, console.width))
    else:
        console.print(Text("No events found.", style="bold"))
    summary = Text()
    summary.append(plural(c["articles"], "article"), style="bold")
    summary.append(f" · {plural(c['events'], 'event')} · ")
    summary.append(f"{plural(c['stories'], 'story', 'stories')} · ")
    summary.append(f"{plural(c['copies'], 'copy', 'copies')} found · ")
    summary.append(plural(c["problems"], "skipped file"))
    summary.append(f"   (newsdesk {one_line(doc.get('version') or '?')})", style="dim")
    console.print(summary)
    _print_copies(doc, console)
    _print_problems(doc, console)
