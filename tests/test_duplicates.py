"""Reprint and rewrite detection on short articles written for these tests."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from newsdesk.assess.duplicates import Copy, find_copies, fingerprint


def copies_among(
    texts: dict[str, str], published: dict[str, str | None] | None = None
) -> dict[str, Copy]:
    return find_copies({k: fingerprint(t) for k, t in texts.items()}, published)


SHARED = Path(__file__).resolve().parents[1].parent / "shared"

ORIGINAL = (
    "A powerful storm swept across the northern coast of Portugal on Saturday, "
    "killing at least four people and leaving about 120,000 homes without electricity, "
    "civil protection officials said. The storm, named Helga by the national weather "
    "service, brought gusts of up to 140 kilometres an hour to Porto and Braga and "
    "flooded dozens of streets in Viana do Castelo. Two of the victims were fishermen "
    "whose boat overturned near Matosinhos, according to the maritime police. A third "
    "person was struck by a falling tree in Guimaraes, and a fourth died when a wall "
    "collapsed in Aveiro. Emergency crews carried out 1,850 interventions overnight, "
    "mostly to clear fallen trees and pump water from basements. The utility company "
    "EDP said 35 repair teams were working to restore power and that most customers "
    "should be reconnected by Monday. Schools in 11 municipalities will stay closed on "
    "Monday, the education ministry said. Prime Minister Luis Carvalho visited Porto on "
    "Sunday and promised emergency funds for the affected towns."
)

# The same story as run by another outlet: a new first line, one sentence cut,
# a couple of words changed.
REPRINT = "LISBON (Wire) - " + ORIGINAL.replace(
    "killing at least four people", "killing four people"
).replace("The utility company EDP said 35 repair teams", "The utility EDP said 35 crews").replace(
    " Two of the victims were fishermen whose boat overturned near Matosinhos, "
    "according to the maritime police.",
    "",
)

# What an article spinner makes of it: synonyms, clauses moved, names and numbers kept.
REWRITE = (
    "A strong storm struck the northern shore of Portugal on Saturday, with at least four "
    "individuals killed and roughly 120,000 houses left without power, civil defence "
    "authorities stated. The tempest, called Helga by the national meteorological office, "
    "delivered winds reaching 140 kilometres per hour in Porto and Braga, and dozens of "
    "roads were inundated in Viana do Castelo. The maritime police said two of those who "
    "died were fishermen, their vessel capsized close to Matosinhos. A tree fell on a "
    "third person in Guimaraes, while a fourth was killed as a wall gave way in Aveiro. "
    "Rescue teams performed 1,850 operations during the night, largely removing downed "
    "trees and draining cellars. Power firm EDP stated that 35 maintenance squads were "
    "busy restoring electricity, and that most clients ought to be reconnected on Monday. "
    "Schooling in 11 municipalities will remain shut on Monday, according to the education "
    "ministry. Prime Minister Luis Carvalho travelled to Porto on Sunday and pledged "
    "emergency money for the hit towns."
)

# Another outlet's own report of the same storm: same places and people, its own words,
# its own order and figures.
SAME_TOPIC = (
    "Residents of Porto spent Sunday clearing debris after storm Helga tore through the "
    "region, the worst weather the city has seen in a decade. In Braga, shopkeepers said "
    "the water rose knee-deep within minutes on Saturday evening. Prime Minister Luis "
    "Carvalho, touring the damage, said the government would ask the European Union for "
    "help with reconstruction. The national weather service warned that another front "
    "could reach Portugal on Wednesday, with heavy rain expected in Aveiro and Viana do "
    "Castelo. Firefighters in Guimaraes said they had answered more than 300 calls. EDP, "
    "the utility, said it had restored supply to 80,000 customers and expected to finish "
    "the work by Tuesday. Meteorologists said warmer sea temperatures in the Atlantic had "
    "made storms like Helga wetter and more violent in recent years."
)


def test_reprint_with_edits_is_found() -> None:
    copies = copies_among({"a": ORIGINAL, "b": REPRINT}, {"a": "2024-01-13", "b": "2024-01-13"})
    assert set(copies) == {"b"}
    assert copies["b"].original == "a"
    assert copies["b"].kind == "reprint"
    assert 0.5 <= copies["b"].similarity < 1.0


def test_earliest_published_is_the_original() -> None:
    copies = copies_among({"a": ORIGINAL, "b": REPRINT}, {"a": "2024-01-14", "b": "2024-01-13"})
    assert copies == {"a": Copy(original="b", kind="reprint", similarity=copies["a"].similarity)}


def test_unknown_date_loses_to_a_known_one() -> None:
    copies = copies_among({"a": ORIGINAL, "z": REPRINT}, {"a": None, "z": "2024-01-20"})
    assert set(copies) == {"a"}
    assert copies["a"].original == "z"


def test_same_topic_other_article_is_not_a_copy() -> None:
    copies = copies_among({"a": ORIGINAL, "c": SAME_TOPIC})
    assert copies == {}


def test_spun_rewrite_is_a_rewrite() -> None:
    copies = copies_among(
        {"a": ORIGINAL, "r": REWRITE, "c": SAME_TOPIC},
        {"a": "2024-01-13", "r": "2024-01-14", "c": "2024-01-14"},
    )
    assert set(copies) == {"r"}
    assert copies["r"].original == "a"
    assert copies["r"].kind == "rewrite"


def test_reprints_chain_to_one_original() -> None:
    # C copies B, which copies A; C alone shares too little with A to be matched to it.
    words = ORIGINAL.split()
    first, second = " ".join(words[:110]), " ".join(words[110:])
    b_text = first + " " + second
    c_text = (
        "Update: officials later raised the toll after a search overnight. "
        + first
        + " Further details were not immediately available from the authorities."
    )
    a_text = first + " " + SAME_TOPIC
    texts = {"a": a_text, "b": b_text, "c": c_text}
    dates = {"a": "2024-01-13", "b": "2024-01-14", "c": "2024-01-15"}
    copies = copies_among(texts, dates)
    assert {k: v.original for k, v in copies.items()} == {"b": "a", "c": "a"}


def test_ties_are_broken_by_id_and_input_order_does_not_matter() -> None:
    texts = {"m": ORIGINAL, "k": REPRINT, "x": REWRITE, "q": SAME_TOPIC}
    reordered = dict(reversed(list(texts.items())))
    first = copies_among(texts)
    assert first == copies_among(reordered)
    assert {v.original for v in first.values()} == {"k"}
    assert set(first) == {"m", "x"}


def test_short_texts_are_ignored() -> None:
    assert copies_among({"a": "View comments", "b": "View comments"}) == {}


def test_many_unrelated_texts_give_no_copies() -> None:
    rng = random.Random(7)
    vocabulary = SAME_TOPIC.split() + ORIGINAL.split()
    texts = {f"t{i:03d}": " ".join(rng.choices(vocabulary, k=120)) for i in range(60)}
    texts["orig"] = ORIGINAL
    texts["copy"] = REPRINT
    copies = copies_among(texts)
    assert set(copies) == {"orig"} or set(copies) == {"copy"}


def test_seed_articles_are_not_copies_of_each_other() -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed articles not found at {seeds}")
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}
    assert copies_among(texts) == {}


def test_a_fingerprint_read_back_from_json_finds_the_same_copies() -> None:
    from newsdesk.models import Fingerprint, from_dict, to_dict

    texts = {"a": ORIGINAL, "b": REPRINT, "c": REWRITE, "d": SAME_TOPIC}
    stored = {
        k: from_dict(Fingerprint, json.loads(json.dumps(to_dict(fingerprint(t)))))
        for k, t in texts.items()
    }
    copies = find_copies(stored)
    assert copies == copies_among(texts)
    assert {k: c.kind for k, c in copies.items()} == {"b": "reprint", "c": "rewrite"}


def test_the_per_article_stage_fingerprints_each_article(corpus_analysis: Any) -> None:
    for item in corpus_analysis.annotated:
        assert item.fingerprint == fingerprint(item.article.text)


def test_annotations_stored_before_fingerprints_find_the_same_copies(
    corpus_analysis: Any,
) -> None:
    from newsdesk.analysis import assemble

    assert corpus_analysis.copies, "the sample corpus plants copies"
    older = [replace(item, fingerprint=None) for item in corpus_analysis.annotated]
    assert assemble(older, use_cache=False).copies == corpus_analysis.copies
