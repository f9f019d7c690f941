"""The ECB+ linking benchmark's edited copies (benchmarks/events.py --copies)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from events import Document, with_copies  # noqa: E402


def test_each_copy_keeps_the_gold_drops_a_later_paragraph_and_differs() -> None:
    doc = Document("36_1ecb", 36, "36ecb", "Headline\n\nFirst.\n\nSecond.\n\nThird.")
    docs = with_copies([doc], 3)
    assert len(docs) == 4 and docs[0] is doc
    copies = docs[1:]
    assert {c.gold for c in copies} == {"36ecb"} and {c.topic for c in copies} == {36}
    assert len({c.text for c in docs}) == 4 and len({c.name for c in docs}) == 4
    for copy in copies:
        paragraphs = copy.text.split("\n\n")
        assert paragraphs[0] == "Headline"  # the headline is never dropped
        assert len(paragraphs) == 4  # one of three later paragraphs gone, one line added


def test_a_short_document_is_copied_whole() -> None:
    docs = with_copies([Document("1_1ecb", 1, "1ecb", "Only a headline")], 2)
    assert [d.text.split("\n\n")[0] for d in docs] == ["Only a headline"] * 3
