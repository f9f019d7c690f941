"""The ``newsdesk`` command.

Errors a user can cause (missing files, bad formats, bad dates) are reported in
plain words and never as a traceback; files that cannot be read are listed and the
rest of the run goes on.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsdesk import __version__
from newsdesk.models import Article, ReadProblem

app = typer.Typer(
    name="newsdesk",
    help=(
        "Turn a pile of news articles into a traceable account of what happened: events, "
        "dates, places, figures, and who said each one, with a verbatim quote for every claim."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True)
out = Console()


def _version(value: bool) -> None:
    if value:
        out.print(f"newsdesk {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """newsdesk: cited briefs from many news articles."""


def _report_problems(problems: list[ReadProblem]) -> None:
    for problem in problems:
        err.print(f"[yellow]skipped[/] {problem.path}: {problem.reason}", highlight=False)


@contextmanager
def _progress(total: int, label: str, quiet: bool) -> Iterator[Progress | None]:
    if quiet or total < 2:
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        bar.add_task(label, total=total)
        yield bar


def _parse_day(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        err.print(f"[red]error[/] {option} must be a date like 2022-11-15, not {value!r}")
        raise typer.Exit(2) from None


@app.command()
def brief(
    paths: Annotated[
        list[str],
        typer.Argument(help="Articles: files, folders or glob patterns (.txt .html .json .jsonl RSS/Atom)."),
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for brief.html, brief.md and brief.json.")
    ] = Path("newsdesk-brief"),
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Write the JSON document here instead (- for stdout).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Processes for the per-article stage (default: CPU count, at most 4).")
    ] = None,
    cache: Annotated[bool, typer.Option(help="Reuse per-article annotations cached on disk.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Write a brief (HTML, Markdown, JSON) of the events in PATHS and print a summary.

    Example: [bold]newsdesk brief corpus/ --out out/[/]
    """
    from newsdesk.analysis import analyse
    from newsdesk.brief import build_document, dumps
    from newsdesk.read import read_paths
    from newsdesk.render.html import render_html
    from newsdesk.render.markdown import render_markdown
    from newsdesk.render.terminal import render_terminal

    articles, problems = read_paths(paths)
    _report_problems(problems)
    if not articles:
        err.print("[red]error[/] no readable articles in the given paths; nothing to do.")
        raise typer.Exit(1)
    with _progress(len(articles), "Annotating articles", quiet) as bar:

        def tick(n: int) -> None:
            if bar is not None:
                bar.advance(bar.task_ids[0], n)

        analysis = analyse(articles, problems, workers=workers, use_cache=cache, progress=tick)
    document = build_document(analysis)
    texts = {a.article.id: a.article.text for a in analysis.annotated}
    text = dumps(document)
    written = []
    if json_path is not None and str(json_path) == "-":
        sys.stdout.write(text)
        quiet = True
    else:
        out_dir.mkdir(parents=True, exist_ok=True)
        target = json_path or out_dir / "brief.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        (out_dir / "brief.html").write_text(render_html(document, texts), encoding="utf-8")
        (out_dir / "brief.md").write_text(render_markdown(document, texts), encoding="utf-8")
        written = [out_dir / "brief.html", out_dir / "brief.md", target]
    if not quiet:
        render_terminal(document, out)
        for path in written:
            out.print(f"wrote {path}", highlight=False)


def _read_jsonl_input(path: str) -> tuple[list[Article], list[ReadProblem]]:
    from newsdesk.read import read_jsonl_stream

    if path == "-":
        return read_jsonl_stream(sys.stdin, "<stdin>")
    try:
        with open(path, encoding="utf-8") as handle:
            return read_jsonl_stream(handle, path)
    except OSError as exc:
        return [], [ReadProblem(path, f"cannot open: {exc.strerror or exc}")]
    except UnicodeDecodeError:
        return [], [ReadProblem(path, "JSON Lines input must be UTF-8")]


@app.command()
def annotate(
    files: Annotated[
        list[str] | None, typer.Argument(help="Article files, folders or globs.")
    ] = None,
    jsonl: Annotated[
        str | None,
        typer.Option(help='JSON Lines input, one {"id","text","published"?} per line (- for stdin).'),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD for every input article (overrides metadata)."),
    ] = None,
    json_out: Annotated[
        str, typer.Option("--json", help="Output JSON Lines file (- for stdout).")
    ] = "-",
    workers: Annotated[int | None, typer.Option(help="Processes (default: CPU count, at most 4).")] = None,
    cache: Annotated[bool, typer.Option(help="Reuse cached per-article annotations.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Run the per-article stage alone: places, times, figures and event mentions as JSON Lines.

    Offsets are character offsets into each article's text as given.
    """
    from newsdesk.brief import annotation_record
    from newsdesk.pipeline import annotate_many
    from newsdesk.read import read_paths

    day = _parse_day(published, "--published")
    if not files and not jsonl:
        err.print("[red]error[/] give article files or --jsonl FILE (see newsdesk annotate --help)")
        raise typer.Exit(2)
    articles: list[Article] = []
    problems: list[ReadProblem] = []
    if files:
        found, bad = read_paths(files)
        articles += found
        problems += bad
    if jsonl:
        found, bad = _read_jsonl_input(jsonl)
        articles += found
        problems += bad
    _report_problems(problems)
    if day:
        articles = [
            dataclasses.replace(a, published=day, published_basis="metadata", published_evidence=None)
            for a in articles
        ]
    with _progress(len(articles), "Annotating", quiet or json_out == "-") as bar:

        def tick(n: int) -> None:
            if bar is not None:
                bar.advance(bar.task_ids[0], n)

        results = annotate_many(articles, workers=workers, use_cache=cache, progress=tick)
    lines = "".join(json.dumps(annotation_record(r), ensure_ascii=False) + "\n" for r in results)
    if json_out == "-":
        sys.stdout.write(lines)
    else:
        Path(json_out).write_text(lines, encoding="utf-8")
        if not quiet:
            err.print(f"annotated {len(results)} articles → {json_out}", highlight=False)
    if not articles:
        raise typer.Exit(1)
