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
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsdesk import __version__
from newsdesk.models import Article, ReadProblem

if TYPE_CHECKING:
    from newsdesk.store import Store

app = typer.Typer(
    name="newsdesk",
    help=(
        "Turn a pile of news articles into a traceable account of what happened: events, "
        "dates, places, figures, and who said each one, with a verbatim quote for every claim."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,  # article texts are large and may be private
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
        typer.Argument(
            help="Articles: files, folders or glob patterns (.txt .html .json .jsonl RSS/Atom)."
        ),
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for brief.html, brief.md and brief.json.")
    ] = Path("newsdesk-brief"),
    json_path: Annotated[
        Path | None,
        typer.Option("--json", help="Write the JSON document here instead (- for stdout)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Processes for the per-article stage (default: CPU count, at most 4)."),
    ] = None,
    cache: Annotated[
        bool, typer.Option(help="Reuse per-article annotations cached on disk.")
    ] = True,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
    max_bytes: Annotated[
        int, typer.Option(help="Skip (and report) files larger than this many bytes.")
    ] = 20_000_000,
) -> None:
    """Write a brief (HTML, Markdown, JSON) of the events in PATHS and print a summary.

    Example: [bold]newsdesk brief corpus/ --out out/[/]
    """
    from newsdesk.analysis import analyse
    from newsdesk.brief import build_document
    from newsdesk.contract import dumps
    from newsdesk.read import read_paths
    from newsdesk.render.html import render_html
    from newsdesk.render.markdown import render_markdown
    from newsdesk.render.terminal import render_terminal

    articles, problems = read_paths(paths, max_bytes=max_bytes)
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
        typer.Option(
            help='JSON Lines input, one {"id","text","published"?} per line (- for stdin).'
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date YYYY-MM-DD for every input article (overrides metadata)."
        ),
    ] = None,
    json_out: Annotated[
        str, typer.Option("--json", help="Output JSON Lines file (- for stdout).")
    ] = "-",
    workers: Annotated[
        int | None, typer.Option(help="Processes (default: CPU count, at most 4).")
    ] = None,
    cache: Annotated[bool, typer.Option(help="Reuse cached per-article annotations.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    max_bytes: Annotated[
        int, typer.Option(help="Skip (and report) files larger than this many bytes.")
    ] = 20_000_000,
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
        found, bad = read_paths(files, max_bytes=max_bytes)
        articles += found
        problems += bad
    if jsonl:
        found, bad = _read_jsonl_input(jsonl)
        articles += found
        problems += bad
    _report_problems(problems)
    if day:
        articles = [
            dataclasses.replace(
                a, published=day, published_basis="metadata", published_evidence=None
            )
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


# ------------------------------------------------------------- store commands
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a SQLite file or a postgresql://USER@HOST:PORT/DB URL "
        "(default: $NEWSDESK_DB, else newsdesk.db in this folder).",
    ),
]


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Articles: files, folders or glob patterns (.txt .html .json .jsonl)."),
    ],
    db: DbOption = None,
    workers: Annotated[
        int | None, typer.Option(help="Processes for annotating (default: CPUs, at most 4).")
    ] = None,
    cache: Annotated[bool, typer.Option(help="Reuse annotations cached on disk.")] = True,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Articles per committed transaction.")
    ] = 16,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
) -> None:
    """Add articles to the persistent store; new articles join the stored events and stories.

    Articles already stored are skipped (same text and metadata); an edited article at a
    known path is kept as a new version of it. Example: [bold]newsdesk ingest feeds/ --db desk.db[/]
    """
    from newsdesk.read import read_paths
    from newsdesk.store import StoreError, default_pipeline, open_store
    from newsdesk.store import ingest as run_ingest

    try:
        store = open_store(db)
    except StoreError as error:
        err.print(f"[red]error[/] {error}", highlight=False)
        raise typer.Exit(1) from None
    with store:
        articles, problems = read_paths(paths)
        _report_problems(problems)
        if not articles:
            err.print("[red]error[/] no readable articles in the given paths; nothing to do.")
            raise typer.Exit(1)
        pipeline = default_pipeline(workers, cache)
        try:
            with _progress(len(articles), "Ingesting articles", quiet) as bar:

                def tick(n: int) -> None:
                    if bar is not None:
                        bar.advance(bar.task_ids[0], n)

                report = run_ingest(store, articles, pipeline, chunk_size=batch_size, progress=tick)
        except StoreError as error:
            err.print(f"[red]error[/] {error}", highlight=False)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("interrupted: batches committed so far are kept; run the same command again.")
            raise typer.Exit(130) from None
    if not quiet:
        c = report.counts
        out.print(
            f"{report.read} read: {report.added} new ({report.replaced} replacing older versions), "
            f"{report.already_stored} already stored.\n"
            f"store {store.location.display}: {c.get('articles', 0)} articles "
            f"({c.get('versions', 0)} versions), {c.get('events', 0)} events, "
            f"{c.get('stories', 0)} stories, {c.get('figures', 0)} figures.",
            highlight=False,
        )


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    geojson = "geojson"


@app.command()
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="json (brief document), csv, geojson.")
    ] = ExportFormat.json,
    db: DbOption = None,
    out_path: Annotated[str, typer.Option("--out", "-o", help="Output file (- for stdout).")] = "-",
) -> None:
    """Export the stored analysis: JSON document, CSV (a row per event and figure), GeoJSON.

    Example: [bold]newsdesk export --format csv --out events.csv[/]
    """
    from newsdesk.export import render
    from newsdesk.store import StoreError, open_store

    try:
        with open_store(db) as store:
            document = _stored_document(store)
    except StoreError as error:
        err.print(f"[red]error[/] {error}", highlight=False)
        raise typer.Exit(1) from None
    text = render(document, fmt.value)
    if out_path == "-":
        sys.stdout.write(text)
        return
    try:
        Path(out_path).write_text(text, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or error
        err.print(f"[red]error[/] cannot write {out_path}: {reason}", highlight=False)
        raise typer.Exit(1) from None
    err.print(f"wrote {out_path}", highlight=False)


def _stored_document(store: Store) -> dict[str, Any]:
    """The stored analysis, rebuilt first if an interrupted ingest left it behind."""
    from newsdesk.store import StoreError, default_pipeline
    from newsdesk.store import ingest as run_ingest
    from newsdesk.store.repository import is_fresh, load_analysis, revision

    with store.read() as conn:
        stored, fresh, empty = load_analysis(conn), is_fresh(conn), revision(conn) == 0
    if empty:
        where = store.location.display
        raise StoreError(f"the store {where} is empty; add articles with newsdesk ingest")
    if stored is None or not fresh:
        err.print("the stored analysis is older than its articles (ingest cut short): rebuilding")
        run_ingest(store, [], default_pipeline())
        with store.read() as conn:
            stored = load_analysis(conn)
    if stored is None:
        raise StoreError("the store holds articles but no analysis could be built")
    return stored.document


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; anything but loopback needs a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            help="Access token (default: $NEWSDESK_TOKEN); required when --host is not loopback."
        ),
    ] = None,
) -> None:
    """Browse the store in a local web app: stories, timelines, maps, figures and their quotes.

    Example: [bold]newsdesk serve --db desk.db[/] then open http://127.0.0.1:8000/
    """
    from newsdesk.store import StoreError, open_store
    from newsdesk.web import ServeError, resolve_token
    from newsdesk.web import serve as run_server

    try:
        resolve_token(host, token)
        store = open_store(db)
    except (StoreError, ServeError) as error:
        err.print(f"[red]error[/] {error}", highlight=False)
        raise typer.Exit(1) from None
    with store:
        err.print(f"serving {store.location.display} on http://{host}:{port}/", highlight=False)
        try:
            run_server(store, host=host, port=port, token=token)
        except OSError as error:
            err.print(f"[red]error[/] cannot listen on {host}:{port}: {error.strerror or error}")
            raise typer.Exit(1) from None
