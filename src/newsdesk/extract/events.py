"""Event mentions: what happened, when and where, and whether it is the article's news.

A news article names one happening many times ("the strikes", "the attacks",
"the barrage", "blasts", "power outages") and refers to older ones ("the 84
rockets launched on October 10", "last month", "the 1999 quake"). Linking across
articles needs one mention per *distinct* happening, each with a day, so the
trigger words found here are grouped by role, event family and day: repeated
references collapse into one EventMention (the first trigger is kept), while a
different day or a different country makes a separate one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from newsdesk.models import EventMention, PlaceMention, PublishedDate, Sentence, TimeMention

# lemma -> event type; nouns and verbs alike (spaCy lemmatises both).
_TRIGGERS: dict[str, str] = {
    "attack": "attack",
    "strike": "attack",
    "airstrike": "attack",
    "shelling": "attack",
    "barrage": "attack",
    "bombardment": "attack",
    "bombard": "attack",
    "bombing": "attack",
    "shooting": "attack",
    "shootout": "attack",
    "stabbing": "attack",
    "raid": "attack",
    "pound": "attack",
    "shell": "attack",
    "massacre": "attack",
    "ambush": "attack",
    "murder": "attack",
    "homicide": "attack",
    "gunfire": "attack",
    "stab": "attack",
    "explosion": "explosion",
    "blast": "explosion",
    "explode": "explosion",
    "detonation": "explosion",
    "earthquake": "earthquake",
    "quake": "earthquake",
    "tremor": "earthquake",
    "temblor": "earthquake",
    "aftershock": "earthquake",
    "storm": "storm",
    "hurricane": "storm",
    "typhoon": "storm",
    "cyclone": "storm",
    "tornado": "storm",
    "blizzard": "storm",
    "flood": "flood",
    "flooding": "flood",
    "landslide": "flood",
    "mudslide": "flood",
    "wildfire": "wildfire",
    "bushfire": "wildfire",
    "outage": "outage",
    "blackout": "outage",
    "battle": "battle",
    "fighting": "battle",
    "clash": "battle",
    "offensive": "battle",
    "counteroffensive": "battle",
    "assault": "attack",
    "withdrawal": "withdrawal",
    "retreat": "withdrawal",
    "withdraw": "withdrawal",
    "recapture": "withdrawal",
    "reclaim": "withdrawal",
    "retake": "withdrawal",
    "liberate": "withdrawal",
    "liberation": "withdrawal",
    "crash": "accident",
    "collision": "accident",
    "derailment": "accident",
    "accident": "accident",
    "capsize": "accident",
    "protest": "protest",
    "demonstration": "protest",
    "riot": "protest",
    "rally": "protest",
}
# Triggers that only count with a weapon or a strong trigger nearby ("campaign", "wave").
_WEAK_TRIGGERS = {
    "campaign": "attack",
    "wave": "attack",
    "fire": "attack",
    "launch": "attack",
    "hit": "attack",
    "target": "attack",
}
_WEAPONS = frozenset(
    {
        "missile",
        "rocket",
        "drone",
        "shell",
        "projectile",
        "bomb",
        "uav",
        "shahed",
        "artillery",
        "airstrike",
        "strike",
    }
)
# Trigger lemmas that are not events in these uses.
_NOT_EVENT_HEADS = frozenset(
    {
        "siren",
        "alert",
        "warning",
        "shelter",
        "force",
        "group",
        "zone",
        "unit",
        "division",
        "detective",
        "investigator",
        "squad",
        "rate",
    }
)
# Particles that make "shoot" something other than firing at people ("shoot down" a missile).
_SHOOT_PARTICLES = frozenset({"down", "up", "off"})

PRIMARY_TYPES = (
    "attack",
    "earthquake",
    "storm",
    "flood",
    "wildfire",
    "accident",
    "battle",
    "withdrawal",
    "protest",
)
# Consequences that join a primary happening of the same role and day when there is one
# (the blasts and outages of a barrage, the flooding of a storm).
SECONDARY_TYPES = ("explosion", "outage", "flood")
_CLAUSE_EDGES = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "parataxis", "xcomp"})
_PAST_WORDS = re.compile(
    r"\b(?:last|previous|earlier\s+this|ago|yesterday|in\s+(?:18|19|20)\d\d)\b|^(?:18|19|20)\d\d$",
    re.IGNORECASE,
)
_BEFORE_MARK = re.compile(
    r"\b(?:days?|weeks?|months?|years?)\s+(?:after|since|following)\s*$", re.IGNORECASE
)


@dataclass
class Trigger:
    """One trigger word before grouping: the raw evidence an EventMention is built from."""

    type: str
    token: Token
    sentence: Sentence
    time: TimeMention | None = None
    role: str = "main"
    places: list[PlaceMention] = field(default_factory=list)
    day: str | None = None  # grouping key: the day (or day range) the trigger refers to
    stated: bool = False  # the time is written in the trigger's own clause
    countries: set[str] = field(default_factory=set)  # of places inside the trigger's phrase
    group: int = -1  # index of the EventMention it ended up in


# ------------------------------------------------------------ token helpers
def sentence_of(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence holding character ``offset``."""
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def token_at(doc: Doc, offset: int) -> Token | None:
    """The token covering character ``offset`` (or the next one)."""
    for token in doc:
        if token.idx <= offset < token.idx + len(token.text) or token.idx >= offset:
            return token
    return None


def path_info(a: Token, b: Token) -> tuple[int, bool]:
    """Dependency distance between two tokens and whether the path crosses a clause edge."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i: n for n, t in enumerate(up_b)}
    for n, token in enumerate(up_a):
        if token.i in ids_b:
            m = ids_b[token.i]
            crossing = any(t.dep_ in _CLAUSE_EDGES for t in up_a[:n]) or any(
                t.dep_ in _CLAUSE_EDGES for t in up_b[:m]
            )
            return n + m, crossing
    return 99, True


def is_actor(doc: Doc, place: PlaceMention) -> bool:
    """'Russia fired', 'fired by/from Russia', 'Russia's strikes': the attacker, not the scene."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    if root.dep_ in ("nsubj", "poss") or (root.tag_ in ("JJ", "NNPS") and root.dep_ == "amod"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ in ("by", "from")


# --------------------------------------------------------------- detection
def _trigger_type(token: Token, sentence_lemmas: set[str]) -> str | None:
    """Event type of a token, or None; weak words need a weapon or strong trigger around."""
    lemma = token.lemma_.lower()
    text = token.lower_
    if token.pos_ not in ("NOUN", "VERB", "PROPN") or _negated(token):
        return None
    if token.dep_ == "compound" and token.head.lemma_.lower() in _NOT_EVENT_HEADS:
        return None
    if lemma in ("power", "electricity") and token.head.lemma_.lower() in ("cut", "outage"):
        return None
    if lemma == "cut" and any(c.lemma_.lower() in ("power", "electricity") for c in token.children):
        return "outage"
    if text in ("fire", "fires") and any(
        c.lower_ in ("forest", "bush", "wild") for c in token.lefts
    ):
        return "wildfire"
    if lemma == "fire" and token.head.lemma_.lower() == "open":
        return "attack"  # "a gunman opened fire"
    if lemma == "shoot" and token.pos_ == "VERB":
        return _shooting(token)
    if token.pos_ == "VERB" and _subject_is_trigger(token):
        return None  # "an earthquake struck": the earthquake is the trigger
    if lemma in _TRIGGERS:
        if (
            lemma == "strike"
            and token.pos_ == "VERB"
            and any(
                c.lemma_.lower() in ("deal", "agreement", "balance", "tone", "chord")
                for c in token.children
            )
        ):
            return None
        return _TRIGGERS[lemma]
    if lemma in ("wave", "campaign", "series") and _of_trigger(token):
        return None  # "a wave of airstrikes": the airstrikes are the trigger
    if lemma in _WEAK_TRIGGERS and (
        _weapon_nearby(token)
        or (lemma in ("campaign", "wave") and sentence_lemmas & set(_TRIGGERS))
    ):
        return _WEAK_TRIGGERS[lemma]
    return None


def _shooting(verb: Token) -> str | None:
    """'a man was shot', 'shot and killed': a shooting; 'shot down six missiles' is not one.

    Interceptions are figures of an attack told by other words, and a shot film or photo
    is no event, so "shoot" counts only without a particle and without a weapon or media
    object.
    """
    if any(c.dep_ == "prt" and c.lower_ in _SHOOT_PARTICLES for c in verb.children):
        return None
    if any(
        c.dep_ == "dobj" and c.lemma_.lower() in _WEAPONS | {"video", "film", "photo", "scene"}
        for c in verb.children
    ):
        return None
    return "attack"


def _subject_is_trigger(verb: Token) -> bool:
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in _TRIGGERS for c in verb.children
    )


def _negated(token: Token) -> bool:
    """'It was no accident', 'no attack': not an event."""
    return any(c.dep_ == "neg" or c.lower_ == "no" for c in token.children)


def _of_trigger(token: Token) -> bool:
    for child in token.children:
        if (
            child.dep_ == "prep"
            and child.lower_ == "of"
            and any(t.lemma_.lower() in _TRIGGERS for t in child.subtree)
        ):
            return True
    return False


def _weapon_nearby(token: Token) -> bool:
    """A weapon word among the token's syntactic neighbours ('missiles fired', 'fired missiles')."""
    near = [*token.children, token.head, *(c for c in token.head.children if c.i != token.i)]
    return any(t.lemma_.lower() in _WEAPONS for t in near)


def find_triggers(doc: Doc, sentences: list[Sentence]) -> list[Trigger]:
    """Every trigger word in document order, tied to its sentence."""
    out: list[Trigger] = []
    for sentence in sentences:
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None:
            continue
        lemmas = {t.lemma_.lower() for t in span}
        for token in span:
            kind = _trigger_type(token, lemmas)
            if kind is not None:
                out.append(Trigger(kind, token, sentence))
    return out


# ---------------------------------------------------------------- anchoring
def _time_token(doc: Doc, time: TimeMention) -> Token | None:
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


_RECENT_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|"
    r"this\s+(?:morning|afternoon|evening|week))\b",
    re.IGNORECASE,
)


def _usable(time: TimeMention) -> bool:
    stated = (
        time.earliest
        or time.value
        or _PAST_WORDS.search(time.text)
        or _RECENT_WORDS.search(time.text)
    )
    return time.type == "DATE" and bool(stated)


def own_time(
    doc: Doc, token: Token, sentence: Sentence, times: list[TimeMention]
) -> TimeMention | None:
    """The time expression of the trigger's own clause (nearest by dependency path)."""
    best: tuple[int, int, TimeMention] | None = None
    for time in times:
        if not (sentence.start <= time.start < sentence.end) or not _usable(time):
            continue
        tok = _time_token(doc, time)
        if tok is None:
            continue
        dist, crossing = path_info(token, tok)
        if crossing and not _same_clause_head(token, tok):
            continue
        if _reference_point(tok, token):
            continue
        key = (dist, abs(tok.i - token.i))
        if best is None or key < best[:2]:
            best = (key[0], key[1], time)
    return best[2] if best else None


_REFERENCE_PREPS = frozenset({"since", "than", "before", "until", "like"})


def _reference_point(inner: Token, outer: Token) -> bool:
    """'the largest since Russia's Oct. 10 campaign': Oct. 10 is a yardstick, not the time
    of ``outer`` (unless ``outer`` itself sits inside that phrase)."""
    for ancestor in inner.ancestors:
        if ancestor.lower_ in _REFERENCE_PREPS and ancestor.dep_ in ("prep", "mark"):
            return outer not in ancestor.subtree
    return False


def _aside(trig: Trigger) -> bool:
    """A trigger inside a 'since ...' / 'than ...' yardstick phrase: not the narrative."""
    head = trig.token.head
    return any(
        a.lower_ in _REFERENCE_PREPS and a.dep_ in ("prep", "mark")
        for a in [trig.token, head, *head.ancestors][:4]
    )


def _same_clause_head(trigger: Token, time_tok: Token) -> bool:
    """A noun trigger inside an -ing/-ed modifier of the time's clause still shares it."""
    return trigger.head == time_tok.head and trigger.dep_ in ("dobj", "nsubj", "nsubjpass")


def _days(time: TimeMention | None) -> tuple[date, date] | None:
    if time is None or not time.earliest or not time.latest:
        return None
    try:
        return date.fromisoformat(time.earliest[:10]), date.fromisoformat(time.latest[:10])
    except ValueError:
        return None


def _is_past(time: TimeMention, published: date | None, undated_news: bool = False) -> bool:
    """True when the expression clearly lies before the publication day.

    Without a publication date, a calendar date ("October 10") in an article whose
    own news is told undated ("on Tuesday", no date at all) is taken as older news.
    """
    bounds = _days(time)
    if bounds is not None and published is not None:
        return bounds[1] < published
    if published is None and undated_news and time.value and time.value[:1] in "X12":
        return True
    year = re.fullmatch(r"(18|19|20)\d\d", (time.value or "")[:4] if time.value else "")
    if year and published is not None and time.value and len(time.value) == 4:
        return int(time.value) < published.year
    return bool(_PAST_WORDS.search(time.text))


def _after_other(trigger: Trigger, earlier: list[Trigger]) -> bool:
    """'X came days after Y' / 'X after Y' with Y of another family: Y is older news."""
    token = trigger.token
    doc = token.doc
    prefix = doc.text[trigger.sentence.start : token.idx]
    marks = list(
        re.finditer(
            r"\b(?:after|following|followed|since|in\s+the\s+wake\s+of)\b", prefix, re.IGNORECASE
        )
    )
    if not marks:
        return False
    mark_at = trigger.sentence.start + marks[-1].start()
    if _BEFORE_MARK.search(doc.text[trigger.sentence.start : mark_at + len(marks[-1].group(0))]):
        return True
    before = [t for t in earlier if t.sentence is trigger.sentence and t.token.idx < mark_at]
    return any(_family(t.type) != _family(trigger.type) for t in before)


def _family(kind: str) -> str:
    return "attack" if kind in ("attack", "explosion", "outage") else kind


def anchor_triggers(
    doc: Doc,
    triggers: list[Trigger],
    times: list[TimeMention],
    published: PublishedDate,
    places: list[PlaceMention],
) -> None:
    """Give each trigger its time, role, day key and places (in place)."""
    pub = _pub_day(published)
    explicit_today = False
    for trig in triggers:
        trig.places = [p for p in places if trig.sentence.start <= p.start < trig.sentence.end]
        trig.countries = _own_countries(trig, places)
        trig.time = own_time(doc, trig.token, trig.sentence, times)
        if trig.time is None:
            trig.time = _time_ahead(doc, trig, times, places)
        trig.stated = trig.time is not None
    undated_news = any(not t.stated for t in triggers)
    for n, trig in enumerate(triggers):
        if trig.time is not None:
            trig.role = "background" if _is_past(trig.time, pub, undated_news) else "main"
            bounds = _days(trig.time)
            if bounds and pub and bounds[0] <= pub <= bounds[1]:
                explicit_today = True
        elif _after_other(trig, triggers[:n]):
            trig.role = "background"
        else:
            _inherit(trig, triggers[:n], doc, times)
    _settle_yesterday(triggers, pub, explicit_today)
    for trig in triggers:
        trig.day = _day_key(trig, pub)


def _inherit(trig: Trigger, earlier: list[Trigger], doc: Doc, times: list[TimeMention]) -> None:
    """No own time: same-sentence trigger's time, else the last same-type mention's."""
    same_sentence = [t for t in earlier if t.sentence is trig.sentence and t.stated]
    source = same_sentence[-1] if same_sentence else None
    if source is None:
        same_type = [t for t in earlier if t.type == trig.type and not _aside(t)]
        source = same_type[-1] if same_type else None
    if source is None:
        same_family = [t for t in earlier if _family(t.type) == _family(trig.type)]
        source = same_family[-1] if same_family and trig.type in SECONDARY_TYPES else None
    if source is not None:
        trig.time, trig.role = source.time, source.role


def _own_countries(trig: Trigger, places: list[PlaceMention]) -> set[str]:
    """Countries of the places inside the trigger's own phrase ('strikes that landed on Poland')."""
    subtree = list(trig.token.subtree)
    lo, hi = subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)
    return {
        p.country_code
        for p in places
        if lo <= p.start < hi and p.country_code and not is_actor(trig.token.doc, p)
    }


def _time_ahead(
    doc: Doc, trig: Trigger, times: list[TimeMention], places: list[PlaceMention]
) -> TimeMention | None:
    """'... landed on Poland, killing two. On Tuesday, the Polish ministry said ...'.

    A trigger placed in a country of its own, without a time, takes the time that
    opens the next sentence when that sentence speaks of the same country.
    """
    if not trig.countries:
        return None
    end = trig.sentence.end
    text = doc.text
    nxt_start = end + len(text[end:]) - len(text[end:].lstrip())
    opening = [t for t in times if nxt_start <= t.start <= nxt_start + 4 and _usable(t)]
    if not opening:
        return None
    stop = text.find(".", nxt_start)
    stop = len(text) if stop < 0 else stop
    ahead = {p.country_code for p in places if nxt_start <= p.start < stop and p.country_code}
    return opening[0] if ahead & trig.countries else None


def _settle_yesterday(triggers: list[Trigger], pub: date | None, explicit_today: bool) -> None:
    """Yesterday is still the article's news unless the text also speaks of today."""
    if pub is None:
        return
    for trig in triggers:
        bounds = _days(trig.time)
        if bounds and trig.role == "background" and bounds[1] == pub - timedelta(days=1):
            trig.role = "background" if explicit_today else "main"


def _pub_day(published: PublishedDate) -> date | None:
    for value in (published.date, published.latest):
        if value:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def _day_key(trig: Trigger, pub: date | None) -> str | None:
    bounds = _days(trig.time)
    if (
        bounds is not None
        and trig.role == "main"
        and pub is not None
        and bounds[0] <= pub <= bounds[1]
    ):
        return f"{pub}/{pub}"  # "this week" in today's news is today's happening
    if bounds is not None:
        return f"{bounds[0]}/{bounds[1]}"
    if trig.time is not None and trig.time.value and trig.role != "main":
        return trig.time.value
    if trig.role == "main" and pub is not None:
        return f"{pub}/{pub}"
    return "main" if trig.role == "main" else None


# ----------------------------------------------------------------- grouping
def _countries(trig: Trigger) -> set[str]:
    return trig.countries


def group_triggers(
    text: str, triggers: list[Trigger], published: PublishedDate
) -> list[EventMention]:
    """One EventMention per (role, family, day, country) happening; secondaries join primaries."""
    mentions: list[EventMention] = []
    keys: list[tuple[str, str, str | None]] = []
    countries: list[set[str]] = []
    ordered = sorted(range(len(triggers)), key=lambda i: triggers[i].type in SECONDARY_TYPES)
    for i in ordered:
        trig = triggers[i]
        key = (trig.role, _family(trig.type), trig.day)
        target = _find_group(keys, countries, key, _countries(trig), trig.type)
        if target is None:
            mentions.append(_new_mention(text, trig, len(mentions), published))
            keys.append(key)
            countries.append(set(_countries(trig)))
            target = len(mentions) - 1
        else:
            _absorb(mentions[target], trig)
            countries[target] |= _countries(trig)
        trig.group = target
    return _renumber(mentions, triggers)


def _find_group(
    keys: list[tuple[str, str, str | None]],
    countries: list[set[str]],
    key: tuple[str, str, str | None],
    trig_countries: set[str],
    kind: str,
) -> int | None:
    secondary = kind in SECONDARY_TYPES
    for n, existing in enumerate(keys):
        same_slot = existing[0] == key[0] and existing[2] == key[2]
        if existing != key and not (secondary and same_slot):
            continue
        # A different country on the same day (the blast in Poland) is another happening.
        if (
            trig_countries
            and countries[n]
            and not (trig_countries & countries[n])
            and kind not in SECONDARY_TYPES
        ):
            continue
        return n
    return None


def _new_mention(text: str, trig: Trigger, index: int, published: PublishedDate) -> EventMention:
    token = trig.token
    start, end = token.idx, token.idx + len(token.text)
    time = trig.time
    if time is None and trig.role == "main" and published.date:
        time = TimeMention(
            start=0,
            end=0,
            text="",
            type="DATE",
            value=published.date,
            earliest=published.date,
            latest=published.date,
            precision="day",
            relative=True,
        )
    return EventMention(
        index=index,
        type=trig.type,
        start=start,
        end=end,
        text=text[start:end],
        sentence_start=trig.sentence.start,
        sentence_end=trig.sentence.end,
        time=time,
        places=list(trig.places),
        role="main" if trig.role == "main" else "background",
    )


def _absorb(mention: EventMention, trig: Trigger) -> None:
    """Merge a repeated reference: keep the first trigger, add places, prefer a stated time."""
    if mention.type in SECONDARY_TYPES and trig.type not in SECONDARY_TYPES:
        mention.type = trig.type
    known = {(p.start, p.end) for p in mention.places}
    mention.places.extend(p for p in trig.places if (p.start, p.end) not in known)
    if (mention.time is None or not mention.time.text) and trig.time is not None:
        mention.time = trig.time


def _renumber(mentions: list[EventMention], triggers: list[Trigger]) -> list[EventMention]:
    """Order mentions by first trigger offset so indexes follow the text."""
    order = sorted(range(len(mentions)), key=lambda n: mentions[n].start)
    new_index = {old: new for new, old in enumerate(order)}
    for trig in triggers:
        trig.group = new_index[trig.group]
    result = [mentions[old] for old in order]
    for n, mention in enumerate(result):
        mention.index = n
    return result


def find_event_mentions(
    text: str,
    doc: Doc,
    sentences: list[Sentence],
    places: list[PlaceMention],
    times: list[TimeMention],
    published: PublishedDate,
) -> tuple[list[EventMention], list[Trigger]]:
    """Event mentions of an article, plus the raw triggers (figures attach through them)."""
    triggers = find_triggers(doc, sentences)
    anchor_triggers(doc, triggers, times, published, places)
    mentions = group_triggers(text, triggers, published)
    return mentions, triggers
