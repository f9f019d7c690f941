"""`newsdesk ingest` and `newsdesk export` end to end, with newsdesk's own pipeline.

The bundled fictional corpus is ingested in two steps into a SQLite store; the
stored analysis must then be exactly the brief of the whole folder, and the CSV and
GeoJSON exports must agree with it. Store mechanics on both back ends (crashes,
races, versions) are in tests/test_store.py.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "articles"
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder whose default store (newsdesk.db) holds the corpus, ingested in two runs."""
    if not CORPUS.is_dir():
        pytest.skip(f"the sample corpus is missing at {CORPUS}")
    folder = tmp_path_factory.mktemp("desk")
    patch = pytest.MonkeyPatch()
    patch.chdir(folder)
    patch.delenv("NEWSDESK_DB", raising=False)
    first = sorted(str(p) for p in CORPUS.iterdir())[:4]
    code, output = run("ingest", *first, "--workers", "1", "--no-cache", "-q")
    assert code == 0, output
    code, output = run("ingest", str(CORPUS), "--workers", "1", "--no-cache")
    assert code == 0, output
    (folder / "second-run.txt").write_text(output, encoding="utf-8")
    yield folder
    patch.undo()


def test_second_ingest_skips_what_is_stored(desk: Path) -> None:
    output = (desk / "second-run.txt").read_text(encoding="utf-8")
    assert (desk / "newsdesk.db").is_file()
    assert "4 already stored" in " ".join(output.split())
    code, again = run("ingest", str(CORPUS), "--workers", "1", "--no-cache")
    assert code == 0 and "0 new" in again


def test_stored_analysis_is_the_brief_of_everything(desk: Path) -> None:
    code, output = run("export", "--format", "json", "--out", str(desk / "export.json"))
    assert code == 0, output
    code, output = run(
        "brief",
        str(CORPUS),
        "--json",
        str(desk / "brief.json"),
        "--no-cache",
        "-q",
        "--workers",
        "1",
    )
    assert code == 0, output
    exported = (desk / "export.json").read_text(encoding="utf-8")
    assert exported == (desk / "brief.json").read_text(encoding="utf-8")
    document = json.loads(exported)
    assert len(document["articles"]) == len({a["id"] for a in document["articles"]}) >= 9


def test_csv_and_geojson_agree_with_the_document(desk: Path) -> None:
    document = json.loads(run("export")[1])
    code, text = run("export", "-f", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(text)))
    assert {r["event_id"] for r in table} == {e["id"] for e in document["events"]}
    assert len(table) == sum(max(1, len(e["figures"])) for e in document["events"])
    for row in table:
        if row["latitude"]:
            assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
    code, text = run("export", "-f", "geojson", "--db", str(desk / "newsdesk.db"))
    assert code == 0
    features = json.loads(text)["features"]
    located = sum(1 for e in document["events"] for p in e["places"] if p["lat"] is not None)
    assert len(features) == located
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        event = next(e for e in document["events"] if e["id"] == feature["properties"]["event_id"])
        assert any(
            p["lat"] == pytest.approx(lat) and p["lon"] == pytest.approx(lon)
            for p in event["places"]
        )


def test_export_rebuilds_an_analysis_an_interrupted_ingest_left_out(
    desk: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(desk / "newsdesk.db") as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as conn:
        for table in (
            "event_articles",
            "event_figures",
            "event_places",
            "events",
            "stories",
            "analysis",
        ):
            conn.execute(f"DELETE FROM {table}")
    code, output = run("export", "--db", str(copy))
    assert code == 0 and "rebuilding" in output
    assert json.loads(output[output.index("{") :]) == json.loads(run("export")[1])


@pytest.mark.parametrize(
    ("db", "words"),
    [
        ("mysql://me@localhost/desk", "unsupported database URL"),
        ("postgresql://me@127.0.0.1:1/desk", "cannot reach the PostgreSQL store"),
        ("NOTES", "is not a SQLite database"),
    ],
)
def test_store_errors_are_sentences_not_tracebacks(tmp_path: Path, db: str, words: str) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n" * 10, encoding="utf-8")
    db = str(notes) if db == "NOTES" else db
    for command in (["ingest", str(CORPUS / "01_meridian-wire_2025-03-03.txt")], ["export"]):
        result = runner.invoke(app, [*command, "--db", db])
        assert result.exit_code == 1
        assert words in " ".join(result.output.split())
        assert "Traceback" not in result.output and not isinstance(result.exception, ValueError)


def test_export_of_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    code, output = run("export", "--db", str(tmp_path / "new.db"))
    assert code == 1 and "newsdesk ingest" in output
