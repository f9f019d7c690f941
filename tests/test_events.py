"""Event mentions: types, time anchoring, main vs background, and grouping into happenings."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsdesk.extract import extract
from newsdesk.models import EventMention, Figure, PlaceMention, PublishedDate, Sentence, TimeMention


@pytest.fixture(scope="module")
def nlp() -> Language:
    from newsdesk.annotate.nlp import get_nlp

    return get_nlp()


def _all(text: str, phrase: str) -> list[int]:
    out, at = [], text.find(phrase)
    while at >= 0:
        out.append(at)
        at = text.find(phrase, at + 1)
    return out


def run(
    nlp: Language,
    text: str,
    pub: str | None,
    times: dict[str, tuple[str | None, str | None, str | None]] | None = None,
    places: dict[str, str] | None = None,
) -> tuple[list[EventMention], list[Figure]]:
    """times: phrase -> (value, earliest, latest); places: name -> country code."""
    doc = nlp(text)
    sentences = [Sentence(s.start_char, s.end_char) for s in doc.sents]
    tms = [
        TimeMention(at, at + len(p), p, "DATE", v, lo, hi)
        for p, (v, lo, hi) in (times or {}).items()
        for at in _all(text, p)
    ]
    pls = [
        PlaceMention(
            at,
            at + len(n),
            n,
            n,
            None,
            cc,
            None,
            None,
            None,
            kind="country" if len(n) > 6 and n.endswith("land") else "city",
        )
        for n, cc in (places or {}).items()
        for at in _all(text, n)
    ]
    published = PublishedDate(
        pub, pub, pub, "day" if pub else "unknown", "metadata" if pub else "unknown", None
    )
    return extract(
        text,
        doc,
        sentences,
        sorted(pls, key=lambda p: p.start),
        sorted(tms, key=lambda t: t.start),
        published,
    )


TUE = ("2022-11-15", "2022-11-15", "2022-11-15")


def test_repeated_references_are_one_main_mention(nlp: Language) -> None:
    text = (
        "Russia launched a barrage of missile strikes on Tuesday. The attacks knocked out "
        "power, and blasts were heard in the capital. The strikes continued into the night."
    )
    events, _ = run(nlp, text, "2022-11-15", times={"Tuesday": TUE})
    main = [e for e in events if e.role == "main"]
    assert len(main) == 1
    assert main[0].type == "attack"
    assert main[0].time is not None and main[0].time.earliest == "2022-11-15"


def test_older_strikes_are_one_background_mention_with_their_figures(nlp: Language) -> None:
    text = (
        "The militia fired about 60 missiles at the coast on Tuesday. The barrage outnumbered "
        "the 45 rockets launched on October 10. On October 10, drones targeted more than 8 towns."
    )
    events, figures = run(
        nlp,
        text,
        "2022-11-15",
        times={"Tuesday": TUE, "October 10": ("2022-10-10", "2022-10-10", "2022-10-10")},
    )
    background = [e for e in events if e.role == "background"]
    assert len(background) == 1
    old = background[0]
    assert old.time is not None and old.time.earliest == "2022-10-10"
    by_value = {f.value: f for f in figures}
    assert by_value[45].event == old.index and by_value[8].event == old.index
    assert events[by_value[60].event or 0].role == "main"
    assert by_value[45].event is not None
    assert all(n in old.figures for n, f in enumerate(figures) if f.event == old.index)


def test_an_earlier_day_is_a_separate_mention(nlp: Language) -> None:
    text = (
        "Russia pounded Ukraine on Thursday with a fresh barrage of missile strikes. "
        "It came two days after missile strikes hit the capital on Tuesday."
    )
    events, _ = run(
        nlp,
        text,
        "2022-11-17",
        times={"Thursday": ("2022-11-17", "2022-11-17", "2022-11-17"), "Tuesday": TUE},
    )
    days = {(e.role, e.time.earliest if e.time else None) for e in events}
    assert ("main", "2022-11-17") in days
    assert ("background", "2022-11-15") in days


def test_yesterday_is_still_the_news(nlp: Language) -> None:
    text = "A powerful storm hit the coast on Monday, flooding hundreds of homes."
    events, _ = run(
        nlp, text, "2022-11-15", times={"Monday": ("2022-11-14", "2022-11-14", "2022-11-14")}
    )
    assert [e.role for e in events] == ["main"]


def test_strike_in_another_country_is_its_own_happening(nlp: Language) -> None:
    text = (
        "Russian missiles hit Kyiv on Thursday. Tensions rose after missile strikes that "
        "landed on Poland killed two. On Tuesday, officials said a rocket fell on Przewodow."
    )
    events, figures = run(
        nlp,
        text,
        "2022-11-17",
        times={"Thursday": ("2022-11-17", "2022-11-17", "2022-11-17"), "Tuesday": TUE},
        places={"Kyiv": "UA", "Poland": "PL", "Przewodow": "PL"},
    )
    (two,) = [f for f in figures if f.value == 2]
    poland = events[two.event or 0]
    assert poland.time is not None and poland.time.earliest == "2022-11-15"
    assert poland.role == "background"
    assert any(e.role == "main" and e.time and e.time.earliest == "2022-11-17" for e in events)


def test_after_a_recapture_last_week(nlp: Language) -> None:
    text = (
        "The strikes came just days after Ukrainian troops recaptured Kherson. "
        "Russia retreated from the city last week."
    )
    events, _ = run(
        nlp, text, "2022-11-15", times={"last week": ("2022-W45", "2022-11-07", "2022-11-13")}
    )
    roles = {e.type: e.role for e in events}
    assert roles["withdrawal"] == "background"
    assert roles["attack"] == "main"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A magnitude 6.4 earthquake struck the island.", "earthquake"),
        ("Flooding swept the valley.", "flood"),
        ("A wildfire burned near the town.", "wildfire"),
        ("Thousands joined a protest in the capital.", "protest"),
        ("A train crash blocked the line.", "accident"),
        ("Power outages hit the north.", "outage"),
        ("A hurricane made landfall in Florida.", "storm"),
        ("Fierce fighting continued around the town.", "battle"),
    ],
)
def test_other_types(nlp: Language, text: str, kind: str) -> None:
    events, _ = run(nlp, text, "2023-03-01")
    assert [e.type for e in events] == [kind]


def test_consequences_join_their_cause(nlp: Language) -> None:
    text = "A powerful storm hit the coast. Flooding swept the valley and power outages followed."
    events, _ = run(nlp, text, "2023-03-01")
    assert [e.type for e in events] == ["storm"]


def test_negated_and_figurative_words_are_not_events(nlp: Language) -> None:
    events, _ = run(nlp, "The timing was no accident, an adviser said.", "2023-03-01")
    assert events == []


def test_unknown_publication_date_dated_mentions_are_background(nlp: Language) -> None:
    text = (
        "Russian missiles struck Kharkiv on Thursday. The strikes were the largest since "
        "the attacks of October 10, which hit 12 cities."
    )
    events, _ = run(
        nlp,
        text,
        None,
        times={"Thursday": (None, None, None), "October 10": ("XXXX-10-10", None, None)},
    )
    roles = sorted(e.role for e in events)
    assert roles == ["background", "main"]


def test_trigger_offsets_and_sentences(nlp: Language) -> None:
    text = "Officials said. A blast rocked the port on Tuesday."
    events, _ = run(nlp, text, "2022-11-15", times={"Tuesday": TUE})
    (event,) = events
    assert text[event.start : event.end] == event.text == "blast"
    assert text[event.sentence_start : event.sentence_end].startswith("A blast")


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("A cashier was shot during the holdup on Main Street.", 1),
        ("Detectives are investigating the murder of a taxi driver.", 1),
        ("Neighbours heard gunfire shortly after midnight.", 1),
        ("The air force managed to shoot down four drones.", 0),  # interception, not a shooting
        ("The crew shot the film in Lisbon.", 0),
        ("Homicide detectives were called to the scene.", 0),  # a unit, not a happening
    ],
)
def test_shootings_and_killings_are_attacks(nlp: Language, sentence: str, count: int) -> None:
    events, _ = run(nlp, sentence, "2024-05-02")
    assert len([e for e in events if e.type == "attack"]) == count, events
