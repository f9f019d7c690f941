"""Figures: the counts an article states (killed, missiles launched, without power ...).

A count becomes a figure only when its *head noun* and *governing verb* say what
is counted: "at least seven people were killed", "Seventy of the missiles ... had
been shot down", "left roughly 10 million ... without power". The dependency
parse gives noun and verb; lexical fall-backs cover what small parsers get wrong
(a verb right before the number, "death toll ... to 19", "a magnitude 6.1
quake"). A number whose noun is known but belongs to no kind (troops deployed,
days, conscripts) is never a figure: precision matters more than recall here,
because every figure is shown to an analyst as a claim of the article.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsdesk.extract.events import is_actor, sentence_of
from newsdesk.models import Figure, NumberMention, PlaceMention, Sentence

# --------------------------------------------------------------- vocabulary
_PEOPLE = frozenset(
    {
        "people",
        "person",
        "civilian",
        "child",
        "kid",
        "adult",
        "resident",
        "soldier",
        "serviceman",
        "servicemen",
        "woman",
        "man",
        "men",
        "women",
        "victim",
        "passenger",
        "worker",
        "student",
        "officer",
        "policeman",
        "firefighter",
        "member",
        "citizen",
        "individual",
        "protester",
        "protestor",
        "fatality",
        "casualty",
        "body",
        "miner",
        "tourist",
        "pupil",
        "baby",
        "infant",
        "family",
        "villager",
        "migrant",
        "refugee",
        "inhabitant",
        "patient",
        "employee",
        "guard",
        "militant",
        "fighter",
        "teenager",
        "boy",
        "girl",
        "journalist",
        "bystander",
        "crew",
        "sailor",
        "pilgrim",
        "customer",
        "household",
        "home",
        "dead",
        "death",
        "injury",
        "wounded",
        "injured",
        "survivor",
        "hostage",
        "suspect",
        "demonstrator",
        "staff",
        "others",
        "other",
        "pedestrian",
        "driver",
        "shopper",
        "spectator",
        "teen",
        "toddler",
        "youth",
        "juvenile",
        "male",
        "female",
        "relative",
        "neighbor",
        "neighbour",
        "friend",
        "clerk",
        "owner",
        "mother",
        "father",
        "son",
        "daughter",
        "brother",
        "sister",
        "wife",
        "husband",
        "trooper",
        "deputy",
        "cop",
        "motorist",
    }
)
_NOT_COUNTED = frozenset(
    {
        "troop",
        "rescuer",
        "conscript",
        "recruit",
        "reservist",
        "volunteer",
        "responder",
        "year",
        "day",
        "hour",
        "minute",
        "second",
        "week",
        "month",
        "time",
        "percent",
        "point",
        "leader",
        "nation",
        "country",
        "member state",
        "mile",
        "kilometre",
        "kilometer",
        "inch",
        "foot",
        "meter",
        "metre",
        "dollar",
        "euro",
        "vote",
        "seat",
        "round",
        "stage",
    }
)
_MISSILES = frozenset({"missile", "rocket", "projectile", "kh-101", "iskander", "kalibr"})
_DRONES = frozenset({"drone", "uav", "shahed", "shaheds", "kamikaze"})
_STRIKES = frozenset({"strike", "airstrike", "raid", "bombardment", "attack", "shelling"})
_BUILDINGS = frozenset(
    {
        "building",
        "house",
        "home",
        "apartment",
        "block",
        "school",
        "hospital",
        "structure",
        "dwelling",
        "residence",
        "property",
        "shop",
        "store",
        "church",
        "mosque",
        "kindergarten",
        "flat",
        "skyscraper",
        "tower",
        "office",
        "warehouse",
    }
)
_INFRA = frozenset(
    {
        "infrastructure",
        "facility",
        "installation",
        "plant",
        "substation",
        "station",
        "bridge",
        "transformer",
        "line",
        "pipeline",
        "dam",
        "road",
        "railway",
        "port",
        "piece",
        "object",
        "site",
        "target",
        "grid",
        "network",
        "boiler",
    }
)
_PLACES = frozenset(
    {
        "city",
        "town",
        "village",
        "region",
        "area",
        "district",
        "province",
        "oblast",
        "locality",
        "settlement",
        "community",
        "county",
        "neighborhood",
        "neighbourhood",
        "municipality",
        "state",
        "hamlet",
        "suburb",
        "island",
        "location",
        "place",
    }
)

_KILL_VERBS = frozenset(
    {
        "kill",
        "die",
        "perish",
        "slay",
        "claim",
        "murder",
        "execute",
        "drown",
        "massacre",
        "behead",
        "dead",
    }
)
_INJURE_VERBS = frozenset(
    {"injure", "wound", "hurt", "hospitalize", "hospitalise", "maim", "injured", "wounded", "treat"}
)
_MISSING_VERBS = frozenset({"missing", "unaccounted"})
# Verbs whose active subject does the harm (or the arrest) rather than suffers it.
_AGENT_VERBS = frozenset(
    {
        "kill",
        "slay",
        "murder",
        "execute",
        "massacre",
        "behead",
        "shoot",
        "injure",
        "wound",
        "hurt",
        "maim",
        "stab",
        "beat",
        "gun",
        "arrest",
        "detain",
        "apprehend",
        "rescue",
        "evacuate",
        "displace",
    }
)
# Verbs of wounding whose adverb or complement says whether the victim died.
_HARM_VERBS = frozenset({"shoot", "wound", "injure", "stab", "beat", "hit", "strike", "gun"})
_DISPLACE_VERBS = frozenset({"displace", "flee", "uproot", "homeless"})
_EVACUATE_VERBS = frozenset({"evacuate", "relocate"})
_RESCUE_VERBS = frozenset({"rescue", "save", "pull", "free"})
_ARREST_VERBS = frozenset({"arrest", "detain", "apprehend", "jail"})
_LAUNCH_VERBS = frozenset(
    {"fire", "launch", "unleash", "send", "use", "hurl", "lob", "deploy", "rain", "shoot"}
)
_INTERCEPT_VERBS = frozenset(
    {"intercept", "down", "destroy", "neutralize", "neutralise", "repel", "stop", "eliminate"}
)
_DAMAGE_VERBS = frozenset(
    {
        "damage",
        "destroy",
        "hit",
        "strike",
        "flatten",
        "collapse",
        "raze",
        "level",
        "demolish",
        "burn",
        "affect",
        "bomb",
        "shell",
        "target",
        "ruin",
        "wreck",
        "topple",
        "pound",
        "flood",
        "inundate",
        "submerge",
        "wash",
        "sweep",
        "gut",
    }
)
_PLACE_VERBS = frozenset(
    {
        "target",
        "hit",
        "strike",
        "bomb",
        "shell",
        "attack",
        "pound",
        "affect",
        "occur",
        "hear",
        "report",
        "record",
        "explode",
        "blast",
        "rock",
        "happen",
        "lose",
    }
)
_EVENT_NOUNS = frozenset(
    {
        "blast",
        "explosion",
        "strike",
        "attack",
        "outage",
        "blackout",
        "airstrike",
        "missile",
        "drone",
        "rocket",
        "shelling",
        "fire",
    }
)
_POWER = frozenset({"power", "electricity", "heat", "heating", "light", "energy"})

_SUBSETS = {
    "child": "children",
    "kid": "children",
    "minor": "children",
    "baby": "children",
    "infant": "children",
    "teenager": "children",
    "boy": "children",
    "girl": "children",
    "civilian": "civilians",
    "soldier": "soldiers",
    "serviceman": "soldiers",
    "servicemen": "soldiers",
    "officer": "police",
    "policeman": "police",
    "police": "police",
    "woman": "women",
    "women": "women",
    "student": "students",
    "pupil": "students",
    "journalist": "journalists",
    "firefighter": "firefighters",
    "worker": "workers",
    "passenger": "passengers",
    "protester": "protesters",
    "demonstrator": "protesters",
    "household": "households",
    "home": "households",
    "customer": "customers",
}
_VAGUE_KINDS = frozenset({"killed", "injured", "missing"})
_PEOPLE_KINDS = frozenset(
    {
        "killed",
        "injured",
        "missing",
        "displaced",
        "evacuated",
        "rescued",
        "arrested",
        "without_power",
    }
)
_MAX_QUOTE = 130
_TOLL_RE = re.compile(r"\b(death|casualty|injury)?\s*tolls?\b[^.;]{0,60}$", re.IGNORECASE)
_MAGNITUDE_BEFORE = re.compile(r"magnitude[\s-]*(?:of\s+)?$|\bmeasur\w+\s+$", re.IGNORECASE)
_MAGNITUDE_AFTER = re.compile(
    r"^[\s-]*(?:magnitude|on\s+the\s+richter|richter|(?:\w+\s+)?(?:earthquake|quake|tremor|temblor))",
    re.IGNORECASE,
)


@dataclass
class Reading:
    """What one number counts, and the tokens that said so (for the quote)."""

    kind: str
    number: Token
    noun: Token | None
    decider: Token  # the verb or noun whose clause becomes the quote
    subset: str | None = None


# ------------------------------------------------------------ noun and verb
def _number_token(doc: Doc, mention: NumberMention) -> Token | None:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    nums = [
        t
        for t in span
        if t.like_num
        or t.lower_ in ("dozen", "dozens", "hundreds", "thousands", "millions", "scores")
    ]
    return nums[-1] if nums else span[-1]


def _lemma(token: Token | None) -> str:
    return token.lemma_.lower() if token is not None else ""


def _head_noun(num: Token) -> tuple[Token | None, Token]:
    """(the counted noun, the token heading the number's noun phrase)."""
    tok = num
    while (
        tok.dep_ in ("compound", "quantmod", "nummod", "nmod")
        and tok.head.pos_ == "NUM"
        and tok.head.i != tok.i
    ):
        tok = tok.head
    if (
        tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod")
        and tok.head.pos_ in ("NOUN", "PROPN")
        and tok.head.i > tok.i
    ):
        noun = tok.head
        return _through_of(noun), noun
    for child in tok.children:  # "Seventy of the missiles", "10 million of his citizens"
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return _through_of(_antecedent(objs[0])), tok
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if (
        nxt is not None
        and nxt.pos_ in ("NOUN", "ADJ")
        and nxt.lemma_.lower()
        in (_PEOPLE | _MISSILES | _DRONES | _STRIKES | _BUILDINGS | _INFRA | _PLACES)
    ):
        return nxt, tok
    return None, tok


def _antecedent(token: Token) -> Token:
    """'40 drones, 35 of which were shot down': 'which' stands for the drones."""
    if token.lower_ not in ("which", "whom", "them", "these", "those"):
        return token
    for ancestor in token.ancestors:
        if ancestor.dep_ in ("relcl", "acl", "advcl") and ancestor.head.pos_ in ("NOUN", "PROPN"):
            return ancestor.head
    for prev in reversed(token.doc[token.sent.start : token.i]):
        if prev.pos_ == "NOUN" and prev.dep_ != "compound":
            return prev  # parsed without the relative clause: the nearest noun before
    return token


def _through_of(noun: Token) -> Token:
    """'pieces of infrastructure' counts infrastructure; 'blocks of flats' counts blocks."""
    if noun.lemma_.lower() in ("piece", "unit", "item", "number", "part", "type"):
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
    return noun


def _noun_class(noun: Token | None) -> str | None:
    lemma = _lemma(noun)
    if not lemma:
        return None
    if noun is not None and noun.ent_type_ == "NORP":
        return "people"  # "killing 12 Ukrainians"
    if noun is not None and any(
        c.lemma_.lower() in ("rescue", "aid", "emergency", "relief") and c.dep_ == "compound"
        for c in noun.lefts
    ):
        return "not"  # "300 rescue workers were deployed": helpers, not victims
    words = {lemma, noun.lower_} if noun is not None else {lemma}
    compounds = {c.lemma_.lower() for c in noun.lefts} if noun is not None else set()
    for name, vocab in (
        ("missile", _MISSILES),
        ("drone", _DRONES),
        ("strike", _STRIKES),
        ("place", _PLACES),
        ("building", _BUILDINGS),
        ("infra", _INFRA),
        ("people", _PEOPLE),
        ("not", _NOT_COUNTED),
    ):
        if words & vocab:
            if name == "missile" and compounds & _DRONES:
                return "drone"
            if name == "building" and compounds & _POWER:
                return "infra"
            return name
    return "people" if _personish(noun) else "other"


_PERSON_SUFFIXES = (
    "man",
    "woman",
    "men",
    "women",
    "ist",
    "ian",
    "eer",
    "keeper",
    "worker",
    "owner",
    "rider",
    "walker",
    "goer",
    "hiker",
    "climber",
    "runner",
    "jogger",
    "farmer",
    "dancer",
    "singer",
    "player",
    "teacher",
    "preacher",
    "lawyer",
    "banker",
    "baker",
    "trucker",
    "seller",
    "dealer",
    "manager",
    "leader",
    "fighter",
    "officer",
    "attendant",
    "tenant",
    "dweller",
    "visitor",
    "sailor",
    "operator",
    "contractor",
    "doctor",
    "pastor",
    "senator",
    "actor",
    "author",
)
# Words with a person suffix that do not name people.
_NOT_PERSON = frozenset(
    {
        "amen",
        "omen",
        "specimen",
        "regimen",
        "abdomen",
        "acumen",
        "german",
        "semen",
        "stamen",
        "median",
    }
)


def _personish(noun: Token | None) -> bool:
    """'fisherman', 'cyclist', 'hiker', 'shopkeeper': agent nouns name people.

    The fixed vocabulary cannot list every trade; the agent suffixes cover most of
    them. Only plain common nouns qualify (no names, no words the other classes claim).
    """
    if noun is None or noun.pos_ != "NOUN" or noun.ent_type_:
        return False
    lemma = noun.lemma_.lower()
    return (
        len(lemma) > 4
        and lemma.isalpha()
        and lemma not in _NOT_PERSON
        and lemma.endswith(_PERSON_SUFFIXES)
    )


def _verb_chain(np_head: Token) -> list[Token]:
    """Verbs (and predicative adjectives) governing the noun phrase, nearest first."""
    chain: list[Token] = []
    tok = np_head
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    for ancestor in tok.ancestors:
        if ancestor.pos_ in ("VERB", "AUX") or ancestor.dep_ == "acomp":
            chain.append(ancestor)
        if chain and chain[-1].dep_ not in ("xcomp", "acomp", "auxpass", "aux"):
            break  # a verb beyond the clause ("pulled ..., while 300 were deployed") is not ours
    return chain


def _side_verbs(np_head: Token, num: Token) -> list[Token]:
    """Verbs the parser may have missed: right before the number, or right after the NP."""
    doc = np_head.doc
    out: list[Token] = []
    left = num.left_edge.i - 1
    while left >= 0 and doc[left].dep_ in ("advmod", "quantmod") and doc[left].pos_ == "ADV":
        left -= 1
    if left >= 0 and doc[left].pos_ == "VERB":
        out.append(doc[left])
    right = max(np_head.i, num.i) + 1
    for tok in doc[right : min(len(doc), right + 5)]:
        if tok.is_punct or tok.pos_ in ("SCONJ", "CCONJ"):
            break
        if tok.pos_ == "VERB" or (
            tok.pos_ == "ADJ" and tok.lemma_.lower() in _KILL_VERBS | _INJURE_VERBS | _MISSING_VERBS
        ):
            out.append(tok)
            break
    return out


def _verb_word(verb: Token) -> str:
    """Lemma with its particle folded in: 'shoot down' -> 'down', 'knock out' -> 'knockout'."""
    lemma = verb.lemma_.lower()
    prts = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    if lemma in ("shoot", "take", "bring", "knock") and "down" in prts:
        return "down"
    return lemma


def _without_power(verb: Token) -> bool:
    """The verb's clause leaves someone without power, or cuts power."""
    for tok in verb.subtree:
        if tok.lower_ in ("without", "no") and any(t.lemma_.lower() in _POWER for t in tok.subtree):
            return True
    lemma = verb.lemma_.lower()
    return lemma in ("lose", "cut", "knock") and any(
        c.lemma_.lower() in _POWER for c in verb.children
    )


# ------------------------------------------------------------ classification
def _classify(mention: NumberMention, num: Token) -> Reading | None:
    """The kind a number counts, or None when the text does not say."""
    doc = num.doc
    text = doc.text
    if _MAGNITUDE_BEFORE.search(
        text[max(0, mention.start - 25) : mention.start]
    ) or _MAGNITUDE_AFTER.match(text[mention.end : mention.end + 30]):
        if mention.value < 11 and not mention.vague:
            head = num.head if num.head.pos_ in ("NOUN", "PROPN") else num
            return Reading("magnitude", num, None, head)
        return None
    if _is_partitive_superlative(num):
        return None
    noun, np_head = _head_noun(num)
    cls = _noun_class(noun)
    if cls in ("not", "other"):
        return None
    own = (
        [c for c in noun.children if c.dep_ == "acl" and c.i > noun.i]
        if noun is not None and noun is np_head
        else []
    )
    verbs = [*_verb_chain(np_head), *_side_verbs(np_head, num), *own]
    reading = _by_toll(mention, num, noun) or _by_verbs(num, noun, np_head, cls, verbs)
    if reading is None and cls == "strike":
        reading = Reading("strikes", num, noun, _subject_verb(np_head) or np_head)
    if reading is not None and mention.vague and reading.kind not in _VAGUE_KINDS:
        return None
    if reading is not None and reading.kind in _PEOPLE_KINDS:
        reading.subset = _subset(noun)
    return reading


def _is_partitive_superlative(num: Token) -> bool:
    """'one of the largest attacks' is a ranking, 'one of two killed' a part of a count."""
    if num.lower_ != "one":
        return False
    nxt = num.doc[num.i + 1 : num.i + 6]
    return (
        len(nxt) > 0
        and nxt[0].lower_ == "of"
        and any(
            t.tag_ == "JJS" or t.like_num or t.lower_ in ("most", "worst", "deadliest", "biggest")
            for t in nxt
        )
    )  # "one of the largest attacks", "one of two people killed"


def _by_toll(mention: NumberMention, num: Token, noun: Token | None) -> Reading | None:
    """'the death toll rose to 19', 'a toll of 12': killed (or injured for injury tolls)."""
    text = num.doc.text
    sent_start = num.sent.start_char
    m = _TOLL_RE.search(text[sent_start : mention.start])
    if not m or (noun is not None and _noun_class(noun) not in ("people", None)):
        return None
    kind = "injured" if (m.group(1) or "").lower() == "injury" else "killed"
    toll = next((t for t in num.sent if t.lemma_.lower() == "toll"), None)
    decider = toll.head if toll is not None and toll.head.pos_ in ("VERB", "AUX") else num
    return Reading(kind, num, noun, decider)


def _by_verbs(
    num: Token, noun: Token | None, np_head: Token, cls: str | None, verbs: list[Token]
) -> Reading | None:
    """Kind from the first governing verb that tells what happened to the counted things."""
    for verb in _with_shared_subject(verbs):
        if _is_agent(np_head, verb):
            continue  # "two men killed a guard": the men did it, they are not the toll
        kind = _kind_for(verb, cls, noun, np_head)
        if kind is not None:
            return Reading(kind, num, noun, verb)
    return _noun_only(num, noun, np_head, cls)


def _with_shared_subject(verbs: list[Token]) -> list[Token]:
    """Each verb followed by the verbs coordinated with it that share its subject.

    "were shot and killed", "was shot and wounded": the second verb says what
    happened to the counted people, the first only how.
    """
    out: list[Token] = []
    for verb in verbs:
        out.append(verb)
        out.extend(
            c
            for c in verb.children
            if c.dep_ == "conj"
            and c.pos_ == "VERB"
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        )
    return out


def _is_agent(np_head: Token, verb: Token) -> bool:
    """The counted noun phrase is the active subject of a harming verb that has an object."""
    if verb.lemma_.lower() not in _AGENT_VERBS:
        return False
    if verb.dep_ == "relcl" and verb.head.i == np_head.i:
        # "two officers who fatally shot a man": the relative clause's active subject.
        return any(c.dep_ == "nsubj" for c in verb.children) and any(
            c.dep_ == "dobj" for t in (verb, *verb.conjuncts) for c in t.children
        )
    head = np_head.head
    if np_head.dep_ != "nsubj" or verb.i not in (head.i, *(c.i for c in head.children)):
        return False
    targets = [head, *(c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    return any(c.dep_ == "dobj" for t in targets for c in t.children)


def _harm_kind(verb: Token, np_head: Token) -> str | None:
    """Wounding verbs that say the outcome: 'fatally shot', 'shot dead', 'suffered injuries'."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    if lemma in _HARM_VERBS:
        if any(c.lower_ in ("fatally", "mortally", "dead") for c in children):
            return "killed"
        if any(
            c.dep_ == "prep"
            and c.lower_ == "to"
            and any(g.lemma_.lower() == "death" for g in c.children)
            for c in children
        ):
            return "killed"  # "shot to death", "beaten to death"
    if lemma in ("suffer", "sustain") and np_head.dep_ == "nsubj":
        for obj in (c for c in children if c.dep_ == "dobj"):
            if obj.lemma_.lower() in ("injury", "wound", "burn"):
                fatal = any(t.lower_ in ("fatal", "deadly", "mortal") for t in obj.lefts)
                return "killed" if fatal else "injured"
    return None


def _kind_for(verb: Token, cls: str | None, noun: Token | None, np_head: Token) -> str | None:
    word = _verb_word(verb)
    if cls in ("people", "building", None) and _without_power(verb):
        return "without_power"
    if cls in ("people", None):
        harm = _harm_kind(verb, np_head)
        if harm is not None:
            return harm
        # "remain missing", "were left homeless", "are dead": the predicate adjective counts.
        words = [
            word,
            verb.lower_,
            *(c.lemma_.lower() for c in verb.children if c.dep_ in ("acomp", "oprd")),
        ]
        for kind, vocab in (
            ("killed", _KILL_VERBS),
            ("injured", _INJURE_VERBS),
            ("missing", _MISSING_VERBS),
            ("displaced", _DISPLACE_VERBS),
            ("evacuated", _EVACUATE_VERBS),
            ("rescued", _RESCUE_VERBS),
            ("arrested", _ARREST_VERBS),
        ):
            hit = next((w for w in words if w in vocab), None)
            if hit is not None:
                return None if kind == "rescued" and cls is None and hit != "rescue" else kind
        if word in ("claim",) or (word == "leave" and _left_dead(verb)):
            return "killed"
    if cls is None and word in _LAUNCH_VERBS | _INTERCEPT_VERBS:
        weapon = _weapon_in_sentence(verb)
        if weapon is not None:
            return _weapon_kind(weapon, word)
    if cls in ("missile", "drone"):
        if word in _INTERCEPT_VERBS:
            return f"{cls}s_intercepted"
        if word in _LAUNCH_VERBS | {"hit", "strike", "target", "attack", "pound", "slam"}:
            return f"{cls}s_launched"
    if cls == "building" and (word in _DAMAGE_VERBS or _event_subject(verb)):
        return "buildings_damaged"
    if cls == "infra" and (word in _DAMAGE_VERBS or word in _INTERCEPT_VERBS):
        return "infrastructure_damaged"
    if (
        cls == "place"
        and (word in _PLACE_VERBS or _event_subject(verb))
        and (np_head.dep_ in ("pobj", "dobj", "nsubjpass", "nsubj") or _in_pp(np_head))
    ):
        return "places_affected"
    return None


def _left_dead(verb: Token) -> bool:
    return any(t.lower_ in ("dead", "killed") for t in verb.subtree)


def _in_pp(tok: Token) -> bool:
    return tok.dep_ == "pobj" and tok.head.lower_ in ("in", "across", "on", "at")


def _event_subject(verb: Token) -> bool:
    """'blasts occurred ...', 'strikes pounded ...': the clause is about the attack itself."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in _EVENT_NOUNS for c in verb.children
    )


def _noun_only(num: Token, noun: Token | None, np_head: Token, cls: str | None) -> Reading | None:
    """Nouns that carry their kind without a verb ('19 dead', 'three fatalities')."""
    lemma = _lemma(noun)
    if lemma in ("fatality", "death", "dead"):
        return Reading("killed", num, noun, _subject_verb(np_head) or np_head)
    if lemma in ("injury", "wounded", "injured"):
        return Reading("injured", num, noun, _subject_verb(np_head) or np_head)
    if cls == "missile" or cls == "drone":
        for child in noun.children if noun is not None else []:
            if child.dep_ in ("acl", "relcl"):
                word = _verb_word(child)
                if word in _INTERCEPT_VERBS:
                    return Reading(f"{cls}s_intercepted", num, noun, np_head)
                if word in _LAUNCH_VERBS:
                    return Reading(f"{cls}s_launched", num, noun, np_head)
    if cls == "place" and _in_pp(np_head) and _event_subject(np_head.head.head):
        return Reading("places_affected", num, noun, np_head.head.head)
    return None


def _subject_verb(np_head: Token) -> Token | None:
    if np_head.dep_ in ("nsubj", "nsubjpass") and np_head.head.pos_ in ("VERB", "AUX"):
        return np_head.head
    return None


def _weapon_in_sentence(verb: Token) -> Token | None:
    """A missile/drone noun in the sentence, for a count with no noun ('fired roughly 100')."""
    candidates = [t for t in verb.sent if t.lemma_.lower() in _MISSILES | _DRONES]
    candidates.sort(key=lambda t: abs(t.i - verb.i))
    return candidates[0] if candidates else None


def _weapon_kind(weapon: Token, word: str) -> str:
    cls = "drone" if weapon.lemma_.lower() in _DRONES else "missile"
    return f"{cls}s_intercepted" if word in _INTERCEPT_VERBS else f"{cls}s_launched"


def _subset(noun: Token | None) -> str | None:
    if noun is None:
        return None
    for word in (noun.lemma_.lower(), noun.lower_):
        if word in _SUBSETS:
            return _SUBSETS[word]
    for left in noun.lefts:
        if left.lemma_.lower() in ("civilian", "child"):
            return _SUBSETS[left.lemma_.lower()]
    return None


# -------------------------------------------------------------------- quote
_DROP_DEPS = frozenset(
    {
        "punct",
        "cc",
        "mark",
        "advcl",
        "ccomp",
        "parataxis",
        "relcl",
        "csubj",
        "dep",
        "preconj",
        "intj",
    }
)


def _quote_tokens(reading: Reading, sent: Span) -> tuple[int, int]:
    """Token range [a, b] of a short clause around the figure."""
    decider = reading.decider
    keep = {reading.number.i}
    if reading.noun is not None:
        keep.add(reading.noun.i)
    tokens = _pruned(decider, keep)
    if decider.dep_ == "advcl" and decider.tag_ == "VBG" and decider.head.i < decider.i:
        tokens.add(decider.head.i)  # "landed on Poland, killing two": the clause and its cause
        tokens |= set(range(decider.head.i, decider.i + 1))
    tokens |= {t.i for t in reading.number.subtree}
    a = max(min(tokens), sent.start)
    b = min(max(tokens), sent.end - 1)
    doc = sent.doc
    while a < b and (doc[a].is_punct or doc[a].lower_ in ("that", "which", "who", "and", "but")):
        a += 1
    b = _cut_at_new_clause(doc, a, b, max(keep | {decider.i}))
    while b > a and doc[b].is_punct:
        b -= 1
    return _shorten(doc, a, b, reading)


def _pruned(head: Token, keep: set[int]) -> set[int]:
    """The head's subtree minus subordinate clauses, attributions and long appositions."""
    out = {head.i}
    for child in head.children:
        ids = {t.i for t in child.subtree}
        if not ids & keep and _droppable(head, child, ids):
            continue
        out |= _pruned(child, keep)
    return out


def _droppable(head: Token, child: Token, ids: set[int]) -> bool:
    if child.dep_ in _DROP_DEPS or child.lower_ == "according":
        return True
    if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
        return True
    if child.dep_ == "appos" and len(ids) > 3:
        return True
    return (
        child.dep_ == "prep"
        and child.lower_ == "with"
        and child.i > head.i
        and any(t.pos_ == "VERB" for t in child.subtree)
    )


def _cut_at_new_clause(doc: Doc, a: int, b: int, last_kept: int) -> int:
    """'... in the capital and forces were able to ...': stop before a new clause."""
    for i in range(last_kept + 1, b + 1):
        if doc[i].pos_ == "CCONJ" or doc[i].lower_ in (";", "while", "but", "as"):
            rest = doc[i + 1 : b + 1]
            if any(t.pos_ in ("VERB", "AUX") for t in rest[:6]):
                return i - 1
    return b


def _shorten(doc: Doc, a: int, b: int, reading: Reading) -> tuple[int, int]:
    """Trim a long clause to the number phrase and its nearest words."""
    if doc[b].idx + len(doc[b].text) - doc[a].idx <= _MAX_QUOTE:
        return a, b
    core = {reading.number.i, reading.decider.i}
    if reading.noun is not None:
        core.add(reading.noun.i)
    lo, hi = min(core), max(core)
    while (
        hi < b
        and doc[hi + 1].idx + len(doc[hi + 1].text) - doc[lo].idx <= _MAX_QUOTE
        and not doc[hi + 1].is_punct
    ):
        hi += 1
    while (
        lo > a
        and doc[hi].idx + len(doc[hi].text) - doc[lo - 1].idx <= _MAX_QUOTE
        and not doc[lo - 1].is_punct
    ):
        lo -= 1
    return lo, hi


# -------------------------------------------------------------- the figures
def _place_for(
    doc: Doc, start: int, end: int, number_at: int, sentence: Sentence, places: list[PlaceMention]
) -> str | None:
    """Scope place: one named in the quote, else the nearest town/region of the sentence."""
    candidates = [p for p in places if not is_actor(doc, p)]
    inside = [p for p in candidates if start <= p.start and p.end <= end]
    in_sentence = [p for p in candidates if sentence.start <= p.start < sentence.end]
    for group in (inside, in_sentence):
        local = [p for p in group if p.kind in ("city", "region", "custom")]
        pick = local or (group if group is inside else [])
        if pick:
            return min(pick, key=lambda p: abs(p.start - number_at)).name
    return None


def find_figures(
    text: str,
    doc: Doc,
    sentences: list[Sentence],
    numbers: list[NumberMention],
    places: list[PlaceMention],
) -> list[Figure]:
    """Every figure of the article (attribution and event are filled in by the caller)."""
    figures: list[Figure] = []
    for mention in numbers:
        figure = _figure_for(text, doc, sentences, mention, places)
        if figure is not None:
            figures.append(figure)
    taken = [(m.start, m.end) for m in numbers]
    for det, noun in _singular_victims(doc):
        if not any(s < noun.idx + len(noun) and det.idx < e for s, e in taken):
            figure = _singular_figure(text, doc, sentences, det, noun, places)
            if figure is not None:
                figures.append(figure)
    figures.sort(key=lambda f: (f.start, f.end))
    _mark_superseded(text, figures, numbers, doc, sentences, places)
    _mark_parts(text, figures)
    _mark_earlier_reports(text, figures)
    return figures


def _figure_for(
    text: str,
    doc: Doc,
    sentences: list[Sentence],
    mention: NumberMention,
    places: list[PlaceMention],
) -> Figure | None:
    sentence = sentence_of(sentences, mention.start)
    num = _number_token(doc, mention)
    if sentence is None or num is None or num.ent_type_ in ("MONEY", "PERCENT", "TIME"):
        return None
    reading = _classify(mention, num)
    if reading is None:
        return None
    return _build(text, doc, sentence, mention, reading, places)


# Person nouns that "a"/"an" makes a count of one victim; groups and states are not persons.
_NOT_ONE_PERSON = frozenset(
    {
        "family",
        "crew",
        "staff",
        "household",
        "home",
        "others",
        "other",
        "death",
        "injury",
        "dead",
        "wounded",
        "injured",
        "body",
        "member",
        "casualty",
    }
)
_SINGULAR_KINDS = frozenset({"killed", "injured"})


def _singular_victims(doc: Doc) -> list[tuple[Token, Token]]:
    """'A man was shot and killed', 'an officer was wounded': (article, person noun) pairs.

    Local news states a single victim with the indefinite article far more often than
    with "one". A noun coordinated with another ("a man and a woman were killed") is
    left out: one article there does not give the count.
    """
    pairs = []
    for det in doc:
        noun = det.head
        if _bare_headline_noun(det):
            noun = det  # "Teen killed in shooting": the headline's bare subject is one person
        elif det.lower_ not in ("a", "an") or det.dep_ != "det" or noun.i <= det.i:
            continue
        if (
            noun.tag_ != "NN"
            or _noun_class(noun) != "people"
            or noun.lemma_.lower() in _NOT_ONE_PERSON
        ):
            continue
        if noun.dep_ == "conj" or any(c.dep_ == "conj" for c in noun.children):
            continue
        pairs.append((det, noun))
    return pairs


def _bare_headline_noun(token: Token) -> bool:
    """A capitalised singular noun opening its sentence with no determiner ('Man shot, killed')."""
    return (
        token.i == token.sent.start
        and token.tag_ == "NN"
        and token.text[:1].isupper()
        and not any(c.dep_ in ("det", "poss", "nummod") for c in token.children)
    )


def _singular_figure(
    text: str,
    doc: Doc,
    sentences: list[Sentence],
    det: Token,
    noun: Token,
    places: list[PlaceMention],
) -> Figure | None:
    """A killed/injured count of one from 'a <person>' and the verb that governs it."""
    sentence = sentence_of(sentences, det.idx)
    if sentence is None:
        return None
    verbs = [*_verb_chain(noun), *_side_verbs(noun, det)]
    reading = _by_verbs(det, noun, noun, "people", verbs)
    if reading is None or reading.kind not in _SINGULAR_KINDS:
        return None
    reading.subset = _subset(noun)
    end = noun.idx + len(noun)
    mention = NumberMention(start=det.idx, end=end, text=text[det.idx : end], value=1.0)
    return _build(text, doc, sentence, mention, reading, places)


def _build(
    text: str,
    doc: Doc,
    sentence: Sentence,
    mention: NumberMention,
    reading: Reading,
    places: list[PlaceMention],
) -> Figure | None:
    """The figure of a classified count, quoting the clause that decided its kind."""
    sent = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    if sent is None:
        return None
    a, b = _quote_tokens(reading, sent)
    start = min(doc[a].idx, mention.start)
    end = max(doc[b].idx + len(doc[b].text), mention.end)
    start, end = max(start, sentence.start), min(end, sentence.end)
    return Figure(
        kind=reading.kind,
        value=mention.value,
        qualifier=mention.qualifier,
        as_stated=mention.text,
        start=start,
        end=end,
        quote=text[start:end],
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        low=mention.low,
        high=mention.high,
        subset=reading.subset,
        place=_place_for(doc, start, end, mention.start, sentence, places),
    )


# ------------------------------------------------------------ superseded
_CHANGE_RE = re.compile(
    r"\b(?:rose|risen|rising|rises|climbed|climbing|climbs|increased|increasing|jumped|grew|"
    r"went\s+up|soared|revised|raised|updated|fell|dropped|decreased|lowered|swelled|surged)"
    r"\b[^.;]{0,40}\bfrom\s+$",
    re.IGNORECASE,
)


def _mark_superseded(
    text: str,
    figures: list[Figure],
    numbers: list[NumberMention],
    doc: Doc,
    sentences: list[Sentence],
    places: list[PlaceMention],
) -> None:
    """'rose from 632 to 820', 'to 19, up from 12': the older value is superseded."""
    for old, new in itertools.pairwise(numbers):
        older = _older_of(text, old, new)
        if older is None:
            continue
        newer = new if older is old else old
        newer_fig = next(
            (f for f in figures if f.start <= newer.start < f.end and f.as_stated == newer.text),
            None,
        )
        if newer_fig is None:
            continue
        older_fig = next(
            (f for f in figures if f.as_stated == older.text and f.start <= older.start < f.end),
            None,
        )
        if older_fig is None:
            older_fig = Figure(
                kind=newer_fig.kind,
                value=older.value,
                qualifier=older.qualifier,
                as_stated=older.text,
                start=newer_fig.start,
                end=newer_fig.end,
                quote=newer_fig.quote,
                sentence_start=newer_fig.sentence_start,
                sentence_end=newer_fig.sentence_end,
                low=older.low,
                high=older.high,
                subset=newer_fig.subset,
                place=newer_fig.place,
            )
            figures.append(older_fig)
        older_fig.superseded = True
        older_fig.kind = newer_fig.kind
    figures.sort(key=lambda f: (f.start, f.end))


def _older_of(text: str, a: NumberMention, b: NumberMention) -> NumberMention | None:
    between = text[a.end : b.start]
    before = text[max(0, a.start - 60) : a.start]
    if re.fullmatch(r"\s+to\s+", between) and _CHANGE_RE.search(before):
        return a
    if re.fullmatch(r",?\s*(?:up|down)\s+from\s+", between, re.IGNORECASE):
        return b
    return None


# ------------------------------------------------------------ parts and earlier reports
_PART_RE = re.compile(
    r"\s+of\s+(?:them|whom|those)\s+(?:were\s+|are\s+|being\s+)?([a-z]+)", re.IGNORECASE
)
_PART_WORDS = {
    "seriously": "seriously",
    "critically": "seriously",
    "severely": "seriously",
    "gravely": "seriously",
    "children": "children",
    "minors": "children",
    "women": "women",
    "civilians": "civilians",
    "soldiers": "soldiers",
    "police": "police",
    "foreigners": "foreigners",
    "tourists": "tourists",
}
_OTHER_RE = re.compile(r"\s+other\b", re.IGNORECASE)
_EARLIER_RE = re.compile(
    r"\b(?:initial(?:ly)?|first\s+reports?|earlier\s+(?:reports?|counts?|figures?|tolls?)|"
    r"previous(?:ly)?|at\s+first|had\s+(?:put|given|reported|said|estimated))\b",
    re.IGNORECASE,
)


def _number_end(text: str, figure: Figure) -> int | None:
    at = text.find(figure.as_stated, figure.start, figure.end)
    return None if at < 0 else at + len(figure.as_stated)


def _mark_parts(text: str, figures: list[Figure]) -> None:
    """ "More than 140 injured, about 30 of them seriously": the 30 is a part, kept apart.

    Without a subset the part would be reconciled against the whole as a conflicting
    count of the same thing.
    """
    for figure in figures:
        end = _number_end(text, figure)
        if end is None or figure.subset:
            continue
        match = _PART_RE.match(text, end)
        if match:
            figure.subset = _PART_WORDS.get(match.group(1).lower(), "part")
        elif _OTHER_RE.match(text, end):  # "the three other deaths were in Moquegua"
            figure.subset = f"in {figure.place}" if figure.place else "part"


def _mark_earlier_reports(text: str, figures: list[Figure]) -> None:
    """ "Initial reports had put the toll at 12" beside a newer 27: the 12 is superseded.

    Only when the same text gives another value of the same kind for the whole (no
    subset), so a lone earlier figure is never hidden.
    """
    for figure in figures:
        if figure.superseded or figure.subset:
            continue
        sentence = text[figure.sentence_start : figure.sentence_end]
        if not _EARLIER_RE.search(sentence):
            continue
        others = [
            f
            for f in figures
            if f is not figure
            and f.kind == figure.kind
            and not f.subset
            and not f.superseded
            and f.value != figure.value
            and f.event == figure.event
            and not _EARLIER_RE.search(text[f.sentence_start : f.sentence_end])
        ]
        if others:
            figure.superseded = True
