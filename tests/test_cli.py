"""The `newsdesk` command end to end: brief and annotate, good and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.contract import SCHEMA

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "articles"

runner = CliRunner()


def test_help_explains_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "brief" in result.output and "annotate" in result.output
    result = runner.invoke(app, ["brief", "--help"])
    assert result.exit_code == 0 and "--out" in result.output


def test_brief_on_corpus_writes_three_files_and_is_deterministic(tmp_path: Path) -> None:
    out1, out2 = tmp_path / "one", tmp_path / "two"
    first = runner.invoke(
        app, ["brief", str(CORPUS), "--out", str(out1), "--workers", "1", "--no-cache"]
    )
    assert first.exit_code == 0, first.output
    assert "events" in first.output
    for name in ("brief.html", "brief.md", "brief.json"):
        assert (out1 / name).stat().st_size > 0
    document = json.loads((out1 / "brief.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA)
    assert len(document["articles"]) == 11
    # Second run reads the per-article cache and must give byte-identical JSON.
    second = runner.invoke(app, ["brief", str(CORPUS), "--out", str(out2), "--workers", "1", "-q"])
    assert second.exit_code == 0, second.output
    assert (out1 / "brief.json").read_bytes() == (out2 / "brief.json").read_bytes()
    html = (out1 / "brief.html").read_text(encoding="utf-8")
    assert "<script src=" not in html and 'rel="stylesheet" href="http' not in html


def test_brief_goes_on_past_bad_files_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "broken.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    (tmp_path / "ok.txt").write_text(
        "date 2024-05-02\nA magnitude 5.8 earthquake struck near Izmir, Turkey, on Thursday, "
        "killing at least three people and injuring 40, the governor said.\n",
        encoding="utf-8",
    )
    missing = tmp_path / "nope.txt"
    result = runner.invoke(
        app,
        [
            "brief",
            str(tmp_path / "*.txt"),
            str(tmp_path / "broken.json"),
            str(missing),
            "--out",
            str(tmp_path / "out"),
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    for name in ("empty.txt", "binary.txt", "broken.json", "nope.txt"):
        assert name in result.output
    document = json.loads((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))
    assert len(document["articles"]) == 1
    assert len(document["problems"]) == 4
    kinds = {f["kind"] for e in document["events"] for f in e["figures"]}
    assert {"killed", "injured"} <= kinds


def test_brief_with_nothing_readable_fails_clearly(tmp_path: Path) -> None:
    result = runner.invoke(app, ["brief", str(tmp_path / "missing-folder")])
    assert result.exit_code == 1
    assert "no readable articles" in result.output
    assert "Traceback" not in result.output


def test_annotate_jsonl_keeps_ids_and_offsets(tmp_path: Path) -> None:
    texts = {
        "q1": "An earthquake killed 12 people in Arequipa, Peru, on Monday, officials said.",
        "s1": "Storm Hesper left nearly 48,000 homes in Aberdeen without power on Tuesday.",
    }
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()), encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app,
        [
            "annotate",
            "--jsonl",
            str(src),
            "--published",
            "2025-03-04",
            "--json",
            str(out),
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["q1", "s1"]
    for record in records:
        text = texts[record["id"]]
        assert record["published"]["date"] == "2025-03-04"
        for layer in ("places", "times", "figures"):
            for item in record[layer]:
                assert text[item["start"] : item["end"]]
        for place in record["places"]:
            assert text[place["start"] : place["end"]] == place["text"]
        for time in record["times"]:
            assert text[time["start"] : time["end"]] == time["text"]
    q1 = records[0]
    assert any(p["name"] == "Arequipa" and p["lat"] for p in q1["places"])
    assert any(t["value"] == "2025-03-03" for t in q1["times"])
    assert any(f["kind"] == "killed" and f["value"] == 12 for f in q1["figures"])
    assert any(f["kind"] == "without_power" and f["value"] == 48000 for f in records[1]["figures"])


def test_annotate_rejects_bad_date(tmp_path: Path) -> None:
    result = runner.invoke(app, ["annotate", "--jsonl", "-", "--published", "15/11/2022"], input="")
    assert result.exit_code == 2
    assert "--published" in result.output
