"""Who says so: sources named around a span of text."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsdesk.extract.attribution import find_attribution
from newsdesk.models import Sentence


@pytest.fixture(scope="module")
def nlp() -> Language:
    from newsdesk.annotate.nlp import get_nlp

    return get_nlp()


def source(nlp: Language, text: str, target: str, before: str = "") -> str | None:
    """Attribution of ``target`` inside the last sentence of ``before + text``."""
    full = before + text
    doc = nlp(full)
    start = full.rindex(target)
    sentence = next(
        Sentence(s.start_char, s.end_char) for s in doc.sents if s.start_char <= start < s.end_char
    )
    return find_attribution(full, doc, sentence, start, start + len(target))


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("At least 12 people were killed, according to the Red Cross.", "At least 12", "Red Cross"),
        (
            "Fifteen pieces of energy infrastructure were damaged, according to Kyrylo Tymoshenko, "
            "a senior official in the president's office.",
            "Fifteen",
            "Kyrylo Tymoshenko",
        ),
        ("Five people died in the flood, officials said.", "Five", "officials"),
        ("Police said 11 people were arrested.", "11", "Police"),
        (
            "Three people were hurt, said Maria Lopez, a spokeswoman for the fire service.",
            "Three",
            "Maria Lopez",
        ),
        (
            "Odesa's governor, Petro Marchuk, reported that the rockets hit at least four "
            "apartment blocks in the port, according to Reuters.",
            "at least four",
            "Petro Marchuk",
        ),
        (
            "A Yemeni navy spokesperson said that the militia has fired about 60 missiles "
            "across the strait, The Times reports.",
            "about 60",
            "Yemeni navy spokesperson",
        ),
        (
            "Forty of the rockets had been shot down, the Latvian Air Force wrote on Twitter.",
            "Forty",
            "Latvian Air Force",
        ),
        ("The Guardian reports that 40 homes were destroyed.", "40", "Guardian"),
        ("The storm destroyed 40 homes, per the BBC.", "40", "BBC"),
        ("Governor Kathy Hochul told reporters that 27 people had died.", "27", "Kathy Hochul"),
        (
            "At least two people were killed in the old town, the city's mayor, Elena Varga, "
            "wrote on Telegram.",
            "At least two",
            "Elena Varga",
        ),
    ],
)
def test_sources(nlp: Language, text: str, target: str, expected: str) -> None:
    assert source(nlp, text, target) == expected


def test_no_source_stated(nlp: Language) -> None:
    assert source(nlp, "At least seven people were killed by the attacks.", "seven") is None


def test_passive_reporting_names_nobody(nlp: Language) -> None:
    text = "It was also reported that at least seven people were killed."
    assert source(nlp, text, "at least seven") is None


def test_pronoun_takes_the_last_person_named(nlp: Language) -> None:
    before = "Volodymyr Zelensky gave his nightly address. "
    text = "He said that 10 million people were without power."
    assert source(nlp, text, "10 million", before=before) == "Volodymyr Zelensky"


def test_surname_expands_to_the_full_name_given_earlier(nlp: Language) -> None:
    before = "President Volodymyr Zelensky spoke on Monday. "
    text = "Zelensky said that 12 regions were bombed."
    assert source(nlp, text, "12", before=before) == "Volodymyr Zelensky"
