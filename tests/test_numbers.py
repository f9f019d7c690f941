"""Numbers in digits and words, their hedges, and what is not a count."""

from __future__ import annotations

import pytest

from newsdesk.annotate.numbers import find_numbers
from newsdesk.models import NumberMention


def only(text: str) -> NumberMention:
    found = find_numbers(text)
    assert len(found) == 1, found
    assert text[found[0].start : found[0].end] == found[0].text
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2,862 people", 2862),
        ("1.1 million people", 1_100_000),
        ("10m homes", 10_000_000),
        ("2bn people", 2_000_000_000),
        ("Seventy of the shells", 70),
        ("fifteen airstrikes", 15),
        ("one hundred and twelve people", 112),
        ("twenty-five victims", 25),
        ("a dozen houses", 12),
        ("half a dozen houses", 6),
        ("a hundred homes", 100),
        ("4,500,000 customers", 4_500_000),
    ],
)
def test_values(text: str, value: float) -> None:
    assert only(text).value == value


@pytest.mark.parametrize(
    ("text", "qualifier", "stated"),
    [
        ("about 100 missiles", "about", "about 100"),
        ("roughly 10 million citizens", "about", "roughly 10 million"),
        ("approximately 100 missiles", "about", "approximately 100"),
        ("around 40 people", "about", "around 40"),
        ("some 1,200 homes", "about", "some 1,200"),
        ("nearly 500,000 people", "nearly", "nearly 500,000"),
        ("almost 30 people", "nearly", "almost 30"),
        ("close to 90 houses", "nearly", "close to 90"),
        ("at least seven people", "at_least", "at least seven"),
        ("no fewer than 3 people", "at_least", "no fewer than 3"),
        ("more than 10 cities", "more_than", "more than 10"),
        ("more then 10 cities", "more_than", "more then 10"),
        ("over 200 homes", "more_than", "over 200"),
        ("upwards of 50 people", "more_than", "upwards of 50"),
        ("up to 7 people", "up_to", "up to 7"),
        ("as many as 12 people", "up_to", "as many as 12"),
        ("Seventy of them", "exact", "Seventy"),
    ],
)
def test_hedges(text: str, qualifier: str, stated: str) -> None:
    mention = only(text)
    assert mention.qualifier == qualifier
    assert mention.text == stated


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("between 5 and 10 people", 5, 10),
        ("20-30 dead", 20, 30),
        ("5 to 10 injured", 5, 10),
        ("between two and three million people", 2_000_000, 3_000_000),
    ],
)
def test_ranges(text: str, low: float, high: float) -> None:
    mention = only(text)
    assert (mention.qualifier, mention.low, mention.high) == ("range", low, high)


def test_rise_from_to_is_two_numbers_not_a_range() -> None:
    found = find_numbers("the toll rose from 632 to 820")
    assert [n.value for n in found] == [632, 820]
    assert all(n.qualifier == "exact" for n in found)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("dozens of people", 24),
        ("hundreds of homes", 200),
        ("tens of thousands of people", 20_000),
        ("thousands of people", 2_000),
    ],
)
def test_vague_quantities_are_conservative_lower_bounds(text: str, value: float) -> None:
    mention = only(text)
    assert mention.vague
    assert mention.value == value and mention.low == value
    assert mention.qualifier == "at_least"


@pytest.mark.parametrize(
    "text",
    [
        "a 73-year-old man",
        "aged 45",
        "45% of voters",
        "12 percent of homes",
        "$5 million in aid",
        "call 555-123-4567",
        "at 10:30 a.m. local time",
        "at 3 p.m.",
        "on Oct. 10",
        "on October 10",
        "on 10 October",
        "published 2022-11-15",
        "in 1999",
        "the 2014 tragedy",
        "Flight MH17",
        "the G20 summit",
        "the Group of 20 nations",
        "10 km away",
        "5 miles from the coast",
        "the 3rd day",
        "an F-16 jet",
        "five years",
    ],
)
def test_not_counts(text: str) -> None:
    assert find_numbers(text) == []


def test_list_numbering_is_skipped_but_counts_on_the_line_are_kept() -> None:
    text = "1. Officials said 40 people died.\n2. Power was cut."
    assert [n.value for n in find_numbers(text)] == [40]


def test_a_year_followed_by_a_count_noun_is_a_count() -> None:
    assert only("2000 people were evacuated").value == 2000


def test_offsets_point_at_the_phrase() -> None:
    text = "Officials said at least seven people were killed and dozens injured."
    for mention in find_numbers(text):
        assert text[mention.start : mention.end] == mention.text
    assert [m.text for m in find_numbers(text)] == ["at least seven", "dozens"]


@pytest.mark.parametrize(
    "text",
    [
        "police identified the driver as Martin O'Neill, 58 after the crash",  # no closing comma
        "the victim, Kayla DeSouza, 24, was a nurse",  # capital inside the surname
        "the boy, 9, was taken to hospital",  # a person noun, then the age
        "children under the age of 12",
        "a grandmother of seven was among the injured",  # her grandchildren, not a count
    ],
)
def test_more_non_counts(text: str) -> None:
    assert find_numbers(text) == []
