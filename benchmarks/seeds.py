"""Score the whole pipeline (``newsdesk.analysis.analyse``) on the five seed articles.

Usage: ``.venv/bin/python benchmarks/seeds.py [--data PATH] [--workers N]``

``PATH`` is the seeds folder (default ``../shared/seeds`` beside the checkout), read at run
time and never copied. When it is absent the script says so and exits 0.

What is measured, against ``expected.json``:

* **found** — share of expected figures for which some report of ours (an
  ``events[].figures[].reports[]`` entry) has the same article, kind, value and qualifier,
  a quote overlapping the expected quote, *and* sits on the event the expected figure names.
  Expected event ids are mapped to our events through the articles, not through our labels:
  E1 = main event of 000, E3 = main event of 003, E5 = main event of 004, E4 = the event
  holding 002's report that overlaps the "84 ... rockets" quote (must differ from E1), E2 =
  the event holding 003's report that overlaps the Poland quote (must differ from E1 and E3).
* **precision** — over the figure kinds ``expected.json`` covers, in the five articles: our
  reports (plus figures tied to no event, which no event shows) that match an expected figure.
* **must_not** — every entry checked (an entry no checker understands fails the run).
* **publication dates** — every article's date within its tolerance; null is not wrong but
  is reported.

Why through ``analyse`` and not the per-article stage: the analyst sees events, so a figure
on the wrong event is as wrong as a missed one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
TARGET_FOUND = 0.95
TARGET_PRECISION = 0.90


@dataclass
class OurReport:
    """One figure report of ours, flattened with the event it sits on (None: no event)."""

    article: str  # seed key "000" .. "004"
    event: str | None
    kind: str
    value: float
    qualifier: str
    start: int
    end: int
    quote: str


@dataclass
class Outcome:
    """Everything the table prints; ``ok`` says whether the targets are met."""

    found: list[tuple[dict[str, Any], OurReport | None, str]] = field(default_factory=list)
    extras: list[OurReport] = field(default_factory=list)
    precision_hits: int = 0
    precision_total: int = 0
    must_not: list[tuple[str, bool, str]] = field(default_factory=list)
    dates: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)
    event_map: dict[str, str | None] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


# --------------------------------------------------------------------- running
def _analyse(folder: Path, workers: int) -> tuple[Any, dict[str, str], dict[str, str]]:
    """Analyse the five seed texts; returns the analysis, seed key -> id and id -> text."""
    os.environ.setdefault("NEWSDESK_CACHE", str(Path(tempfile.gettempdir()) / "newsdesk-bench"))
    from newsdesk.analysis import analyse
    from newsdesk.read import read_paths

    articles, problems = read_paths(sorted(folder.glob("*.txt")))
    if problems:
        raise SystemExit(f"could not read seeds: {problems}")
    keys = {Path(a.path).name[:3]: a.id for a in articles}
    texts = {a.id: a.text for a in articles}
    return analyse(articles, workers=workers), keys, texts


def _reports(analysis: Any, key_of: dict[str, str]) -> list[OurReport]:
    """Our reports on events, plus figures on no event (they count against precision)."""
    out = []
    for event in analysis.events:
        for fig in event.figures:
            for r in fig.reports:
                out.append(
                    OurReport(
                        key_of[r.article],
                        event.id,
                        fig.kind,
                        r.value,
                        r.qualifier,
                        r.start,
                        r.end,
                        r.quote or r.sentence,
                    )
                )
    for item in analysis.annotated:
        for f in item.figures:
            if f.event is None:
                out.append(
                    OurReport(
                        key_of[item.article.id],
                        None,
                        f.kind,
                        f.value,
                        f.qualifier,
                        f.start,
                        f.end,
                        f.quote,
                    )
                )
    return out


# ---------------------------------------------------------------- event mapping
def _span(text: str, quote: str) -> tuple[int, int] | None:
    at = text.find(quote)
    return (at, at + len(quote)) if at >= 0 else None


def _overlaps(r: OurReport, span: tuple[int, int] | None) -> bool:
    return span is not None and r.start < span[1] and span[0] < r.end


def _map_events(
    expected: dict[str, Any],
    analysis: Any,
    keys: dict[str, str],
    texts: dict[str, str],
    reports: list[OurReport],
    out: Outcome,
) -> dict[str, str | None]:
    """Expected event ids -> our event ids, from main events and anchoring reports."""
    main = {k: analysis.main_event.get(aid) for k, aid in keys.items()}
    mapping: dict[str, str | None] = {
        "E1": main.get("000"),
        "E3": main.get("003"),
        "E5": main.get("004"),
    }

    def anchored(article: str, needle: str) -> str | None:
        figure = next(
            (f for f in expected["figures"] if f["article"] == article and needle in f["quote"]),
            None,
        )
        if figure is None:
            return None
        span = _span(texts[keys[article]], figure["quote"])
        hit = next(
            (r for r in reports if r.article == article and r.event and _overlaps(r, span)), None
        )
        return hit.event if hit else None

    mapping["E4"] = anchored("002", "84")
    mapping["E2"] = anchored("003", "Poland")
    for eid, distinct in (("E4", ("E1",)), ("E2", ("E1", "E3"))):
        if mapping[eid] is not None and any(mapping[eid] == mapping[d] for d in distinct):
            out.problems.append(f"{eid} is the same event as {'/'.join(distinct)}")
            mapping[eid] = None
    return mapping


# --------------------------------------------------------------------- scoring
def _score_figures(
    expected: dict[str, Any],
    keys: dict[str, str],
    texts: dict[str, str],
    reports: list[OurReport],
    mapping: dict[str, str | None],
    out: Outcome,
) -> None:
    def matches(exp: dict[str, Any], r: OurReport) -> bool:
        span = _span(texts[keys[exp["article"]]], exp["quote"])
        return (
            r.article == exp["article"]
            and r.kind == exp["kind"]
            and r.value == exp["value"]
            and r.qualifier == exp["qualifier"]
            and _overlaps(r, span)
        )

    for exp in expected["figures"]:
        candidates = [r for r in reports if matches(exp, r)]
        right = next(
            (r for r in candidates if r.event is not None and r.event == mapping.get(exp["event"])),
            None,
        )
        note = "ok" if right else ("wrong event" if candidates else "missed")
        out.found.append((exp, right or (candidates[0] if candidates else None), note))
    kinds = {f["kind"] for f in expected["figures"]}
    scored = [r for r in reports if r.kind in kinds]
    hits = [
        r
        for r in scored
        if any(matches(e, r) and r.event == mapping.get(e["event"]) for e in expected["figures"])
    ]
    out.precision_hits, out.precision_total = len(hits), len(scored)
    out.extras = [r for r in scored if r not in hits]


def _check_must_not(
    expected: dict[str, Any],
    analysis: Any,
    keys: dict[str, str],
    texts: dict[str, str],
    reports: list[OurReport],
    mapping: dict[str, str | None],
    out: Outcome,
) -> None:
    for rule in expected.get("must_not", []):
        low = rule.lower()
        if "same event or story" in low:
            ok, why = _separate(rule, analysis, keys)
        elif low.startswith("attach"):
            ok, why = _not_attached(rule, expected, reports, mapping)
        elif "as event figures" in low:
            ok, why = _not_figures(rule, keys, texts, reports)
        elif re.search(r"give \d{3} a \d{4} date", low):
            ok, why = _not_dated_in(rule, analysis, keys)
        else:
            ok, why = False, "no checker understands this rule"
        out.must_not.append((rule, ok, why))


def _separate(rule: str, analysis: Any, keys: dict[str, str]) -> tuple[bool, str]:
    """'put 004 ... in the same event or story as 000-003'."""
    m = re.search(r"put (\d{3}).*?as (\d{3})-(\d{3})", rule)
    if not m:
        return False, "could not read the articles"
    lone = keys[m.group(1)]
    others = {keys[f"{i:03d}"] for i in range(int(m.group(2)), int(m.group(3)) + 1)}
    bad_events = [e.id for e in analysis.events if lone in e.articles and others & set(e.articles)]
    bad_stories = [
        s.id for s in analysis.stories if lone in s.articles and others & set(s.articles)
    ]
    if bad_events or bad_stories:
        return False, f"shared events {bad_events} stories {bad_stories}"
    return True, "no shared event or story"


def _not_attached(
    rule: str,
    expected: dict[str, Any],
    reports: list[OurReport],
    mapping: dict[str, str | None],
) -> tuple[bool, str]:
    """'attach the 7 killed ... to the 15 November barrage': values of other events stay off E1.

    Every number the rule names is taken; each expected figure of that value on an event
    other than E1 must have none of our same-article, same-kind, same-value reports on E1.
    """
    e1 = mapping.get("E1")
    words = {"six": 6, "seven": 7, "five": 5, "two": 2}
    values = {float(v) for v in re.findall(r"\b\d+\b", rule)}
    values |= {float(n) for w, n in words.items() if re.search(rf"\b{w}\b", rule)}
    wrong = []
    checked = 0
    for exp in expected["figures"]:
        if exp["value"] not in values or exp["event"] == "E1":
            continue
        checked += 1
        wrong += [
            r
            for r in reports
            if r.article == exp["article"]
            and r.kind == exp["kind"]
            and r.value == exp["value"]
            and r.event == e1
        ]
    if wrong:
        return False, "on E1: " + "; ".join(f"{r.article} {r.kind} {r.value:g}" for r in wrong)
    return checked > 0, f"{checked} figures of other events, none on E1"


def _not_figures(
    rule: str, keys: dict[str, str], texts: dict[str, str], reports: list[OurReport]
) -> tuple[bool, str]:
    """Quoted phrases, and the whole line of a named link, must lie in no report's quote."""
    phrases = [(p, False) for p in re.findall(r"'([^']+)'", rule)]
    link = re.search(r"the ([A-Z]\w+(?: [A-Z]\w+)*) link", rule)
    if link:
        phrases.append((link.group(1), True))
    where = []
    for phrase, whole_line in phrases:
        for key, aid in keys.items():
            text = texts[aid]
            for m in re.finditer(re.escape(phrase), text, re.IGNORECASE):
                span = (m.start(), m.end())
                if whole_line:
                    line_end = text.find("\n", m.end())
                    span = (
                        text.rfind("\n", 0, m.start()) + 1,
                        line_end if line_end >= 0 else len(text),
                    )
                if any(r.article == key and _overlaps(r, span) for r in reports):
                    where.append(f"{phrase} ({key})")
    if where:
        return False, "figures from " + ", ".join(where)
    return True, f"{len(phrases)} phrases, no figure from them"


def _not_dated_in(rule: str, analysis: Any, keys: dict[str, str]) -> tuple[bool, str]:
    """'give 004 a 2022 date': neither the article nor its main event may be dated so."""
    m = re.search(r"give (\d{3}) a (\d{4}) date", rule)
    assert m
    aid, year = keys[m.group(1)], m.group(2)
    item = next(a for a in analysis.annotated if a.article.id == aid)
    dates = [item.published.date, item.published.earliest, item.published.latest]
    main = analysis.main_event.get(aid)
    event = next((e for e in analysis.events if e.id == main), None)
    if event is not None:
        dates += [event.date.start, event.date.end]
    bad = [d for d in dates if d and d.startswith(year)]
    return not bad, f"article {item.published.date}, event " + (
        f"{event.date.start}..{event.date.end}" if event else "none"
    )


def _check_dates(
    expected: dict[str, Any], analysis: Any, keys: dict[str, str], out: Outcome
) -> None:
    for key, spec in sorted(expected["articles"].items()):
        item = next(a for a in analysis.annotated if a.article.id == keys[key])
        ours = item.published.date
        want = spec.get("published")
        tol = spec.get("tolerance_days")
        if ours is None:
            verdict = "unknown (not wrong)"
        elif want is not None:
            off = abs((date.fromisoformat(ours) - date.fromisoformat(want)).days)
            verdict = "ok" if off <= (tol or 0) else f"WRONG by {off} days"
        else:
            window = re.search(r"(\d{4}-\d{2})\.\.(\d{4}-\d{2})", spec.get("published_source", ""))
            inside = window and window.group(1) <= ours[:7] <= window.group(2)
            verdict = "ok (in window)" if inside else "WRONG (outside window)"
        out.dates.append((key, want, ours, f"{verdict} [{item.published.basis}]"))


# ----------------------------------------------------------------------- report
def evaluate(folder: Path, workers: int = 2) -> Outcome:
    """Run the pipeline on the seeds and score it (see the module docstring)."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    analysis, keys, texts = _analyse(folder, workers)
    key_of = {aid: key for key, aid in keys.items()}
    reports = _reports(analysis, key_of)
    out = Outcome()
    mapping = _map_events(expected, analysis, keys, texts, reports, out)
    out.event_map = mapping
    _score_figures(expected, keys, texts, reports, mapping, out)
    _check_must_not(expected, analysis, keys, texts, reports, mapping, out)
    _check_dates(expected, analysis, keys, out)
    return out


def render(out: Outcome) -> str:
    lines = ["Event map: " + ", ".join(f"{k}={v}" for k, v in sorted(out.event_map.items()))]
    lines += [f"  problem: {p}" for p in out.problems]
    lines.append("")
    lines.append(f"{'art':<4} {'event':<5} {'kind':<23} {'value':>9} {'qualifier':<9}  result")
    for exp, got, note in out.found:
        extra = "" if note == "ok" or got is None else f" (ours on {got.event})"
        lines.append(
            f"{exp['article']:<4} {exp['event']:<5} {exp['kind']:<23} "
            f"{exp['value']:>9g} {exp['qualifier']:<9}  {note}{extra}"
        )
    n_found = sum(1 for _, _, note in out.found if note == "ok")
    lines.append("")
    lines.append(
        f"found:     {n_found}/{len(out.found)} = {_ratio(n_found, len(out.found))}"
        f"  (target >= {TARGET_FOUND:.0%})"
    )
    lines.append(
        f"precision: {out.precision_hits}/{out.precision_total} = "
        f"{_ratio(out.precision_hits, out.precision_total)}"
        f"  (target >= {TARGET_PRECISION:.0%})"
    )
    for r in out.extras:
        lines.append(
            f"  extra: {r.article} {r.kind} {r.value:g} {r.qualifier} "
            f"event={r.event} {r.quote[:70]!r}"
        )
    lines.append("")
    lines.append("must_not:")
    for rule, ok, why in out.must_not:
        lines.append(f"  [{'ok' if ok else 'FAIL'}] {rule}  -- {why}")
    lines.append("")
    lines.append("publication dates (expected / ours):")
    for key, want, ours, verdict in out.dates:
        lines.append(f"  {key}: {want or '-':<10} {ours or 'null':<10} {verdict}")
    return "\n".join(lines)


def passed(out: Outcome) -> bool:
    n_found = sum(1 for _, _, note in out.found if note == "ok")
    return (
        n_found >= TARGET_FOUND * len(out.found)
        and out.precision_hits >= TARGET_PRECISION * out.precision_total
        and all(ok for _, ok, _ in out.must_not)
        and not any("WRONG" in v for *_, v in out.dates)
        and not out.problems
    )


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if not (args.data / "expected.json").is_file():
        print(f"seeds not found at {args.data}; nothing to measure")
        return 0
    out = evaluate(args.data, args.workers)
    print(render(out))
    print("\nPASS" if passed(out) else "\nBELOW TARGET")
    return 0 if passed(out) else 1


if __name__ == "__main__":
    sys.exit(main())
