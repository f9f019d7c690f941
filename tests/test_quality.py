"""Garbled-sentence flags and the quality score, on prose written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from newsdesk.annotate.nlp import get_nlp
from newsdesk.assess.quality import assess_quality
from newsdesk.models import Quality, Span

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

CLEAN = """Flood Waters Recede in Southern Chile as Rescuers Reach Cut-Off Villages

TEMUCO, Chile — Rescue teams reached three mountain villages on Sunday that had been cut off \
for four days by floods, the regional government said. At least 12 people died and more than \
4,000 were evacuated after the Cautin River burst its banks last week.

The Chilean Air Force flew food and water to Curacautin, where a bridge collapsed on Thursday. \
"We are doing everything we can, but the roads are still under water," said Maria Soto, the \
regional governor. "I have asked the army for more boats."

President Gabriel Ortiz, speaking to reporters in Santiago before leaving for a meeting of the \
Group of 20 in The Hague, said the government would release emergency funds. According to The \
New York Times, insurers expect claims of more than $200 million.

Officials listed the worst-hit towns as Curacautin, Lautaro and Victoria. In 2019 Victoria was \
flooded twice in a single month. Meteorologists said the rain was heavier than in any winter \
since records began, and they warned that another front could arrive on Wednesday.

The U.S. Embassy said two American hikers who had been missing were found safe."""


@pytest.fixture(scope="module")
def nlp() -> Language:
    return get_nlp()


def _assess(nlp: Language, text: str, skip: tuple[Span, ...] = ()) -> Quality:
    return assess_quality(text, nlp(text), skip)


def _check_offsets(text: str, quality: Quality) -> None:
    for flag in quality.flags:
        assert text[flag.start : flag.end] == flag.text


def test_clean_prose_scores_high_without_flags(nlp: Language) -> None:
    quality = _assess(nlp, CLEAN)
    assert quality.flags == []
    assert quality.score == 1.0


LEAD = "Heavy rain fell across the region for a fifth day. "
TAIL = " Forecasters expect the weather to improve by Friday."


@pytest.mark.parametrize(
    ("garbled", "kind", "flagged"),
    [
        # a clause stops and the next restarts mid-sentence
        (
            "The storm cut power to roughly 80,000 On Sunday, homes were left in the dark.",
            "garbled_sentence",
            None,
        ),
        # a time phrase moved into the clause with its capital
        ("After Chilean Last month, the rescue teams were withdrawn.", "garbled_sentence", None),
        ("Chilean Since days, volunteers have been clearing the roads.", "garbled_sentence", None),
        # a quote joined to its reporting clause
        ("The mayor said that the delay It was unacceptable.", "garbled_sentence", None),
        # a cut sentence with the next one glued on
        (
            "Emergency crews were sent to Mayor Ana Ruiz said the town needed help.",
            "garbled_sentence",
            None,
        ),
        ("The army sent approximately 40 The trucks carried food.", "garbled_sentence", None),
        (
            "The floods caused destructionous landslides near the coast.",
            "misspelling",
            "destructionous",
        ),
        ("The water reached more then 20 villages in two days.", "wrong_word", "more then"),
        ("Crews worked through the the night to clear the roads.", "doubled_word", "the the"),
    ],
)
def test_garbled_sentence_is_flagged_at_its_offsets(
    nlp: Language, garbled: str, kind: str, flagged: str | None
) -> None:
    text = LEAD + garbled + TAIL
    quality = _assess(nlp, text)
    _check_offsets(text, quality)
    expected_text = flagged or garbled
    start = text.index(expected_text)
    spans = [(f.kind, f.start, f.end) for f in quality.flags]
    assert (kind, start, start + len(expected_text)) in spans
    # nothing outside the garbled sentence is flagged
    sentence_start = text.index(garbled)
    for flag in quality.flags:
        assert sentence_start <= flag.start and flag.end <= sentence_start + len(garbled)
    assert quality.score < 1.0


def test_stray_fragment_after_a_full_stop(nlp: Language) -> None:
    text = "The minister called the rescue a turning point. “the start of a long recovery.”"
    quality = _assess(nlp, text)
    fragment = "“the start of a long recovery.”"
    start = text.index(fragment)
    assert [(f.kind, f.start, f.end) for f in quality.flags] == [
        ("fragment", start, start + len(fragment))
    ]


def test_quote_attribution_with_a_capital(nlp: Language) -> None:
    text = "“Who will pay for the bridge?” He wrote on Twitter. The council did not answer."
    quality = _assess(nlp, text)
    assert any(f.kind == "garbled_sentence" and "He wrote" in f.text for f in quality.flags)


def test_sentence_start_and_headline_capitals_are_not_flagged(nlp: Language) -> None:
    text = (
        "Storm Hits Coast After Weeks Of Drought\n\n"
        "On Sunday, the storm hit the coast. Since then, crews have worked day and night. "
        "Last week the dam held. It was the third storm this year."
    )
    assert _assess(nlp, text).flags == []


def test_score_falls_with_the_share_of_flagged_sentences(nlp: Language) -> None:
    clean = [
        "The river rose quickly on Monday.",
        "Farmers moved their cattle to higher ground.",
        "The army sent trucks to the valley.",
        "Schools stayed closed for the week.",
    ]
    one_bad = [*clean[:3], "The army sent more then 40 trucks to the valley."]
    two_bad = [*clean[:2], "Officials counted 30 On Tuesday, houses were damaged.", one_bad[3]]
    scores = [_assess(nlp, " ".join(s)).score for s in (clean, one_bad, two_bad)]
    assert scores[0] == 1.0
    assert scores[0] > scores[1] > scores[2] >= 0.0


def test_skip_spans_and_blanked_boilerplate_are_not_judged(nlp: Language) -> None:
    garbled = "The storm cut power to roughly 80,000 On Sunday, homes were left in the dark."
    text = LEAD + garbled + TAIL
    start = text.index(garbled)
    quality = _assess(nlp, text, (Span(start, start + len(garbled), garbled),))
    assert quality.flags == []
    assert quality.score == 1.0
    blanked = "Crews cleared the road." + " " * 30 + "Police said the bridge was safe."
    assert _assess(nlp, blanked).flags == []


def test_assessment_is_deterministic(nlp: Language) -> None:
    text = LEAD + "After Chilean Last month, the rescue teams were withdrawn." + TAIL
    assert _assess(nlp, text) == _assess(nlp, text)


def _seeds() -> tuple[dict[str, str], dict[str, object]]:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed articles not found at {seeds}")
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}
    expected = json.loads((seeds / "expected.json").read_text(encoding="utf-8"))
    return texts, expected


def _quoted_tells(description: str) -> list[str]:
    """The quoted tells in expected.json's description (between straight single quotes)."""
    parts = description.split("'")
    return [parts[i] for i in range(1, len(parts), 2) if len(parts[i]) > 6]


def test_seed_spun_article_scores_lowest_and_its_tells_are_flagged(nlp: Language) -> None:
    texts, expected = _seeds()
    quality = {key: _assess(nlp, text) for key, text in texts.items()}
    for key, q in quality.items():
        _check_offsets(texts[key], q)
    others = [key for key in quality if key != "002"]
    assert all(quality["002"].score + 0.2 < quality[k].score for k in others)
    for key in others:
        assert len(quality[key].flags) <= 1, (key, quality[key].flags)
    articles = expected["articles"]
    assert isinstance(articles, dict)
    tells = [t for t in _quoted_tells(articles["002"]["quality_flags"]) if t in texts["002"]]
    assert len(tells) >= 3
    found = 0
    for tell in tells:
        start = texts["002"].index(tell)
        end = start + len(tell)
        if any(f.start <= start and end <= f.end for f in quality["002"].flags):
            found += 1
    assert found >= 3, tells
