"""Who says so: the source a figure (or any span) is attributed to.

Provenance is the product, so a figure is tied to the person or body that stated
it when the text says so ("according to X", "X said", "said X", "per the BBC",
"The Guardian reports"). The nearest speech verb that *governs* the figure's
clause wins over a sentence-level outlet credit, because "A spokesperson said
that ..., The Guardian reports" is the spokesperson's figure relayed by the
Guardian. When nothing names a source the answer is None, never a guess.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from newsdesk.models import Sentence

SPEECH_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "report",
        "announce",
        "state",
        "write",
        "tweet",
        "post",
        "claim",
        "confirm",
        "note",
        "add",
        "estimate",
        "declare",
        "explain",
        "warn",
        "insist",
        "reveal",
        "disclose",
        "acknowledge",
        "allege",
        "cite",
        "quote",
        "indicate",
    }
)
_TITLE_WORDS = re.compile(r"^(?:mr|mrs|ms|dr|gen|col|lt|sgt|sir|prof)\.?\s+", re.IGNORECASE)
_PRONOUNS = frozenset({"he", "she"})
_VAGUE_SUBJECTS = frozenset({"it", "they", "this", "that", "which", "who", "we", "i", "you"})
_SOURCE_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def find_attribution(text: str, doc: Doc, sentence: Sentence, start: int, end: int) -> str | None:
    """The source of the span ``start:end`` inside ``sentence``, or None if unstated."""
    sent = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    target = doc.char_span(start, end, alignment_mode="expand")
    if sent is None or target is None or len(target) == 0:
        return None
    anchor = target.root
    for finder in (_governing_speaker, _according_to, _any_speaker, _per_outlet):
        source = finder(doc, sent, anchor)
        if source:
            return source
    return None


# ----------------------------------------------------------------- strategies
def _governing_speaker(doc: Doc, sent: Span, anchor: Token) -> str | None:
    """Subject of the nearest speech verb whose clause contains the figure."""
    governing = [
        a for a in _governors(anchor) if _is_speech_verb(a) and anchor.i not in _subject_indexes(a)
    ]
    # "A spokesperson said that ..., The Guardian reports": the one before the figure
    # is the source, the trailing one the outlet relaying it.
    governing.sort(key=lambda verb: verb.i > anchor.i)
    for verb in governing:
        name = _speaker(doc, verb)
        if name:
            return name
    # "X, the mayor, wrote ..." parsed as a coordinated verb: a speech verb whose
    # clause follows the figure's own clause in the same sentence.
    for token in sent:
        if token.i > anchor.i and _is_speech_verb(token) and token.dep_ in ("conj", "parataxis"):
            name = _speaker(doc, token)
            if name:
                return name
    return None


def _according_to(doc: Doc, sent: Span, anchor: Token) -> str | None:
    """'according to X' (or 'as per X') anywhere in the sentence."""
    for token in sent:
        if (
            token.lower_ == "according"
            and token.i + 1 < sent.end
            and doc[token.i + 1].lower_ == "to"
        ):
            obj = _first_object(doc[token.i + 1])
            if obj is not None:
                return _name_of(doc, obj)
    return None


def _any_speaker(doc: Doc, sent: Span, anchor: Token) -> str | None:
    """Any speech verb of the sentence with a named subject (reported speech)."""
    candidates = [t for t in sent if _is_speech_verb(t)]
    candidates.sort(key=lambda t: abs(t.i - anchor.i))
    for verb in candidates:
        name = _speaker(doc, verb)
        if name:
            return name
    return None


def _per_outlet(doc: Doc, sent: Span, anchor: Token) -> str | None:
    """'per the BBC', 'as per BBC' crediting an outlet."""
    for token in sent:
        if token.lower_ == "per" and token.i + 1 < sent.end:
            obj = _first_object(token) or _next_name(doc, token.i + 1, sent.end)
            if obj is not None:
                return _name_of(doc, obj)
    return None


# -------------------------------------------------------------------- helpers
def _governors(token: Token) -> list[Token]:
    """Ancestors up to a coordination: '..., and X was killed' is not what 'reported' governs."""
    out: list[Token] = []
    while token.head.i != token.i:
        if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"):
            break
        token = token.head
        out.append(token)
    return out


def _is_speech_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_LEMMAS


def _subject_indexes(verb: Token) -> set[int]:
    return {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}


def _first_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "pobj":
            return child
    return None


def _next_name(doc: Doc, i: int, limit: int) -> Token | None:
    for j in range(i, min(limit, i + 4)):
        if doc[j].pos_ == "PROPN":
            return doc[j]
    return None


def _speaker(doc: Doc, verb: Token) -> str | None:
    """The subject of a speech verb as a short name, or None for 'it' / passives."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return _name_just_before(doc, verb)
    subject = subjects[0]
    if subject.lower_ in _PRONOUNS:
        return _last_person_before(doc, subject.i)
    if subject.lower_ in _VAGUE_SUBJECTS:
        return None
    return _name_of(doc, subject)


def _name_just_before(doc: Doc, verb: Token) -> str | None:
    """', Vitali Klitschko, wrote on Telegram' parsed without a subject: the name before it."""
    i = verb.i - 1
    while i >= 0 and verb.i - i <= 3 and (doc[i].is_punct or doc[i].pos_ in ("AUX", "ADV")):
        i -= 1
    if i < 0:
        return None
    ent = _entity_of(doc, doc[i])
    if ent is not None and ent.label_ in ("PERSON", "ORG"):
        return _full_person(doc, ent) if ent.label_ == "PERSON" else _clean(ent.text)
    return None


def _name_of(doc: Doc, head: Token) -> str | None:
    """A short name for a noun phrase: the person in an apposition, else the entity, else the NP."""
    for child in head.children:
        if child.dep_ == "appos":
            ent = _entity_of(doc, child)
            if ent is not None and ent.label_ == "PERSON":
                return _full_person(doc, ent)
    ent = _entity_of(doc, head)
    if ent is not None and ent.label_ in _SOURCE_ENTS:
        return _full_person(doc, ent) if ent.label_ == "PERSON" else _clean(ent.text)
    left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod", "poss", "case")]
    if left and left[0].dep_ == "poss" and left[0].lower_ in ("his", "her", "its", "their"):
        left = left[1:]
    start = min([t.left_edge.i for t in left] + [head.i]) if left else head.i
    words = [t for t in doc[start : head.i + 1] if t.dep_ != "det"]
    phrase = "".join(t.text_with_ws for t in words).strip()
    return _clean(phrase) or None


def _entity_of(doc: Doc, token: Token) -> Span | None:
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _full_person(doc: Doc, ent: Span) -> str:
    """'Zelensky' -> 'Volodymyr Zelensky' when the text named him in full before."""
    name = _clean(ent.text)
    if " " in name:
        return name
    for other in doc.ents:
        if other.label_ == "PERSON" and other.start < ent.start:
            full = _clean(other.text)
            if full.split()[-1] == name and " " in full:
                return full
    return name


def _last_person_before(doc: Doc, i: int) -> str | None:
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= i]
    return _full_person(doc, people[-1]) if people else None


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.;:\"'“”")
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"['’]s$", "", name)
    return _TITLE_WORDS.sub("", name)
