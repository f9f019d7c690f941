"""Event linking on hand-made annotated articles (no NLP involved)."""

from __future__ import annotations

from newsdesk.link import Linked, frames_of, link
from newsdesk.models import (
    AnnotatedArticle,
    Article,
    EventMention,
    Figure,
    PlaceMention,
    PublishedDate,
    TimeMention,
)

PLACES = {
    "Izmir": (311046, "TR", 38.41, 27.14),
    "Manisa": (304827, "TR", 38.61, 27.43),
    "Bursa": (750269, "TR", 40.19, 29.06),
    "Arequipa": (3947322, "PE", -16.40, -71.54),
    "Athens": (264371, "GR", 37.98, 23.72),
}


def place(name: str) -> PlaceMention:
    gid, cc, lat, lon = PLACES[name]
    return PlaceMention(0, len(name), name, name, gid, cc, None, lat, lon, kind="city")


def when(day: str | None, text: str = "") -> TimeMention:
    text = text or day or ""
    return TimeMention(0, len(text), text, "DATE", day, day, day, "day" if day else "unknown")


def article(
    aid: str,
    published: str | None,
    mentions: list[tuple[str, str | None, list[str], str, str]],
    figures: list[tuple[int, str, float]] = (),  # type: ignore[assignment]
    text: str = "",
) -> AnnotatedArticle:
    """mentions: (type, day, places, role, weekday text); figures: (mention, kind, value)."""
    events = [
        EventMention(
            index=i,
            type=etype,
            start=0,
            end=5,
            text=etype,
            sentence_start=0,
            sentence_end=5,
            time=when(day, wtext) if (day or wtext) else None,
            places=[place(p) for p in places],
            role=role,  # type: ignore[arg-type]
        )
        for i, (etype, day, places, role, wtext) in enumerate(mentions)
    ]
    figs = []
    for mention, kind, value in figures:
        figs.append(Figure(kind, value, "exact", str(value), 0, 5, "q", 0, 5, event=mention))
        events[mention].figures.append(len(figs) - 1)
    pub = PublishedDate(
        published,
        published,
        published,
        "day" if published else "unknown",
        "metadata" if published else "unknown",
        None,
    )
    return AnnotatedArticle(
        article=Article(id=aid, path=aid, text=text or f"text of {aid} " * 20, format="txt"),
        published=pub,
        events=events,
        figures=figs,
    )


def clusters_of(linked: Linked, aid: str) -> set[int]:
    return {c.id for c in linked.clusters for f in c.frames if f.article == aid}


def test_same_day_same_place_reports_are_one_event() -> None:
    a = article("a", "2025-03-03", [("earthquake", "2025-03-03", ["Izmir"], "main", "")])
    b = article("b", "2025-03-03", [("earthquake", "2025-03-03", ["Izmir", "Manisa"], "main", "")])
    linked = link([a, b])
    assert len(linked.clusters) == 1
    assert linked.main_event["a"] == linked.main_event["b"]


def test_similar_event_weeks_later_is_a_new_event() -> None:
    a = article("a", "2025-03-03", [("earthquake", "2025-03-03", ["Izmir"], "main", "")])
    b = article("b", "2025-03-27", [("earthquake", "2025-03-27", ["Izmir"], "main", "")])
    linked = link([a, b])
    assert linked.main_event["a"] != linked.main_event["b"]


def test_same_day_in_another_country_is_a_new_event() -> None:
    a = article("a", "2025-03-03", [("attack", "2025-03-03", ["Izmir"], "main", "")])
    b = article("b", "2025-03-03", [("attack", "2025-03-03", ["Athens"], "main", "")])
    assert len(link([a, b]).clusters) == 2


def test_weekday_mismatch_keeps_undated_article_apart() -> None:
    a = article("a", "2025-03-03", [("attack", "2025-03-03", ["Izmir"], "main", "Monday")])
    b = article("b", None, [("attack", None, ["Izmir"], "main", "Thursday")])
    linked = link([a, b])
    assert linked.main_event["a"] != linked.main_event["b"]


def test_undated_article_joins_on_places_and_figures() -> None:
    a = article(
        "a",
        "2025-03-03",
        [("earthquake", "2025-03-03", ["Izmir", "Manisa"], "main", "")],
        [(0, "killed", 12)],
    )
    b = article(
        "b", None, [("earthquake", None, ["Izmir", "Manisa"], "main", "")], [(0, "killed", 12)]
    )
    linked = link([a, b])
    assert linked.main_event["a"] == linked.main_event["b"]


def test_background_mention_joins_the_event_other_articles_report() -> None:
    a = article("a", "2025-03-03", [("earthquake", "2025-03-03", ["Izmir"], "main", "")])
    b = article(
        "b",
        "2025-03-27",
        [
            ("earthquake", "2025-03-27", ["Bursa"], "main", ""),
            ("earthquake", "2025-03-03", ["Izmir"], "background", ""),
        ],
    )
    linked = link([a, b])
    assert len(linked.clusters) == 2
    assert clusters_of(linked, "a") < clusters_of(linked, "b")
    # One story: b mentions both events.
    assert len(linked.stories) == 1


def test_unrelated_events_are_separate_stories() -> None:
    a = article("a", "2025-03-03", [("earthquake", "2025-03-03", ["Izmir"], "main", "")])
    b = article("b", "2025-03-03", [("flood", "2025-03-03", ["Arequipa"], "main", "")])
    assert len(link([a, b]).stories) == 2


def test_linking_is_order_independent_for_input_order() -> None:
    a = article("a", "2025-03-03", [("earthquake", "2025-03-03", ["Izmir"], "main", "")])
    b = article("b", "2025-03-04", [("earthquake", "2025-03-03", ["Izmir"], "main", "")])
    c = article("c", "2025-03-27", [("earthquake", "2025-03-27", ["Izmir"], "main", "")])
    one, two = link([a, b, c]), link([c, b, a])
    assert one.main_event == two.main_event


def test_follow_up_without_a_stated_date_joins_the_event_it_follows() -> None:
    a = article("a", "2025-03-03", [("earthquake", "2025-03-03", ["Izmir", "Manisa"], "main", "")])
    follow = article("b", "2025-03-05", [("earthquake", None, ["Izmir", "Manisa"], "main", "")])
    # The extractor marks a time it assumed (the publication day) with an empty span.
    follow.events[0].time = TimeMention(
        0, 0, "", "DATE", "2025-03-05", "2025-03-05", "2025-03-05", "day"
    )
    linked = link([a, follow])
    assert linked.main_event["a"] == linked.main_event["b"]
    late = article("c", "2025-03-27", [("earthquake", None, ["Izmir"], "main", "")])
    late.events[0].time = TimeMention(
        0, 0, "", "DATE", "2025-03-27", "2025-03-27", "2025-03-27", "day"
    )
    assert link([a, late]).main_event["c"] != link([a, late]).main_event["a"]


REHAB = (
    "Actress Mara Quill checked into the Seaview Recovery Lodge in Malibu on {day}, "
    "her publicist Dorian Vell said. Quill left the Harbor Clinic last month. "
)
LAUNCH = (
    "Orchard Devices unveiled the Pebble Nine laptop at its Summit Hall keynote, "
    "chief executive Lena Marsh told developers. The Pebble Nine ships in June. "
)


def untyped(aid: str, text: str, stated: str | None = None) -> AnnotatedArticle:
    """An undated article with no event trigger, optionally stating one calendar day."""
    item = article(aid, None, [], text=text * 3)
    if stated:
        item.times = [TimeMention(0, 4, text[:4], "DATE", stated, stated, stated, "day")]
    return item


def test_article_without_trigger_still_gets_a_main_event() -> None:
    a = untyped("a", REHAB.format(day="Monday"))
    b = untyped("b", REHAB.format(day="Tuesday"))
    c = untyped("c", LAUNCH)
    linked = link([a, b, c])
    assert None not in linked.main_event.values()
    assert linked.main_event["a"] == linked.main_event["b"] != linked.main_event["c"]


def test_report_from_years_later_scores_lower_than_one_from_the_next_day() -> None:
    from newsdesk.link import (
        ERA_BONUS,
        ERA_PENALTY,
        YEAR_BONUS,
        YEAR_PENALTY,
        Cluster,
        _vectorise,
        frames_of,
        score,
    )

    a = untyped("a", REHAB.format(day="Monday"), "2009-03-02")
    b = untyped("b", REHAB.format(day="Monday"), "2009-03-03")
    c = untyped("c", REHAB.format(day="Monday"), "2013-06-10")
    fa, fb, fc = (frames_of(x)[0] for x in (a, b, c))
    _vectorise([fa, fb, fc], {})
    event = Cluster(id=0)
    event.add(fa)
    # b writes in a's weeks and year; c years later, in a year a never states.
    gap = (ERA_BONUS + YEAR_BONUS) - (-ERA_PENALTY - YEAR_PENALTY)
    assert abs(score(fb, event) - score(fc, event) - gap) < 1e-9
    assert gap > 0


def test_names_are_single_terms_and_sentence_openers_are_not() -> None:
    from newsdesk.annotate.terms import names_of

    found = names_of("Lena Marsh spoke. Chief executive Lena Marsh of Orchard Devices said so.")
    assert found == ["name_lena_marsh", "name_orchard_devices"]


QUAKE = (
    "A strong earthquake shook the coast near {place}, rescuers from the Korvel brigade said, "
    "and the Lintra dam was inspected overnight. "
)


def test_undated_reports_may_link_across_a_country_clash_but_dated_ones_may_not() -> None:
    """Places in an undated report may be those of another happening it mentions."""
    text = QUAKE.format(place="the border") * 3
    a = article("a", None, [("earthquake", None, ["Izmir"], "main", "")], text=text)
    b = article("b", None, [("earthquake", None, ["Athens"], "main", "")], text=text)
    undated = link([a, b])
    assert undated.main_event["a"] == undated.main_event["b"]
    a.published = b.published = PublishedDate(
        "2025-03-03", "2025-03-03", "2025-03-03", "day", "header", "date 2025-03-03"
    )
    dated = link([a, b])
    assert dated.main_event["a"] != dated.main_event["b"]


def test_a_date_inferred_rather_than_read_does_not_veto() -> None:
    from newsdesk.link import firm, frames_of

    a = article("a", "2025-03-03", [("earthquake", "2025-03-03", ["Izmir"], "main", "")])
    assert firm(a)
    a.published.basis = "inferred"
    assert not firm(a)
    assert not frames_of(a)[0].firm


def test_a_read_date_with_days_either_side_does_not_veto() -> None:
    """A page's timestamp may be that of an update: read, but not exact enough to veto."""
    from newsdesk.link import firm

    a = article("a", "2025-03-03", [("earthquake", "2025-03-03", ["Izmir"], "main", "")])
    a.published = PublishedDate("2025-03-03", "2025-03-03", "2025-03-04", "day", "text", "x")
    assert firm(a)  # the day or the day after: still firm
    a.published = PublishedDate("2025-03-03", "2025-03-02", "2025-03-04", "day", "header", "x")
    assert not firm(a)


def test_an_article_with_two_main_frames_does_not_split_the_event() -> None:
    """Only an article's first main frame is clustered with the others' main frames."""
    text = QUAKE.format(place="Izmir") * 3
    reports = [
        article(aid, None, [("earthquake", None, ["Izmir"], "main", "Monday")], text=text)
        for aid in "abcd"
    ]
    two = article(
        "e",
        None,
        [
            # Its first main mention names another weekday: a frame of its own, whose
            # clash with the others counts against it but does not rule it out.
            ("earthquake", None, ["Izmir"], "main", "Thursday"),
            ("earthquake", None, ["Izmir"], "main", "Monday"),
        ],
        text=text,
    )
    linked = link([*reports, two])
    assert len({linked.main_event[aid] for aid in "abcde"}) == 1
    assert len(clusters_of(linked, "e")) == 2


def _frame(aid: str, vector: dict[int, float]) -> object:
    from newsdesk.link import NEWS, Frame

    return Frame(
        article=aid,
        mentions=[],
        role="main",
        type=NEWS,
        earliest=None,
        latest=None,
        weekday=None,
        places=[],
        figures=set(),
        published=None,
        text="",
        vector=vector,
        terms=sorted(vector),
    )


def test_two_tight_groups_with_a_looser_link_stay_two_events() -> None:
    """Two similar events share a topic's words; each event's reports share far more."""
    from newsdesk.link import COHESIVE_SIZE, _agglomerate, _postings

    size = COHESIVE_SIZE
    first = [_frame(f"a{i}", {1: 0.8, 3: 0.6}) for i in range(size)]
    second = [_frame(f"b{i}", {2: 0.8, 3: 0.6}) for i in range(size)]
    close = _frame("c", {1: 0.6, 3: 0.8})  # nearer the first event than the second
    frames = [*first, *second, close]
    groups = _agglomerate(frames, _postings(frames))  # type: ignore[arg-type]
    assert sorted(map(len, groups)) == [size, size + 1]
    assert sorted(groups)[0] == [*range(size), 2 * size]


def test_years_come_from_stated_times_only() -> None:
    from newsdesk.link import years_of

    item = article("a", None, [])
    item.times = [
        TimeMention(0, 11, "May 2, 2013", "DATE", "2013-05-02", "2013-05-02", "2013-05-02", "day"),
        TimeMention(
            20,
            29,
            "yesterday",
            "DATE",
            "2013-05-01",
            "2013-05-01",
            "2013-05-01",
            "day",
            relative=True,
        ),
        TimeMention(40, 40, "", "DATE", "2014-01-01", "2014-01-01", "2014-01-01", "day"),
        TimeMention(50, 60, "the 2000s", "DATE", "2000", "2000-01-01", "2009-12-31", "year"),
    ]
    assert years_of(item) == {2013}


def test_events_made_only_of_untyped_news_get_distinct_ids() -> None:
    from newsdesk.analysis import _event_id
    from newsdesk.link import Cluster, frames_of

    ids = set()
    for item in (untyped("a", LAUNCH), untyped("b", REHAB.format(day="Monday"))):
        cluster = Cluster(id=0)
        cluster.add(frames_of(item)[0])
        ids.add(_event_id(cluster))
    assert len(ids) == 2


def _quake_reports() -> list[AnnotatedArticle]:
    return [
        article(aid, "2025-03-03", [("earthquake", "2025-03-03", ["Izmir"], "main", "")])
        for aid in ("a", "b")
    ]


def test_story_path_dates_an_article_that_itself_tells_the_earlier_event() -> None:
    from newsdesk.analysis import _date_from_events

    follow = article(
        "x",
        None,
        [
            ("attack", None, ["Bursa"], "main", "Thursday"),
            ("earthquake", "2025-03-03", ["Izmir"], "background", ""),
        ],
    )
    items = [*_quake_reports(), follow]
    dates = _date_from_events(items, link(items))
    assert dates["x"].date == "2025-03-06"  # the first Thursday on or after the quake
    assert dates["x"].basis == "inferred"


def test_story_path_does_not_date_from_events_only_other_articles_tell() -> None:
    """A story joined through another article may hold a similar happening of another year."""
    from newsdesk.analysis import _date_from_events

    bridge = article(
        "z",
        "2025-03-07",
        [
            ("attack", "2025-03-06", ["Bursa"], "main", ""),
            ("earthquake", "2025-03-03", ["Izmir"], "background", ""),
        ],
    )
    lone = article("y", None, [("attack", None, ["Bursa"], "main", "Thursday")])
    items = [*_quake_reports(), bridge, lone]
    linked = link(items)
    assert linked.main_event["y"] == linked.main_event["z"]
    assert len(linked.stories) == 1
    assert "y" not in _date_from_events(items, linked)


def test_each_report_keeps_only_its_closest_partners_for_full_scoring() -> None:
    from newsdesk import link as linking

    # Reports 0 and 1 are offered to everyone; 2..5 only to 0 and 1. With room for one
    # partner each, a pair is scored when either side counts it as its closest text.
    pairs = [(0, j) for j in range(1, 6)] + [(1, j) for j in range(2, 6)]
    dots = [0.1, 0.9, 0.3, 0.8, 0.2, 0.5, 0.4, 0.6, 0.7]
    original = linking.PAIR_PARTNERS
    try:
        linking.PAIR_PARTNERS = 1
        kept = {pairs[k] for k in linking._closest(pairs, dots, 6)}
        linking.PAIR_PARTNERS = 10
        everything = {pairs[k] for k in linking._closest(pairs, dots, 6)}
    finally:
        linking.PAIR_PARTNERS = original
    # 0's closest is 2 and 1's is 5; 3 is closer to 1 (0.4) than to 0, 4 closer to 0 (0.8).
    assert kept == {(0, 2), (1, 5), (1, 3), (0, 4)}
    assert everything == set(pairs)


def test_the_collector_is_paused_for_the_stage_and_restored() -> None:
    import gc

    from newsdesk.collector import paused

    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # a caller who had it off keeps it off
    finally:
        gc.enable()


QUAKE_WORDS = [
    "rescuers",
    "searched",
    "collapsed",
    "buildings",
    "overnight",
    "aftershocks",
    "rattled",
    "residents",
    "slept",
    "outdoors",
    "parks",
    "schools",
    "hospitals",
    "treated",
    "injured",
    "magnitude",
    "epicentre",
    "tremor",
]
FIRE_WORDS = [
    "firefighters",
    "battled",
    "blaze",
    "warehouse",
    "chemicals",
    "smoke",
    "plume",
    "port",
    "workers",
    "evacuated",
    "investigators",
    "cause",
    "sprinklers",
    "roof",
    "trucks",
    "factory",
    "owners",
    "insurance",
]


def crowd(stories: list[tuple[str, str, list[str], int]], seed: int = 5) -> list[AnnotatedArticle]:
    """Reports of (kind, day, words, count) stories in Izmir, shuffled into one feed."""
    import random

    rng = random.Random(seed)
    plan = [(kind, day, words) for kind, day, words, n in stories for _ in range(n)]
    rng.shuffle(plan)
    return [
        article(
            f"r{i:04d}",
            day,
            [(kind, day, ["Izmir"], "main", "")],
            [(0, "killed", 12 if kind == "earthquake" else 2)],
            text=f"A {kind} in Izmir. " + " ".join(rng.choices(words, k=50)),
        )
        for i, (kind, day, words) in enumerate(plan)
    ]


def events_of(items: list[AnnotatedArticle]) -> list[set[str]]:
    linked = link(items)
    kinds = {i.article.id: i.events[0].type + i.events[0].time.value for i in items}  # type: ignore[union-attr,operator]
    groups: dict[int | None, set[str]] = {}
    for aid, cid in linked.main_event.items():
        groups.setdefault(cid, set()).add(kinds[aid])
    return list(groups.values())


def test_an_event_told_hundreds_of_times_on_one_day_in_one_town_is_one_event() -> None:
    # Every day, place and word of these reports is shared by far more reports than an
    # index posting offers in full.
    events = events_of(crowd([("earthquake", "2025-03-03", QUAKE_WORDS, 150)]))
    assert len(events) == 1


def test_two_big_events_of_one_day_and_town_stay_two_and_apart() -> None:
    events = events_of(
        crowd(
            [
                ("earthquake", "2025-03-03", QUAKE_WORDS, 120),
                ("fire", "2025-03-03", FIRE_WORDS, 120),
                ("earthquake", "2025-03-04", QUAKE_WORDS, 60),  # the next day's aftershock
            ]
        )
    )
    assert sorted(len(e) for e in events) == [1, 1, 1]  # no event mixes two stories
    assert len(events) == 3


def test_a_groups_mean_cosine_with_its_centroid_is_the_length_of_its_sum_over_its_size() -> None:
    import math

    from newsdesk.link import _Joined

    a, b, c = untyped("a", "x", None), untyped("b", "y", None), untyped("c", "z", None)
    frames = [frames_of(x)[0] for x in (a, b, c)]
    vectors = [{1: 1.0}, {1: 0.6, 2: 0.8}, {2: 1.0}]
    for frame, vector in zip(frames, vectors, strict=True):
        frame.vector = vector
    joined = _Joined(frames, [[0, 1, 2]])
    total = {1: 1.6, 2: 1.8}
    norm = math.sqrt(sum(w * w for w in total.values()))
    mean = sum(sum(w * total[t] for t, w in v.items()) / norm for v in vectors) / 3
    assert abs((joined.cohesion(0) or 0.0) - mean) < 1e-12


def test_a_copy_joins_its_originals_event_unless_the_hard_evidence_says_otherwise() -> None:
    quake = "A strong earthquake shook Izmir, rescuers of the Korvel brigade said. " * 4
    vote = "Parliament passed the Lintra budget after a long night of talks. " * 4
    day = "2025-03-03"
    a = article("a", day, [("earthquake", day, ["Izmir"], "main", "")], text=quake)
    # b says too little to join a's event by itself; the copy finder says it copies a.
    b = article("b", None, [("news", None, ["Manisa"], "main", "")], text=vote)
    # c copies a too, but is firmly of another day: a copy that was changed, not the same news.
    c = article(
        "c", "2025-03-20", [("earthquake", "2025-03-20", ["Izmir"], "main", "")], text=quake
    )
    apart = link([a, b, c])
    assert apart.main_event["a"] != apart.main_event["b"]
    linked = link([a, b, c], {"b": "a", "c": "a"})
    assert linked.main_event["a"] == linked.main_event["b"]
    assert linked.main_event["c"] != linked.main_event["a"]
