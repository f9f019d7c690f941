"""Finding boilerplate in article text, and blanking it without moving any offset.

News text scraped or pasted from the web carries furniture that is not reporting:
photo credits, "Read also" links, comment and newsletter prompts, contributor lines,
advertisement markers. Left in, they feed false places ("Reuters" as a source,
"Getty Images"), false dates and garbled sentences to the later stages. Cutting them
out would shift every character offset, and offsets are the product's provenance, so
this module only *finds* the spans; :func:`blank` overwrites them with spaces of the
same length (newlines kept) and every later stage reads that blanked copy while
reporting offsets into the original.

The rules are deliberately conservative: a false positive erases real reporting (a
figure, a date), which is worse than leaving a credit line in. Most rules therefore
need the furniture to stand on a line of its own, or to be a clearly marked tail
(``| Name, Associated Press``, ``CreditCredit…Name/Reuters``, ``(Photo: ...)``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from newsdesk.models import Boilerplate, Span

__all__ = ["DATE_HEADER_RE", "blank", "find_boilerplate"]

# A first line (or first words) like "date 2022-11-15": metadata pasted into the text.
# Shared with read.py, which takes the publication date from the same match.
DATE_HEADER_RE = re.compile(
    r"\A[ \t\r\n]*(?P<header>(?i:date)[ \t]*:?[ \t]+(?P<date>\d{4}-\d{2}-\d{2}))(?!\d)"
)

# Photo and news agencies that appear in credit tails. Used only where some other
# credit marker (a "/", "via", "|", parentheses) is already present.
_AGENCY = (
    r"(?:The\s+)?(?:Associated\s+Press|AP(?:\s+Photo)?|Reuters|AFP|Agence\s+France[- ]Presse|"
    r"Getty\s+Images|Getty|EPA(?:-EFE)?|EFE|Bloomberg|Shutterstock|Alamy|Anadolu(?:\s+Agency)?|"
    r"Xinhua|TASS|Sputnik|NurPhoto|SOPA\s+Images|ZUMA(?:\s+Press|\s+Wire)?|Sipa(?:\s+USA)?|"
    r"Pool|Handout|UPI|PA(?:\s+Images|\s+Wire)?|Ukrinform|AAP|Kyodo|Yonhap|DPA|dpa|ANSA|"
    r"Imago|Redux|Polaris|WireImage|Sygma|Corbis|Newscom|Wikimedia\s+Commons|"
    r"(?:The\s+)?New\s+York\s+Times|(?:The\s+)?Washington\s+Post|Deseret\s+News)"
)
_CAP = r"[A-ZÀ-ÖØ-Þ][\w.'’-]*"  # a capitalised word (names, places)
_WEEKDAY_OR_MONTH = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December)\b"
)
# A word of a credit: a name, or "for The"/"via" + name; a bare "The", "A", "He" ...
# starts the prose that follows a glued credit instead.
_CREDIT_WORD = (
    r"(?:(?:(?:for|of|via)[ \t]+(?:The[ \t]+)?)?(?!(?:The|A|An|In|On|At|It|He|She|They|We|This)\b)"
    + _CAP
    + r"|and|de|van|von)"
)
_CREDIT_BODY = _CREDIT_WORD + r"(?:(?:[ \t]*[/,:&][ \t]*|[ \t]+)" + _CREDIT_WORD + r"){0,7}"
# Where a tail may start: line start, or right after a sentence end (glued or spaced).
_TAIL_START = r"(?:(?<=\n)|(?<=\A)|(?<=[.!?”\"’)]))[ \t]*"

_INLINE_RULES: list[tuple[str, re.Pattern[str]]] = [
    # "CreditCredit…Gleb Garanich/Reuters", "Credit: Jane Doe/AP": only the run of names
    # and agencies, so prose glued on after the credit is left alone.
    (
        "photo_credit",
        re.compile(r"(?<![A-Za-z])(?:Credit){1,2}[ \t]*(?:…|\.\.\.|:)[ \t]*" + _CREDIT_BODY),
    ),
    # "(Photo : ...)", "(AP Photo/...)", "(Image: ...)", "(Photo by ...)".
    (
        "photo_credit",
        re.compile(
            r"\([ \t]*(?:(?:AP|AFP|EPA|UPI|Reuters|Getty|Xinhua|Pool)[ \t]+)?"
            r"(?i:photo(?:graph)?s?|images?|pictures?|pic|credit|illustration|video|file\s+photo)"
            r"(?i:[ \t]+credit)?[ \t]*(?::|/|(?i:by\b))[^()\n]{1,200}\)"
        ),
    ),
    # "(... via Getty Images)", "(Getty Images)", "(Name/Reuters)", "(Reuters/Name)".
    ("photo_credit", re.compile(r"\([^()\n]{0,120}\bvia[ \t]+" + _AGENCY + r"[^()\n]{0,40}\)")),
    ("photo_credit", re.compile(r"\((?:Getty\s+Images|Shutterstock|Alamy)[^()\n]{0,60}\)")),
    (
        "photo_credit",
        re.compile(r"\(" + _CAP + r"(?:[ \t]+" + _CAP + r"){0,4}[ \t]*/[ \t]*" + _AGENCY + r"\)"),
    ),
    (
        "photo_credit",
        re.compile(r"\(" + _AGENCY + r"[ \t]*/[ \t]*" + _CAP + r"(?:[ \t]+" + _CAP + r"){0,4}\)"),
    ),
    # Caption tail "| Efrem Lukatsky, Associated Press", "| Photo: ...".
    (
        "photo_credit",
        re.compile(
            r"[ \t]*\|[ \t]*(?:[^|\n]{0,80}?(?:,|/|\bvia\b|\bfor\b)[ \t]*"
            + _AGENCY
            + r"|(?i:photo|image|credit|picture)s?[ \t]*:[^|\n]{1,80}|"
            + _AGENCY
            + r")[ \t]*\.?[ \t]*$",
            re.M,
        ),
    ),
    # "... sentence. Gleb Garanich/Reuters" or a line "Lynsey Addario for The New York Times".
    (
        "photo_credit",
        re.compile(
            _TAIL_START + r"(?P<tail>" + _CAP + r"(?:[ \t]+" + _CAP + r"){0,4}(?:[ \t]*/[ \t]*|"
            r"[ \t]+via[ \t]+|[ \t]+for[ \t]+|,[ \t]*)"
            + _AGENCY
            + r"(?:[ \t]*/[ \t]*"
            + _CAP
            + r")?)[ \t]*\.?[ \t]*$",
            re.M,
        ),
    ),
    (
        "photo_credit",
        re.compile(
            _TAIL_START
            + r"(?P<tail>"
            + _CAP
            + r"(?:[ \t]+"
            + _CAP
            + r"){0,4}[ \t]*/[ \t]*"
            + _CAP
            + r"(?:[ \t]+"
            + _CAP
            + r"){0,2})[ \t]*$",
            re.M,
        ),
    ),
    # "X and Y contributed reporting", "The Associated Press contributed to this report",
    # also when the next sentence is glued on after it ("... Contributed reporting Thursday, ...").
    (
        "contributors",
        re.compile(
            r"(?:(?<=\n)|(?<=\A)|(?<=[.!?”\"]\s))[ \t—–-]*(?P<tail>"
            r"(?:" + _CAP + r"|\(?(?i:Associated|Press))"
            r"(?:[ \t,]+(?:" + _CAP + r"|and|&|de|da|van|von|der|del|la|le|al|bin|el|ibn|of|the"
            r"|in|from|writers?|reporters?|correspondents?|journalists?|staff|photographers?|also)"
            r"){0,20}?"
            r"[ \t,]+(?i:contributed)(?:[ \t]+(?i:additional[ \t]+)?(?i:reporting|research)"
            r"|[ \t]+(?i:to[ \t]+(?:this|the)[ \t]+(?:report|story|article|coverage))"
            r"|(?=[ \t]*\.?[ \t]*$))"
            r"(?:[ \t]+(?i:to[ \t]+(?:this|the)[ \t]+(?:report|story|article)))?"
            r"(?:[ \t]+(?:from|in)[ \t]+(?!"
            + _WEEKDAY_OR_MONTH
            + r")"
            + _CAP
            + r"(?:(?:,[ \t]*|[ \t]+(?:and[ \t]+)?)(?!"
            + _WEEKDAY_OR_MONTH
            + r")"
            + _CAP
            + r"){0,4})?\.?\)?)",
            re.M,
        ),
    ),
]

# Rules for a whole line (tested on the line without surrounding spaces). The optional
# predicate rejects lines that match the opening words but read as prose.
_LineCheck = Callable[[str], bool]


def _short(limit: int) -> _LineCheck:
    return lambda line: len(line) <= limit


def _prompt(limit: int) -> _LineCheck:
    """Short, and not reporting: a prompt never says who said something."""
    reported = re.compile(r"(?i)\b(?:said|says|told|according\s+to|reported|warned)\b")
    return lambda line: len(line) <= limit and not reported.search(line)


def _mostly_names(text: str) -> bool:
    """True when the words read as a list of names (credits), not a sentence."""
    small = {"and", "in", "from", "of", "the", "for", "via", "de", "da", "van", "von", "al"}
    words = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", text) if w.lower() not in small]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.6


def _credit_by_line(line: str) -> bool:
    """'Photo: ...' always; 'Photos by ...' only when short and followed by names."""
    head = re.match(r"(?i)[^:|/]*?\bby\b", line)
    if head is None or ":" in line[: head.end()]:
        return len(line) <= 300
    return len(line) <= 120 and _mostly_names(line[head.end() :])


def _reporting_by_line(line: str) -> bool:
    """Reuters-style credit lines, not a paragraph that opens with 'Reporting by the BBC ...'."""
    lowered = line.lower()
    if len(line) > 350:
        return False
    if ";" in line or "editing by" in lowered or "writing by" in lowered or line.startswith("("):
        return True
    return len(line.split()) <= 14 and _mostly_names(re.sub(r"(?i)^.*?\bby\b", "", line, count=1))


_LINE_RULES: list[tuple[str, re.Pattern[str], _LineCheck]] = [
    (
        "read_also",
        re.compile(
            r"(?i)(?:read[ \t]+also|also[ \t]+read|read[ \t]+more|more[ \t]+reading)"
            r"[ \t]*(?:[:|»>–—-]|\.\.\.|…).*"
        ),
        _short(300),
    ),
    (
        # Without a separator only a short link line: "Read More" glued to a quote is prose.
        "read_also",
        re.compile(r"(?i)(?:read[ \t]+also|also[ \t]+read|read[ \t]+more)\b[^\"“”:]{0,80}"),
        _prompt(90),
    ),
    (
        "read_also",
        re.compile(
            r"(?i)(?:related(?:[ \t]+(?:articles?|stor(?:y|ies)|coverage|content|reading|links?|"
            r"news|videos?|topics?))?|see[ \t]+also|more[ \t]+on[ \t]+this(?:[ \t]+story)?|"
            r"recommended(?:[ \t]+reading)?|must[ \t]+read|don'?t[ \t]+miss|further[ \t]+reading|"
            r"watch|listen)[ \t]*(?:[:|»>–—-]|\.\.\.|…)(?:.*)"
        ),
        _short(300),
    ),
    (
        "read_also",
        re.compile(
            r"(?i)(?:related(?:[ \t]+(?:articles?|stor(?:y|ies)|coverage|content|reading|links?|"
            r"news|videos?))?|see[ \t]+also|further[ \t]+reading)[ \t]*[:.]?"
        ),
        _short(40),
    ),
    (
        "comments_prompt",
        re.compile(
            r"(?i)(?:(?:view|show|hide|read|load|see|open)[ \t]+(?:all[ \t]+|the[ \t]+)?"
            r"(?:\d+[ \t]+)?comments?\b|join[ \t]+the[ \t]+(?:conversation|discussion|debate)\b|"
            r"looking[ \t]+for[ \t]+comments\b|find[ \t]+comments\b|"
            r"(?:leave|post|add|write|submit)[ \t]+(?:a|your)[ \t]+comment\b|"
            r"comment[ \t]+on[ \t]+this[ \t]+(?:story|article)\b|have[ \t]+your[ \t]+say\b|"
            r"comments[ \t]+(?:are[ \t]+(?:closed|disabled)|have[ \t]+moved)\b|"
            r"be[ \t]+the[ \t]+first[ \t]+to[ \t]+comment\b|"
            r"(?:\d+[ \t]+)?comments?[ \t]*(?:\(\d+\))?$).*"
        ),
        _prompt(250),
    ),
    (
        "newsletter_prompt",
        re.compile(
            r"(?i)(?:(?:sign[ \t]+up|subscribe)\b.{0,150}\b(?:newsletters?|e-?mails?|inbox|alerts?|"
            r"updates|digest|briefing)\b.*|(?:get|register|receive)\b.{0,150}\b(?:newsletters?|"
            r"inbox)\b.*|subscribe(?:[ \t]+(?:now|today|here))?"
            r"[ \t]*[.!:]?|subscribe[ \t]+to[ \t]+(?:our|us|my|this)\b.*|"
            r"(?:already[ \t]+a|become[ \t]+a)[ \t]+subscriber\b.*|"
            r"thank[ \t]+you[ \t]+for[ \t]+(?:signing[ \t]+up|subscribing)\b.*)"
        ),
        _prompt(250),
    ),
    (
        "promo",
        re.compile(
            r"(?i)(?:our[ \t]+readers[ \t]+are[ \t]+reading(?:[ \t]+too)?|"
            r"readers[ \t]+are[ \t]+also[ \t]+reading|most[ \t]+(?:read|popular|viewed|shared)|"
            r"trending(?:[ \t]+now)?|"
            r"you[ \t]+(?:may|might)[ \t]+also[ \t]+like|recommended[ \t]+for[ \t]+you|"
            r"more[ \t]+from[ \t]+[^\d:]{1,40}|popular[ \t]+(?:now|stories)|editor'?s[ \t]+picks?|"
            r"what[ \t]+to[ \t]+read[ \t]+next|more[ \t]+stories|top[ \t]+stories)[ \t]*[:.!]?"
        ),
        _short(60),
    ),
    (
        "advertisement",
        re.compile(
            r"(?i)(?:advertisement|advertising|advert|ad|sponsored(?:[ \t]+content)?|"
            r"skip[ \t]+advertisement|continue[ \t]+reading(?:[ \t]+the[ \t]+main[ \t]+story)?|"
            r"(?:story|article)[ \t]+continues[ \t]+(?:below|after)(?:[ \t]+(?:this|the))?"
            r"(?:[ \t]+(?:advertisement|ad))?)[ \t]*[:.]?"
        ),
        _short(80),
    ),
    (
        "share_prompt",
        re.compile(
            r"(?i)(?:share[ \t]+(?:this|the)[ \t]+(?:article|story|post|page|video)\b|"
            r"share[ \t]+(?:on|via|to)[ \t]+\w+|share[ \t]*:?$|(?:click|tap)[ \t]+here\b|"
            r"tweet[ \t]+this\b|copy[ \t]+link\b|email[ \t]+this[ \t]+(?:article|story)\b|"
            r"print[ \t]+this[ \t]+(?:article|story|page)\b).*"
        ),
        _prompt(250),
    ),
    (
        "share_prompt",
        re.compile(
            r"(?i)(?:(?:facebook|twitter|x|whatsapp|linkedin|e-?mail|telegram|reddit|pinterest|"
            r"print|copy[ \t]+link|messenger|share)[ \t]*[|,/·•]?[ \t]*){2,}"
        ),
        _short(120),
    ),
    (
        "photo_credit",
        re.compile(
            r"(?i:photo(?:graph)?s?|images?|pictures?|pics?|(?:photo|image|picture)[ \t]+credits?|"
            r"credits?|illustration|caption|(?:main|top|header|featured|lead)[ \t]+image|"
            r"file[ \t]+photo)[ \t]*(?::|\||—|–|/|(?i:by\b)).*"
        ),
        _credit_by_line,
    ),
    ("photo_credit", re.compile(r"(?:via[ \t]+)?" + _AGENCY + r"\.?"), _short(40)),
    (
        "contributors",
        re.compile(
            r"\(?(?i:(?:additional[ \t]+)?reporting[ \t]+by|writing[ \t]+by|editing[ \t]+by|"
            r"compiled[ \t]+by|additional[ \t]+reporting[ \t]+from)\b.*"
        ),
        _reporting_by_line,
    ),
    ("contributors", re.compile(r"(?i:contributing|contributors?)[ \t]*:.*"), _short(300)),
]


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Start and end of each line's content without its surrounding whitespace."""
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + (len(line) - len(line.lstrip()))
            yield start, start + len(stripped)


def _line_spans(text: str) -> Iterator[tuple[int, int, str]]:
    for start, end in _lines(text):
        line = text[start:end]
        for kind, pattern, check in _LINE_RULES:
            if pattern.fullmatch(line) and check(line):
                yield start, end, kind
                break


def _inline_spans(text: str) -> Iterator[tuple[int, int, str]]:
    for kind, pattern in _INLINE_RULES:
        for match in pattern.finditer(text):
            group = "tail" if "tail" in pattern.groupindex else 0
            start, end = match.span(group)
            # Trim surrounding whitespace so the span is exactly the furniture.
            value = text[start:end]
            start += len(value) - len(value.lstrip())
            end -= len(value) - len(value.rstrip())
            if end > start:
                yield start, end, kind


def _header_span(text: str) -> Iterator[tuple[int, int, str]]:
    match = DATE_HEADER_RE.match(text)
    if match:
        yield match.start("header"), match.end("header"), "header"


def _merge(text: str, found: list[tuple[int, int, str]]) -> list[Boilerplate]:
    """Overlapping spans become one; same-kind spans apart by spaces only also join."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda item: (item[0], -item[1])):
        if merged:
            last_start, last_end, last_kind = merged[-1]
            if start < last_end or (kind == last_kind and not text[last_end:start].strip(" \t")):
                merged[-1] = (last_start, max(last_end, end), last_kind)
                continue
        merged.append((start, end, kind))
    return [Boilerplate(start=s, end=e, text=text[s:e], kind=k) for s, e, k in merged]


def find_boilerplate(text: str) -> list[Boilerplate]:
    """Spans of ``text`` that are not article prose, sorted and non-overlapping.

    Offsets are into ``text`` itself (``text[b.start:b.end] == b.text``). A credit glued
    onto a sentence (``...across Ukraine.CreditCredit…Name/Reuters``) yields only the
    credit; the sentence is left alone.
    """
    found = [*_header_span(text), *_line_spans(text), *_inline_spans(text)]
    return _merge(text, found)


def blank(text: str, spans: Sequence[Span]) -> str:
    """Replace every span by spaces of the same length, keeping line breaks.

    Keeping the length (and the newlines, which sentence splitters and paragraph
    logic rely on) means any offset found in the blanked text is valid in the
    original. A span whose ``text`` does not match ``text[start:end]`` is a bug in
    whoever computed it, so it raises rather than blanking the wrong characters.
    """
    chars = list(text)
    for span in spans:
        if not 0 <= span.start <= span.end <= len(text):
            raise ValueError(f"span {span.start}-{span.end} is outside a text of {len(text)} chars")
        if span.text and text[span.start : span.end] != span.text:
            raise ValueError(f"span {span.start}-{span.end} does not hold {span.text!r}")
        for index in range(span.start, span.end):
            if chars[index] not in "\n\r":
                chars[index] = " "
    return "".join(chars)
