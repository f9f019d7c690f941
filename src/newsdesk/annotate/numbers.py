"""Numbers in news prose: digits and words, with the hedge that precedes them.

Figures ("at least seven people were killed") are built on top of these, so this
module answers one question only: *where is a count, what is its value and how
sure is the writer*. Things that look like numbers but are not counts (years,
dates, times of day, ages, percentages, money, phone numbers, list numbering,
measurements, names such as "Group of 20" or "MH17") are not returned at all, so
no later stage can mistake them for a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.models import NumberMention, Qualifier

# ----------------------------------------------------------------- vocabulary
_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SUFFIX_SCALES = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
}
# Vague plural quantities: a conservative reading (twice the unit) kept as a lower bound.
_VAGUE = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2_000,
    "millions": 2_000_000,
    "billions": 2_000_000_000,
}

_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million|billion)"
)
_AND_AFTER_SCALE = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+"
# "one hundred and twelve" is one number; "between two and three million" is two.
_WORD_NUMBER = rf"(?:(?:a\s+)?{_WORD}(?:(?:-|\s+|{_AND_AFTER_SCALE}){_WORD})*)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_DIGIT_NUMBER = rf"(?:{_DIGITS}(?:\s*(?:million|billion|thousand|hundred)\b|(?:k|m|mn|bn)\b)?)"
_VAGUE_RE = (
    r"(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions)|a\s+dozen|half\s+a\s+dozen|"
    r"dozens|scores|hundreds|thousands|millions|billions)"
)

_CORE = rf"(?:{_DIGIT_NUMBER}|{_WORD_NUMBER})"
_NUMBER_RE = re.compile(
    rf"(?<![\w$€£¥#@.])(?:{_VAGUE_RE}|{_CORE})(?![\w%$€£])",
    re.IGNORECASE,
)

# Hedges are matched on the text right before the number (longest first).
_HEDGES: list[tuple[str, Qualifier]] = [
    (r"no\s+(?:fewer|less)\s+than", "at_least"),
    (r"at\s+least", "at_least"),
    (r"a\s+minimum\s+of", "at_least"),
    (r"upwards\s+of", "more_than"),
    (r"more\s+th[ae]n", "more_than"),
    (r"greater\s+than", "more_than"),
    (r"over", "more_than"),
    (r"in\s+excess\s+of", "more_than"),
    (r"close\s+to", "nearly"),
    (r"nearly", "nearly"),
    (r"almost", "nearly"),
    (r"just\s+(?:under|shy\s+of)", "nearly"),
    (r"up\s+to", "up_to"),
    (r"as\s+many\s+as", "up_to"),
    (r"(?:less|fewer)\s+th[ae]n", "up_to"),
    (r"under", "up_to"),
    (r"at\s+most", "up_to"),
    (r"about", "about"),
    (r"roughly", "about"),
    (r"approximately", "about"),
    (r"around", "about"),
    (r"some", "about"),
    (r"an\s+estimated", "about"),
    (r"estimated", "about"),
    (r"approx\.", "about"),
    (r"circa", "about"),
]
_HEDGE_RE = re.compile(
    r"(?:(?<=\W)|^)(" + "|".join(h for h, _ in _HEDGES) + r")\s+$", re.IGNORECASE
)

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_BEFORE = re.compile(rf"\b{_MONTHS}\s*$", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s*(?:of\s+)?{_MONTHS}(?!\w)", re.IGNORECASE)
_UNIT_AFTER = re.compile(
    r"^\s*(?:-\s*)?(?:%|per\s*cent|percent|percentage|pc\b|km|kms|kilomet(?:er|re)s?|"
    r"mi\b|miles?|met(?:er|re)s?|m\b|cm|mm|feet|foot|ft|inch(?:es)?|yards?|kg|kilo(?:gram)?s?|"
    r"grams?|pounds?|lbs?|tons?|tonnes?|litres?|liters?|gallons?|barrels?|acres?|hectares?|"
    r"sq\b|square|degrees?|°|mph|km/h|kph|knots?|dollars?|euros?|pounds\s+sterling|"
    r"hryvnias?|roubles?|rubles?|yuan|yen|rupees?|usd|eur|gbp|a\.m\.|p\.m\.|am\b|pm\b|"
    r"o'clock|gmt|utc|hours?\s+(?:ago|later)|"
    r"years?\s+old|years?-old|-?year-old|-?month-old|-?week-old|-?day-old|-?years?-?\b|"
    r"th\b|st\b|nd\b|rd\b)",
    re.IGNORECASE,
)
_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages)(?:\s+of)?\s*$", re.IGNORECASE)
# "Jamal Berry, 30, died": a bare number set off by commas after a name is an age.
_NAME_COMMA_BEFORE = re.compile(
    r"(?:\b[A-Z][A-Za-z'’-]*[a-z][”\"']?|\b(?:boy|girl|man|woman|teen|teenager|child|son|"
    r"daughter|victim|suspect|driver|mother|father|brother|sister|wife|husband)),\s*$"
)
# "a mother of three", "father of two": the number counts the person's children.
_PARENT_OF_BEFORE = re.compile(
    r"\b(?:mother|father|mom|dad|parent|grandmother|grandfather|grandparent)s?\s+of\s+$",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(r"^\s*(?:,|\.|;|\)|and\b|$)")
_NAME_BEFORE = re.compile(
    r"(?:\bgroup\s+of|\bflight|\bno\.|\bnumber|\broute|\bhighway|\bpage|\bchapter|\barticle|"
    r"\bsection|\bpsalm|\bversion|\bcovid|\bapollo|\bboeing)\s*$|[A-Za-z]-$|[$€£¥]\s*$",
    re.IGNORECASE,
)
_CURRENCY_WORD_BEFORE = re.compile(r"\b(?:US|USD|EUR|GBP|Rs\.?|R\$|CHF)\s*$")
_TIME_RE = re.compile(
    r"\d{1,2}[:.]\d{2}\s*(?:a\.?m\.?|p\.?m\.?)?|\d{1,2}\s*(?:a\.m\.|p\.m\.)", re.IGNORECASE
)
_PHONE_RE = re.compile(r"(?:\(\d{3}\)\s*|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b|\+\d[\d ()-]{7,}\d")
_ISO_DATE_RE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_COUNT_NOUN_AFTER = re.compile(
    r"^\s+(?:\w+\s+)?(?:people|persons|residents|civilians|soldiers|troops|homes|houses|"
    r"buildings|households|customers|victims|children|families|refugees|migrants|"
    r"protesters|missiles|rockets|drones|shells|strikes|cases|deaths|dead)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Parsed:
    value: float
    low: float | None
    high: float | None
    vague: bool


# -------------------------------------------------------------- value parsing
def _word_value(phrase: str) -> float | None:
    """Value of a number written in words ("one hundred and twelve", "a dozen")."""
    words = [w for w in re.split(r"[\s-]+", phrase.lower()) if w and w != "and"]
    if words and words[0] == "a":
        words = ["one", *words[1:]]
    if not words:
        return None
    total, current = 0.0, 0.0
    seen = False
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def _digit_value(phrase: str) -> float | None:
    """Value of a number in digits with an optional scale ("1.1 million", "10m")."""
    m = re.match(r"([\d,]+(?:\.\d+)?)\s*([a-z]*)", phrase.strip(), re.IGNORECASE)
    if not m:
        return None
    try:
        base = float(m.group(1).replace(",", ""))
    except ValueError:
        return None
    scale = m.group(2).lower()
    if scale in _SCALES:
        return base * _SCALES[scale]
    if scale in _SUFFIX_SCALES:
        return base * _SUFFIX_SCALES[scale]
    return base


def _parse(phrase: str) -> _Parsed | None:
    """Value of any number phrase the scanner matched; vague ones get a lower bound."""
    low_phrase = re.sub(r"\s+", " ", phrase.lower())
    if low_phrase in ("a dozen", "dozen"):
        return _Parsed(12.0, None, None, False)
    if low_phrase == "half a dozen":
        return _Parsed(6.0, None, None, False)
    m = re.fullmatch(r"(tens|hundreds) of (thousands|millions)", low_phrase)
    if m:
        many = float((20 if m.group(1) == "tens" else 200) * _SCALES[m.group(2)[:-1]])
        return _Parsed(many, many, None, True)
    if low_phrase in _VAGUE:
        vague = float(_VAGUE[low_phrase])
        return _Parsed(vague, vague, None, True)
    value = _digit_value(phrase) if phrase[:1].isdigit() else _word_value(phrase)
    if value is None:
        return None
    return _Parsed(value, None, None, False)


# ----------------------------------------------------------- non-count tests
def _is_year(text: str, start: int, end: int) -> bool:
    """A bare four-digit 1800-2099 is a year unless a count noun follows it."""
    token = text[start:end]
    if not re.fullmatch(r"(18|19|20)\d\d", token):
        return False
    return not _COUNT_NOUN_AFTER.match(text[end : end + 40])


def _is_list_number(text: str, start: int, end: int) -> bool:
    """'1.' or '2)' opening a line is list numbering."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].strip() == "" and bool(re.match(r"[.)]\s", text[end : end + 2]))


def _is_not_count(text: str, start: int, end: int, is_digit: bool) -> bool:
    """True for numbers that are dates, times, ages, money, units, names, list items."""
    before = text[max(0, start - 30) : start]
    after = text[end : end + 30]
    if _UNIT_AFTER.match(after) or _AGE_BEFORE.search(before) or _NAME_BEFORE.search(before):
        return True
    if _CURRENCY_WORD_BEFORE.search(before) or re.search(r"[\d$€£¥]\s*$", before):
        return True
    if (
        _NAME_COMMA_BEFORE.search(before)
        and re.fullmatch(r"\d{1,3}", text[start:end])
        and (_AGE_AFTER.match(after) or not _COUNT_NOUN_AFTER.match(after))
    ):
        # "Jamal Berry, 30, died", and without the closing comma "Jamal Berry, 30 after ..."
        return True
    if _PARENT_OF_BEFORE.search(before):
        return True
    if re.search(r"\bno\s+$", before, re.IGNORECASE) and text[start:end].lower() == "one":
        return True  # "no one was hurt"
    if is_digit:
        if _DATE_BEFORE.search(before) or _DATE_AFTER.match(after.lstrip()):
            return True
        if _is_year(text, start, end) or _is_list_number(text, start, end):
            return True
        if re.match(r"^[:/]\d", after) or re.search(r"\d[:/]$", before):
            return True
    # "13-year-old" handled by _UNIT_AFTER; "a 6.1-magnitude" stays a number.
    return False


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans (phone numbers, clock times, ISO dates) inside which no count is read."""
    spans: list[tuple[int, int]] = []
    for rx in (_PHONE_RE, _TIME_RE, _ISO_DATE_RE):
        spans.extend((m.start(), m.end()) for m in rx.finditer(text))
    return spans


# --------------------------------------------------------------- the scanner
def _hedge(text: str, start: int) -> tuple[int, Qualifier]:
    """The hedge right before ``start``: its start offset and qualifier."""
    window_start = max(0, start - 40)
    m = _HEDGE_RE.search(text[window_start:start])
    if not m:
        return start, "exact"
    phrase = re.sub(r"\s+", " ", m.group(1).lower())
    for pattern, qualifier in _HEDGES:
        if re.fullmatch(pattern, phrase):
            return window_start + m.start(1), qualifier
    return start, "exact"


def _range_after(text: str, match: re.Match[str]) -> re.Match[str] | None:
    """The second member of "X-Y", "X to Y", "X and Y" (after "between") ranges."""
    return re.compile(rf"\s*(?:-|–|to|and)\s*({_CORE})(?![\w%$€£])", re.IGNORECASE).match(
        text, match.end()
    )


def find_numbers(text: str) -> list[NumberMention]:
    """All counts in ``text``, in order, each with its hedge and range folded in.

    The mention's span covers the hedge too ("at least seven", "between 5 and 10"),
    so it is the verbatim ``as_stated`` phrase of any figure built on it.
    """
    blocked = _blocked_spans(text)
    out: list[NumberMention] = []
    pos = 0
    while True:
        m = _NUMBER_RE.search(text, pos)
        if not m:
            break
        pos = m.end()
        mention = _mention_at(text, m, blocked)
        if mention is not None:
            out.append(mention)
            pos = max(pos, mention.end)
    return out


def _mention_at(
    text: str, m: re.Match[str], blocked: list[tuple[int, int]]
) -> NumberMention | None:
    """Build the mention for one scanner match, or None if it is not a count."""
    start, end = m.start(), m.end()
    if any(s <= start < e for s, e in blocked):
        return None
    phrase = m.group(0)
    parsed = _parse(phrase)
    if parsed is None or _is_not_count(text, start, end, phrase[:1].isdigit()):
        return None
    hedge_start, qualifier = _hedge(text, start)
    value, low, high = parsed.value, parsed.low, parsed.high
    if parsed.vague and qualifier == "exact":
        qualifier = "at_least"
    between = re.search(r"\bbetween\s+$", text[max(0, start - 12) : start], re.IGNORECASE)
    from_before = re.search(r"\bfrom\s+$", text[max(0, start - 8) : start], re.IGNORECASE)
    second = None if from_before else _range_after(text, m)
    if second is not None and (between or not second.group(0).strip().lower().startswith("and")):
        second_parsed = _parse(second.group(1))
        if (
            second_parsed is not None
            and not _is_not_count(
                text, second.start(1), second.end(1), second.group(1)[:1].isdigit()
            )
            and second_parsed.value > value
        ):
            low, high = _scaled_low(value, second_parsed.value), second_parsed.value
            value, qualifier, end = low, "range", second.end()
            if between:
                hedge_start = start - len(between.group(0))
    return NumberMention(
        start=hedge_start,
        end=end,
        text=text[hedge_start:end],
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        vague=parsed.vague,
    )


def _scaled_low(low: float, high: float) -> float:
    """'between 5 and 6 million': the low end shares the high end's scale word."""
    if high >= 1_000 and low < 1_000 and high / low > 1_000:
        for scale in (1_000_000_000, 1_000_000, 1_000):
            if high >= scale:
                return low * scale
    return low
