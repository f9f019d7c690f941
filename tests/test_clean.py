"""Boilerplate finding and same-length blanking."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from newsdesk.clean import blank, find_boilerplate
from newsdesk.models import Boilerplate, Span

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"

# (line as it appears in an article, the exact boilerplate inside it, its kind)
FURNITURE = [
    (
        "Flood waters rose across the delta.(AP Photo/Jane Doe)",
        "(AP Photo/Jane Doe)",
        "photo_credit",
    ),
    (
        "A rescuer carries a child in Derna, Libya, Sept. 12, 2023."
        " | Ahmed Saleh, Associated Press",
        "| Ahmed Saleh, Associated Press",
        "photo_credit",
    ),
    (
        "Rescuers searched the rubble overnight.Credit…Lynsey Addario for The New York Times",
        "Credit…Lynsey Addario for The New York Times",
        "photo_credit",
    ),
    (
        "Smoke rose over the port.CreditCredit…Ana Ruiz/Reuters",
        "CreditCredit…Ana Ruiz/Reuters",
        "photo_credit",
    ),
    ("Photo: Maria Lopez/AFP", "Photo: Maria Lopez/AFP", "photo_credit"),
    (
        "Guests arrived early. Credit: Meredith Hale The dinner raised $4,000 for the shelter.",
        "Credit: Meredith Hale",
        "photo_credit",
    ),
    ("Read more", "Read more", "read_also"),
    ("Photo by Tom Reyes/Getty Images", "Photo by Tom Reyes/Getty Images", "photo_credit"),
    (
        "(Photo : Photo by Kim Park / AFP) (Photo by KIM PARK/AFP via Getty Images)",
        "(Photo : Photo by Kim Park / AFP) (Photo by KIM PARK/AFP via Getty Images)",
        "photo_credit",
    ),
    ("(Image: Reuters/Amir Cohen)", "(Image: Reuters/Amir Cohen)", "photo_credit"),
    ("Residents flee the fire. Ana Ruiz/Reuters", "Ana Ruiz/Reuters", "photo_credit"),
    ("Getty Images", "Getty Images", "photo_credit"),
    (
        "READ MORE: Floods in the north leave thousands homeless",
        "READ MORE: Floods in the north leave thousands homeless",
        "read_also",
    ),
    (
        "Read Also:\u00a0Dam failure: what we know\u00a0",
        "Read Also:\u00a0Dam failure: what we know",
        "read_also",
    ),
    ("RELATED: Earlier storm killed five", "RELATED: Earlier storm killed five", "read_also"),
    ("Also read | How the dam failed", "Also read | How the dam failed", "read_also"),
    (
        "Related Article: What we know about the quake",
        "Related Article: What we know about the quake",
        "read_also",
    ),
    ("View Comments", "View Comments", "comments_prompt"),
    ("Join the Conversation", "Join the Conversation", "comments_prompt"),
    ("Looking for comments?", "Looking for comments?", "comments_prompt"),
    (
        "Find comments in their new home! Click the buttons above to view them.",
        "Find comments in their new home! Click the buttons above to view them.",
        "comments_prompt",
    ),
    ("Leave a comment", "Leave a comment", "comments_prompt"),
    ("Sign up for our newsletter", "Sign up for our newsletter", "newsletter_prompt"),
    (
        "Subscribe to our daily briefing for the latest updates",
        "Subscribe to our daily briefing for the latest updates",
        "newsletter_prompt",
    ),
    ("Our readers are reading too", "Our readers are reading too", "promo"),
    ("Advertisement", "Advertisement", "advertisement"),
    ("Story continues below advertisement", "Story continues below advertisement", "advertisement"),
    ("Share this article", "Share this article", "share_prompt"),
    ("Click here to see the full gallery.", "Click here to see the full gallery.", "share_prompt"),
    (
        "Jane Doe and John Roe contributed reporting from Beirut.",
        "Jane Doe and John Roe contributed reporting from Beirut.",
        "contributors",
    ),
    (
        "Ana Maria Ruiz Tom Okafor Contributed reporting",
        "Ana Maria Ruiz Tom Okafor Contributed reporting",
        "contributors",
    ),
    (
        "The Associated Press contributed to this report.",
        "The Associated Press contributed to this report.",
        "contributors",
    ),
    (
        "(Reporting by Pavel Polityuk in Kyiv; Editing by Tom Hogue)",
        "(Reporting by Pavel Polityuk in Kyiv; Editing by Tom Hogue)",
        "contributors",
    ),
    (
        "The storm killed 12 people. Jane Doe contributed reporting.",
        "Jane Doe contributed reporting.",
        "contributors",
    ),
]

# Prose that opens like furniture but is reporting; none of it may be touched.
PROSE = [
    "Photos by residents show a burning building near the station.",
    "Reporting by the BBC showed that the strikes hit a school.",
    "Related to this, officials said three people were hurt.",
    "Subscribers to the local power company lost service for six hours.",
    "Sign up for the draft rose by 20 percent, officials said.",
    "Comments from the mayor came after the blast killed four.",
    "Share prices fell 3 percent in Kyiv after the attack.",
    "More than 40 people were killed, Reuters reported.",
    "He worked for The New York Times before joining the ministry.",
    "The Associated Press reported that seven people died.",
    "The advertisement campaign began in May.",
    "Watch the skies, the governor warned residents on Tuesday.",
    "Latest figures show 1,200 people displaced.",
    "The credit union branch was destroyed, discrediting the claim.",
    "Subscribe to the idea that peace is near, and you will be disappointed, he said.",
    "Staff at the hospital treated 30 people.",
    "Russian Strikes on Ukraine",
    "Read More “The cake has chocolate pearls and light sponge,” the baker said of the 3 tiers.",
    "Latest: Death toll rises to 40 in the quake zone",
    "Get ready for the storm, officials warned, as alerts were issued for 12 counties.",
    "More from the scene: rescuers pulled 3 people alive",
    "Sign up for alerts, the county said after three people drowned.",
    "Leave a comment about the flood damage, residents were told by the mayor on Friday.",
]


def spans_cover(spans: list[Boilerplate], start: int, end: int) -> bool:
    return any(span.start <= start and end <= span.end for span in spans)


@pytest.mark.parametrize(("line", "furniture", "kind"), FURNITURE)
def test_furniture_found_with_exact_offsets(line: str, furniture: str, kind: str) -> None:
    text = f"The river burst its banks on Monday.\n\n{line}\n\nOfficials said 40 homes flooded."
    found = find_boilerplate(text)
    start = text.index(furniture)
    matching = [span for span in found if (span.start, span.end) == (start, start + len(furniture))]
    assert matching, f"{furniture!r} not found exactly; got {[(s.text, s.kind) for s in found]}"
    assert matching[0].kind == kind
    assert matching[0].text == furniture == text[matching[0].start : matching[0].end]
    assert len(found) == 1  # the prose around it is left alone


def test_glued_credit_leaves_the_sentence_alone() -> None:
    text = "Russia struck targets across Ukraine.CreditCredit…Gleb Novak/Reuters\n\nMore."
    [span] = find_boilerplate(text)
    assert span.text == "CreditCredit…Gleb Novak/Reuters"
    assert blank(text, [span]).startswith("Russia struck targets across Ukraine. ")


def test_contributor_line_glued_to_next_sentence() -> None:
    text = "Lena Fischer Omar Haddad Contributed reporting Thursday, officials said 5 died."
    [span] = find_boilerplate(text)
    assert span.text == "Lena Fischer Omar Haddad Contributed reporting"
    assert "Thursday, officials said 5 died." in blank(text, [span])


def test_caption_kept_only_its_credit_tail_blanked() -> None:
    caption = "People charge phones in Kherson, Tuesday, Nov. 15, 2022. | Efrem Lukatsky, AP"
    [span] = find_boilerplate(caption)
    assert span.text == "| Efrem Lukatsky, AP"
    assert "Tuesday, Nov. 15, 2022." in blank(caption, [span])  # date evidence survives


@pytest.mark.parametrize("prose", PROSE)
def test_prose_that_looks_like_furniture_is_kept(prose: str) -> None:
    text = f"The toll rose on Friday.\n\n{prose}\n\nRescue work continued."
    assert find_boilerplate(text) == []


def test_date_header() -> None:
    text = "  date 2022-11-15 Ukrainian officials reported strikes."
    [span] = find_boilerplate(text)
    assert (span.kind, span.text, span.start) == ("header", "date 2022-11-15", 2)
    assert find_boilerplate("Officials said the date 2022-11-15 was chosen.") == []


def test_spans_sorted_non_overlapping_and_exact() -> None:
    text = "\n".join(line for line, _, _ in FURNITURE)
    found = find_boilerplate(text)
    assert found == sorted(found, key=lambda span: span.start)
    for before, after in itertools.pairwise(found):
        assert before.end <= after.start
    for span in found:
        assert text[span.start : span.end] == span.text
    for _, furniture, _ in FURNITURE:
        start = text.index(furniture)
        assert spans_cover(found, start, start + len(furniture)), furniture


def test_blank_keeps_length_and_newlines() -> None:
    text = "Keep this.\nAdvertisement\nSign up for our newsletter\r\nAnd this."
    spans = find_boilerplate(text)
    blanked = blank(text, spans)
    assert len(blanked) == len(text)
    assert [i for i, c in enumerate(blanked) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    assert "Advertisement" not in blanked and "newsletter" not in blanked
    assert blanked.startswith("Keep this.\n") and blanked.endswith("And this.")
    multi_line = Span(0, 24, text[0:24])
    assert blank(text, [multi_line])[:24] == "          \n             "


def test_blank_rejects_bad_spans() -> None:
    with pytest.raises(ValueError):
        blank("short", [Span(2, 10, "ort")])
    with pytest.raises(ValueError):
        blank("short text", [Span(0, 5, "other")])
    assert blank("abc", []) == "abc"


# ---------------------------------------------------------------------- seeds
@pytest.fixture(scope="module")
def expected() -> dict[str, object]:
    path = SEEDS / "expected.json"
    if not path.exists():
        pytest.skip(f"seed articles not found at {SEEDS} (the shared folder beside the checkout)")
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def seed_text(info: dict[str, str]) -> str:
    return (SEEDS / info["file"]).read_text(encoding="utf-8")


def locate(text: str, phrase: str) -> tuple[int, int]:
    """Where a quoted phrase sits, letting any whitespace (e.g. no-break spaces) match."""
    pattern = r"\s+".join(re.escape(word) for word in phrase.split())
    match = re.search(pattern, text)
    assert match, f"{phrase!r} not in the seed text"
    return match.span()


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = (
        max(
            text.rfind("\n", 0, start),
            *(m.end() - 1 for m in re.finditer(r"[.!?][”\"’]?\s", text[:start])),
            -1,
        )
        + 1
    )
    right_match = re.compile(r"[.!?](?=[”\"’]?(?:\s|$))|\n").search(text, end)
    return left, right_match.end() if right_match else len(text)


def test_seed_boilerplate_is_found(expected: dict[str, object]) -> None:
    articles = expected["articles"]
    assert isinstance(articles, dict)
    checked = 0
    for info in articles.values():
        text = seed_text(info)
        found = find_boilerplate(text)
        for phrase in info.get("boilerplate", []):
            start, end = locate(text, phrase)
            assert spans_cover(found, start, end), f"{info['file']}: {phrase!r} not blanked"
            checked += 1
    assert checked >= 5


def test_seed_figure_sentences_are_untouched(expected: dict[str, object]) -> None:
    articles = expected["articles"]
    figures = expected["figures"]
    assert isinstance(articles, dict) and isinstance(figures, list)
    for figure in figures:
        text = seed_text(articles[figure["article"]])
        found = find_boilerplate(text)
        start, end = locate(text, figure["quote"])
        sentence = sentence_around(text, start, end)
        for span in found:
            assert span.end <= sentence[0] or span.start >= sentence[1], (
                f"{figure['quote']!r} sentence overlaps boilerplate {span.text!r}"
            )
        blanked = blank(text, found)
        assert blanked[start:end] == text[start:end]
