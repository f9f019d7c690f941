"""Score ``newsdesk.annotate.times.find_times`` on TempEval-3 (TimeML ``.tml`` files).

Usage: ``.venv/bin/python benchmarks/timex.py [--data PATH] [--errors N] [--part NAME]``

``PATH`` is the TempEval-3 folder (default ``../shared/benchmarks/tempeval3`` beside the
checkout). The platinum test set (``te3-platinum``) is the figure to report; the training part
(``TBAQ-cleaned``) is what the rules are tuned on. Each document's text is the content of
``<TEXT>`` with all tags stripped (offsets of the gold ``TIMEX3`` spans are tracked while
stripping); the document date comes from ``<DCT>`` and the DCT expression itself is not scored.

Figures printed per part: strict span P/R/F1 (identical offsets), relaxed span P/R/F1 (any
overlap, one-to-one), value accuracy over relaxed matches, and the official TempEval-3 value F1
(value accuracy x relaxed F1).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from newsdesk.annotate.times import find_times

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "tempeval3"
PARTS = {"platinum": "te3-platinum", "TBAQ-cleaned (training)": "TBAQ-cleaned"}

TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>|&[#A-Za-z0-9]+;", re.S)
ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class GoldTimex:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Doc:
    name: str
    dct: date | None
    text: str
    gold: list[GoldTimex] = field(default_factory=list)


def _strip(marked: str) -> tuple[str, list[GoldTimex]]:
    """Drop tags, decode entities and keep where each TIMEX3 starts and ends in the plain text.

    Why by hand: the scorer needs character offsets into exactly the text the tagger sees.
    """
    out: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    gold: list[GoldTimex] = []
    pos = 0
    for m in TAG.finditer(marked):
        chunk = marked[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        token = m.group(0)
        if token.startswith("&"):
            char = html.unescape(token)
            out.append(char)
            length += len(char)
            continue
        closing, name, attrs, selfclose = m.group(1), m.group(2), m.group(3), m.group(4)
        if name != "TIMEX3" or selfclose:
            continue
        if not closing:
            open_timex.append((length, dict(ATTR.findall(attrs))))
        elif open_timex:
            start, attr = open_timex.pop()
            gold.append(GoldTimex(start, length, attr.get("type", ""), attr.get("value", "")))
    out.append(marked[pos:])
    return "".join(out), gold


def load_doc(path: Path) -> Doc:
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r'<DCT>.*?value="(\d{4})-?(\d{2})-?(\d{2})', raw, re.S)
    dct = None
    if dct_match:
        dct = date(int(dct_match.group(1)), int(dct_match.group(2)), int(dct_match.group(3)))
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    text, gold = _strip(body.group(1) if body else "")
    return Doc(path.name, dct, text, gold)


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value_ok: int = 0
    type_ok: int = 0
    errors: list[str] = field(default_factory=list)


def _prf(hit_sys: int, hit_gold: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = hit_sys / n_sys if n_sys else 0.0
    r = hit_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_doc(doc: Doc, counts: Counts) -> None:
    system = find_times(doc.text, doc.dct)
    counts.gold += len(doc.gold)
    counts.system += len(system)
    gold_spans = {(g.start, g.end) for g in doc.gold}
    counts.strict += sum((s.start, s.end) in gold_spans for s in system)
    used: set[int] = set()
    for g in doc.gold:
        match = next(
            (
                (i, s)
                for i, s in enumerate(system)
                if i not in used and s.start < g.end and g.start < s.end
            ),
            None,
        )
        if match is None:
            counts.errors.append(f"{doc.name}\tMISS\t{doc.text[g.start : g.end]!r}\t{g.value}")
            continue
        i, s = match
        used.add(i)
        counts.relaxed += 1
        counts.type_ok += s.type == g.type
        if s.value == g.value:
            counts.value_ok += 1
        else:
            counts.errors.append(
                f"{doc.name}\tVALUE\t{s.text!r}\tgold {doc.text[g.start : g.end]!r}={g.value}"
                f"\tsys {s.value} (dct {doc.dct})"
            )
    for i, s in enumerate(system):
        if i not in used:
            counts.errors.append(f"{doc.name}\tEXTRA\t{s.text!r}\t{s.value}")


def report(label: str, counts: Counts) -> float:
    sp, sr, sf = _prf(counts.strict, counts.strict, counts.system, counts.gold)
    rp, rr, rf = _prf(counts.relaxed, counts.relaxed, counts.system, counts.gold)
    accuracy = counts.value_ok / counts.relaxed if counts.relaxed else 0.0
    type_acc = counts.type_ok / counts.relaxed if counts.relaxed else 0.0
    value_f1 = accuracy * rf
    print(f"{label}: {counts.gold} gold, {counts.system} system expressions")
    print(f"  strict span   P {sp:6.1%}  R {sr:6.1%}  F1 {sf:6.1%}")
    print(f"  relaxed span  P {rp:6.1%}  R {rr:6.1%}  F1 {rf:6.1%}")
    print(f"  type accuracy {type_acc:6.1%}   value accuracy {accuracy:6.1%}")
    print(f"  value F1 (TempEval-3: value accuracy x relaxed F1) {value_f1:6.1%}")
    return value_f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0, help="print N errors per part")
    parser.add_argument("--part", choices=sorted(PARTS.values()), default=None)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"TempEval-3 data not found at {args.data}; nothing to score (pass --data PATH).")
        return 0
    for label, folder in PARTS.items():
        if args.part and folder != args.part:
            continue
        files = sorted((args.data / folder).rglob("*.tml"))
        if not files:
            print(f"{label}: no .tml files under {args.data / folder}; skipped.")
            continue
        counts = Counts()
        for path in files:
            score_doc(load_doc(path), counts)
        report(f"{label} ({len(files)} documents)", counts)
        for line in counts.errors[: args.errors]:
            print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
