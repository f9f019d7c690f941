"""Text quality: sentences garbled the way machine paraphrasers ("spinners") garble news.

Spun copies of wire stories are a common way for one report to appear as many
sources. A spinner rewrites word by word and phrase by phrase, and it leaves tells
that a careful reader spots at once but that are rare in edited prose:

* a clause stops and another restarts with a capital letter mid-sentence
  ("Russia fired roughly 100 On Tuesday, missiles were launched");
* a time phrase is moved into the middle of a clause and keeps its capital
  ("After Russian Last week, the forces were withdrawn");
* a quote is joined to the reporting clause without punctuation
  ("stated that the timing It was no accident");
* invented words made by piling suffixes ("devastationous");
* then/than swapped after a comparative ("more then 10 cities");
* doubled words and stray fragments starting in lower case.

Every rule is deliberately narrow: a false alarm on clean prose costs more than a
missed tell, because the score is used to down-weight sources. In particular the
rules never fire on the first word after sentence punctuation or a line break,
inside title-case lines (headlines), on capitalised words that belong to names
("Group of 20", "The Hague", "Air Force") or on datelines ("KYIV, Ukraine —").

The word list from the ``wordfreq`` package (its data ship inside the package) is
used when it is installed to recognise invented words; without it only the
morphological suffix rule finds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from newsdesk.models import Quality, QualityFlag, Span

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.tokens import Doc, Token

# Entity types that are names: a capitalised function word inside one is part of
# the name ("The Hague", "Bosnia And Herzegovina"), not a restart.
_NAME_ENTS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"}
)
# Closed word classes: in edited prose these are capitalised only at a sentence
# start or inside a title, so a capitalised one mid-clause marks a restart.
_CLOSED_POS = frozenset({"DET", "ADP", "PRON", "AUX", "CCONJ", "SCONJ", "PART"})
# Open-class words that begin time or discourse phrases spinners move around.
_PHRASE_OPENERS = frozenset(
    {
        "last", "next", "earlier", "later", "yesterday", "today", "tonight", "tomorrow",
        "recently", "previously", "meanwhile", "however", "also", "then", "now", "early",
        "late", "overnight", "currently", "instead", "moreover", "furthermore",
    }
)  # fmt: skip
_MONTHS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    }
)  # fmt: skip
_SPEECH_VERBS = frozenset(
    {"said", "says", "wrote", "writes", "told", "added", "asked", "tweeted", "stated"}
)
_COMPARATIVE_WORDS = frozenset(
    {"more", "less", "fewer", "rather", "other", "greater", "higher", "lower", "larger",
     "smaller", "better", "worse", "further", "sooner", "later", "longer", "else"}
)  # fmt: skip
# Words after which a clause with its own subject may follow directly.
_SUBORDINATORS = frozenset(
    {
        "after", "before", "since", "until", "till", "as", "because", "while", "when", "if",
        "though", "although", "whether", "once", "unless", "that", "than", "so", "where",
        "like", "with", "without", "for", "and", "or", "but", "nor", "yet", "whereas",
    }
)  # fmt: skip
_CLAUSE_ADJECTIVES = frozenset(
    {
        "likely", "unlikely", "possible", "clear", "unclear", "sure", "aware", "certain",
        "confident", "hopeful", "afraid", "glad", "worried", "concerned", "convinced",
        "true", "obvious", "evident", "important",
    }
)  # fmt: skip
# Adverbs that may stand right before a clause's subject ("probably Russia will").
_SENTENCE_ADVERBS = frozenset(
    {
        "probably", "possibly", "reportedly", "apparently", "allegedly", "presumably",
        "hopefully", "certainly", "clearly", "surely", "likely", "only", "early", "finally",
        "additionally", "consequently", "subsequently", "similarly", "separately", "really",
        "especially", "particularly", "mainly", "mostly", "largely", "partly", "simply",
        "initially", "originally", "previously", "recently", "currently", "eventually",
    }
)  # fmt: skip
# Words that legitimately occur twice in a row ("had had", "that that").
_DOUBLE_OK = frozenset({"had", "that", "is", "do", "bye", "no", "very", "ha", "so"})
# A nominal suffix followed by an adjectival or nominal one: morphology English
# does not build ("devastationous", "attackmentful", "threatnessive").
_SUFFIX_PILEUP = re.compile(
    r"(?:[a-z]{2,}(?:ation|ition|ution|ction|ssion|sion)(?:ous|ful|ish|ive|ic|ly)"
    r"|[a-z]{2,}(?:ness|ity)(?:ous|ful|ive|al|ic|ly|ment)"
    r"|[a-z]{2,}ism(?:ous|ful|ive|ly|ment)"
    r"|[a-z]{2,}ment(?:ful|ish|ive|ness)"
    r"|[a-z]{2,}ful(?:ful|ment|ity|ize|ise)"
    r"|[a-z]{2,}ous(?:ous|ful|ment|ity|ize|ise)"
    r"|[a-z]*(?:ness){2}|[a-z]*(?:ment){2}|[a-z]*(?:ation){2}|[a-z]{3,}(?:ly){2})$"
)
# A token that ends with a full stop belongs to an abbreviation or a merged
# sentence end ("U.S.", "Gen.", "a.m."), so what follows may start a sentence.
_TERMINAL = frozenset({".", "!", "?", "…", ":", ";"})
_OPEN_QUOTES = "“‘\"'([«"
# A line with this share of capitalised words is a title-case headline.
_TITLE_SHARE = 0.6
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_SCORE_SLOPE = 2.0


@lru_cache(maxsize=1)
def _word_frequency() -> Callable[[str], float] | None:
    """The wordfreq Zipf lookup, or None when the package is not installed.

    wordfreq ships its frequency lists inside the package, so using it never
    downloads anything; it is optional so that the rules work without it.
    """
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - depends on the environment
        return None

    @lru_cache(maxsize=65536)
    def zipf(word: str) -> float:
        return float(zipf_frequency(word, "en"))

    return zipf


def assess_quality(text: str, doc: Doc, skip: Sequence[Span] = ()) -> Quality:
    """Flag garbled sentences and score the text: 1.0 clean prose, falling with the
    share of sentences that carry a flag.

    ``text`` is the cleaned same-length text (boilerplate blanked with spaces), ``doc``
    spaCy's parse of it, ``skip`` stretches not to judge (titles, credits, quotes a
    caller wants left alone). Offsets point into ``text``.
    """
    skip_ranges = [(s.start, s.end) for s in skip]
    title_lines = _title_lines(text)
    sentences = _merged_sentences(doc)
    flags: list[QualityFlag] = []
    for kind, start, end in _candidates(text, doc, sentences, title_lines):
        if _overlaps_any(start, end, skip_ranges) or _overlaps_any(start, end, title_lines):
            continue
        flags.append(QualityFlag(kind=kind, start=start, end=end, text=text[start:end]))
    flags = _dedupe(flags)
    return Quality(score=_score(text, sentences, flags, skip_ranges + title_lines), flags=flags)


# ----------------------------------------------------------------- candidates
def _candidates(
    text: str, doc: Doc, sentences: list[tuple[int, int]], title_lines: list[tuple[int, int]]
) -> Iterable[tuple[str, int, int]]:
    """All rule hits as (kind, start, end) before skip filtering."""
    for tok in doc:
        if _overlaps_any(tok.idx, tok.idx + len(tok), title_lines):
            continue
        if any(rule(text, tok) for rule in _clause_rules()):
            yield ("garbled_sentence", *_sentence_span(text, sentences, tok.idx))
        if _is_invented_word(tok):
            yield ("misspelling", tok.idx, tok.idx + len(tok))
        wrong = _then_than(tok)
        if wrong is not None:
            yield ("wrong_word", *wrong)
        if _is_doubled(text, tok):
            prev = tok.nbor(-1)
            yield ("doubled_word", prev.idx, tok.idx + len(tok))
    yield from _lowercase_fragments(text, doc)


def _clause_rules() -> tuple[Callable[[str, Token], bool], ...]:
    """The rules that mark a whole sentence as garbled (each takes text and token)."""
    return (_is_midclause_capital, _is_glued_subject, _is_glued_object, _is_joined_attribution)


def _gap(text: str, left: Token, right: Token) -> str:
    return text[left.idx + len(left) : right.idx]


def _is_boundary_gap(gap: str) -> bool:
    """A line break or a blanked stretch between two tokens ends whatever came before."""
    return "\n" in gap or len(gap) >= 3


def _is_midclause_capital(text: str, tok: Token) -> bool:
    """A capitalised function or time word glued to the word before it."""
    word = tok.text
    if not word[:1].isupper() or not word.isalpha() or tok.i == 0:
        return False
    if word == "I" or (word.isupper() and len(word) > 1) or tok.lower_ in _MONTHS:
        return False  # "I", "US", "UN" keep their capitals; "May" is a month
    if not (tok.pos_ in _CLOSED_POS or tok.lower_ in _PHRASE_OPENERS or _is_number_word(tok)):
        return False
    if tok.ent_type_ in _NAME_ENTS and _name_goes_on(tok):
        return False
    prev = tok.nbor(-1)
    if _is_boundary_gap(_gap(text, prev, tok)) or not _is_word_like(prev):
        return False
    return not _in_name_run(tok, prev)


def _name_goes_on(tok: Token) -> bool:
    """A function word is part of a name only with a capitalised word of the name after
    it ("The Hague", "Bosnia And Herzegovina"); the tagger also swallows a spinner's
    junk into entities ("Chilean Since" as an organisation)."""
    if tok.i + 1 >= len(tok.doc):
        return False
    nxt = tok.nbor(1)
    return nxt.ent_iob_ == "I" and nxt.text[:1].isupper()


def _is_number_word(tok: Token) -> bool:
    """A spelt-out number ("One report") not in a name ("Group of Seven", "Air Force One")."""
    if tok.pos_ != "NUM" or tok.i == 0 or tok.like_num is False:
        return False
    prev = tok.nbor(-1)
    return prev.text[:1].islower() and prev.lower_ not in {"of", "the"}


def _is_word_like(tok: Token) -> bool:
    """A preceding token after which a capital cannot legitimately start a sentence."""
    if tok.is_punct or tok.is_space or tok.text[-1:] in _TERMINAL:
        return False
    return any(ch.isalnum() for ch in tok.text)


def _in_name_run(tok: Token, prev: Token) -> bool:
    """Title-case names ("Battle Of Bakhmut", "The Guardian") keep their capitals."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    next_cap = nxt is not None and nxt.text[:1].isupper() and nxt.ent_type_ not in {"DATE", "TIME"}
    if tok.pos_ == "DET" and next_cap:
        return True
    if not prev.text.isupper() and any(ch.isupper() for ch in prev.text[1:]):  # "iTunes Plus"
        return True
    if nxt is None or nxt.text in {".", "!", "?", "-", "”", '"'}:  # "told Us.", "A-list"
        return True
    before = prev.nbor(-1) if prev.i > 0 else None
    if prev.lower_ in {"of", "the", "and"} and before is not None and before.text[:1].isupper():
        return True  # "The Thick of It", "Lord of The Rings"
    if not prev.text[:1].isupper():
        return False
    # "Fix It", "Democracy Now": a capitalised noun or verb before makes a title. After a
    # demonym ("Russian On October 10") the capital is the spinner's, unless a name goes on.
    return next_cap or not _is_demonym(prev)


def _is_demonym(tok: Token) -> bool:
    """Nationality adjectives ("Russian", "Chilean") that spinners leave stranded at a
    sentence start when they move the time phrase behind them."""
    if tok.ent_type_ == "NORP":
        return True
    return tok.pos_ == "ADJ" and bool(re.search(r"(?:an|ese|ish|ch|i)$", tok.text))


def _is_glued_subject(text: str, tok: Token) -> bool:
    """A capitalised subject glued onto an unfinished clause ("was sold to Owen said").

    Edited prose lets a new subject follow a word directly only after a verb of saying
    ("said Russia fired"), a conjunction, a relative noun ("the day Russia invaded")
    or a fronted phrase ("In 2008 Obama won"); after an article, a preposition, "to",
    a possessive or an adjective, inside a clause that already has its verb, it marks
    a cut sentence with the next one glued on.
    """
    word = tok.text
    if tok.i == 0 or not word[:1].isupper() or not word[:1].isalpha() or word.isupper():
        return False
    if not _heads_capital_subject(tok):
        return False
    prev = tok.nbor(-1)
    if prev.text[:1].isupper() or not _is_word_like(prev):
        return False
    if _is_boundary_gap(_gap(text, prev, tok)) or not _allows_glue(prev, tok):
        return False
    return any(t.pos_ in {"VERB", "AUX"} for t in tok.doc[tok.sent.start : prev.i + 1])


def _is_glued_object(text: str, tok: Token) -> bool:
    """`crews were sent to Mayor Ana Ruiz said the town ...`: a name after a verb's
    preposition with a tensed verb right after it is the next sentence glued on.

    The parser reads the name as the preposition's object. In edited prose a tensed verb
    can follow such a phrase only when the phrase sits inside a subject ("officials in
    Kyiv said", "aid sent to Gaza has", "the man who moved to Boston said"), which the
    checks on the preposition's head rule out.
    """
    if tok.i == 0 or not tok.text[:1].isupper() or not tok.text.isalpha():
        return False
    prev = tok.nbor(-1)
    if prev.pos_ != "ADP" or not prev.text.islower() or prev.tag_ == "RP":
        return False
    if _is_boundary_gap(_gap(text, prev, tok)):
        return False
    end = tok.i
    while end + 1 < len(tok.doc) and tok.doc[end + 1].text[:1].isupper():
        end += 1
    if end + 1 >= len(tok.doc) or tok.doc[end + 1].tag_ not in _FINITE_TAGS:
        return False
    if tok.doc[end].dep_ != "pobj" or tok.doc[end].head.i != prev.i:
        return False
    if tok.ent_type_ in {"DATE", "TIME"}:  # "Apple on Tuesday launched"
        return False
    verb = prev.head
    if verb.i > prev.i or verb.pos_ not in {"VERB", "AUX"} or verb.dep_ == "relcl":
        return False
    if not _is_finite(verb):
        return False
    return not any(c.tag_ in {"WDT", "WP"} or c.lower_ == "that" for c in verb.children)


def _heads_capital_subject(tok: Token) -> bool:
    """``tok`` opens a capitalised run whose head is the subject of a clause."""
    head = tok
    while head.dep_ in {"compound", "det", "amod", "poss", "case"} and head.head.i > head.i:
        head = head.head
    if head.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = head.head
    if verb.i < tok.i or not _is_finite(verb):  # "said a tearful Charlie ..."; "Escalante being"
        return False
    if any(left.i < tok.i for left in head.lefts):  # "the local 67th Precinct", "Sam's Club"
        return False
    return all(t.text[:1].isupper() or t.is_punct for t in tok.doc[tok.i : head.i + 1])


def _is_finite(verb: Token) -> bool:
    """A verb that heads a clause of its own (tensed, or with a tensed auxiliary)."""
    if verb.tag_ in _FINITE_TAGS:
        return True
    return any(c.dep_ in {"aux", "auxpass"} and c.tag_ in _FINITE_TAGS for c in verb.children)


def _allows_glue(prev: Token, tok: Token) -> bool:
    """Whether the word before a capitalised subject cannot legitimately precede it."""
    lower = prev.lower_
    if lower in _SUBORDINATORS or prev.tag_ in {"WDT", "WP", "WP$", "WRB", "PRP", "EX"}:
        return False
    if prev.pos_ == "DET":
        return lower in {"a", "an"} or tok.pos_ == "DET"
    before = prev.nbor(-1).lower_ if prev.i > 0 else ""
    # "36-year-old LaSalle", "how fast Williams was", "the eleventh Doctor", "the one Ford"
    before_tag = prev.nbor(-1).tag_ if prev.i > 0 else ""
    if before in {"-", "‐", "how", "so", "too", "as"} or prev.tag_ == "RP":
        return False
    if before_tag in {"WDT", "WP", "WRB"}:  # "what exactly Microsoft has"
        return False
    if prev.i > 0 and prev.nbor(-1).pos_ == "DET" and prev.pos_ in {"ADJ", "NUM"}:
        return False
    if prev.pos_ == "NUM":
        return not prev.ent_type_ and not re.fullmatch(r"1\d{3}|20\d{2}", prev.text)
    if prev.pos_ == "ADJ":
        return lower not in _CLAUSE_ADJECTIVES
    if prev.pos_ == "AUX":
        return tok.pos_ == "DET"
    if prev.pos_ == "ADV":
        return lower.endswith("ly") and lower not in _SENTENCE_ADVERBS
    return prev.pos_ in {"ADP", "PART"} or prev.tag_ == "PRP$"


def _is_joined_attribution(_text: str, tok: Token) -> bool:
    """`“…?” He wrote`: the reporting clause after a question or comma quote is lower case."""
    if tok.text not in {"He", "She", "They", "We"} or tok.i < 2:
        return False
    quote, mark = tok.nbor(-1), tok.nbor(-2)
    if quote.text not in {"”", '"', "’"} or mark.text not in {"?", "!", ","}:
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ in _SPEECH_VERBS


def _is_invented_word(tok: Token) -> bool:
    """A lower-case word no English word list knows, or built from impossible suffixes."""
    word = tok.text
    if len(word) < 5 or not word.isalpha() or not word.islower() or tok.ent_type_:
        return False
    if tok.like_url or tok.like_email:
        return False
    if _SUFFIX_PILEUP.match(word):
        return True
    zipf = _word_frequency()
    if zipf is None or len(word) < 6 or zipf(word) > 0.0:
        return False
    # the word list lacks some inflections ("temblors"); the lemma settles those
    return tok.lemma_ == word or zipf(tok.lemma_.lower()) == 0.0


def _then_than(tok: Token) -> tuple[int, int] | None:
    """`more then 10`: "then" right after a comparative is "than" misspelt."""
    if tok.lower_ != "then" or tok.i == 0:
        return None
    prev = tok.nbor(-1)
    if prev.tag_ in {"JJR", "RBR"} or prev.lower_ in _COMPARATIVE_WORDS:
        if prev.lower_ in {"later", "further"}:  # "later then", "further then" are rare but fine
            return None
        return (prev.idx, tok.idx + len(tok))
    return None


def _is_doubled(text: str, tok: Token) -> bool:
    if tok.i == 0 or not tok.text.isalpha() or tok.lower_ in _DOUBLE_OK:
        return False
    prev = tok.nbor(-1)
    return prev.lower_ == tok.lower_ and not _is_boundary_gap(_gap(text, prev, tok))


def _lowercase_fragments(text: str, doc: Doc) -> Iterable[tuple[str, int, int]]:
    """A sentence that begins in lower case right after a full stop is a stray fragment
    (`was signaled. “the beginning of the end.”`)."""
    for sent in doc.sents:
        first = next((t for t in sent if t.text not in _OPEN_QUOTES and not t.is_space), None)
        if first is None or first.i == 0 or not first.text.isalpha() or not first.text.islower():
            continue
        before = doc[sent.start - 1] if sent.start > 0 else None
        if before is None or before.text not in {".", "!", "?"}:
            continue
        if before.i > 0 and _is_abbreviation(doc[before.i - 1].text):
            continue
        if _is_boundary_gap(_gap(text, before, doc[sent.start])):
            continue
        if any(t.pos_ in {"VERB", "AUX"} for t in sent):  # a clause, not a fragment
            continue
        start, end = _strip(text, sent.start_char, sent.end_char)
        yield ("fragment", start, end)


def _is_abbreviation(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?|[A-Z][a-z]{0,3}|[a-z]{1,3}", word))


# --------------------------------------------------------------- sentences
def _merged_sentences(doc: Doc) -> list[tuple[int, int]]:
    """spaCy's sentences, re-joined where it split at a mid-clause capital.

    The parser often starts a new sentence at "100 The missiles": for the flag we want
    the whole garbled sentence, so a split not preceded by sentence punctuation is undone.
    """
    merged: list[tuple[int, int]] = []
    for sent in doc.sents:
        if merged and sent.start > 0 and _is_word_like(doc[sent.start - 1]):
            gap = doc.text[doc[sent.start - 1].idx + len(doc[sent.start - 1]) : sent.start_char]
            if not _is_boundary_gap(gap):
                merged[-1] = (merged[-1][0], sent.end_char)
                continue
        merged.append((sent.start_char, sent.end_char))
    return merged


def _sentence_span(text: str, sentences: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence around ``pos``, cut at line breaks so a credit line above stays out."""
    start, end = next(((s, e) for s, e in sentences if s <= pos < e), (pos, pos + 1))
    line_start = text.rfind("\n", start, pos) + 1
    line_end = text.find("\n", pos, end)
    start = max(start, line_start)
    end = end if line_end == -1 else line_end
    return _strip(text, start, end)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _title_lines(text: str) -> list[tuple[int, int]]:
    """Lines written in title case (headlines, section heads): not prose to judge."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", line)
        long_words = [w for w in words if len(w) > 3]
        if long_words and len(words) <= 30:
            share = sum(w[0].isupper() for w in long_words) / len(long_words)
            if share >= _TITLE_SHARE and len(long_words) >= 2:
                lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    return lines


# ------------------------------------------------------------------ scoring
def _overlaps_any(start: int, end: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in ranges)


def _dedupe(flags: list[QualityFlag]) -> list[QualityFlag]:
    """One flag per (kind, span), in text order, so output is stable and readable."""
    seen: dict[tuple[str, int, int], QualityFlag] = {}
    for flag in flags:
        seen.setdefault((flag.kind, flag.start, flag.end), flag)
    return sorted(seen.values(), key=lambda f: (f.start, f.end, f.kind))


def _score(
    text: str,
    sentences: list[tuple[int, int]],
    flags: list[QualityFlag],
    excluded: list[tuple[int, int]],
) -> float:
    """1 - 2 x (share of judged sentences with a flag), floored at 0.

    Doubling the share makes one garbled sentence in ten cost a fifth of the score:
    spun copies garble many sentences, edited prose at most one by accident.
    """
    stripped = [_strip(text, s, e) for s, e in sentences]
    judged = [
        (s, e)
        for s, e in stripped
        if any(ch.isalpha() for ch in text[s:e]) and not _inside_any(s, e, excluded)
    ]
    if not judged:
        return 1.0
    flagged = sum(1 for s, e in judged if any(f.start < e and s < f.end for f in flags))
    return round(max(0.0, 1.0 - _SCORE_SLOPE * flagged / len(judged)), 3)


def _inside_any(start: int, end: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)
