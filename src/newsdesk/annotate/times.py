"""Time expressions in news text, normalised to TimeML/TIMEX3 values against the article date.

Rule-based on purpose: every value must be explainable to an analyst ("Tuesday" became
2022-11-15 because the article is dated 2022-11-15 and news uses the last such day), and
off-the-shelf parsers get exactly the news-relative cases wrong (weekdays, "last week").

How it works, in three passes:

1. every rule (a regex plus a small resolver) proposes spans over the raw text, so offsets
   are exact by construction;
2. overlapping proposals are settled longest-first ("early Thursday morning" beats
   "Thursday"), then by rule order;
3. the chosen spans are resolved in reading order. Most expressions are resolved against the
   document date (dct); narrative ones ("two days later", "the next day", "10 a.m.") against
   the last day the text mentioned, which starts as the dct.

Values: days "2022-11-15", months "2022-11", ISO weeks "2022-W46", years "2022", quarters
"2022-Q3", seasons "2022-SU", decades "199", weekend "2022-W46-WE", parts of day
"2022-11-15TMO", clock times "2022-11-15T10:00", durations "P3D"/"PT5H"/"PXY", sets "P1D",
and "PAST_REF"/"PRESENT_REF"/"FUTURE_REF". Without a dct, expressions that need it keep
``value=None`` (they are still found) and precision "unknown"; dates written without a year
get "XXXX-10-10".
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from newsdesk.models import Precision, TimeMention

# ----------------------------------------------------------------------------- lexicon
_MONTHS_FULL = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]  # fmt: skip
_MONTH_ABBR = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
    "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12,
}  # fmt: skip
_VAGUE_NUMBERS = {"several", "a few", "few", "many", "some", "couple of", "a couple of"}
_PART_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_UNIT_CODE = {
    "second": ("T", "S", 1), "minute": ("T", "M", 1), "hour": ("T", "H", 1),
    "day": ("", "D", 1), "week": ("", "W", 1), "weekend": ("", "D", 2),
    "fortnight": ("", "W", 2), "month": ("", "M", 1), "quarter": ("", "M", 3),
    "year": ("", "Y", 1), "decade": ("", "Y", 10), "century": ("", "Y", 100),
}  # fmt: skip


def _caps(words: list[str]) -> str:
    """Alternation of names in Title and UPPER case: month and weekday names must be
    capitalised so that "may", "march" or "sun" in running text are not read as dates."""
    forms = sorted({f for w in words for f in (w, w.upper())}, key=len, reverse=True)
    return "|".join(re.escape(f) for f in forms)


_MONTH = rf"(?:{_caps(_MONTHS_FULL)}|(?:{_caps(list(_MONTH_ABBR))})\.?)"
_WEEKDAY = rf"(?:{_caps(_WEEKDAYS)})"
_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)|\d+|"
    + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
    + ")"
)
_VAGUE = r"(?:several|a few|few|many|a couple of|couple of)"
_UNIT = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|century|centurie)"
_B = r"(?<![\w-])"  # word start that also refuses the middle of hyphenated words

_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TWO_DIGITS = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_ONES)}))?|{'|'.join(_TEENS)}|"
    rf"oh[- ](?:{'|'.join(_ONES)}))"
)
# "nineteen ninety-six", "eighteen twelve", "two thousand and one": years said aloud, as in
# broadcast transcripts
_SPELLED_YEAR = (
    rf"(?i:(?:eighteen|nineteen)[- ](?:{_TWO_DIGITS}|hundred)|"
    rf"two[- ]thousand(?:(?:\s+and)?[- ](?:{_TWO_DIGITS}|{'|'.join(_ONES)}))?)"
)
_YEAR_ANY = rf"(?:[12]\d{{3}}(?!\d)|{_SPELLED_YEAR}(?![\w-]))"
# TimeML puts approximations inside the span ("almost two years ago", "about a decade")
_HEDGE = (
    r"(?:(?:about|almost|nearly|roughly|approximately|around|some|at\s+least|more\s+than|"
    r"less\s+than|fewer\s+than|up\s+to|well\s+over)\s+)"
)
_ORDINAL_NAMES = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
]  # fmt: skip
_ORDINAL_WORDS = r"(?:twenty[- ]first|" + "|".join(reversed(_ORDINAL_NAMES)) + ")"


def _ordinal_word(word: str) -> int:
    """1-21 from "first" ... "twenty-first" (enough for centuries)."""
    word = word.lower()
    if word.startswith("twenty") and word != "twentieth":
        return 21
    return _ORDINAL_NAMES.index(word) + 1


_DECADE_WORDS = {w[:-1] + "ies": 10 * (i + 2) for i, w in enumerate(_TENS)}


def _month_number(token: str) -> int:
    token = token.rstrip(".").capitalize()
    if token in _MONTH_ABBR:
        return _MONTH_ABBR[token]
    return _MONTHS_FULL.index(token) + 1


def _two_digits(words: list[str]) -> int | None:
    """0-99 from number words ("ninety six", "oh five"); None if they are not a number."""
    words = [w for w in words if w not in {"and", "oh"}]
    tens = 10 * (_TENS.index(words[0]) + 2) if words and words[0] in _TENS else None
    if len(words) == 2 and tens is not None and words[1] in _ONES:
        return tens + _ONES.index(words[1]) + 1
    if len(words) != 1:
        return None
    if tens is not None:
        return tens
    if words[0] in _ONES:
        return _ONES.index(words[0]) + 1
    if words[0] in _TEENS:
        return _TEENS.index(words[0]) + 10
    return None


def _year_int(token: str) -> int | None:
    """A year in digits or said aloud ("nineteen ninety-six" -> 1996)."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    words = re.split(r"[\s-]+", token.lower())
    if words[:2] == ["two", "thousand"]:
        rest = _two_digits(words[2:]) if len(words) > 2 else 0
        return None if rest is None else 2000 + rest
    century = {"eighteen": 1800, "nineteen": 1900}.get(words[0])
    if century is None:
        return None
    if words[1:] == ["hundred"]:
        return century
    rest = _two_digits(words[1:])
    return None if rest is None else century + rest


def _weekday_number(token: str) -> int:
    return _WEEKDAYS.index(token.capitalize())


def _number(token: str) -> int | None:
    """Cardinal in digits or words; None for vague quantities ("several")."""
    token = token.lower().strip()
    if token.isdigit():
        return int(token)
    if token in _NUMBER_WORDS:
        return _NUMBER_WORDS[token]
    parts = re.split(r"[- ]", token)
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _NUMBER_WORDS:
        return _NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]]
    return None


# ----------------------------------------------------------------------------- calendar
def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _week_value(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _bounds(value: str | None) -> tuple[date | None, date | None, Precision]:
    """Days a TIMEX3 calendar value can mean; why: linking compares windows, not strings."""
    if not value or value.startswith(("X", "P")) or value.endswith("_REF"):
        return None, None, "unknown"
    day = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if day:
        d = date(int(day[1]), int(day[2]), int(day[3]))
        return d, d, "day"
    week = re.match(r"(\d{4})-W(\d{2})(-WE)?$", value)
    if week:
        first = date.fromisocalendar(int(week[1]), int(week[2]), 6 if week[3] else 1)
        return first, date.fromisocalendar(int(week[1]), int(week[2]), 7), "week"
    month = re.match(r"(\d{4})-(\d{2})$", value)
    if month:
        y, m = int(month[1]), int(month[2])
        return date(y, m, 1), _month_end(y, m), "month"
    part = re.match(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$", value)
    if part:
        y = int(part[1])
        first_month, months = {
            "Q1": (1, 3), "Q2": (4, 3), "Q3": (7, 3), "Q4": (10, 3), "H1": (1, 6),
            "H2": (7, 6), "SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3),
        }[part[2]]  # fmt: skip
        start = date(y, first_month, 1)
        end = _add_months(start, months) - timedelta(days=1)
        return start, end, "year"
    year = re.match(r"(\d{4})$", value)
    if year:
        y = int(year[1])
        return date(y, 1, 1), date(y, 12, 31), "year"
    decade = re.match(r"(\d{3})X?$", value)
    if decade:
        y = int(decade[1]) * 10
        return date(y, 1, 1), date(y + 9, 12, 31), "unknown"
    return None, None, "unknown"


def _narrow(earliest: date, latest: date, modifier: str) -> tuple[date, date]:
    """Thirds of a period for "early"/"mid"/"late" (and "the end of" ...)."""
    span = (latest - earliest).days + 1
    third = max(span // 3, 1)
    modifier = modifier.lower()
    if modifier in {"early", "beginning", "start"}:
        return earliest, earliest + timedelta(days=third - 1)
    if modifier in {"late", "end"}:
        return latest - timedelta(days=third - 1), latest
    if modifier in {"mid", "middle"}:
        return earliest + timedelta(days=third), latest - timedelta(days=third)
    return earliest, latest


# ----------------------------------------------------------------------------- results
@dataclass
class _Value:
    type: str
    value: str | None
    relative: bool = False
    modifier: str | None = None  # early / mid / late / earlier / later
    earliest: date | None = None  # explicit window when the value alone says too much
    latest: date | None = None


@dataclass
class _Context:
    text: str
    dct: date | None
    anchor: date | None  # last day the text mentioned (starts as the dct)
    quarter: str | None = None  # last quarter the text mentioned ("1989-Q3")
    period: str | None = None  # last year or month the text mentioned ("1998", "1998-06")


Resolver = Callable[[re.Match[str], _Context], _Value | None]
Acceptor = Callable[[re.Match[str], str], bool]


@dataclass
class _Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    accept: Acceptor | None = None


_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|'ll|going to|would(?: be)?|could|might|(?:is|are|be|was|were)"
    r" (?:scheduled|set|due|expected|slated|to)|"
    # "plan" after a determiner is the noun ("announced the plan Aug. 21"), not a tense
    r"(?<!\bthe )(?<!\ba )(?<!\bits )(?<!\btheir )plans?|planned|planning|scheduled|upcoming|"
    r"next|as (?:soon|early) as|(?<!been )(?:set|slated) to)\b",
    re.I,
)
_PAST_VERB = re.compile(
    r"\b(?:said|told|met|held|made|took|gave|came|went|began|left|sent|spoke|wrote|saw|fell|"
    r"rose|won|lost|struck|hit|ended|(?!(?:scheduled|expected|planned|proposed)\b)[a-z]+ed)"
    r"(?:\s+(?:on|late|early))?\s*$",
    re.I,
)


def _past_verb_before(ctx: _Context, start: int) -> bool:
    """True when a past verb directly precedes the expression ("ended Jan. 31", "said on
    Friday"): what it reports has happened, so the date cannot lie ahead of the dct."""
    return bool(_PAST_VERB.search(ctx.text[max(0, start - 40) : start]))


# a full stop ends the clause, but not the one in "a.m."/"p.m." ("4 a.m. EDT Thursday")
_CLAUSE_BREAK = re.compile(r"(?<!\b[ap]\.m)\.\s|\n|;\s")


def _clause_before(text: str, start: int, width: int) -> str:
    """The part of the current clause that precedes ``start`` (at most ``width`` chars)."""
    left = text[max(0, start - width) : start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(left)), default=0)
    return left[cut:]


def _future(ctx: _Context, start: int) -> bool:
    """True when the clause before the expression looks forward ("will meet Friday")."""
    clause = _clause_before(ctx.text, start, 100)
    if _PAST_VERB.search(clause):
        return False  # "Cuba predicted Wednesday", "said on Tuesday" report a past day
    if re.search(r"(?i:\bhad\s+been\s+(?:scheduled|set|due|expected|planned|slated)\b)", clause):
        return False  # "had been scheduled to expire Friday": a plan already overtaken
    return bool(_FUTURE_CUE.search(clause))


_PAST_CUE = re.compile(
    r"\b(?:since|ago|was|were|had|did|last|earlier|(?!(?:scheduled|expected|planned|set|"
    r"proposed|called|need|based|red|bed|feed|speed|seed|hundred)\b)[a-z]+ed)\b[^.;]*$",
    re.I,
)


def _past(ctx: _Context, start: int) -> bool:
    """True when the clause before the expression is in the past tense ("invaded ... in
    February", "since ... in February")."""
    return bool(_PAST_CUE.search(_clause_before(ctx.text, start, 80)))


def _nearest_year(dct: date, month: int, day: int, direction: int) -> int:
    """Year for a month (and day) written without one. News dates without a year sit close
    to the article date: the tense decides when it is clear, otherwise the nearest one, with
    the past favoured (news reports more than it announces)."""
    best = dct.year
    best_gap: int | None = None
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            gap = (date(year, month, day) - dct).days
        except ValueError:
            continue
        if (direction > 0 and gap < 0) or (direction < 0 and gap > 0):
            continue
        weight = gap * 2.0 if gap > 0 else -gap
        if best_gap is None or weight < best_gap:
            best, best_gap = year, int(weight)
    return best


_DEADLINE = re.compile(r"(?i:\b(?:by|until|till)\s+)$")


def _deadline_before(text: str, start: int) -> bool:
    """ "by May", "until mid-November": a month named as a deadline lies ahead, whatever the
    tense of the clause ("talks that were supposed to end by May" is still a plan)."""
    return bool(_DEADLINE.search(text[max(0, start - 7) : start]))


_UNTIL = re.compile(r"(?i:(?<!\bnot )(?<!\bup )\b(?:until|till)\s+)$")


def _until_before(ctx: _Context, start: int) -> bool:
    """ "postponed until Tuesday", "has until Friday to reply": a deadline ahead of the dct.
    Not "not until Tuesday did he ..." or a sentence that opens with "Until Friday, they had
    ...", which look back, nor a clause in the past perfect."""
    left = ctx.text[max(0, start - 20) : start]
    match = _UNTIL.search(left)
    if match is None or re.search(r"(?:^|[.!?]\s+|\n)\s*$", left[: match.start()]):
        return False
    return not re.search(r"(?i:\bhad\b)", _clause_before(ctx.text, start, 100))


_CLOCK_LEFT = re.compile(
    r"(?i:(?:\b\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am|pm)|\bnoon|\bmidnight)"
    r"(?:\s+(?:local\s+time|GMT|UTC|[ECMP][SD]?T))?,?\s+(?:on\s+)?)$"
)


def _clock_start(text: str, start: int) -> int:
    """Where "9 a.m." begins in "until 9 a.m. Tuesday", so that what precedes the clock time
    is read as what precedes the day."""
    match = _CLOCK_LEFT.search(text[max(0, start - 30) : start])
    return start - len(match.group(0)) if match else start


def _forward_year(dct: date, month: int, day: int) -> int:
    """Year of a date in a clause that looks ahead. A future verb does not send a date of
    the last two months almost a year ahead: "aid for the countries where the Aug. 7 blasts
    killed ..." in a story of Aug. 18 means this year's Aug. 7."""
    ahead = _nearest_year(dct, month, day, 1)
    if not _valid_day(ahead, month, day) or (date(ahead, month, day) - dct).days <= 300:
        return ahead
    return _nearest_year(dct, month, day, -1)


def _direction(ctx: _Context, start: int) -> int:
    if _future(ctx, start):
        return 1
    return -1 if _past(ctx, start) else 0


_OPENER = re.compile(r"(?:^|[.!?]\s+|\n\s*)(?:[\"“]\s*)?(?i:(?:in|by|since|during|until|on)\s+)?$")
_PAST_AFTER = re.compile(
    r"\b(?:was|were|had|did|said|told|met|held|made|took|gave|came|went|began|left|sent|"
    r"brought|bought|sold|won|lost|fell|rose|(?!(?:need|feed|speed|seed|hundred)\b)[a-z]{3,}ed)\b",
    re.I,
)


def _direction_after(ctx: _Context, m: re.Match[str]) -> int:
    """Tense of the main clause after a sentence-opening expression ("In January, the board
    named ..."), whose verb comes after it rather than before."""
    if not _OPENER.search(ctx.text[max(0, m.start() - 12) : m.start()]):
        return 0
    right = ctx.text[m.end() : m.end() + 80]
    right = right[: min((b.start() for b in _CLAUSE_BREAK.finditer(right)), default=len(right))]
    words = right.split()[:8]
    clause = " ".join(words)
    future, past = _FUTURE_CUE.search(clause), _PAST_AFTER.search(clause)
    if future and (past is None or future.start() < past.start()):
        return 1  # the first verb decides: "announced plans to" is past
    return -1 if past else 0


def _direction_both(ctx: _Context, m: re.Match[str]) -> int:
    return _direction(ctx, m.start()) or _direction_after(ctx, m)


def looks_forward(text: str, start: int) -> bool:
    """Whether the clause before ``text[start:]`` speaks of the future ("will meet on ...").

    Public because publication-date inference must not take an announced date for a past one.
    """
    return _future(_Context(text=text, dct=None, anchor=None), start)


def _day_value(d: date, part: str | None = None) -> str:
    return d.isoformat() + (f"T{part}" if part else "")


# ----------------------------------------------------------------------------- resolvers
def _year_for_month_day(ctx: _Context, month: int, day: int, start: int) -> int | None:
    """Year of a date written without one: the last such date on or before the dct, or the
    next one when the clause looks forward; None when there is no dct."""
    if ctx.dct is None:
        return None
    if _future(ctx, start):
        return _forward_year(ctx.dct, month, day)
    return _nearest_year(ctx.dct, month, day, -1 if _past_verb_before(ctx, start) else 0)


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _resolve_full_date(m: re.Match[str], ctx: _Context) -> _Value | None:
    month = _month_number(m["month"])
    day = int(m["day"])
    if m["year"]:
        year = int(m["year"])
        if not _valid_day(year, month, day):
            return None
        return _Value("DATE", date(year, month, day).isoformat())
    if not _valid_day(2000, month, day):  # a leap year: 29 February is a real date
        return None
    year_guess = _year_for_month_day(ctx, month, day, m.start())
    stated = re.match(_WEEKDAY, m.group(0))
    if stated and ctx.dct is not None:
        # "Wednesday, Dec. 2": the weekday tells the year when one nearby year fits
        fits = [
            y for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)
            if date(y, month, day).weekday() == _weekday_number(stated.group(0))
        ]  # fmt: skip
        if len(fits) == 1:
            year_guess = fits[0]
    if year_guess is None or not _valid_day(year_guess, month, day):
        return _Value("DATE", f"XXXX-{month:02d}-{day:02d}")
    return _Value("DATE", date(year_guess, month, day).isoformat(), relative=True)


def _resolve_iso(m: re.Match[str], ctx: _Context) -> _Value | None:
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    if not _valid_day(year, month, day):
        return None
    return _Value("DATE", date(year, month, day).isoformat())


def _resolve_month_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    month = _month_number(m["month"])
    year = _year_int(m["year"])
    if year is None:
        return None
    return _Value("DATE", f"{year:04d}-{month:02d}", modifier=_modifier(m))


def _resolve_month_rel_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "June last year", "Aug. 7 this year", "April next year": the month (or day) in the
    year that the words name, counted from the dct."""
    month = _month_number(m["month"])
    if ctx.dct is None:
        return _Value("DATE", None)
    year = ctx.dct.year + {"last": -1, "next": 1}.get(m["rel"].lower(), 0)
    if m["day"]:
        day = int(m["day"])
        if not _valid_day(year, month, day):
            return None
        return _Value("DATE", date(year, month, day).isoformat(), relative=True)
    return _Value("DATE", f"{year}-{month:02d}", relative=True, modifier=_modifier(m))


def _modifier(m: re.Match[str]) -> str | None:
    raw = m.groupdict().get("mod")
    if not raw:
        return None
    word = raw.lower().strip(" -")
    for key in ("earlier", "later", "early", "late", "mid", "middle", "end", "beginning", "start"):
        if key in word:
            return key
    return None


def _resolve_month(m: re.Match[str], ctx: _Context) -> _Value | None:
    month = _month_number(m["month"])
    rel = (m["rel"] or "").lower().strip()
    if ctx.dct is None:
        return _Value("DATE", f"XXXX-{month:02d}" if not rel else None, modifier=_modifier(m))
    year = ctx.dct.year
    if rel in {"next", "coming"}:
        year = year if month > ctx.dct.month else year + 1
    elif rel == "last":
        # the month just ended is "last month"; "last February" said in March is a year back
        back = (ctx.dct.month - month) % 12 or 12
        year = _add_months(ctx.dct, -(back + 12 if back == 1 else back)).year
    elif rel != "this":
        day = 15 if month != ctx.dct.month else ctx.dct.day
        if _deadline_before(ctx.text, m.start()):
            year = _nearest_year(ctx.dct, month, day, 1)
        else:
            direction = _direction_both(ctx, m)
            if direction < 0 and _next_month(ctx, m, month):
                direction = 0
            year = (
                _forward_year(ctx.dct, month, day)
                if direction > 0
                else _nearest_year(ctx.dct, month, day, direction)
            )
    return _Value("DATE", f"{year}-{month:02d}", relative=True, modifier=_modifier(m))


def _next_month(ctx: _Context, m: re.Match[str], month: int) -> bool:
    """The month after the dct's, under a past tense that is not a verb right before it.

    Why: the tense cue reaches back over the whole clause, and in news that clause is mostly
    reported speech ("he added that guidelines to be published in early November", "NATO has
    decided to admit them in early March"); a month a few weeks ahead is what is meant far
    more often than the same month eleven months back. A past verb right before the month
    ("ended in March", "collapsed in early March") still sends it back, but not a participle
    after "be" ("to be published in March").
    """
    assert ctx.dct is not None
    left = _IN_BEFORE.sub("", ctx.text[max(0, m.start() - 44) : m.start()])
    past = _PAST_VERB.search(left) and not _PASSIVE_END.search(left)
    return month == ctx.dct.month % 12 + 1 and not past


_IN_BEFORE = re.compile(r"(?i:\s+in\s*)$")
_PASSIVE_END = re.compile(r"(?i:\bbe\s+[a-z]+ed\s*)$")


def _resolve_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _Value("DATE", m["year"], modifier=_modifier(m))


def _resolve_decade(m: re.Match[str], ctx: _Context) -> _Value | None:
    digits = m["decade"]
    if len(digits) == 2:  # the '90s
        if ctx.dct is None:
            return _Value("DATE", None)
        century = ctx.dct.year // 100
        guess = century * 100 + int(digits)
        if guess > ctx.dct.year:
            guess -= 100
        return _Value("DATE", f"{guess // 10}", relative=True, modifier=_modifier(m))
    if digits.endswith("00") and int(digits) < 2000:
        # "the 1800s" is the nineteenth century in use, not 1800-1809; "the 2000s" is
        # the decade (the "noughties") as most writers mean it
        return _Value("DATE", digits[:2], modifier=_modifier(m))
    return _Value("DATE", f"{digits[:3]}", modifier=_modifier(m))


def _resolve_weekday(m: re.Match[str], ctx: _Context) -> _Value | None:
    part = _PART_OF_DAY.get((m["part"] or "").lower())
    kind = "TIME" if part else "DATE"
    if ctx.dct is None:
        return _Value(kind, None)
    target = _weekday_number(m["weekday"])
    rel = (m["rel"] or "").lower().strip()
    if rel.startswith("the ") and ctx.anchor is not None:
        # "the previous Friday", "the following Monday": counted from the day in focus
        if rel.endswith("following"):
            d = ctx.anchor + timedelta(days=(target - ctx.anchor.weekday()) % 7 or 7)
        else:
            d = ctx.anchor - timedelta(days=(ctx.anchor.weekday() - target) % 7 or 7)
        return _Value(kind, _day_value(d, part), relative=True)
    delta = (ctx.dct.weekday() - target) % 7
    possessive = re.match(r"['’]s\b", ctx.text[m.end() : m.end() + 3]) is not None
    forward = (
        not rel
        and not possessive
        and (_future(ctx, m.start()) or _until_before(ctx, _clock_start(ctx.text, m.start())))
    )
    if rel == "next" or rel == "coming" or forward:
        ahead = (target - ctx.dct.weekday()) % 7
        if rel in {"next", "coming"} and ahead == 0:
            ahead = 7
        d = ctx.dct + timedelta(days=ahead)
    elif rel in {"last", "past"}:
        d = ctx.dct - timedelta(days=delta or 7)
    else:
        d = ctx.dct - timedelta(days=delta)
    return _Value(kind, _day_value(d, part), relative=True)


_DEICTIC_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}


def _resolve_deictic_day(m: re.Match[str], ctx: _Context) -> _Value | None:
    word = m["word"].lower()
    before = (m.groupdict().get("before") or "").lower()
    part = _PART_OF_DAY.get((m["part"] or "").lower())
    if word == "tonight":
        part = "NI"
    kind = "TIME" if part else "DATE"
    if ctx.dct is None:
        return _Value(kind, None)
    offset = _DEICTIC_DAYS[word]
    if before:  # "the day before yesterday", "the day after tomorrow"
        offset += -1 if "before" in before else 1
    d = ctx.dct + timedelta(days=offset)
    return _Value(kind, _day_value(d, part), relative=True)


def _resolve_this_part(words: str, part_word: str, ctx: _Context) -> _Value | None:
    """ "this morning", "last night", "overnight", "the previous night", "the next morning"."""
    part = _PART_OF_DAY[part_word]
    uses_anchor = any(w in words for w in ("previous", "before", "next", "following", "that"))
    base = ctx.anchor if uses_anchor else ctx.dct
    if base is None:
        return _Value("TIME", None)
    if "last night" in words or "previous" in words or "before" in words:
        base -= timedelta(days=1)
    elif "next" in words or "following" in words:
        base += timedelta(days=1)
    elif words.strip() == "overnight":
        base -= timedelta(days=1)
    value = _Value("TIME", _day_value(base, part), relative=True)
    if part == "NI":
        value.earliest, value.latest = base, base + timedelta(days=1)
    return value


def _resolve_clock(m: re.Match[str], ctx: _Context) -> _Value | None:
    if m["special"]:
        hour, minute = (12, 0) if m["special"].lower() in {"noon", "midday"} else (24, 0)
    else:
        hour, minute = int(m["hour"]), int(m["minute"] or 0)
        if hour > 12 or minute > 59:
            return None
        pm = m["ampm"].lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    return _clock_value(hour, minute, ctx)


_ZONE = (
    r"(?:local\s+time|GMT|UTC|[ECMP][SD]T|CES?T|EES?T|BST|HKT|JST|KST|IST|SGT|MSK|AES[DT]|"
    r"hours|hrs)"
)
_CLOCK_WORDS = "|".join([*_ONES, "ten", "eleven", "twelve"])
_CLOCK_LEFT_WORD = re.compile(
    r"(?i:\b(?:at|by|until|till|before|after|around|about|from|to|and|since|between|"
    r"approximately|shortly|just)\s+)$"
)


def _clock_value(hour: int, minute: int, ctx: _Context) -> _Value:
    if ctx.anchor is None:
        return _Value("TIME", None)
    return _Value("TIME", f"{ctx.anchor.isoformat()}T{hour:02d}:{minute:02d}", relative=True)


def _resolve_clock_24h(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "14:30 GMT", "0600 local time", "at 15:30": the 24-hour clock of wire copy and of
    most of the world, where the hour already says morning or afternoon."""
    hour, minute = int(m["hour"] or m["hour2"]), int(m["minute"] or m["minute2"])
    if hour == 24 and minute:
        return None
    return _clock_value(hour, minute, ctx)


def _accept_clock_24h(m: re.Match[str], text: str) -> bool:
    """A bare "15:30" could be a score or a verse ("John 3:16"): it is a time after a
    preposition of time ("at 15:30") or with a zone. "1400 hours" needs the preposition
    too, since "1400 hours of footage" is an amount."""
    zone = m["zone"] or m["zone2"]
    return bool(zone and zone.lower() not in {"hours", "hrs"}) or _after_time_preposition(m, text)


def _resolve_clock_words(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "three o'clock", "4 in the morning", "10 at night": the part of the day, when given,
    says whether the hour is before or after noon; without it the hour is kept as said."""
    raw = m["hour"].lower()
    hour = int(raw) if raw.isdigit() else _CLOCK_WORDS.split("|").index(raw) + 1
    minute = int(m["minute"] or 0)
    part = (m["part"] or m["night"] or "").lower()
    if part in {"afternoon", "evening"} or (part == "night" and hour >= 6):
        hour = hour % 12 + 12
    elif part == "morning" and hour == 12:
        hour = 0
    return _clock_value(hour, minute, ctx)


def _accept_clock_words(m: re.Match[str], text: str) -> bool:
    """ "o'clock" marks a time by itself; "4 in the morning" only after a preposition of
    time, so that "killed 4 in the morning raid" is not read as a clock time."""
    if m["oclock"]:
        return True
    return bool(m["part"] or m["night"]) and _after_time_preposition(m, text)


def _after_time_preposition(m: re.Match[str], text: str) -> bool:
    """Whether a preposition of time stands right before the match ("at 15:30")."""
    return bool(_CLOCK_LEFT_WORD.search(text[max(0, m.start() - 14) : m.start()]))


def _shift(d: date, unit: str, n: int) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit in {"week", "weekend"}:
        return d + timedelta(weeks=n)
    if unit == "fortnight":
        return d + timedelta(weeks=2 * n)
    if unit == "month":
        return _add_months(d, n)
    if unit == "quarter":
        return _add_months(d, 3 * n)
    if unit == "decade":
        return _add_months(d, 120 * n)
    if unit == "century":
        return _add_months(d, 1200 * n)
    return _add_months(d, 12 * n)


def _calendar_value(d: date, unit: str) -> str:
    """The TIMEX3 value of the ``unit``-sized period containing ``d``."""
    if unit == "day":
        return d.isoformat()
    if unit in {"week", "fortnight"}:
        return _week_value(d)
    if unit == "weekend":
        return _week_value(d) + "-WE"
    if unit == "month":
        return f"{d.year}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    if unit == "decade":
        return f"{d.year // 10}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    return str(d.year)


def _unit(token: str) -> str:
    token = token.lower()
    if token.startswith("centur"):
        return "century"
    return token[:-1] if token.endswith("s") else token


def _resolve_relative_unit(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "last week", "this month", "earlier this year", "next year", "last weekend"."""
    unit = _unit(m["unit"])
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    season = _SEASONS.get(unit)
    if ctx.dct is None:
        return _Value("DATE", None, modifier=_modifier(m))
    # "this past weekend" is the one just gone, however "this" reads
    step = {"last": -1, "past": -1, "this past": -1, "previous": -1, "next": 1, "coming": 1}.get(
        rel, 0
    )
    if season:
        return _season_value(ctx.dct, season, step, _modifier(m))
    d = _shift(ctx.dct, unit, step)
    if unit == "weekend" and step == 0 and ctx.dct.weekday() < 5 and not _future(ctx, m.start()):
        d = ctx.dct - timedelta(days=7)  # "this weekend" read on a weekday after the fact
    value = _Value("DATE", _calendar_value(d, unit), relative=True, modifier=_modifier(m))
    return value


def _season_value(dct: date, season: str, step: int, modifier: str | None) -> _Value:
    starts = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
    year = dct.year
    if step < 0:
        year = year if dct.month >= starts[season] + 3 else year - 1
    elif step > 0:
        year = year if dct.month < starts[season] else year + 1
    return _Value("DATE", f"{year}-{season}", relative=True, modifier=modifier)


def _resolve_season(m: re.Match[str], ctx: _Context) -> _Value | None:
    season = _SEASONS[m["season"].lower()]
    if m["year"]:
        return _Value("DATE", f"{_year_int(m['year'])}-{season}", modifier=_modifier(m))
    if ctx.dct is None:
        return _Value("DATE", None)
    forward = _future(ctx, m.start())
    return _season_value(ctx.dct, season, 1 if forward else -1 if season != "WI" else 0, None)


def _resolve_ago(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "two days ago", "a year earlier", "three weeks later", "the next day"."""
    unit = _unit(m["unit"])
    n = _number(m["num"]) if m["num"] else 1
    direction = m["dir"].lower()
    sign = 1 if direction in {"later", "after", "from now", "hence", "next", "following"} else -1
    from_dct = direction in {"ago", "from now", "hence"}
    base = ctx.dct if from_dct else ctx.anchor
    if n is None and not from_dct:
        # "a few days later" in a narrative is a stretch after the day in focus, not the
        # future of the dct; TimeML tags the stretch ("a few days", PXD)
        return _Value("DURATION", _duration_code(unit, None))
    if n is None:
        return _Value("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if unit in {"hour", "minute", "second"} and not from_dct:
        # "an hour later": without the clock time of the event before it, only the stretch
        # is known (TimeML tags it as the duration, "later" being the signal)
        return _Value("DURATION", _duration_code(unit, n))
    if base is None:
        return _Value("DATE", None)
    if unit == "year" and n == 1 and sign < 0:
        quarter = _year_before_quarter(m, ctx)
        if quarter:
            return _Value("DATE", quarter, relative=True)
    if unit in {"hour", "minute", "second"}:
        return _Value("DATE", base.isoformat(), relative=True)  # "two hours ago": that day
    d = _shift(base, unit, sign * n)
    value_unit = "year" if unit in {"decade", "century"} else unit
    return _Value("DATE", _calendar_value(d, value_unit), relative=True)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right = min(
        (i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0), default=len(text)
    )
    return text[left + 1 : right]


# a money or percentage figure ("up from $10 million a year ago", "18 cents a share a year
# earlier"): in a quarterly report such a comparison is with the same quarter a year before
_COMPARED_FIGURES = re.compile(r"(?i)[$#£€]\s?\d|\d\s*(?:%|cents?\b|percent\b)")


def _year_before_quarter(m: re.Match[str], ctx: _Context) -> str | None:
    """In results reporting, "a year ago" / "year-earlier" next to a quarter means that
    quarter one year before ("up from $2 a year ago" after "third-quarter profit")."""
    if ctx.quarter is None:
        return None
    sentence = _sentence(ctx.text, m.start(), m.end())
    if not re.search(r"(?i)\b(?:quarter|period)", sentence) and not _COMPARED_FIGURES.search(
        sentence
    ):
        return None
    year, quarter = ctx.quarter.split("-")
    return f"{int(year) - 1}-{quarter}"


def _resolve_year_ago_adj(m: re.Match[str], ctx: _Context) -> _Value | None:
    if ctx.dct is None:
        return _Value("DATE", None)
    value = _year_before_quarter(m, ctx) or str(ctx.dct.year - 1)
    return _Value("DATE", value, relative=True)


def _resolve_weekend(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "the weekend": the coming one when the clause looks forward, else the last one."""
    if ctx.dct is None:
        return _Value("DATE", None)
    d = ctx.dct
    if _future(ctx, m.start()):
        d += timedelta(days=(5 - d.weekday()) % 7)
    elif d.weekday() < 5:
        d -= timedelta(days=7)
    return _Value("DATE", _week_value(d) + "-WE", relative=True)


class _Groups:
    """Match groups with one group overridden, so a rule can reuse another's resolver."""

    def __init__(self, match: re.Match[str], **override: str) -> None:
        self._match = match
        self._override = override

    def __getitem__(self, key: str) -> str | None:
        if key in self._override:
            return self._override[key]
        return self._match[key]

    def group(self, index: int = 0) -> str:
        return self._match.group(index)

    def groupdict(self) -> dict[str, str | None]:
        return {**self._match.groupdict(), **self._override}

    def start(self, group: int = 0) -> int:
        return self._match.start(group)

    def end(self, group: int = 0) -> int:
        return self._match.end(group)


def _override(m: re.Match[str], **groups: str | None) -> re.Match[str]:
    """The match with some groups replaced, so two spellings can share one resolver."""
    return _Groups(m, **groups)  # type: ignore[return-value, arg-type]


def _with_rel(m: re.Match[str], rel: str) -> re.Match[str]:
    return _Groups(m, rel=rel)  # type: ignore[return-value]


def _resolve_same_day(m: re.Match[str], ctx: _Context) -> _Value | None:
    if ctx.anchor is None:
        return _Value("DATE", None)
    return _Value("DATE", ctx.anchor.isoformat(), relative=True)


def _duration_code(unit: str, n: int | None) -> str:
    time_part, code, factor = _UNIT_CODE[unit]
    amount = "X" if n is None else str(n * factor)
    if unit == "century" and n is None:
        return "PXCE"
    return f"P{time_part}{amount}{code}"


def _resolve_duration(m: re.Match[str], ctx: _Context) -> _Value | None:
    unit = _unit(m["unit"])
    num = m.groupdict().get("num")
    if num is None:
        n: int | None = 1 if m.groupdict().get("single") is not None else None
    else:
        n = _number(num)
    if num and n is None and num.lower() not in _VAGUE_NUMBERS:
        return None
    return _Value("DURATION", _duration_code(unit, n))


_HALF_OF = {
    "year": (6, "", "M"), "day": (12, "T", "H"), "hour": (30, "T", "M"),
    "minute": (30, "T", "S"), "decade": (5, "", "Y"), "century": (50, "", "Y"),
}  # fmt: skip


def _resolve_and_a_half(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "2 1/2 years", "a minute and a half": the whole units plus half of one, written with
    the next smaller unit (P2Y6M, PT1M30S) so the value stays exact. Units whose half has no
    such unit (weeks, months) keep the whole number only."""
    unit = _unit(m["unit"])
    n = _number(m["num"])
    if n is None:
        return None
    whole = _duration_code(unit, n)
    if unit not in _HALF_OF:
        return _Value("DURATION", whole)
    half, time_part, code = _HALF_OF[unit]
    if unit in {"decade", "century"}:
        return _Value("DURATION", f"P{n * _UNIT_CODE[unit][2] + half}Y")
    if time_part and "T" not in whole:
        whole += "T"
    return _Value("DURATION", f"{whole}{half}{code}")


def _resolve_half_a_unit(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "half a century" (P50Y), "half a day" (PT12H): half of one unit, in the next smaller
    unit so that the value stays a whole number."""
    half, time_part, code = _HALF_OF[m["unit"].lower()]
    return _Value("DURATION", f"P{time_part}{half}{code}")


def _resolve_half_hour(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _Value("DURATION", "PT30M")


_SET_VALUES = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
    "yearly": "P1Y", "hourly": "PT1H", "quarterly": "P3M",
}  # fmt: skip


def _resolve_every_n(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "every 10 years", "every two weeks": a set whose period is the stretch named."""
    n = _number(m["num"])
    return None if n is None else _Value("SET", _duration_code(_unit(m["unit"]), n))


def _resolve_week_of(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "the week of March 6" is the ISO week holding that day."""
    day = _resolve_full_date(m, ctx)
    if day is None or day.value is None or day.value.startswith("X"):
        return day
    return _Value("DATE", _week_value(date.fromisoformat(day.value)), relative=day.relative)


def _resolve_set(m: re.Match[str], ctx: _Context) -> _Value | None:
    word = m.group(0).lower()
    if word in _SET_VALUES:
        return _Value("SET", _SET_VALUES[word])
    unit = m["unit"].lower()
    if unit in _SEASONS:  # "every summer"
        return _Value("SET", f"XXXX-{_SEASONS[unit]}")
    if unit == "weekend":
        return _Value("SET", "XXXX-WXX-WE")
    if unit in _PART_OF_DAY:
        return _Value("SET", f"XXXX-XX-XXT{_PART_OF_DAY[unit]}")
    if unit.capitalize() in _WEEKDAYS:
        return _Value("SET", f"XXXX-WXX-{_weekday_number(unit) + 1}")
    return _Value("SET", _duration_code(_unit(unit), 1))


_REF_WORDS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "at present": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "the present": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF",
    "recent years": "PAST_REF", "the future": "FUTURE_REF",
    "future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
}  # fmt: skip


def _resolve_ref(m: re.Match[str], ctx: _Context) -> _Value | None:
    key = re.sub(r"\s+", " ", m.group(0).lower())
    return _Value("DATE", _REF_WORDS[key])


def _resolve_recent(m: re.Match[str], ctx: _Context) -> _Value | None:
    unit = _unit(m["unit"])
    if unit == "year" and m["which"].lower() != "coming":
        return _Value("DATE", "PAST_REF")
    return _Value("DURATION", _duration_code(unit, None))


_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}


def _resolve_quarter(m: re.Match[str], ctx: _Context) -> _Value | None:
    """Quarters and halves. A quarter without a year is the last one with that number that
    has begun (results are reported after the quarter)."""
    which = m["ord"].lower() if m["ord"] else None
    is_half = m["qunit"].lower().startswith("half")
    year = int(m["year"]) if m["year"] else None
    if year is None:
        if ctx.dct is None:
            return _Value("DATE", None)
        current = (ctx.dct.month - 1) // (6 if is_half else 3) + 1
        n = _ORDINALS[which] if which else max(current - 1, 0)
        year = ctx.dct.year
        if which is None and n == 0:
            n, year = (2 if is_half else 4), year - 1
        elif n > current:
            year -= 1
        if m["ago"]:
            year -= 1
        return _Value("DATE", f"{year}-{'H' if is_half else 'Q'}{n}", relative=True)
    if which is None:
        return None
    return _Value("DATE", f"{year}-{'H' if is_half else 'Q'}{_ORDINALS[which]}")


def _resolve_half_of_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "the last half of 1989", "the first two quarters of next year", "the final quarter of
    2011": a half (or the last quarter) of a named year, which the quarter rule leaves to the
    year alone."""
    if m["year"]:
        year = _year_int(m["year"])
    elif ctx.dct is not None:
        year = ctx.dct.year + {"last": -1, "next": 1}.get(m["rel"].lower(), 0)
    else:
        return _Value("DATE", None)
    if year is None:
        return None
    which = m["which"].lower()
    if m["unit"].lower() == "quarter":
        return _Value("DATE", f"{year}-Q{1 if which == 'first' else 4}", relative=not m["year"])
    half = 1 if which in {"first", "front"} else 2
    return _Value("DATE", f"{year}-H{half}", relative=not m["year"])


_HOLIDAYS = {
    "christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
    "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4),
    "valentine's day": (2, 14), "halloween": (10, 31), "boxing day": (12, 26),
    "veterans day": (11, 11), "armistice day": (11, 11), "remembrance day": (11, 11),
    "st. patrick's day": (3, 17), "saint patrick's day": (3, 17), "bastille day": (7, 14),
}  # fmt: skip
# holidays that fall on the n-th (-1: last) weekday of a month: (month, weekday, n)
_WEEKDAY_HOLIDAYS = {
    "memorial day": (5, 0, -1), "labor day": (9, 0, 1), "labour day": (9, 0, 1),
    "columbus day": (10, 0, 2), "presidents day": (2, 0, 3), "president's day": (2, 0, 3),
    "martin luther king day": (1, 0, 3), "martin luther king jr. day": (1, 0, 3),
    "mother's day": (5, 6, 2), "father's day": (6, 6, 3),
}  # fmt: skip
# Easter-based feasts: days after Easter Sunday
_EASTER_OFFSETS = {"good friday": -2, "easter monday": 1}


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of a month, or the last one for n = -1 (US holidays)."""
    if n < 0:
        last = _month_end(year, month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _easter(year: int) -> date:
    """Western Easter Sunday (the Gregorian computus, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _holiday_date(name: str, year: int) -> date:
    if name.startswith("thanksgiving"):  # fourth Thursday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name == "election day":  # US: the Tuesday after the first Monday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7 + 1)
    if name in _EASTER_OFFSETS:
        return _easter(year) + timedelta(days=_EASTER_OFFSETS[name])
    if name in _WEEKDAY_HOLIDAYS:
        return _nth_weekday(year, *_WEEKDAY_HOLIDAYS[name])
    if name.startswith("easter"):
        return _easter(year)
    month, day = _HOLIDAYS[name]
    return date(year, month, day)


def _resolve_holiday(m: re.Match[str], ctx: _Context) -> _Value | None:
    """A holiday without a year is the nearest one to the dct, the past favoured as for
    months ("Christmas" in a November story is the coming one, in January the last one)."""
    name = re.sub(r"\s+", " ", m["holiday"].lower().replace("’", "'"))
    name = name.replace("presidents' day", "presidents day")
    if m["year"]:
        day = _holiday_date(name, int(m["year"]))
    elif ctx.dct is None:
        return _Value("DATE", None)
    else:
        dct = ctx.dct
        direction = 1 if _future(ctx, m.start()) else 0
        options = [_holiday_date(name, y) for y in (dct.year - 1, dct.year, dct.year + 1)]
        if direction > 0:
            options = [d for d in options if d >= dct]
        elif _past_verb_before(ctx, m.start()) or re.search(
            r"(?i:\b(?:was|were)\s+(?:on\s+|at\s+)?)$", ctx.text[max(0, m.start() - 12) : m.start()]
        ):  # "stores opened on Labor Day", "the march was on ...": one that has passed
            options = [d for d in options if d <= dct]
        day = min(options, key=lambda d: (d - dct).days * 2 if d > dct else (dct - d).days)
    if name.endswith("week"):
        return _Value("DATE", _week_value(day), relative=m["year"] is None)
    return _Value("DATE", day.isoformat(), relative=m["year"] is None)


# ----------------------------------------------------------------------------- acceptors
_COUNT_LEFT = re.compile(
    r"(?:\b(?:killed|killing|injured|injuring|wounded|about|some|nearly|almost|over|than|"
    r"least|most|to|and|or|of|by)\s+|[$£€#]\s?)$",
    re.I,
)
_YEAR_LEFT = re.compile(
    r"(?:\b(?:in|since|of|by|until|till|from|before|after|during|through|early|late|mid|"
    r"the|fiscal|year|summer|spring|fall|autumn|winter|its|their|his|her|'s|’s|for|between|"
    r"circa|around|to|and|or|until|as of|back in|,)\s*|mid-|\()$",
    re.I,
)


def _accept_year(m: re.Match[str], text: str) -> bool:
    """A bare four-digit number is a year only in year-like surroundings: it must not be a
    count ("2014 people", "killed 1999"), a part number ("Flight 1549", "$2000") or part of
    a bigger number ("2,862")."""
    year = int(m["year"])
    if not 1800 <= year <= 2099:
        return False
    if re.match(r"(?i:fiscal|FY)", m.group(0).lstrip("(")):
        return True  # "fiscal 1989 sales" is a year even before a plural noun
    left = text[max(0, m.start() - 30) : m.start()]
    right = text[m.end() : m.end() + 30]
    if re.match(r"[,.]\d|\s?%|\s?(?:per|percent|people|persons|votes)\b", right):
        return False
    if re.search(r"[A-Z][\w.]*\s$", left) and not re.search(
        r"(?:^|[.!?\"“]\s*|\n)[A-Z]\w*\s$|\b(?:In|Since|By|Until|From|Before|After|During|Fiscal|"
        + _caps(_MONTHS_FULL)
        + r")\s$",
        left,
    ):
        return False  # "Flight 1549", "Boeing 7470" — but "In 2014" at a sentence start is fine
    if _YEAR_LEFT.search(left) and not re.search(r"\b(?:than|least|about|some)\s+$", left):
        return True
    next_word = re.match(r"\s+([a-z]+)", right)
    if next_word and next_word.group(1).endswith("s") and not next_word.group(1).endswith("ss"):
        return False  # "2014 rockets"
    return not _COUNT_LEFT.search(left)


_NOT_A_NOUN = (
    r"(?:of|on|to|for|in|by|at|and|or|is|was|were|are|will|would|has|had|have|said|says|"
    r"who|which|that)\b"
)


def _month_as_modifier(m: re.Match[str], text: str) -> bool:
    """ "a June agreement", "the March vote": an article, the month, then a lowercase noun
    is the month used as an adjective, not the verb "may" or the name "June"."""
    left = text[max(0, m.start() - 4) : m.start()]
    right = text[m.end() : m.end() + 20]
    return bool(
        re.search(r"(?:^|\W)(?i:an?|the)\s$", left)
        and re.match(rf"\s(?!{_NOT_A_NOUN})[a-z]{{3,}}", right)
    )


def _accept_month_alone(m: re.Match[str], text: str) -> bool:
    """ "May" and "March" are also words and names: refuse "Theresa May", "may", "March on"."""
    month = m["month"]
    if m["rel"] or m["mod"]:
        return not (month.rstrip(".") in _MONTH_ABBR and not month.endswith("."))
    left = text[max(0, m.start() - 20) : m.start()]
    if month.rstrip(".") in {
        "Mar",
        "Jun",
        "Jul",
        "Sep",
        "Sept",
        "Jan",
        "Feb",
        "Apr",
        "Aug",
        "Oct",
        "Nov",
        "Dec",
    } and not month.endswith("."):
        return False
    if re.search(r"[A-Z][a-z]+\s$", left) and not re.search(
        r"(?:^|[.!?\"“]\s*|\n)[A-Z][a-z]*\s$|\b(?:In|Since|By|Until|From|Before|After|During|"
        r"Last|Next|This|Early|Late|Mid|Through|Until|Last)\s$",
        left,
    ):
        return False
    if month in {"May", "March", "August", "June", "April"} and not m["rel"] and not m["mod"]:
        if _month_as_modifier(m, text):
            return True
        return bool(
            re.search(
                r"\b(?:in|since|by|until|from|before|after|during|of|through|"
                r"early|late|mid|last|next|this|between|and|to)\s+$",
                left,
                re.I,
            )
        )
    return True


def _accept_not_age(m: re.Match[str], text: str) -> bool:
    """Durations, not look-alikes: "a 45-year-old", "45 years old" and "aged 45 years" are
    ages; "a second term" is an ordinal; "a quarter of", "three-quarters" are fractions;
    "60 Minutes" is a title."""
    right = text[m.end() : m.end() + 12].lower()
    left = text[max(0, m.start() - 8) : m.start()].lower()
    unit = m["unit"].lower()
    num = (m.groupdict().get("num") or "").lower()
    if unit.startswith("second") and num in {"a", "an"}:
        return False
    if unit.startswith("quarter") and (num in {"a", "an", "three"} or right.startswith(" of")):
        return False
    if m["unit"][0].isupper() and not m.group(0)[0].isupper():
        return False
    return not re.match(r"[- ]old\b|-olds?\b|\s+of age", right) and not left.endswith("aged ")


def _accept_weekday(m: re.Match[str], text: str) -> bool:
    """Refuse weekday names that are part of a name ("Black Friday" is fine, "Good Friday"
    agreements too, but "Bloody Sunday" the event is still a day); reject "Sunday Times"."""
    right = text[m.end() : m.end() + 12]
    return not re.match(r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Morning\b)", right)


def _resolve_spelled_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    year = _year_int(m["wyear"])
    if year is None or not 1800 <= year <= 2099:
        return None
    return _Value("DATE", str(year))


def _accept_spelled_year(m: re.Match[str], text: str) -> bool:
    """ "two thousand" alone is usually a count ("two thousand people"); a year only after
    "the year" or a preposition. Any spelled year followed by a plural noun is a count."""
    right = text[m.end() : m.end() + 20]
    plural = re.match(r"\s+([a-z]+)", right)
    if plural and plural.group(1).endswith("s") and not plural.group(1).endswith("ss"):
        return False
    words = m["wyear"].lower().split()
    if m.group(0).lower().startswith("the") or not words[0].startswith("two"):
        return True
    left = text[max(0, m.start() - 12) : m.start()]
    return len(re.split(r"[\s-]+", m["wyear"])) > 2 or bool(
        re.search(r"(?i:\b(?:in|since|until|by|of)\s+)$", left)
    )


def _resolve_decade_word(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "the nineties": the decade of the century before or at the dct."""
    tens = _DECADE_WORDS[m["wdecade"].lower()]
    if ctx.dct is None:
        return _Value("DATE", None)
    year = ctx.dct.year // 100 * 100 + tens
    if year > ctx.dct.year:
        year -= 100
    return _Value("DATE", str(year // 10), relative=True, modifier=_modifier(m))


def _anchor_period(ctx: _Context) -> tuple[int, int | None] | None:
    """Year (and month) the narrative is in: the last year or month mentioned, else the dct."""
    if ctx.period is not None:
        year = int(ctx.period[:4])
        month = int(ctx.period[5:7]) if len(ctx.period) >= 7 else None
        return year, month
    if ctx.dct is not None:
        return ctx.dct.year, ctx.dct.month
    return None


def _resolve_that_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "that year", "the following year", "the previous month", "the year before": counted
    from the last year or month the text mentioned ("in June 1998 ... later that year")."""
    unit = m["unit"].lower()
    words = m.group(0).lower()
    step = (
        1
        if re.search(r"following|after|next", words)
        else (-1 if re.search(r"previous|prior|before|earlier(?!\s+(?:that|in))", words) else 0)
    )
    anchor = _anchor_period(ctx)
    if anchor is None:
        return _Value("DATE", None)
    year, month = anchor
    modifier = _modifier(m) if m["mod"] else None
    if unit == "year":
        return _Value("DATE", str(year + step), relative=True, modifier=modifier)
    if month is None:
        return None
    shifted = _add_months(date(year, month, 1), step)
    return _Value("DATE", f"{shifted.year}-{shifted.month:02d}", relative=True, modifier=modifier)


def _resolve_the_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    """Results language: "for the year" / "the full year" is the current (fiscal) year, but
    "the year ended June 30" names a twelve-month span, a duration in TimeML."""
    if m["given"]:
        year = _year_int(m["given"])
        return None if year is None else _Value("DATE", str(year))
    if re.match(r"\s+(?:ended|ending|ends|to\s+date)\b", ctx.text[m.end() : m.end() + 12]):
        return _Value("DURATION", "P1Y")
    if ctx.dct is None:
        return _Value("DATE", None)
    return _Value("DATE", str(ctx.dct.year), relative=True)


def _accept_the_year(m: re.Match[str], text: str) -> bool:
    """Not "the year before" (another rule), "the year of the ...", "the year in which"."""
    right = text[m.end() : m.end() + 20]
    return bool(m["given"]) or not re.match(
        r"(?i:\s+(?:before|after|earlier|later|ago|of|in\s+which|when|that|or|and\s+a)\b)", right
    )


def _quarter_number(m: re.Match[str], ctx: _Context) -> int | None:
    """The quarter an expression means: its ordinal, or the last quarter mentioned."""
    if m["ord"]:
        return _ORDINALS[m["ord"].lower()]
    if ctx.quarter is not None:
        return int(ctx.quarter[-1])
    return None


def _resolve_year_quarter(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "the 1988 third quarter", "the 1989 period", "last year's quarter", "Q3 2019": a
    quarter of a stated year; without an ordinal it is the quarter the report is about."""
    half = (m["qunit"] or "").lower().startswith("half")
    rel = (m["rel"] or "").lower()
    if m["year"]:
        year: int | None = int(m["year"])
    elif ctx.dct is None:
        return _Value("DATE", None)
    else:
        year = ctx.dct.year + {"last": -1, "next": 1}.get(rel, 0)
    if m["qn"]:
        n: int | None = int(m["qn"])
        if half and n is not None and n > 2:
            return None
    else:
        n = _ORDINALS[m["ord"].lower()] if m["ord"] else (None if half else _quarter_number(m, ctx))
    if year is None:
        return None
    if n is None:
        if not m["year"] and m["qn"] is None:
            return _Value("DATE", f"{year}-{'H' if half else 'Q'}X", relative=True)
        return _Value("DATE", str(year), relative=not m["year"])
    if m["qn"] and not m["year"] and ctx.dct is not None:
        current = (ctx.dct.month - 1) // (6 if half else 3) + 1
        year = ctx.dct.year - (1 if n > current else 0)
    return _Value("DATE", f"{year}-{'H' if half else 'Q'}{n}", relative=not m["year"])


def _resolve_latest_period(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "the latest period" in earnings reports: the quarter being reported."""
    if ctx.quarter is not None:
        return _Value("DATE", ctx.quarter, relative=True)
    if ctx.dct is None:
        return _Value("DATE", None)
    last = _add_months(ctx.dct, -3)
    return _Value("DATE", f"{last.year}-Q{(last.month - 1) // 3 + 1}", relative=True)


# ----------------------------------------------------------------------------- rules
def _r(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


_MOD = r"(?P<mod>(?i:the\s+)?(?i:early|late|mid|middle|end|beginning|start)(?:\s+of\s+|[- ]))?"
_REL_MOD = (
    r"(?P<mod>(?i:earlier|later|early|late|mid|"
    r"(?:the\s+)?(?:end|beginning|start|middle)\s+of)\s+)?"
)
_PARTS = r"(?P<part>(?i:morning|afternoon|evening|night))"

_RULES: list[_Rule] = [
    _Rule("weekday_date", _r(
        rf"{_B}(?:{_WEEKDAY},?\s+)?(?P<month>{_MONTH})\s?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
        r"(?:,?\s+(?P<year>[12]\d{3}))?(?![\d,:]\d|\d)"
    ), _resolve_full_date),
    _Rule("day_month", _r(
        rf"{_B}(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?"
        rf"(?P<month>{_MONTH})(?:,?\s+(?P<year>[12]\d{{3}}))?(?!\w)"
    ), _resolve_full_date),
    _Rule("iso_date", _r(
        r"(?<![\d-])(?P<year>[12]\d{3})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d-])"
    ), _resolve_iso),
    _Rule("us_numeric_date", _r(
        r"(?<![\d/])(?P<month>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>[12]\d{3})(?![\d/])"
    ), _resolve_iso),
    _Rule("month_rel_year", _r(
        rf"{_B}{_MOD}(?P<month>{_MONTH})(?:\s?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?)?,?\s+"
        r"(?:of\s+)?(?P<rel>(?i:this|last|next))\s+(?i:year)(?![\w-])"
    ), _resolve_month_rel_year, lambda m, t: bool(m["day"]) or _accept_month_alone(
        _override(m, rel=None), t)),
    _Rule("month_year", _r(
        rf"{_B}{_MOD}(?P<month>{_MONTH}),?\s+(?:of\s+)?(?P<year>{_YEAR_ANY})"
    ), _resolve_month_year),
    _Rule("month", _r(
        rf"{_B}(?P<rel>(?i:last|next|this|coming)\s+)?{_MOD}(?P<month>{_MONTH})(?![\w\d]|\.?\s?\d)"
    ), _resolve_month, _accept_month_alone),
    _Rule("year", _r(
        rf"{_B}(?P<mod>(?i:(?:the\s+)?(?:early|late|mid|middle|end|beginning|start)"
        r"(?:\s+of\s+|[- ]))|(?i:mid-))?"
        r"(?:(?i:fiscal(?:\s+year)?)\s+|FY\s?)?(?P<year>[12]\d{3})(?![\d])(?!-[01]\d-)(?!s\b)"
    ), _resolve_year, _accept_year),
    _Rule("decade", _r(
        rf"{_B}(?:(?i:the)\s+)?(?P<mod>(?i:early|late|mid)[- ])?"
        r"(?:(?P<decade>[12]\d{2}0)s|['’](?P<decade2>\d0)s|(?P<decade3>[1-9]0)s)(?!\w)"
    ), lambda m, ctx: _resolve_decade_any(m, ctx), lambda m, t: _accept_decade(m, t)),
    _Rule("weekday", _r(
        rf"{_B}(?:(?i:early|late)\s+)?(?P<rel>(?i:last|next|this|coming|past|"
        r"the\s+(?:previous|prior|following))\s+)?"
        rf"(?P<weekday>{_WEEKDAY})(?:\s+{_PARTS})?(?!\w)"
    ), lambda m, ctx: _resolve_weekday_rel(m, ctx), _accept_weekday),
    _Rule("deictic_day", _r(
        r"(?i:(?<![\w-])(?:(?:early|late|earlier|later)\s+)?(?P<before>the\s+day\s+(?:before|after)\s+)?"
        r"(?P<word>today|yesterday|tomorrow|tonight)(?:\s+(?P<part>morning|afternoon|evening|night))?(?!\w))"
    ), _resolve_deictic_day, lambda m, t: not _generic_today(m, t)),
    _Rule("part_of_day", _r(
        r"(?i:(?<![\w-])(?:(?:early|late)\s+)?(?:(?:this|last|that|the\s+previous|the\s+next|"
        r"the\s+following)\s+(?P<part>morning|afternoon|evening|night)|"
        r"the\s+(?P<part2>night|morning|evening)\s+before|(?P<part3>overnight)|"
        r"(?<=\b(?:in|on|by)\s)the\s+(?P<part4>morning|afternoon|evening|night))(?!\w))"
    ), lambda m, ctx: _resolve_part_any(m, ctx),
        # "on the night of Oct. 23": the date that follows is the expression
        lambda m, t: not (m["part4"] and re.match(r"\s+of\b", t[m.end() : m.end() + 4]))),
    _Rule("part_with_mod", _r(
        r"(?i:(?<![\w-])(?P<mod>mid|late|early)[- ]?(?P<part>morning|afternoon|evening)"
        r"(?:\s+(?P<day>yesterday|today|tomorrow))?(?![\w-]))"
    ), lambda m, ctx: _resolve_part_with_mod(m, ctx)),
    _Rule("clock", _r(
        # "3.30pm" is the British spelling of "3:30 p.m."
        r"(?<![\w:.])(?:(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s?"
        r"(?P<ampm>[ap]\.m\.|[AP]M\b|[ap]m\b)|(?P<special>(?i:noon|midday|midnight))(?!\w))"
        r"(?:\s+(?:local time|GMT|UTC|[ECMP][SD]?T)\b)?"
    ), _resolve_clock, lambda m, t: not _high_noon(m, t)),
    _Rule("clock_24h", _r(
        rf"(?<![\w:.,$£€#/-])(?:(?P<hour>[01]?\d|2[0-4]):(?P<minute>[0-5]\d)(?![\d:])"
        rf"(?:\s*(?P<zone>{_ZONE}))?|(?P<hour2>[01]\d|2[0-4])(?P<minute2>[0-5]\d)\s*"
        rf"(?P<zone2>{_ZONE}))(?!\w)"
    ), lambda m, ctx: _resolve_clock_24h(m, ctx), lambda m, t: _accept_clock_24h(m, t)),
    _Rule("clock_words", _r(
        rf"(?i:(?<![\w:.])(?P<hour>1[0-2]|0?[1-9]|{_CLOCK_WORDS})(?::(?P<minute>[0-5]\d))?"
        r"(?P<oclock>\s+o['’]clock)?(?:\s+(?:in\s+the\s+(?P<part>morning|afternoon|evening)|"
        r"at\s+(?P<night>night)))?(?![\w-]))"
    ), lambda m, ctx: _resolve_clock_words(m, ctx), lambda m, t: _accept_clock_words(m, t)),
    _Rule("relative_unit", _r(
        rf"(?<![\w-]){_REL_MOD}(?P<rel>(?i:this\s+past|this|last|next|past|coming|previous))\s+"
        r"(?P<unit>(?i:week|weekend|month|year|quarter|decade|century|spring|summer|fall|"
        r"autumn|winter))(?!\w)(?!\s+or\b)"
    ), _resolve_relative_unit, lambda m, t: not _after_the(m, t) and not _title(m, t)),
    _Rule("season", _r(
        rf"(?<![\w-])(?:(?i:the)\s+)?{_REL_MOD}(?P<season>(?i:spring|summer|autumn|winter)|[Ff]all)"
        rf"(?:\s+(?:of\s+)?(?P<year>{_YEAR_ANY}))?(?!\w)"
    ), _resolve_season, lambda m, t: _accept_season(m, t)),
    _Rule("spelled_year", _r(
        rf"(?<![\w-])(?:(?i:the\s+year)\s+)?(?P<wyear>{_SPELLED_YEAR})(?![\w-])"
    ), _resolve_spelled_year, _accept_spelled_year),
    _Rule("decade_word", _r(
        rf"(?i:(?<![\w-])the\s+(?P<mod>(?:early|late|mid)[- ])?"
        rf"(?P<wdecade>{'|'.join(_DECADE_WORDS)})(?![\w-]))"
    ), _resolve_decade_word),
    _Rule("that_year", _r(
        r"(?i:(?<![\w-])(?P<mod>(?:earlier|later|early|late)\s+(?:in\s+)?)?"
        r"(?:that|the\s+same|the\s+(?:following|previous|prior))\s+(?P<unit>year|month)"
        r"|(?<![\w-])the\s+(?P<unit2>year)\s+(?:before|after|earlier)(?=\s*[,.;])"
        r")(?![\w-])"
    ), lambda m, ctx: _resolve_that_year(_override(m, unit=m["unit"] or m["unit2"]), ctx)),
    _Rule("the_year", _r(
        r"(?i:(?<![\w-])the\s+(?:(?:full|fiscal|calendar|entire|whole)\s+)?year"
        rf"(?:\s+(?P<given>{_YEAR_ANY}))?"
        r"(?![\w-]))"
    ), _resolve_the_year, _accept_the_year),
    _Rule("year_quarter", _r(
        r"(?i:(?<![\w-])(?:the\s+)?(?:(?P<year>[12]\d{3})|(?P<rel>this|last|next)\s+year['’]s)"
        r"\s+(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal\s+)?"
        r"(?P<qunit>quarter|period|half)(?![\w-])(?P<qn>)"
        # "Q3 2019", and "H1 2025" for a half (upper case only: "h1" is a heading tag)
        r"|(?<![\w-])(?:the\s+)?(?P<ql>Q|(?-i:H))(?P<qn2>[1-4])(?:\s+(?P<year2>[12]\d{3}))?"
        r"(?![\w-]))"
    ), lambda m, ctx: _resolve_year_quarter(_override(
        m, year=m["year"] or m["year2"], qn=m["qn2"],
        qunit="half" if m["ql"] == "H" else m["qunit"]), ctx),
        lambda m, t: bool(m["ord"] or m["qn2"] or m["year"] or "quarter" in m.group(0).lower())),
    _Rule("half_of_year", _r(
        r"(?i:(?<![\w-])(?:the\s+)?(?:(?P<which>first|second|last|latter|final|back|front)\s+"
        r"(?P<unit>half|two\s+quarters)|(?P<which2>last|final)\s+(?P<unit2>quarter))\s+of\s+"
        r"(?:(?:the\s+)?(?:fiscal|calendar)\s+(?:year\s+)?)?"
        r"(?:(?P<year>[12]\d{3})|(?P<rel>this|next|last)\s+year)(?![\w-]))"
    ), lambda m, ctx: _resolve_half_of_year(_override(
        m, which=m["which"] or m["which2"], unit=m["unit2"] or "half"), ctx)),
    _Rule("latest_period", _r(
        r"(?i:(?<![\w-])the\s+(?:latest|most\s+recent|just-ended|just\s+ended)\s+"
        r"(?:fiscal\s+)?period(?![\w-]))"
    ), _resolve_latest_period),
    _Rule("ago", _r(
        rf"(?i:(?<![\w-]){_HEDGE}?(?P<num>{_NUM}|{_VAGUE})\s+(?P<unit>{_UNIT}s?)\s+"
        r"(?P<dir>ago|earlier|later|from now|hence)(?!\w))"
    ), _resolve_ago),
    _Rule("next_day", _r(
        r"(?i:(?<![\w-])(?:the\s+)?(?P<dir>next|following|previous)\s+(?P<unit>day)(?!\w))"
    ), lambda m, ctx: _resolve_next_day(m, ctx)),
    _Rule("day_before", _r(
        r"(?i:(?<![\w-])the\s+day\s+(?P<dir>before|after)(?=\s*[,.;]))"
    ), lambda m, ctx: _resolve_next_day(m, ctx)),
    _Rule("current_unit", _r(
        rf"(?i:(?<![\w-]){_REL_MOD}(?:the\s+)?(?:current|present)\s+(?:fiscal\s+)?(?P<unit>week|month|"
        r"year|quarter)(?!\w))"
    ), lambda m, ctx: _resolve_relative_unit(_with_rel(m, "this"), ctx)),
    _Rule("end_of_the_unit", _r(
        r"(?i:(?<![\w-])(?P<mod>(?:the\s+)?(?:end|beginning|start|middle)\s+of|earlier\s+in|"
        r"later\s+in)\s+the\s+(?P<unit>year|month|week|decade|century)(?!\w))"
    ), lambda m, ctx: _resolve_relative_unit(_with_rel(m, "this"), ctx)),
    _Rule("weekend", _r(r"(?i:(?<![\w-])the\s+weekend(?!\w))"), _resolve_weekend),
    _Rule("year_ago_adj", _r(
        r"(?i:(?<![\w-])(?:the\s+)?year-(?:earlier|ago)(?:\s+(?:quarter|period))?(?![\w-]))"
    ), _resolve_year_ago_adj),
    _Rule("same_day", _r(r"(?i:(?<![\w-])(?:that(?:\s+same)?|the\s+same)\s+day(?!\w))"),
          _resolve_same_day),
    _Rule("century", _r(
        r"(?i:(?<![\w-])(?:the\s+)?(?P<mod>(?:early|late|mid)[- ])?"
        rf"(?:(?P<ord>\d{{1,2}})(?:st|nd|rd|th)|(?P<word>{_ORDINAL_WORDS}))"
        r"[- ]century(?![\w-]))"
    ), lambda m, ctx: _resolve_century(m, ctx)),
    _Rule("set_per", _r(
        r"(?i:(?<=\w\s)(?:a|an|per)\s+(?P<unit>day|week|month|year|hour)(?!\w))"
    ), _resolve_set, lambda m, t: bool(re.search(
        r"(?i:(?:\d|\b(?:times|twice|once|million|billion|thousand|hundred|dollars|cents|"
        r"percent))\s*$)", t[max(0, m.start() - 20) : m.start() - 1]))),
    _Rule("duration", _r(
        # "the" belongs to the noun after an adjectival "24-hour" ("the 24-hour strike")
        rf"(?i:(?<![\w-])(?:{_HEDGE}|the\s+(?!{_NUM}-{_UNIT}\b))?"
        r"(?:(?:past|last|next|first|coming|previous|following)\s+)?"
        rf"(?P<num>{_NUM}|{_VAGUE})(?:\s+(?:more|additional|further|extra))?[\s-]+"
        r"(?:(?:trading|business|working|school)\s+(?=days?\b))?"
        rf"(?P<unit>{_UNIT}s?)(?![\w-]))"
    ), _resolve_duration, _accept_not_age),
    _Rule("duration_adj", _r(
        rf"(?i:(?<![\w-])(?P<num>{_NUM})-(?P<unit>{_UNIT})(?:-long)?(?![\w-]))"
    ), _resolve_duration, _accept_not_age),
    _Rule("duration_long", _r(
        # "a week-long strike", "a yearlong review" (closed up, as AP writes it)
        rf"(?i:(?<![\w-])(?P<single>)(?P<unit>{_UNIT})s?-?long(?!\w))"
    ), lambda m, ctx: _Value("DURATION", _duration_code(
        _unit(m["unit"]), None if m.group(0).lower().split("-")[0].endswith("s") else 1))),
    _Rule("duration_the_past", _r(
        r"(?i:(?<![\w-])the\s+(?:past|last|next|coming|previous|following)\s+(?P<single>)"
        r"(?P<unit>day|week|month|year|decade|century|hour)(?!\w))"
    ), _resolve_duration),
    _Rule("duration_bare", _r(
        r"(?i:(?<![\w-])(?:the\s+)?"
        r"(?P<unit>days|weeks|months|years|decades|hours|minutes)(?!\w))"
    ), _resolve_duration, lambda m, t: _accept_bare_units(m, t)),
    _Rule("and_a_half", _r(
        rf"(?i:(?<![\w/-]){_HEDGE}?(?:(?P<num>{_NUM})\s+(?:1/2|and\s+a\s+half)[\s-]+"
        rf"(?P<unit>{_UNIT})s?|(?P<num2>an?|one)\s+(?P<unit2>{_UNIT})\s+and\s+a\s+half)"
        r"(?![\w-]))"
    ), lambda m, ctx: _resolve_and_a_half(
        _override(m, num=m["num"] or m["num2"], unit=m["unit"] or m["unit2"]), ctx)),
    _Rule("half_hour", _r(r"(?i:(?<![\w-])half\s+an\s+hour(?!\w))"), _resolve_half_hour),
    _Rule("half_a_unit", _r(
        rf"(?i:(?<![\w-]){_HEDGE}?half\s+an?\s+(?P<unit>century|decade|year|day|minute)(?![\w-]))"
    ), lambda m, ctx: _resolve_half_a_unit(m, ctx)),
    _Rule("set", _r(
        r"(?i:(?<![\w-])(?:daily|nightly|weekly|monthly|yearly|hourly)(?!\w)|"
        r"(?<![\w-])(?:every|each)\s+(?P<unit>day|week|month|year|morning|night|evening|"
        r"afternoon|hour|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|"
        r"spring|summer|autumn|fall|winter)(?!\w))"
    ), _resolve_set, lambda m, t: _accept_set(m, t)),
    _Rule("set_every_n", _r(
        rf"(?i:(?<![\w-])every\s+(?P<num>{_NUM})\s+(?P<unit>{_UNIT})s(?![\w-]))"
    ), lambda m, ctx: _resolve_every_n(m, ctx)),
    _Rule("week_of", _r(
        rf"(?<![\w-])(?i:the\s+week\s+of)\s+(?P<month>{_MONTH})\s?(?P<day>[0-3]?\d)"
        r"(?:st|nd|rd|th)?(?:,?\s+(?P<year>[12]\d{3}))?(?![\d,:]\d|\d)"
    ), lambda m, ctx: _resolve_week_of(m, ctx)),
    _Rule("ref", _r(
        r"(?i:(?<![\w-])(?:now|currently|nowadays|these\s+days|at\s+present|at\s+the\s+moment|"
        r"recently|lately|the\s+past|the\s+(?:near\s+)?future|the\s+(?:near|short)\s+term|"
        r"the\s+present)(?![\w-]))"
    ), _resolve_ref, lambda m, t: _accept_ref(m, t)),
    _Rule("current", _r(r"(?i:(?<![\w-])(?:then\s+)?current(?![\w-]))"),
          lambda m, ctx: _Value("DATE", "PAST_REF" if " " in m.group(0) else "PRESENT_REF"),
          lambda m, t: _accept_current(m, t)),
    _Rule("ahead", _r(
        r"(?i:(?<![\w-])the\s+(?P<unit>days|weeks|months|years)\s+(?:ahead|to\s+come)(?!\w))"
    ), _resolve_duration),
    _Rule("recent", _r(
        r"(?i:(?<![\w-])(?P<which>recent|coming|past)\s+(?P<unit>days|weeks|months|years|quarters)"
        r"(?!\w))"
    ), _resolve_recent),
    _Rule("quarter", _r(
        r"(?i:(?<![\w-])(?:the\s+)?(?:(?:fiscal|latest|most\s+recent|recent|just-ended)[\s-]+)?"
        r"(?P<ago>year-(?:ago|earlier)\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
        r"[\s-]+)?(?:fiscal\s+)?(?P<qunit>quarter|half)(?:\s+of\s+(?:fiscal\s+)?(?P<year>[12]\d{3}))?"
        r"(?!\w))"
    ), _resolve_quarter, lambda m, t: bool(m["ord"]) or (m.group(0).lower().startswith("the ")
       and not m["qunit"].lower().startswith("half"))),
    _Rule("year_end", _r(
        r"(?i:(?<![\w-])(?:(?:around|about)\s+)?year(?:-|\s+|['’]s\s+)end(?![\w-]))"
    ), lambda m, ctx: _resolve_year_end(m, ctx), lambda m, t: _accept_year_end(m, t)),
    _Rule("holiday", _r(
        r"(?<![\w-])(?P<holiday>Christmas(?: Day| Eve)?|New Year[’']s (?:Day|Eve)|"
        r"Independence Day|Valentine[’']s Day|Halloween|Boxing Day|Thanksgiving(?: Day)?|"
        r"Election Day|Easter(?: Sunday| Monday| [Ww]eek)?(?!\s+(?:Island|Rising))|Good Friday|"
        r"Memorial Day|Labor Day|Labour Day|Columbus Day|Veterans Day|Armistice Day|"
        r"Remembrance Day|Presidents[’']? Day|President[’']s Day|Martin Luther King(?: Jr\.)? Day|"
        r"Mother[’']s Day|Father[’']s Day|(?:St\.|Saint) Patrick[’']s Day|Bastille Day)"
        r"(?:,?\s+(?P<year>[12]\d{3}))?(?!\w)"
    ), _resolve_holiday),
]  # fmt: skip


_GENERIC_AFTER = re.compile(
    r"['’]s\s+(?:world|youth|society|generation|young|children|kids|teenagers|consumers|"
    r"standards|economy|technology)\b",
    re.I,
)


def _generic_today(m: re.Match[str], text: str) -> bool:
    """ "today's world", "in today's society", "many of today's computers": the present era,
    not the day of the article, so no day should be pinned to it; "tomorrow's world" is just
    as generic."""
    if m["word"].lower() not in {"today", "tomorrow"} or m["part"] or m["before"]:
        return False
    if _GENERIC_AFTER.match(text[m.end() : m.end() + 20]):
        return True
    left = text[max(0, m.start() - 12) : m.start()]
    return bool(
        re.search(r"(?i:\b(?:many|most|some|all)\s+of\s+)$", left)
        and re.match(r"['’]s\b", text[m.end() : m.end() + 3])
    )


def _high_noon(m: re.Match[str], text: str) -> bool:
    """ "high noon" is a moment of confrontation (or a film title), not twelve o'clock."""
    return bool(re.search(r"(?i:\bhigh\s)$", text[max(0, m.start() - 5) : m.start()]))


def _after_the(m: re.Match[str], text: str) -> bool:
    """ "the past year" / "the last week" are durations (another rule), not calendar dates."""
    return bool(
        m["rel"].lower() in {"past", "last", "previous", "coming", "next"}
        and re.search(r"(?i:\bthe\s+)$", text[max(0, m.start() - 5) : m.start()])
        and not m["mod"]
    )


def _resolve_century(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "the 20th century" (or "the twentieth century") is "19" in TIMEX3: the first two
    digits of its years."""
    n = int(m["ord"]) if m["ord"] else _ordinal_word(m["word"])
    if not 1 <= n <= 21:
        return None
    return _Value("DATE", f"{n - 1:02d}", modifier=_modifier(m))


def _title(m: re.Match[str], text: str) -> bool:
    """ "This Week" in the middle of a sentence, every word capitalised, is a programme."""
    words = m.group(0).split()
    if not all(w[0].isupper() for w in words):
        return False
    left = text[max(0, m.start() - 3) : m.start()]
    return not re.search(r"(?:^|[.!?]\s+|\n\s*)$", left) or bool(re.search(r"[\"“]$", left))


def _accept_ref(m: re.Match[str], text: str) -> bool:
    """ "now" in "now-defunct", "the past" in "the past week" (a duration) and "soon after"
    are not references to the present/past/future."""
    word = m.group(0).lower()
    right = text[m.end() : m.end() + 20]
    if word in {"the past", "the future", "the present"} and re.match(r"\s+(?:of|tense)\b", right):
        return False
    if m.group(0) == "Now" and right.startswith(","):
        return False  # "Now, he says, ...": a discourse marker opening the sentence
    return not (word == "now" and re.match(r"-|\s+that\b", right))


def _accept_current(m: re.Match[str], text: str) -> bool:
    """ "current" as an adjective of time ("its current chairman", "current market
    conditions"), which TimeBank tags as PRESENT_REF; not "current account" (economics) or
    "electric current"."""
    right = text[m.end() : m.end() + 20]
    left = text[max(0, m.start() - 12) : m.start()]
    if re.match(r"(?i:\s+accounts?\b|\s*[.,;)])", right):
        return False
    return not re.search(r"(?i:\b(?:electric|electrical|alternating|direct|ocean)\s+)$", left)


def _resolve_year_end(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "by year-end", "since year end": the end of the dct's year, or of the year before
    after "since" (a starting point that has passed)."""
    if ctx.dct is None:
        return _Value("DATE", None)
    since = ctx.text[max(0, m.start() - 6) : m.start()].lower().strip() == "since"
    return _Value("DATE", str(ctx.dct.year - since), relative=True, modifier="end")


def _accept_set(m: re.Match[str], text: str) -> bool:
    """ "daily" before a name is a newspaper ("the party daily Granma"); "average daily
    volume" is a statistic per day, not a recurring event."""
    if m["unit"]:
        return True
    if re.search(r"(?i:\baverage\s+)$", text[max(0, m.start() - 8) : m.start()]):
        return False
    return not re.match(r"\s+(?:[A-Z]\w+)", text[m.end() : m.end() + 12])


def _accept_year_end(m: re.Match[str], text: str) -> bool:
    """ "by year-end", "since year end", "around year end" name a time; "year-end net" or
    "year-end bonus" without a preposition is an adjective of something else."""
    if m.group(0)[0] in "aA":
        return True
    left = text[max(0, m.start() - 10) : m.start()]
    return bool(
        re.search(
            r"(?i:\b(?:by|at|before|until|till|since|around|after|through|near|towards?|from)\s+)$",
            left,
        )
    )


_HEAT = re.compile(r"(?i:\b(?:temperatures?|degrees|highs?|lows?|fahrenheit|his|her|their)\b)")


def _accept_decade(m: re.Match[str], text: str) -> bool:
    """ "the 80s" without an apostrophe is a decade only after "the", and not in weather
    ("highs in the 80s") or ages ("in their 80s")."""
    if not m["decade3"]:
        return True
    if not m.group(0).lower().startswith("the"):
        return False
    return not _HEAT.search(_clause_before(text, m.start(), 40))


_SEASON_LEFT = re.compile(r"(?i:\b(?:in|during|by|until|till|since|through|over|before|after)\s+)$")


def _accept_season(m: re.Match[str], text: str) -> bool:
    """A season name is a time with a year ("spring 2001"), an article or modifier ("the
    summer", "late autumn"), or right after a preposition of time ("talks resume in
    spring"); not "fall" there, which is as often the verb or the noun ("a rise in fall")."""
    if m["year"] or re.match(r"(?i:the\s|early\s|late\s)", m.group(0)):
        return True
    left = text[max(0, m.start() - 10) : m.start()]
    return m["season"].lower() != "fall" and bool(_SEASON_LEFT.search(left))


def _accept_bare_units(m: re.Match[str], text: str) -> bool:
    """ "for years", "within weeks", "over the years", "after months of talks": a plural unit
    without a number is a vague stretch of time after a preposition of duration, or when it
    measures something ("decades of conflict"). Not "Days of Rage" (a name)."""
    left = text[max(0, m.start() - 12) : m.start()]
    if m.group(0).lower().startswith("the"):
        return bool(re.search(r"(?i:\b(?:over|through|throughout)\s)$", left))
    if re.search(r"(?i:\b(?:for|over|within|than|in|after|take|took|takes|lasted)\s)$", left):
        return True
    measured = re.match(r"\s+of\s+[a-z]", text[m.end() : m.end() + 6])
    return bool(measured) and m["unit"].islower() and not re.search(r"(?i:\bthe\s+)$", left)


def _resolve_decade_any(m: re.Match[str], ctx: _Context) -> _Value | None:
    digits = m["decade"] or m["decade2"] or m["decade3"]
    shim = re.match(r"(?P<decade>\d+)", digits)
    assert shim is not None
    value = _resolve_decade(shim, ctx)
    if value is not None:
        value.modifier = _modifier(m)
    return value


def _resolve_weekday_rel(m: re.Match[str], ctx: _Context) -> _Value | None:
    value = _resolve_weekday(m, ctx)
    lead = m.group(0).split()[0].lower()
    if value is not None and lead in {"early", "late"}:
        value.modifier = lead
    return value


def _resolve_part_any(m: re.Match[str], ctx: _Context) -> _Value | None:
    part = (m["part"] or m["part2"] or m["part3"] or m["part4"]).lower()
    words = m.group(0).lower()
    if m["part2"]:
        words = f"the previous {part}"
    elif m["part4"]:
        words = f"that {part}"  # "in the morning": the morning of the day in focus
    return _resolve_this_part(words, part, ctx)


def _resolve_part_with_mod(m: re.Match[str], ctx: _Context) -> _Value | None:
    """ "by mid-afternoon", "late morning yesterday": a part of the day in focus (or of the
    day named right after it)."""
    part = _PART_OF_DAY[m["part"].lower()]
    base = ctx.anchor
    day = (m["day"] or "").lower()
    if day and ctx.dct is not None:
        base = ctx.dct + timedelta(days=_DEICTIC_DAYS[day])
    if base is None:
        return _Value("TIME", None)
    return _Value("TIME", _day_value(base, part), relative=True)


def _resolve_next_day(m: re.Match[str], ctx: _Context) -> _Value | None:
    direction = m["dir"].lower()
    if ctx.anchor is None:
        return _Value("DATE", None)
    sign = 1 if direction in {"next", "following", "after"} else -1
    return _Value("DATE", (ctx.anchor + timedelta(days=sign)).isoformat(), relative=True)


# ----------------------------------------------------------------------------- passes
@dataclass
class _Candidate:
    start: int
    end: int
    order: int
    rule: _Rule
    match: re.Match[str]


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for order, rule in enumerate(_RULES):
        for match in rule.pattern.finditer(text):
            if match.end() == match.start():
                continue
            if rule.accept is not None and not rule.accept(match, text):
                continue
            found.append(_Candidate(match.start(), match.end(), order, rule, match))
    return found


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest span first, then rule order; a span that overlaps a chosen one is dropped."""
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), c.order, c.start)):
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)


def _to_mention(cand: _Candidate, text: str, value: _Value, dct: date | None) -> TimeMention:
    earliest, latest, precision = _bounds(value.value)
    if value.type in {"DURATION", "SET"}:
        earliest = latest = None
        precision = "unknown"
    elif earliest is not None and latest is not None and value.modifier:
        if value.modifier in {"earlier", "later"} and dct is not None:
            if value.modifier == "earlier":
                latest = min(latest, dct)
            else:
                earliest = max(earliest, dct)
        else:
            earliest, latest = _narrow(earliest, latest, value.modifier)
    if value.earliest is not None and value.latest is not None:
        earliest, latest = value.earliest, value.latest
    if value.value in {"PAST_REF", "PRESENT_REF", "FUTURE_REF"} and dct is not None:
        earliest = dct if value.value != "PAST_REF" else None
        latest = dct if value.value != "FUTURE_REF" else None
    return TimeMention(
        start=cand.start,
        end=cand.end,
        text=text[cand.start : cand.end],
        type=value.type,  # type: ignore[arg-type]
        value=value.value,
        earliest=earliest.isoformat() if earliest else None,
        latest=latest.isoformat() if latest else None,
        precision=precision if value.value is not None else "unknown",
        relative=value.relative and value.value is not None,
    )


def find_times(text: str, dct: date | None) -> list[TimeMention]:
    """Time expressions in ``text`` with TIMEX3 values resolved against ``dct``.

    Offsets are into ``text`` as given (``text[m.start:m.end] == m.text``), so callers may
    pass the cleaned same-length text and still point into the original.
    """
    ctx = _Context(text=text, dct=dct, anchor=dct)
    mentions: list[TimeMention] = []
    for cand in _select(_candidates(text)):
        value = cand.rule.resolve(cand.match, ctx)
        if value is None:
            continue
        mention = _to_mention(cand, text, value, dct)
        mentions.append(mention)
        if mention.precision == "day" and mention.earliest and value.type in {"DATE", "TIME"}:
            ctx.anchor = date.fromisoformat(mention.earliest)
        if (
            value.type == "DATE"
            and mention.value
            and re.match(r"\d{4}(?:-\d\d)?(?!\d)", mention.value)
        ):
            ctx.period = mention.value[:7]
        if _reported_quarter(cand.rule.name, mention.value, dct):
            ctx.quarter = mention.value
    _attach_clock_times(text, mentions)
    _add_second_days(text, mentions)
    _add_second_years(text, mentions)
    return mentions


def _reported_quarter(rule: str, value: str | None, dct: date | None) -> bool:
    """Whether a quarter is the one an earnings report is about (what "a year ago" is
    compared with): "the third quarter", or a quarter of the current year; "the 1988 second
    quarter" is itself the comparison."""
    if not value or not re.fullmatch(r"\d{4}-Q[1-4]", value):
        return False
    if rule == "quarter":
        return True
    return rule == "year_quarter" and dct is not None and int(value[:4]) == dct.year


_SECOND_DAY = re.compile(
    r"(?:\s+(?:and|or|to|through|until)\s+|\s?[-–]\s?)(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\w,.:/-]\w|[\w:/-])"
)


# "June 2 and 3 others": a number followed by a noun counts something
_COUNTED = re.compile(r"\s+(?!(?:in|at|of|and|or|to|for|on|when|with|this|next|last|as)\b)[a-z]")


def _add_second_days(text: str, mentions: list[TimeMention]) -> None:
    """ "April 24 and 25", "May 3 to 5", "June 5-7": the bare number after a month and day
    is a second day of the same month."""
    added: list[TimeMention] = []
    for mention in mentions:
        if mention.type != "DATE" or mention.precision != "day" or not mention.value:
            continue
        if not re.match(rf"{_MONTH}\s?\d", mention.text) or re.search(r"\d{4}$", mention.text):
            continue
        match = _SECOND_DAY.match(text, mention.end)
        if (
            match is None
            or _COUNTED.match(text, match.end())
            or any(m.start < match.end() and match.start() < m.end for m in mentions)
        ):
            continue
        first = date.fromisoformat(mention.value[:10])
        day = int(match["day"])
        if day <= first.day or not _valid_day(first.year, first.month, day):
            continue
        second = first.replace(day=day).isoformat()
        added.append(TimeMention(
            start=match.start("day"), end=match.end(), text=text[match.start("day") : match.end()],
            type="DATE", value=second, earliest=second, latest=second, precision="day",
            relative=mention.relative,
        ))  # fmt: skip
    if added:
        mentions.extend(added)
        mentions.sort(key=lambda m: m.start)


_SECOND_YEAR = re.compile(r"\s?[-–]\s?(?P<year>[12]\d{3})(?![\d-])")


def _add_second_years(text: str, mentions: list[TimeMention]) -> None:
    """ "2005-2010", "1939–1945": a year range names both years, and TimeML tags each one;
    the year rule refuses a number glued to a hyphen, so the second year is added here."""
    added: list[TimeMention] = []
    for mention in mentions:
        if mention.type != "DATE" or not re.fullmatch(r"\d{4}", mention.text):
            continue
        match = _SECOND_YEAR.match(text, mention.end)
        if match is None or int(match["year"]) <= int(mention.text):
            continue
        if any(m.start < match.end() and match.start("year") < m.end for m in mentions):
            continue
        year = match["year"]
        added.append(TimeMention(
            start=match.start("year"), end=match.end(), text=year, type="DATE", value=year,
            earliest=f"{year}-01-01", latest=f"{year}-12-31", precision="year", relative=False,
        ))  # fmt: skip
    if added:
        mentions.extend(added)
        mentions.sort(key=lambda m: m.start)


_DAY_WORDS = re.compile(
    rf"(?:{_WEEKDAY}|{_MONTH}\s?\d|\d{{1,2}}\s+{_MONTH}|(?i:today|yesterday|tomorrow|tonight))"
)


def _attach_clock_times(text: str, mentions: list[TimeMention]) -> None:
    """ "7:45 p.m. yesterday", "10 a.m. on Tuesday", "noon Saturday": a clock time followed
    by its day is one expression (as TimeML tags it) and takes that day; the clock was
    resolved before the day was read, so the two are merged here."""
    merged: list[TimeMention] = []
    for mention in mentions:
        clock = merged[-1] if merged else None
        if clock is not None and _clock_then_day(text, clock, mention):
            # Without a document date the clock has no value yet, but a calendar day after
            # it ("4:31 pm January 5, 2011") still gives the whole expression one.
            value = clock.value or (mention.earliest and _clock_on(clock.text, mention.earliest))
            if value and mention.earliest:
                clock.value = mention.earliest + value[10:]
                clock.earliest = clock.latest = mention.earliest
                clock.precision = "day"
                clock.relative = mention.relative
            else:
                clock.value = None
                clock.precision = "unknown"
            clock.end = mention.end
            clock.text = text[clock.start : clock.end]
            continue
        merged.append(mention)
    mentions[:] = merged


def _clock_on(clock: str, day: str) -> str | None:
    """The value of a clock time ("4:31 pm") on a given day."""
    found = [m.value for m in find_times(clock, date.fromisoformat(day)) if m.type == "TIME"]
    return found[0] if found else None


def _clock_then_day(text: str, clock: TimeMention, day: TimeMention) -> bool:
    if clock.type != "TIME" or day.type != "DATE" or not _DAY_WORDS.match(day.text):
        return False
    if clock.value is not None and not re.search(r"T\d\d:\d\d$", clock.value):
        return False
    if day.value is not None and (day.precision != "day" or not day.earliest):
        return False
    if clock.value is None and not re.search(r"\d|(?i:noon|midday|midnight)", clock.text):
        return False
    return bool(re.fullmatch(r"[\s,]*(?:on\s+)?", text[clock.end : day.start]))
