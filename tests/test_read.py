"""Reading: every format, and every kind of bad input giving a clear problem."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import pytest

from newsdesk.models import Article, ReadProblem
from newsdesk.read import (
    article_id,
    decode_bytes,
    normalise_date,
    read_file,
    read_jsonl_stream,
    read_paths,
)

QUAKE = (
    "A magnitude 6.1 earthquake shook the hill town of Sarvan on Sunday, killing at least "
    "12 people and injuring 40, the regional governor said.\n\nRescue teams worked through "
    "the night to reach villages cut off by landslides."
)

HTML_PAGE = f"""<!DOCTYPE html>
<html><head><title>Quake kills 12 in Sarvan | Valley Herald</title>
<meta property="og:site_name" content="Valley Herald">
<meta property="og:title" content="Quake kills 12 in Sarvan">
<meta property="article:published_time" content="2023-04-09T07:30:00+03:00">
<link rel="canonical" href="https://valleyherald.example/quake-sarvan">
<style>p {{ color: red; }}</style><script>var tracking = 1;</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Quake kills 12 in Sarvan</h1>
<p>{QUAKE.split(chr(10))[0]}</p>
<p>Rescue teams worked through the night to reach villages cut off by landslides, and
the army sent two helicopters with food and tents for families whose homes collapsed.</p>
</article><footer>Copyright Valley Herald</footer></body></html>"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Coastal Wire</title><link>https://coastal.example</link>
<item><title>Storm floods harbour</title><link>https://coastal.example/storm</link>
<pubDate>Tue, 15 Nov 2022 23:30:00 -0500</pubDate>
<description>&lt;p&gt;Storm Edda flooded the harbour, leaving 3,000 homes without
power.&lt;/p&gt;&lt;p&gt;Two fishermen are missing.&lt;/p&gt;</description></item>
<item><title>Ferry service resumes</title><link>https://coastal.example/ferry</link>
<pubDate>Wed, 16 Nov 2022 08:00:00 +0000</pubDate>
<description>Ferries to the islands ran again on Wednesday.</description></item>
<item><title>Title only, no body</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Mountain Post</title>
<id>urn:mountain-post</id><updated>2023-03-02T10:00:00Z</updated>
<entry><title>Avalanche closes pass</title><id>urn:1</id>
<link href="https://mountain.example/avalanche"/>
<published>2023-03-01T23:10:00-07:00</published><updated>2023-03-02T10:00:00Z</updated>
<summary>short teaser</summary>
<content type="html">&lt;p&gt;An avalanche buried a stretch of the pass road on
Wednesday.&lt;/p&gt;&lt;p&gt;Four people were rescued.&lt;/p&gt;</content></entry>
</feed>"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only_article(result: tuple[list[Article], list[ReadProblem]]) -> Article:
    articles, problems = result
    assert problems == []
    assert len(articles) == 1
    return articles[0]


def problem_for(problems: list[ReadProblem], path: Path | str) -> ReadProblem:
    found = [problem for problem in problems if problem.path == str(path)]
    assert found, f"no problem reported for {path}: {problems}"
    return found[0]


# ----------------------------------------------------------------- plain text
def test_text_header_date_is_metadata_and_stays_in_text(tmp_path: Path) -> None:
    body = "  date 2023-04-09 " + QUAKE
    article = only_article(read_file(write(tmp_path, "quake.txt", body)))
    assert article.text == body  # header kept: offsets are those of the file
    assert article.published == "2023-04-09"
    assert article.published_basis == "header"
    assert article.published_evidence == "date 2023-04-09"
    start = article.text.index(article.published_evidence)
    assert article.text[start : start + len(article.published_evidence)] == "date 2023-04-09"
    assert article.format == "txt"
    assert article.id == article_id(body)
    assert article.title is None  # the header runs straight into prose: no title


def test_text_header_on_its_own_line_then_headline(tmp_path: Path) -> None:
    body = "date 2021-07-30\nFloods Sweep Through River Valley\n\n" + QUAKE
    article = only_article(read_file(write(tmp_path, "floods.md", body)))
    assert article.published == "2021-07-30"
    assert article.title == "Floods Sweep Through River Valley"


def test_impossible_header_date_is_not_a_date(tmp_path: Path) -> None:
    article = only_article(read_file(write(tmp_path, "odd.txt", "date 2022-13-45 " + QUAKE)))
    assert article.published is None
    assert article.published_basis == "unknown"


def test_title_only_when_it_looks_like_a_headline(tmp_path: Path) -> None:
    headline = "Quake Kills 12 in Hill Town\n\n" + QUAKE
    assert only_article(read_file(write(tmp_path, "a.txt", headline))).title == (
        "Quake Kills 12 in Hill Town"
    )
    short_para = "The quake struck at dawn.\n\n" + QUAKE
    assert only_article(read_file(write(tmp_path, "b.txt", short_para))).title is None
    no_gap = "Quake Kills 12 in Hill Town\n" + QUAKE
    assert only_article(read_file(write(tmp_path, "c.txt", no_gap))).title is None
    credit_below = "Quake Kills 12 in Hill Town\n(Photo : Ana Ruiz/Reuters)\n" + QUAKE
    assert only_article(read_file(write(tmp_path, "d.txt", credit_below))).title == (
        "Quake Kills 12 in Hill Town"
    )
    byline = "By Ana Ruiz and Tom Lee\n\n" + QUAKE
    assert only_article(read_file(write(tmp_path, "e.txt", byline))).title is None


def test_crlf_becomes_lf_and_nothing_else_changes(tmp_path: Path) -> None:
    raw = "First line.\r\n\r\n  Indented  second\tline.\r\nLast\u00a0line."
    article = only_article(read_file(write(tmp_path, "crlf.txt", raw.encode("utf-8"))))
    assert article.text == raw.replace("\r\n", "\n")


def test_same_text_same_id_different_text_different_id(tmp_path: Path) -> None:
    one = only_article(read_file(write(tmp_path, "one.txt", QUAKE)))
    two = only_article(read_file(write(tmp_path, "sub/two.text", QUAKE)))
    other = only_article(read_file(write(tmp_path, "three.txt", QUAKE + " More.")))
    assert one.id == two.id == article_id(QUAKE)
    assert len(one.id) == 16 and int(one.id, 16) >= 0
    assert other.id != one.id


# ------------------------------------------------------------------------ HTML
def test_html_extracts_text_and_metadata(tmp_path: Path) -> None:
    article = only_article(read_file(write(tmp_path, "page.html", HTML_PAGE)))
    assert article.format == "html"
    assert "killing at least 12 people" in article.text
    assert "tracking" not in article.text and "color: red" not in article.text
    assert "Copyright" not in article.text  # page furniture left out by the extractor
    assert article.title == "Quake kills 12 in Sarvan"
    assert article.outlet == "Valley Herald"
    assert article.url == "https://valleyherald.example/quake-sarvan"
    assert article.published == "2023-04-09"
    assert article.published_basis == "metadata"
    assert article.id == article_id(article.text)


def test_html_that_trafilatura_rejects_falls_back_to_visible_text(tmp_path: Path) -> None:
    page = "<html><head><title>Note</title></head><body><div>Two hurt.</div></body></html>"
    articles, problems = read_file(write(tmp_path, "tiny.htm", page))
    assert problems == []
    assert "Two hurt." in articles[0].text


def test_html_without_text_is_a_problem(tmp_path: Path) -> None:
    page = "<html><head><script>var a = 1;</script></head><body>  <img src='x.png'></body></html>"
    path = write(tmp_path, "empty.html", page)
    articles, problems = read_file(path)
    assert articles == []
    assert "no extractable text" in problem_for(problems, path).reason


def test_malformed_html_is_read_leniently_or_reported(tmp_path: Path) -> None:
    broken = write(
        tmp_path,
        "broken.html",
        "<html><body><p>Two killed in blast <div><b>near "
        "the port</p></span></td>\n<p>Police sealed it off",
    )
    hollow = write(tmp_path, "hollow.html", "<html><body><div><span></b></i></table></div>")
    articles, problems = read_paths([broken, hollow])
    assert [a.path for a in articles] == [str(broken)]
    assert "Two killed in blast" in articles[0].text and "<" not in articles[0].text
    assert "no extractable text" in problem_for(problems, hollow).reason


# ------------------------------------------------------------------------ JSON
def test_json_object_with_alternative_field_names(tmp_path: Path) -> None:
    record = {
        "headline": "Quake",
        "body": QUAKE,
        "link": "https://x.example/q",
        "published_at": "2023-04-09T21:15:00-04:00",
        "source": {"name": "Wire One"},
    }
    article = only_article(read_file(write(tmp_path, "one.json", json.dumps(record))))
    assert article.text == QUAKE
    assert (article.title, article.url, article.outlet) == (
        "Quake",
        "https://x.example/q",
        "Wire One",
    )
    assert article.published == "2023-04-09"  # the date as stated, not shifted to UTC
    assert article.published_basis == "metadata"
    assert article.path == str(tmp_path / "one.json")


def test_json_list_reads_good_items_and_reports_bad_ones(tmp_path: Path) -> None:
    items = [
        {"title": "A", "text": "Fire destroyed a warehouse on Monday.", "date": "March 3, 2023"},
        {"title": "B has no text"},
        "not an object",
        {"content": "Two ferries collided in fog.", "outlet": "Harbour News"},
    ]
    path = write(tmp_path, "many.json", json.dumps(items))
    articles, problems = read_file(path)
    assert [a.path for a in articles] == [f"{path}#item-1", f"{path}#item-4"]
    assert articles[0].published == "2023-03-03"
    assert articles[1].outlet == "Harbour News"
    assert "no article text" in problem_for(problems, f"{path}#item-2").reason
    assert "not an object" in problem_for(problems, f"{path}#item-3").reason


def test_malformed_json_says_where(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.json", '{"title": "x",\n "text": "unterminated}\n')
    good = write(tmp_path, "good.txt", QUAKE)
    articles, problems = read_paths([path, good])
    assert [a.path for a in articles] == [str(good)]
    reason = problem_for(problems, path).reason
    assert "malformed JSON" in reason and "line 2" in reason and "column" in reason


def test_json_without_text_field(tmp_path: Path) -> None:
    path = write(tmp_path, "meta.json", json.dumps({"title": "Only a title", "url": "u"}))
    articles, problems = read_file(path)
    assert articles == []
    assert "'text'" in problem_for(problems, path).reason


# ----------------------------------------------------------------------- JSONL
def test_jsonl_file_with_one_bad_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "q1", "text": "A quake hit at dawn.", "published": "2023-04-09"}),
        "{not json at all",
        "",
        json.dumps({"id": 7, "text": "Floods rose overnight.", "outlet": "Delta Daily"}),
        json.dumps({"id": "q3", "title": "no text here"}),
        json.dumps(["a", "list"]),
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    articles, problems = read_file(path)
    assert [(a.id, a.path) for a in articles] == [("q1", f"{path}#1"), ("7", f"{path}#4")]
    assert articles[0].published == "2023-04-09" and articles[0].format == "jsonl"
    assert "not valid JSON" in problem_for(problems, f"{path}:2").reason
    assert "text" in problem_for(problems, f"{path}:5").reason
    assert "list" in problem_for(problems, f"{path}:6").reason
    assert len(problems) == 3


def test_jsonl_stream_keeps_user_ids_and_text_verbatim() -> None:
    text = "Line one.\r\nLine two with a CRLF kept as given."
    lines = [
        json.dumps({"id": "doc-1", "text": text}) + "\n",
        json.dumps({"text": "No id given."}) + "\n",
    ]
    articles, problems = read_jsonl_stream(lines, "<stdin>")
    assert problems == []
    assert articles[0].id == "doc-1" and articles[0].path == "<stdin>#1"
    assert articles[0].text == text  # offsets must match the caller's own text
    assert articles[1].id == article_id("No id given.")


def test_blank_jsonl_stream_is_reported() -> None:
    articles, problems = read_jsonl_stream(["\n", "   \n"], "batch")
    assert articles == [] and problems and "blank" in problems[0].reason


def test_json_extension_holding_json_lines(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "One."}), json.dumps({"text": "Two."})]
    articles, problems = read_file(write(tmp_path, "lines.json", "\n".join(lines)))
    assert problems == [] and [a.text for a in articles] == ["One.", "Two."]


# -------------------------------------------------------------------- RSS/Atom
def test_rss_entries_become_articles(tmp_path: Path) -> None:
    path = write(tmp_path, "wire.rss", RSS)
    articles, problems = read_file(path)
    assert [a.path for a in articles] == [f"{path}#entry-1", f"{path}#entry-2"]
    first = articles[0]
    assert first.format == "rss" and first.outlet == "Coastal Wire"
    assert first.title == "Storm floods harbour" and first.url == "https://coastal.example/storm"
    assert first.published == "2022-11-15"  # as stated by the outlet, not the UTC day
    assert "<p>" not in first.text and "3,000 homes without" in first.text
    assert "Two fishermen are missing." in first.text
    assert "power." in first.text.split("\n")[0] or "\n" in first.text
    assert "no summary or content" in problem_for(problems, f"{path}#entry-3").reason


def test_atom_prefers_full_content_over_summary(tmp_path: Path) -> None:
    article = only_article(read_file(write(tmp_path, "mountain.atom", ATOM)))
    assert article.outlet == "Mountain Post"
    assert article.url == "https://mountain.example/avalanche"
    assert article.published == "2023-03-01"
    assert "Four people were rescued." in article.text and "teaser" not in article.text


def test_feed_sniffed_without_extension_and_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    feed = write(tmp_path, "feed_download", ATOM)
    other = write(tmp_path, "config.xml", "<?xml version='1.0'?><settings><a>1</a></settings>")
    articles, problems = read_paths([feed, other])
    assert [a.path for a in articles] == [f"{feed}#entry-1"]
    assert "not an RSS or Atom feed" in problem_for(problems, other).reason


# ---------------------------------------------------------------- decoding
def test_latin1_file_decodes_accents(tmp_path: Path) -> None:
    text = "Le café près de l'église a été détruit; trois blessés à Orléans."
    article = only_article(read_file(write(tmp_path, "fr.txt", text.encode("latin-1"))))
    assert article.text == text


def test_short_latin1_word_is_not_mistaken_for_utf16(tmp_path: Path) -> None:
    article = only_article(read_file(write(tmp_path, "cafe.txt", "Café".encode("latin-1"))))
    assert article.text == "Café"


def test_cp1252_quotes_and_dashes(tmp_path: Path) -> None:
    text = "“Nobody was hurt” – the mayor said – in Zürich’s old town."
    assert only_article(read_file(write(tmp_path, "w.txt", text.encode("cp1252")))).text == text


def test_utf8_with_a_stray_latin1_byte_keeps_utf8_reading() -> None:
    data = "Zürich, Genève and Kraków reported damage; ".encode() + b"caf\xe9 closed."
    text = decode_bytes(data)
    assert text.startswith("Zürich, Genève and Kraków") and text.endswith("caf\ufffd closed.")


def test_utf16_with_bom_both_byte_orders(tmp_path: Path) -> None:
    text = "Überschwemmung in Köln: 40 Menschen evakuiert."
    le = write(tmp_path, "le.txt", text.encode("utf-16"))  # BOM + native (little) order
    be = write(tmp_path, "be.txt", b"\xfe\xff" + text.encode("utf-16-be"))
    articles, problems = read_paths([le, be])
    assert problems == [] and [a.text for a in articles] == [text, text]


def test_utf8_bom_and_bomless_utf16() -> None:
    assert decode_bytes(b"\xef\xbb\xbfdate 2020-01-02 Hi") == "date 2020-01-02 Hi"
    assert decode_bytes("Plain UTF-16 text here.".encode("utf-16-le")) == "Plain UTF-16 text here."


def test_cyrillic_legacy_encoding_is_detected() -> None:
    text = (
        "Ракетный удар по Харькову: в городе повреждены жилые дома и энергетические объекты, "
        "сообщил губернатор области. Спасатели работают на месте."
    ) * 2
    assert decode_bytes(text.encode("cp1251")) == text


# ------------------------------------------------------------- bad inputs
def test_bad_inputs_are_reported_and_good_files_still_read(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", QUAKE)
    empty = write(tmp_path, "empty.txt", b"")
    blank = write(tmp_path, "blank.txt", "  \n\n ")
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256))
    binary = write(tmp_path, "photo.jpg", jpeg)
    binary_txt = write(tmp_path, "disguised.txt", b"abc\x00\x01\x02\x03def" * 20)
    pdf = write(tmp_path, "report.pdf", b"%PDF-1.4 ...")
    missing = tmp_path / "nope.txt"
    pattern = str(tmp_path / "*.nothing")
    articles, problems = read_paths([empty, blank, binary, binary_txt, missing, pattern, pdf, good])
    assert [a.path for a in articles] == [str(good)]
    assert "empty" in problem_for(problems, empty).reason
    assert "whitespace" in problem_for(problems, blank).reason
    assert "binary" in problem_for(problems, binary).reason
    assert "binary" in problem_for(problems, binary_txt).reason
    assert "no such file" in problem_for(problems, missing).reason
    assert "no files match" in problem_for(problems, pattern).reason
    assert "PDF" in problem_for(problems, pdf).reason
    assert len(problems) == 7
    for problem in problems:
        assert "Traceback" not in problem.reason and len(problem.reason) > 10


def test_huge_file_refused_quickly_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    chunk = ("Sirens sounded across the city as the storm made landfall. " * 100 + "\n").encode()
    with big.open("wb") as handle:
        while handle.tell() < 50_000_000:
            handle.write(chunk)
    good = write(tmp_path, "good.txt", QUAKE)
    tracemalloc.start()
    began = time.perf_counter()
    articles, problems = read_paths([big, good])
    elapsed = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2.0
    assert peak < 5_000_000  # the 50 MB were never loaded
    assert [a.path for a in articles] == [str(good)]
    reason = problem_for(problems, big).reason
    assert "too large" in reason and "50.0 MB" in reason and "20.0 MB" in reason
    assert "max-bytes" in reason
    articles, problems = read_paths([big], max_bytes=60_000_000)
    assert problems == [] and len(articles[0].text) >= 50_000_000


def test_permission_denied_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(tmp_path, "locked.txt", QUAKE)
    good = write(tmp_path, "good.txt", QUAKE + " Later update.")
    real_open = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", guarded_open)
    articles, problems = read_paths([locked, good])
    assert [a.path for a in articles] == [str(good)]
    assert "permission denied" in problem_for(problems, locked).reason


# --------------------------------------------------------- folders and globs
def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "pile"
    write(root, "b.txt", "Second story about floods.")
    write(root, "a.txt", "First story about fires.")
    write(root, "sub/c.json", json.dumps({"text": "Third story, nested."}))
    write(root, ".hidden.txt", "Never read.")
    write(root, ".cache/d.txt", "Never read either.")
    write(root, "notes", "An extension-less file that is plain text.")
    first, problems = read_paths([root])
    assert problems == []
    names = [Path(a.path).relative_to(root).as_posix() for a in first]
    assert names == ["a.txt", "b.txt", "notes", "sub/c.json"]
    again, _ = read_paths([str(root)])
    assert [a.id for a in again] == [a.id for a in first]


def test_folder_and_file_inside_it_read_once(tmp_path: Path) -> None:
    path = write(tmp_path / "pile", "a.txt", QUAKE)
    articles, problems = read_paths([path, tmp_path / "pile"])
    assert problems == [] and len(articles) == 1


def test_folder_with_nothing_readable(tmp_path: Path) -> None:
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    junk_dir = tmp_path / "junk"
    write(junk_dir, "x.bin", b"\x00\x01\x02" * 10)
    write(junk_dir, ".DS_Store", b"\x00\x00")
    articles, problems = read_paths([empty_dir, junk_dir])
    assert articles == []
    assert "no files" in problem_for(problems, empty_dir).reason
    assert "binary" in problem_for(problems, junk_dir / "x.bin").reason
    assert "no readable articles" in problem_for(problems, junk_dir).reason


def test_glob_patterns(tmp_path: Path) -> None:
    write(tmp_path, "x/one.txt", "One.")
    write(tmp_path, "x/two.txt", "Two.")
    write(tmp_path, "x/deep/three.txt", "Three.")
    write(tmp_path, "x/skip.json", json.dumps({"text": "Four."}))
    flat, problems = read_paths([str(tmp_path / "x" / "*.txt")])
    assert problems == [] and [a.text for a in flat] == ["One.", "Two."]
    deep, _ = read_paths([str(tmp_path / "x" / "**" / "*.txt")])
    assert sorted(a.text for a in deep) == ["One.", "Three.", "Two."]


def test_single_string_argument_is_one_path(tmp_path: Path) -> None:
    path = write(tmp_path, "one.txt", QUAKE)
    articles, problems = read_paths(str(path))
    assert problems == [] and len(articles) == 1


# ------------------------------------------------------------------- dates
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-11-15", "2022-11-15"),
        ("2022-11-15T23:30:00-05:00", "2022-11-15"),
        ("Tue, 15 Nov 2022 23:30:00 -0500", "2022-11-15"),
        ("November 15, 2022", "2022-11-15"),
        ("15 March 2023", "2023-03-15"),
        ("15 mars 2023", "2023-03-15"),
        (1668470400, "2022-11-15"),
        (1668470400000, "2022-11-15"),
        ("yesterday", None),
        ("November 2022", None),
        ("not a date", None),
        ("2022-02-30", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected
