"""Finding place names in article text and resolving them to gazetteer entries.

Recognition is gazetteer matching, not NER: the small spaCy model tags Kyiv or Sumy
as PERSON and Odesa as NORP and misses villages, so every capitalised token run is
looked up (longest first, accent- and transliteration-tolerant keys from
:mod:`newsdesk.annotate.gazetteer`). Matches are then filtered against the usual
false positives:

* ordinary English words that are also towns ("Most", "Police", "Reading", "Nice"):
  some never count as a bare place; dictionary words need a locative cue ("in
  Reading"), a container ("Reading, Pennsylvania") or a GPE/LOC label from spaCy, and
  never count at a sentence start or in a Title Case headline without one;
* parts of longer proper names: a match glued to other capitalised words ("Jens
  Stoltenberg", "Washington Post"), or inside a multi-token PERSON or ORG entity when
  a spaCy ``Doc`` is given (a single-token PERSON "Kyiv" is still a place);
* nationality adjectives ("Ukrainian", "Polish") are never mentions, only context.

Resolution scores each candidate entry by population, kind (a country's name means
the country), how the name matched (official name, alternate, loose variant), the
countries and regions the article names (directly or through demonyms), an explicit
container ("Paris, Texas", "Kherson, Ukraine"), distance to the article's other
places, and ``outlet_country`` as a weak prior. A small town (< 5,000 people) in a
country the article gives no other sign of is not trusted: it is dropped, or kept
without coordinates when the text clearly uses it as a place.

Places too small for the gazetteer (villages under 500 people are not in GeoNames'
cities500) are reported when the text frames them as a place: "the village of X",
"X, a town in ...", "X, near Y", "X, <country or region>". Such a mention has no
geonameid; it takes the coordinates of the enclosing unit the text gives (a
region's or country's centroid, or the named nearby town) with precision "region" or
"country", or none with precision "unknown".
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from newsdesk.annotate.gazetteer import (
    ACRONYMS,
    KIND_CITY,
    KIND_COUNTRY,
    KIND_CUSTOM,
    KIND_NAMES,
    KIND_REGION,
    NAME_ALT,
    NAME_DERIVED,
    NAME_MAIN,
    NAME_SKELETON,
    Gazetteer,
    fold,
    key_from_tokens,
    tokens_with_joins,
    us_county_states,
)
from newsdesk.models import PlaceMention

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_TOKENS = 6
NEAR_WEIGHT = 0.9  # local news names places close together: Paris near Dallas is Texan
TINY = 5000  # below this a town needs support from the article's context
MAX_CANDIDATES = 60

# Bare single words that are never taken as a place on their own: calendar words,
# compass and generic geographic words, function words, titles, and common nouns
# that name towns somewhere (Most, Police, Date, Sale, Best ...).
HARD_STOP = _words(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
    north south east west northern southern eastern western central centre center middle
    upper lower northeast northwest southeast southwest northeastern northwestern
    southeastern southwestern greater inner outer
    city town village capital coast island islands lake river bay port harbour harbor beach
    park hill hills mountain mountains valley border republic union state states province
    region oblast district county territory federal national kingdom empire island sea ocean
    of as in on at by to the and but or if so no is it he she we they this that these those
    most more many some all any each every both here there where when why how what who then
    than also just only even still yet after before during under over about above below
    president minister governor mayor general secretary king queen prince princess pope sir
    lord mr mrs ms dr chief premier chancellor senator spokesman spokeswoman spokesperson
    police date best sale energy power media security liberty justice victory
    progress union unity friendship freedom hope faith mission commerce industry enterprise
    deal gas oil bank station airport colony star guardian post times news
    """
)
# Capitalised words that sit in a proper-name run without making it a person or
# organisation name ("Kharkiv Governor Oleg Synegubov" splits at "Governor").
RUN_BREAKERS = _words(
    """
    president minister governor mayor general secretary king queen prince pope mr mrs ms dr
    chief premier chancellor senator spokesman spokeswoman spokesperson prime foreign
    defence defense interior deputy head leader commander gen sen rep gov lt col sgt prof
    ambassador envoy official officials authorities forces army police governor-general
    secretary-general north south east west northern southern eastern western central
    the a an in on at of for from to by and with near
    """
)
# Words after a place name that make it part of an organisation's or venue's name.
ORG_HEADS = _words(
    """
    post times news herald tribune journal gazette telegraph chronicle daily review
    university college institute school academy club fc united airlines airways bank
    company corporation corp inc group party street avenue road boulevard square bridge
    station airport stadium hospital church cathedral museum prize declaration accords
    agreement protocol convention treaty conference day festival games marathon zoo
    hotel mall council court police department ministry police league cup open
    """
)
LOCATIVE = _words(
    """
    in near at from outside to into across around toward towards between inside
    throughout neighbouring neighboring nearby within
    """
)
REGION_WORDS = _words(
    "region province oblast state voivodeship governorate prefecture county district"
)
# Lower-case words that may end a region's name in text ("Lublin province").
REGION_SUFFIX_WORDS = _words("region province oblast state voivodeship governorate prefecture")
CITY_WORDS = _words("city town village port capital settlement hamlet")
PARTICLES = _words(
    "de del della la le les des du da das do dos di von van der den am an im on upon "
    "sur sous en y e i of the and el al ad as ash at"
)
DIRECTION_PREFIX = re.compile(
    r"(?:northern|southern|eastern|western|central|north|south|east|west|"
    r"north-?eastern|north-?western|south-?eastern|south-?western)\s+$",
    re.IGNORECASE,
)

# Nationality adjectives and demonyms → ISO country code: context, never mentions.
DEMONYMS: dict[str, str] = {
    "afghan": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "angolan": "AO",
    "argentine": "AR",
    "argentinian": "AR",
    "armenian": "AM",
    "australian": "AU",
    "austrian": "AT",
    "azerbaijani": "AZ",
    "bangladeshi": "BD",
    "belarusian": "BY",
    "belgian": "BE",
    "bolivian": "BO",
    "bosnian": "BA",
    "brazilian": "BR",
    "british": "GB",
    "bulgarian": "BG",
    "burmese": "MM",
    "cambodian": "KH",
    "cameroonian": "CM",
    "canadian": "CA",
    "chilean": "CL",
    "chinese": "CN",
    "colombian": "CO",
    "congolese": "CD",
    "croatian": "HR",
    "cuban": "CU",
    "cypriot": "CY",
    "czech": "CZ",
    "danish": "DK",
    "dutch": "NL",
    "ecuadorian": "EC",
    "egyptian": "EG",
    "emirati": "AE",
    "english": "GB",
    "eritrean": "ER",
    "estonian": "EE",
    "ethiopian": "ET",
    "filipino": "PH",
    "finnish": "FI",
    "french": "FR",
    "georgian": "GE",
    "german": "DE",
    "ghanaian": "GH",
    "greek": "GR",
    "guatemalan": "GT",
    "haitian": "HT",
    "honduran": "HN",
    "hungarian": "HU",
    "icelandic": "IS",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "irish": "IE",
    "israeli": "IL",
    "italian": "IT",
    "jamaican": "JM",
    "japanese": "JP",
    "jordanian": "JO",
    "kazakh": "KZ",
    "kenyan": "KE",
    "korean": "KR",
    "kosovar": "XK",
    "kuwaiti": "KW",
    "kyrgyz": "KG",
    "lao": "LA",
    "latvian": "LV",
    "lebanese": "LB",
    "libyan": "LY",
    "lithuanian": "LT",
    "malagasy": "MG",
    "malaysian": "MY",
    "malian": "ML",
    "mexican": "MX",
    "moldovan": "MD",
    "mongolian": "MN",
    "montenegrin": "ME",
    "moroccan": "MA",
    "mozambican": "MZ",
    "nepali": "NP",
    "nepalese": "NP",
    "nicaraguan": "NI",
    "nigerian": "NG",
    "nigerien": "NE",
    "norwegian": "NO",
    "pakistani": "PK",
    "palestinian": "PS",
    "panamanian": "PA",
    "paraguayan": "PY",
    "peruvian": "PE",
    "polish": "PL",
    "portuguese": "PT",
    "qatari": "QA",
    "romanian": "RO",
    "russian": "RU",
    "rwandan": "RW",
    "saudi": "SA",
    "scottish": "GB",
    "senegalese": "SN",
    "serbian": "RS",
    "singaporean": "SG",
    "slovak": "SK",
    "slovenian": "SI",
    "somali": "SO",
    "spanish": "ES",
    "sudanese": "SD",
    "swedish": "SE",
    "swiss": "CH",
    "syrian": "SY",
    "taiwanese": "TW",
    "tajik": "TJ",
    "tanzanian": "TZ",
    "thai": "TH",
    "tunisian": "TN",
    "turkish": "TR",
    "turkmen": "TM",
    "ugandan": "UG",
    "ukrainian": "UA",
    "uruguayan": "UY",
    "uzbek": "UZ",
    "venezuelan": "VE",
    "vietnamese": "VN",
    "welsh": "GB",
    "yemeni": "YE",
    "zambian": "ZM",
    "zimbabwean": "ZW",
    "sudani": "SD",
    "sinhalese": "LK",
    "salvadoran": "SV",
    "philippine": "PH",
    "omani": "OM",
    "bahraini": "BH",
    "laotian": "LA",
    "ivorian": "CI",
    "malawian": "MW",
    "maldivian": "MV",
    "bhutanese": "BT",
    "azeri": "AZ",
    "maltese": "MT",
    "macedonian": "MK",
    "djiboutian": "DJ",
    "namibian": "NA",
    "botswanan": "BW",
    "gabonese": "GA",
    "chadian": "TD",
    "liberian": "LR",
    "gambian": "GM",
    "guinean": "GN",
    "fijian": "FJ",
    "samoan": "WS",
    "tongan": "TO",
    "bruneian": "BN",
    "timorese": "TL",
    "beninese": "BJ",
    "burundian": "BI",
    "togolese": "TG",
    "mauritanian": "MR",
    "mauritian": "MU",
    "sierra leonean": "SL",
    "south sudanese": "SS",
    # two-word demonyms: only a given span or a caller's key reaches these
    "sri lankan": "LK",
    "north korean": "KP",
    "south korean": "KR",
    "south african": "ZA",
    "new zealander": "NZ",
    "saudi arabian": "SA",
    "costa rican": "CR",
    "puerto rican": "PR",
    # metonyms that stand for a country's government, never a town
    "kremlin": "RU",
}
# Adjectives of continents → the continent's name in the gazetteer.
CONTINENT_ADJECTIVES = {
    "european": "Europe",
    "african": "Africa",
    "asian": "Asia",
    "australian": "Oceania",
    "antarctic": "Antarctica",
}

# Adjectives and peoples of continents and macro-regions that are not countries → the
# region's name in the gazetteer ("Kurdish" towns lie in Kurdistan, not in one country).
REGION_ADJECTIVES = {
    "north american": "North America",
    "south american": "South America",
    "central american": "Central America",
    "latin american": "Latin America",
    "middle eastern": "Middle East",
    "mideast": "Middle East",
    "southeast asian": "Southeast Asia",
    "south east asian": "Southeast Asia",
    "south asian": "South Asia",
    "east asian": "East Asia",
    "central asian": "Central Asia",
    "west african": "West Africa",
    "east african": "East Africa",
    "north african": "North Africa",
    "sub saharan": "Sub-Saharan Africa",
    "scandinavian": "Scandinavia",
    "balkan": "Balkans",
    "baltic": "Baltic States",
    "caucasian": "Caucasus",
    "siberian": "Siberia",
    "kurdish": "Kurdistan",
    "kurd": "Kurdistan",
    "patagonian": "Patagonia",
    "himalayan": "Himalayas",
    "alpine": "Alps",
}


def region_adjective_entry(key: str, gaz: Gazetteer) -> int | None:
    """The continent or macro-region a folded adjective (or its plural) stands for."""
    name = REGION_ADJECTIVES.get(key) or REGION_ADJECTIVES.get(key.removesuffix("s"))
    if name is None:
        return None
    for e, h in gaz.lookup(name.lower()):
        if h != NAME_SKELETON and (e in gaz.macro or gaz.country_code(e) == ""):
            return e
    return None


# Unions a caller marked as a place stand for their continent (GeoNames-based annotation
# places "the EU" at Europe). Only for given spans: in running text "EU" is mostly the
# organisation (EU sanctions), which is not a place for an event brief.
UNION_CONTINENTS = {"eu": "Europe", "e u": "Europe", "european union": "Europe"}

# US state abbreviations: AP style ("Springfield, Ill.") and postal codes ("Macon, GA").
# Only trusted right after "<place>, " or as a span a caller marks as a place: bare,
# "Miss", "Wash" or "OK" are ordinary words.
US_STATES_AP: dict[str, str] = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California",
    "cal": "California", "colo": "Colorado", "conn": "Connecticut", "del": "Delaware",
    "fla": "Florida", "ga": "Georgia", "ill": "Illinois", "ind": "Indiana", "kan": "Kansas",
    "kans": "Kansas", "ky": "Kentucky", "la": "Louisiana", "md": "Maryland",
    "mass": "Massachusetts", "mich": "Michigan", "minn": "Minnesota", "miss": "Mississippi",
    "mo": "Missouri", "mont": "Montana", "neb": "Nebraska", "nebr": "Nebraska",
    "nev": "Nevada", "n h": "New Hampshire", "n j": "New Jersey", "n m": "New Mexico",
    "n y": "New York", "n c": "North Carolina", "n d": "North Dakota", "okla": "Oklahoma",
    "ore": "Oregon", "pa": "Pennsylvania", "penn": "Pennsylvania", "r i": "Rhode Island",
    "s c": "South Carolina", "s d": "South Dakota", "tenn": "Tennessee", "tex": "Texas",
    "vt": "Vermont", "va": "Virginia", "wash": "Washington", "w va": "West Virginia",
    "d c": "Washington, D.C.",
    "wis": "Wisconsin", "wisc": "Wisconsin", "wyo": "Wyoming",
}  # fmt: skip
US_STATES_POSTAL: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming",
}  # fmt: skip
# Canadian provinces as the press abbreviates them ("Vancouver, B.C.", "Ont.").
CA_PROVINCES_AP: dict[str, str] = {
    "b c": "British Columbia", "ont": "Ontario", "que": "Quebec", "alta": "Alberta",
    "sask": "Saskatchewan", "man": "Manitoba", "n s": "Nova Scotia",
    "n b": "New Brunswick", "nfld": "Newfoundland and Labrador",
    "p e i": "Prince Edward Island",
}  # fmt: skip
_STATE_AFTER = re.compile(
    r", ((?:[A-Z]\.){2}|[A-Z]\.[A-Z][a-z]\.|[A-Z][a-z]{1,4}\.|[A-Z]{2}\b)(?![\w-])"
)


def _state_abbreviation(word: str) -> str | None:
    """The US state an abbreviation stands for ("Ill.", "W.Va.", "N.Y.", "TX"), if any."""
    if word in US_STATES_POSTAL:
        return US_STATES_POSTAL[word]
    if not word.endswith("."):
        return None
    key = fold(word.rstrip(".")).lower().replace(".", " ").strip()
    return US_STATES_AP.get(key)


def _state_after(text: str, end: int) -> str | None:
    """The US state named by an abbreviation right after a place ("Macon, Ga.")."""
    mo = _STATE_AFTER.match(text, end)
    return _state_abbreviation(mo.group(1)) if mo else None


_ABBREV = _words(
    "mr mrs ms dr st gen sen rep gov lt col sgt prof jr sr inc co corp no vs jan feb mar "
    "apr jun jul aug sep sept oct nov dec u s"
)
_SENT_END = re.compile(r"[.!?]")
_OPENERS = "\"'“‘(["
_UNKNOWN_PATTERNS = (
    # "the village of X", "the town of X"
    re.compile(
        r"\b(?:village|town|city|hamlet|settlement|municipality|commune|community) of "
        r"(?P<x>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)"
    ),
    # "X, a village in ...", "X, a small town near ..."
    re.compile(
        r"(?P<x>\b[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?), (?:a|the) (?:[a-z-]+ ){0,2}?"
        r"(?:village|town|city|hamlet|settlement|municipality)\b"
    ),
    # "X, near Y", "X near the Ukrainian border", "X, outside Y"
    re.compile(
        r"\b(?:in|on|at|into|to|hit|struck|near|fell on|landed on|landed in) "
        r"(?P<x>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?),? (?:near|outside|close to) "
    ),
    # "struck Hrakove, Ukraine": only kept when a known country or region follows
    re.compile(
        r"\b(?:in|on|at|into|hit|struck|shelled|near|outside) "
        r"(?P<x>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)(?=, [A-Z])"
    ),
    # "X in the Lublin province"
    re.compile(
        r"(?P<x>\b[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?),? in (?:the )?(?:[A-Z][\w’'-]+ )+"
        r"(?:region|province|oblast|voivodeship|state|governorate|prefecture|county)\b"
    ),
)


# ------------------------------------------------------------------- text facts
@dataclass
class _Token:
    start: int
    end: int
    join: str  # how it attaches to the previous token ("" glued, " " spaced, "|" break)
    alpha: bool
    cap: bool  # first letter upper-case
    upper: bool  # all upper-case
    initial: bool = False  # capitalised because it starts a sentence or a headline
    headline: bool = False  # in a Title Case line


@dataclass
class _Match:
    start: int
    end: int
    first: int  # token indexes, inclusive
    last: int
    key: str
    cands: list[tuple[int, int]]  # (entry, how named)
    common: bool = False
    initial: bool = False
    locative: bool = False
    strong_locative: bool = False  # "in X", "near X": X is a place even if unknown
    doc_place: bool = False
    embedded: bool = False
    pref: int | None = None  # KIND_* preferred by the words around it
    container: int | None = None  # index of a match naming the enclosing unit
    state: str | None = None  # US state named by an abbreviation after it ("Macon, Ga.")
    state_cue: bool = False  # "upstate X", "X state", "X governor": the region, not its city
    listed: list[int] = field(default_factory=list)  # matches coordinated with it ("A and B")
    org_head: str = ""  # the organisation word after it ("Post" of "the Washington Post")
    team: bool = False  # "Mississippi State", "Ohio State": a university named after a state
    scores: dict[int, float] = field(default_factory=dict)
    inner: bool = False  # a given span read through a place name inside it
    best: int | None = None
    confidence: float = 0.0


def _tokens(text: str) -> list[_Token]:
    toks = []
    for s, e, join in tokens_with_joins(text):
        w = text[s:e]
        toks.append(_Token(s, e, join, w.isalpha(), w[0].isupper(), w.isupper()))
    _mark_initial(text, toks)
    return toks


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Lines written in Title Case, where capitals say nothing about proper names."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if not stripped or len(stripped) > 200 or stripped[-1] in '.!?"”':
            continue
        words = [w for w in re.findall(r"[^\W\d_]+", stripped) if w.lower() not in PARTICLES]
        if len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.75 * len(words):
            spans.append((start, start + len(line)))
    return spans


def _mark_initial(text: str, toks: list[_Token]) -> None:
    heads = _headline_lines(text)
    h = 0
    prev_word = ""
    for i, t in enumerate(toks):
        while h < len(heads) and heads[h][1] < t.start:
            h += 1
        if h < len(heads) and heads[h][0] <= t.start < heads[h][1]:
            t.initial = t.headline = True
        else:
            j = t.start - 1
            while j >= 0 and (text[j] in _OPENERS or text[j] in " \t\u00a0"):
                j -= 1
            if j < 0 or text[j] == "\n":
                t.initial = True
            elif _SENT_END.match(text[j]):
                t.initial = not (text[j] == "." and prev_word.lower() in _ABBREV)
        prev_word = text[toks[i].start : toks[i].end]


# ------------------------------------------------------------------ recognition
def _match_at(text: str, toks: list[_Token], i: int, gaz: Gazetteer) -> _Match | None:
    """The longest gazetteer name starting at token ``i`` (capitalised), if any."""
    first = toks[i]
    if not (first.alpha and first.cap):
        return None
    # A nationality adjective only starts a longer name ("Czech Republic").
    shortest = 2 if text[first.start : first.end].lower() in DEMONYMS else 1
    n = 1
    while n < MAX_TOKENS and i + n < len(toks) and toks[i + n].join != "|" and toks[i + n].alpha:
        n += 1
    for length in range(n, shortest - 1, -1):
        run = toks[i : i + length]
        last = run[-1]
        last_word = text[last.start : last.end]
        if not (last.cap or last.join == "" or (length > 1 and last_word in REGION_SUFFIX_WORDS)):
            continue
        if (
            length > 1
            and last.join == ""
            and last_word in ("s", "S")
            and _possessive(text, run, gaz)
        ):
            continue  # "Peru's" is Peru, not the town of Perus; "St. John's" stays
        if any(not (t.cap or t.join == "" or text[t.start : t.end] in PARTICLES) for t in run[:-1]):
            continue
        letters = "".join(text[t.start : t.end] for t in run)
        if first.upper and len(letters) <= 3 and letters not in ACRONYMS:
            continue  # CNN, AFP, BBC ... are not place codes
        key = key_from_tokens(text, [(t.start, t.end, t.join) for t in run])
        if len(key) < 2:
            continue
        cands = gaz.lookup(key)
        if cands:
            end = last.end
            if all(t.end - t.start == 1 for t in run) and text[end : end + 1] == ".":
                end += 1  # "U.S." keeps its final dot
            return _Match(first.start, end, i, i + length - 1, key, cands)
    return None


def _possessive(text: str, run: list[_Token], gaz: Gazetteer) -> bool:
    """Whether a name ending in "'s" is rather the shorter name with a possessive: when
    the shorter name is a place at least as big as any place the longer one names."""
    longer = gaz.lookup(key_from_tokens(text, [(t.start, t.end, t.join) for t in run]))
    shorter = gaz.lookup(key_from_tokens(text, [(t.start, t.end, t.join) for t in run[:-1]]))
    if not shorter or not longer:
        return bool(shorter)
    return max(gaz.pop[e] for e, _ in shorter) >= max(gaz.pop[e] for e, _ in longer)


def _is_famous(m: _Match, gaz: Gazetteer) -> bool:
    """Names whose best-known sense is the place (Paris, Texas, Georgia), even if a
    dictionary also lists them."""
    for e, how in m.cands:
        if how == NAME_SKELETON:
            continue
        k = gaz.kind[e]
        if k in (KIND_COUNTRY, KIND_CUSTOM):
            return True
        if k == KIND_REGION and how == NAME_MAIN and gaz.pop[e] >= 1_000_000:
            return True
        if k == KIND_CITY and gaz.pop[e] >= 1_000_000:
            return True
    return False


def _has_user(m: _Match, gaz: Gazetteer) -> bool:
    return any(
        gaz.kind[e] == KIND_CUSTOM or (gaz.gids[e] < 0 and gaz.kind[e] == KIND_CITY)
        for e, _ in m.cands
    )


def _prev_word(text: str, toks: list[_Token], i: int) -> str:
    return text[toks[i - 1].start : toks[i - 1].end].lower() if i > 0 else ""


def _run_extends(text: str, toks: list[_Token], m: _Match, taken: set[int]) -> tuple[bool, bool]:
    """Whether capitalised words glued to the match (by a plain space) extend it to the
    left or right: then it is part of a person's or organisation's name."""

    del taken  # adjacent names glued by a space are one name even if both are places

    def glued_name_word(j: int, join_from: int) -> bool:
        if j < 0 or j >= len(toks):
            return False
        t = toks[join_from]
        if t.join != " " or text[toks[join_from - 1].end : t.start] not in (" ", "\u00a0"):
            return False
        w = text[toks[j].start : toks[j].end]
        return (
            toks[j].alpha
            and toks[j].cap
            and w.lower() not in RUN_BREAKERS
            and w.lower() not in DEMONYMS
            and not (toks[j].initial and w.lower() in HARD_STOP)
        )

    left = m.first > 0 and glued_name_word(m.first - 1, m.first)
    right = m.last + 1 < len(toks) and glued_name_word(m.last + 1, m.last + 1)
    return left, right


def _doc_checks(m: _Match, doc: Doc, gaz: Gazetteer) -> bool:
    """Use the Doc's entities: False when the match sits inside a longer PERSON name or
    an organisation's name; sets ``doc_place`` for GPE/LOC/FAC entities."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return True
    for ent in doc.ents:
        if ent.end <= span.start or ent.start >= span.end:
            continue
        if ent.label_ in ("GPE", "LOC", "FAC"):
            first = ent.start + (1 if ent[0].lower_ == "the" else 0)
            # Only a place entity that is exactly this name vouches for it: "Summit" in a
            # "G20 Summit" entity or "Peninsula" in "Crimean Peninsula" is not a town.
            m.doc_place = first == span.start and ent.end == span.end
            return True
        inside = ent.start <= span.start and ent.end >= span.end
        longer = ent.start < span.start or ent.end > span.end
        if not (inside and longer):
            continue
        if ent.label_ == "PERSON":
            before = doc[span.start - 1] if span.start > ent.start else None
            after = doc[span.end] if span.end < ent.end else None
            if (before is not None and not before.is_punct) or (
                after is not None and not after.is_punct
            ):
                return False
        if ent.label_ == "ORG":
            is_country = any(gaz.kind[e] == KIND_COUNTRY for e, _ in m.cands)
            after_of = span.start > ent.start and doc[span.start - 1].lower_ == "of"
            if not (is_country or after_of):
                return False
    return True


def _recognise(text: str, toks: list[_Token], gaz: Gazetteer, doc: Doc | None) -> list[_Match]:
    found: list[_Match] = []
    i = 0
    while i < len(toks):
        m = _match_at(text, toks, i, gaz)
        if m is None:
            i += 1
            continue
        found.append(m)
        i = m.last + 1
    taken = {j for m in found for j in range(m.first, m.last + 1)}
    surnames = _surnames(doc) if doc is not None else {}
    kept = []
    for m in found:
        if _surname_again(text, m, surnames, gaz):
            continue
        if _annotate_match(text, toks, m, gaz, doc, taken):
            kept.append(m)
    return kept


SURNAME_TOWN_MAX = 100_000  # a bigger town, a region or a country is named for itself


def _surnames(doc: Doc) -> dict[str, int]:
    """Last words of the multi-word PERSON names in the Doc → where each first ends."""
    out: dict[str, int] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2 and ent[-1].text[:1].isupper():
            out.setdefault(ent[-1].text, ent.end_char)
    return out


def _surname_again(text: str, m: _Match, surnames: dict[str, int], gaz: Gazetteer) -> bool:
    """Whether a one-word match repeats the surname of a person named in full before it
    ("His father, Tom Evans, ... Evans says"): news refers to people by surname after the
    first mention, so the bare word is that person, not a small town called Evans."""
    if m.first != m.last:
        return False
    ends = surnames.get(text[m.start : m.end])
    if ends is None or ends > m.start:
        return False
    exact = [e for e, h in m.cands if h != NAME_SKELETON]
    return all(gaz.kind[e] == KIND_CITY and gaz.pop[e] < SURNAME_TOWN_MAX for e in exact)


def _annotate_match(
    text: str, toks: list[_Token], m: _Match, gaz: Gazetteer, doc: Doc | None, taken: set[int]
) -> bool:
    """Set the match's context flags; False when it is not a place mention at all."""
    single = m.first == m.last
    m.initial = toks[m.first].initial
    user = _has_user(m, gaz)
    acronym = text[m.start : m.end].replace(".", "") in ACRONYMS
    if single and not acronym and (m.key in HARD_STOP or m.key in gaz.stop_words) and not user:
        return False
    famous = _is_famous(m, gaz)
    m.common = single and not user and not famous and gaz.is_word(m.key)
    ftok = toks[m.first]
    if single and ftok.upper and not famous and not user and not ftok.headline:
        # All-capital words are mostly acronyms (NATO, AFP); datelines ("LVIV, Ukraine —")
        # start a line and are followed by a comma or dash.
        line_start = ftok.start == 0 or text[: ftok.start].rstrip(" \t").endswith("\n")
        if not (line_start and re.match(r"\s*[,—–-]", text[m.end : m.end + 3])):
            m.common = True
    prev = _prev_word(text, toks, m.first)
    m.locative = prev in LOCATIVE or (
        prev == "of" and _prev_word(text, toks, m.first - 1) in (CITY_WORDS | REGION_WORDS)
    )
    m.strong_locative = prev in ("in", "near", "outside", "at")
    if prev == "of" and m.first >= 2:
        kind_word = _prev_word(text, toks, m.first - 1)
        if kind_word in REGION_WORDS:
            m.pref = KIND_REGION
        elif kind_word in CITY_WORDS:
            m.pref = KIND_CITY
    nxt = (
        text[toks[m.last + 1].start : toks[m.last + 1].end].lower()
        if m.last + 1 < len(toks)
        else ""
    )
    if nxt in REGION_WORDS and toks[m.last + 1].join == " ":
        m.pref = KIND_REGION
    m.state = _state_after(text, m.end)
    m.state_cue = _state_cue(text, m)
    tail = m.end - 6 if text[m.start : m.end].endswith(" State") else m.end
    m.team = bool(_UNIVERSITY_STATE.match(text, tail))
    if m.last + 1 < len(toks):
        nt = toks[m.last + 1]
        glued = text[m.end : nt.start] in (" ", "\u00a0")
        head = text[nt.start : nt.end].lower()
        m.org_head = head if glued and nt.cap and head in ORG_HEADS else ""
    if doc is not None:
        if not _doc_checks(m, doc, gaz):
            return False
        if m.initial and m.common and not ftok.headline and not ftok.upper:
            # At a sentence start spaCy can tell "Nice weather" (ADJ) from "Nice said" (PROPN).
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span) and span[0].pos_ == "PROPN":
                m.common = False
    if m.org_head:
        return False  # the Washington Post, Kyiv City Council
    if not toks[m.first].headline:
        left, right = _run_extends(text, toks, m, taken)
        is_country = any(gaz.kind[e] == KIND_COUNTRY for e, _ in m.cands)
        m.embedded = (left or (right and not is_country)) and not m.doc_place
    return not m.embedded


# A name followed by one of these (after an optional possessive) is read as the
# first-level region: "a New York court", "New York's attorney general", "the Washington
# legislature", "the New York border", "New York State".
_STATE_CUE_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:state\b|court|supreme court|governor|gov\.|legislat|lawmakers|assembly"
    r"|attorney general|comptroller|border|line\b|department of|state senate)",
    re.IGNORECASE,
)
_STATE_CUE_BEFORE = re.compile(
    r"\b(?:upstate|downstate|(?:north|south|east|west)(?:ern)?|central|rural)\s+$", re.IGNORECASE
)


# "Mississippi State", "Ohio State University": a capitalised *State* after a state's name
# is mostly a university or its team, which says little about where a story is set; "New
# York State Police" or "Ohio State Highway Patrol" are the state's own agencies.
_UNIVERSITY_STATE = re.compile(
    r"(?: State| St\.)(?!\s+(?:Police|Patrol|Highway|Senate|Legislature|Capitol|House"
    r"|Assembly|Department|Route|Park|Parks|Fair|Board|Troopers?|Attorney|Supreme|Line)\b)"
    r"(?=[\s,.;:!?'’)]|$)"
)


def _state_cue(text: str, m: _Match) -> bool:
    """Whether the words around a name say it means a first-level region: a state's
    courts, governor, legislature, agencies and borders belong to the state, and "upstate
    New York" or "western Washington" is a part of one. Bare, a name shared by a region and
    its main city ("New York", "Kherson") is the city."""
    if _STATE_CUE_AFTER.match(text, m.end):
        return True
    return bool(_STATE_CUE_BEFORE.search(text[max(0, m.start - 12) : m.start]))


# ------------------------------------------------------------------- resolution
def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat = p2 - p1
    dlon = math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def is_first_level(gaz: Gazetteer, e: int) -> bool:
    """Whether an entry is a first-level region (a state, province, oblast): a region
    that is its own admin1, unlike counties (inside a state) and continents (no country)."""
    return (
        gaz.kind[e] == KIND_REGION and gaz.country_code(e) != "" and gaz.admin1(e) == gaz.names[e]
    )


def _trim_candidates(m: _Match, gaz: Gazetteer) -> None:
    """Keep the most plausible candidates: names common around the world (San José,
    Alexandria) have hundreds, but a handful of the largest plus any country or region
    is enough. A name spelt exactly like a country or a first-level region never means
    a town reached only through the loose skeleton key ("Minnesota" is not Minneota)."""
    if any(
        h != NAME_SKELETON and (gaz.kind[e] == KIND_COUNTRY or is_first_level(gaz, e))
        for e, h in m.cands
    ):
        m.cands = [(e, h) for e, h in m.cands if h != NAME_SKELETON]
    # A country's own name is the country, not a town or region of it with the same name
    # ("Mexico" is neither Mexico City nor the State of Mexico; "Guatemala" is not
    # Guatemala City). Namesakes in other countries (Georgia, Jordan) stay candidates.
    named = {
        gaz.country_code(e) for e, h in m.cands if gaz.kind[e] == KIND_COUNTRY and h == NAME_MAIN
    }
    if named:
        m.cands = [
            (e, h)
            for e, h in m.cands
            if gaz.kind[e] == KIND_COUNTRY or gaz.country_code(e) not in named
        ]
    if len(m.cands) <= MAX_CANDIDATES:
        return
    m.cands.sort(key=lambda c: (gaz.kind[c[0]] == KIND_CITY, -gaz.pop[c[0]]))
    del m.cands[MAX_CANDIDATES:]


@dataclass
class _Context:
    countries: dict[str, float]
    regions: dict[tuple[str, str], int]
    own_countries: dict[int, dict[str, float]]
    own_regions: dict[int, tuple[str, str] | None]
    # country code → keys of the names resolved there in the previous round
    votes: dict[str, set[str]] = field(default_factory=dict)
    # the same, counting only towns, counties and regions (not country names)
    local_votes: dict[str, set[str]] = field(default_factory=dict)
    # country code → keys of the names resolved to one of its first-level regions
    state_votes: dict[str, set[str]] = field(default_factory=dict)
    # match index → candidate entry → how many other names have a candidate close by
    colocated: dict[int, dict[int, int]] = field(default_factory=dict)


def _context(text: str, matches: list[_Match], gaz: Gazetteer) -> _Context:
    """Countries the article names, with each match's own contribution so a name never
    supports itself. A name that can be a country counts for it; a name that can only
    be a region counts half for the region's country; demonyms count half."""
    countries: dict[str, float] = defaultdict(float)
    own_c: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for idx, m in enumerate(matches):
        exact = [(e, gaz.kind[e]) for e, h in m.cands if h != NAME_SKELETON]
        kinds = {k for _, k in exact}
        if KIND_COUNTRY in kinds:
            for e, k in exact:
                if k == KIND_COUNTRY:
                    own_c[idx][gaz.country_code(e)] += 1.0
        elif kinds == {KIND_REGION}:
            for e, _ in exact:
                own_c[idx][gaz.country_code(e)] += 0.5 / len(exact)
        for cc, v in own_c[idx].items():
            countries[cc] += v
    for mo in re.finditer(r"\b[A-Z][a-z]+\b", text):
        demonym_cc = DEMONYMS.get(mo.group(0).lower())
        if demonym_cc:
            countries[demonym_cc] += 0.5
    if _US_CLOCK.search(text):
        countries["US"] += 0.5
    return _Context(countries, {}, own_c, {})


# "7 a.m. CT", "at 9:30 p.m. EDT": a clock time in a US time zone is written for American
# readers, so it counts as much as a demonym for the United States.
_US_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s+(?:[ECMP][SD]?T|Eastern|Central|Pacific|Mountain)\b"
)


def _region_context(ctx: _Context, matches: list[_Match], gaz: Gazetteer) -> None:
    """Regions the article names, taken from matches resolved to a region (a bare "Lviv"
    is the city, so it must not make every town of the Lviv region more likely). A
    university named after its state ("Mississippi State beat Louisville") says nothing
    about where the story is, so it is neither regional context nor a proximity anchor."""
    regions: dict[tuple[str, str], int] = defaultdict(int)
    for idx, m in enumerate(matches):
        r = None
        if m.best is not None and gaz.kind[m.best] == KIND_REGION and not m.team:
            r = (gaz.country_code(m.best), gaz.names[m.best])
            regions[r] += 1
        ctx.own_regions[idx] = r
    ctx.regions = regions


def _link_containers(text: str, matches: list[_Match], gaz: Gazetteer) -> None:
    """ "X, Y" and "X in (southern) Y" where Y is a country or region: Y encloses X."""
    for a, b in pairwise(matches):
        between = text[a.end : b.start]
        if not (
            between == ", "
            or re.fullmatch(
                r",? in (?:the )?(?:(?:north|south|east|west|central)[a-z-]* )?",
                between,
                re.IGNORECASE,
            )
        ):
            continue
        if any(gaz.kind[e] in (KIND_COUNTRY, KIND_REGION) for e, _ in b.cands):
            a.container = matches.index(b)


def _contains(gaz: Gazetteer, outer: int, inner: int) -> bool:
    if gaz.country_code(outer) != gaz.country_code(inner):
        return False
    if gaz.kind[outer] == KIND_COUNTRY:
        return True
    return gaz.kind[outer] == KIND_REGION and gaz.admin1(inner) == gaz.names[outer]


def _score(
    m: _Match,
    idx: int,
    e: int,
    how: int,
    ctx: _Context,
    gaz: Gazetteer,
    matches: list[_Match],
    anchors: list[tuple[int, float, float]],
    outlet_country: str | None,
) -> float:
    kind = gaz.kind[e]
    cc = gaz.country_code(e)
    s = 1.5 * math.log10(gaz.pop[e] + 10) / 7
    s += (0.25, 0.1, 0.25, 0.05)[how]
    if kind == KIND_COUNTRY:
        s += 1.0
    elif kind == KIND_CUSTOM or (kind == KIND_CITY and gaz.gids[e] < 0):
        s += 3.0
    elif e in gaz.macro and how != NAME_SKELETON:
        s += 2.5  # "Middle East", "Pacific": the sea or region, not a hamlet named after it
    if m.pref is not None:
        s += 1.0 if kind == m.pref else 0.0
    elif (
        kind == KIND_REGION
        and how != NAME_DERIVED
        and any(
            gaz.kind[x] == KIND_CITY
            and h != NAME_SKELETON
            and gaz.pop[x] >= 1000
            and gaz.country_code(x) == cc
            and (gaz.admin1(x) == gaz.names[e] or gaz.pop[x] * 10 >= gaz.pop[e])
            for x, h in m.cands
        )
    ):
        s -= 0.6  # a bare "Kherson" is the namesake city, "Kherson region" the region
        if not m.state_cue and _big_namesake_city(m, e, gaz):
            s -= BIG_NAMESAKE_PENALTY
    others = ctx.countries.get(cc, 0.0) - ctx.own_countries[idx].get(cc, 0.0)
    if kind != KIND_COUNTRY and others > 0:
        s += min(1.0, 0.5 + others / 3)
    admin1 = gaz.admin1(e)
    # Towns and counties lie inside a first-level region; a region is its own admin1.
    inside = admin1 is not None and (
        kind == KIND_CITY or (kind == KIND_REGION and admin1 != gaz.names[e])
    )
    if inside and admin1 is not None:
        r = (cc, admin1)
        if ctx.regions.get(r, 0) - (ctx.own_regions.get(idx) == r) > 0:
            s += 0.6
    if m.state is not None and cc == "US" and inside and admin1 == m.state:
        s += 2.5
    if m.container is not None:
        outer = matches[m.container]
        if outer.best is not None and _contains(gaz, outer.best, e):
            s += 2.5
        elif any(_contains(gaz, o, e) for o, _ in outer.cands):
            s += 2.0
    near = min(
        (_km(gaz.lat[e], gaz.lon[e], la, lo) for j, la, lo in anchors if matches[j].key != m.key),
        default=None,
    )
    # A country's name means the country: a village that happens to share it may not
    # overtake it on closeness or on the article's country alone.
    names_country = any(gaz.kind[x] == KIND_COUNTRY and h != NAME_SKELETON for x, h in m.cands)
    if near is not None and near < 400:
        s += (0.5 if names_country else NEAR_WEIGHT) * (1 - near / 400)
    voters = len(ctx.votes.get(cc, set()) - {m.key})
    if kind != KIND_COUNTRY and voters >= 2 and not names_country:
        s += min(0.6, 0.2 * voters)  # the country the article's other places lie in
    if kind == KIND_REGION and how != NAME_SKELETON:
        s += _region_name_bonus(m, idx, e, ctx, gaz, names_country)
        if is_first_level(gaz, e):
            s += _state_reading_bonus(m, e, gaz, matches)
    colocated = ctx.colocated.get(idx, {}).get(e, 0)
    names_region = any(is_first_level(gaz, x) and h != NAME_SKELETON for x, h in m.cands)
    if colocated and not names_country and not names_region:
        s += min(1.2, 0.6 * colocated)
    # After a town ("Spokane, Washington") a name is its container, not a capital.
    if _bare_capital(m, e, how, gaz) and not any(o.container == idx for o in matches):
        if _capital_of_story(m, e, ctx, gaz):
            s += 1.5
        elif _capital_beside_country(m, e, gaz, matches):
            s += CAPITAL_NEAR_BONUS
    if not colocated and _dwarfed_namesake(m, idx, e, how, gaz, matches, anchors):
        s -= DWARFED_PENALTY
    if kind == KIND_REGION and is_first_level(gaz, e) and _holds_contained(idx, e, gaz, matches):
        s += HOLDS_TOWN_BONUS
    if e in gaz.macro and _nearest_macro(m, e, gaz, matches, anchors):
        s += NEAREST_MACRO_BONUS
    if m.org_head in NAMESAKE_ORG_HEADS and _biggest_namesake(m, e, how, gaz):
        s += ORG_NAMESAKE_BONUS
    if outlet_country and cc == outlet_country.upper():
        s += 0.15
    return s


COLOCATED_KM = 60.0
WORLD_CITY = 500_000  # a namesake this big is what a bare name means unless told otherwise
DWARF_RATIO = 20  # ... over a town with a twentieth of its people or fewer
DWARFED_PENALTY = 1.0
LOCAL_KM = 150.0  # another town this close makes a story about the small namesake local
LOCAL_TOWN_MAX = 100_000  # towns below this in the same state make a story local
STATE_NEAR_CHARS = 250  # a state named this close to the name vouches for its town


def _dwarfed_namesake(
    m: _Match,
    idx: int,
    e: int,
    how: int,
    gaz: Gazetteer,
    matches: list[_Match],
    anchors: list[tuple[int, float, float]],
) -> bool:
    """Whether town ``e`` is a small namesake of a world city (one of 500,000+ people,
    twenty times its size or more) with nothing local to back it. A city of 100,000 or
    more (Alexandria, Virginia) is known by its own name and is not doubted.

    A country's or state's general presence in the article is not enough: a US story
    that quotes a London consultancy means London, England, not London, Ohio, and an AP
    story filed from Columbus, Ohio about a game against Louisville means the Kentucky
    city. The small town is meant when the text says so: a container or state
    abbreviation ("London, Ky."), its state named near the name, another small town or
    county of the article in its state, or one within 150 km (see
    :func:`_locally_backed`), or another name of the article that could lie beside it
    (co-location: "Paris" with "Henry County" is the Tennessee pair)."""
    if gaz.kind[e] != KIND_CITY or gaz.gids[e] < 0 or how == NAME_SKELETON:
        return False
    if gaz.pop[e] >= LOCAL_TOWN_MAX or m.container is not None or m.state is not None:
        return False
    top = max(
        (gaz.pop[x] for x, h in m.cands if gaz.kind[x] == KIND_CITY and h != NAME_SKELETON),
        default=0,
    )
    if top < WORLD_CITY or top < DWARF_RATIO * max(1, gaz.pop[e]):
        return False
    return not _locally_backed(m, idx, e, gaz, matches, anchors)


def _locally_backed(
    m: _Match,
    idx: int,
    e: int,
    gaz: Gazetteer,
    matches: list[_Match],
    anchors: list[tuple[int, float, float]],
) -> bool:
    """Whether the article vouches for town ``e`` by more than its country: its state
    named within ``STATE_NEAR_CHARS`` (not as a university, "Mississippi State"), a town
    under 100,000 people or a county of the article in its state (local news names small
    neighbours; a state capital or big city is named by national news too), or a town
    or county within ``LOCAL_KM``."""
    cc, admin1 = gaz.country_code(e), gaz.admin1(e)
    for j, o in enumerate(matches):
        b = o.best
        if j == idx or o.key == m.key or b is None or o.team or gaz.country_code(b) != cc:
            continue
        if is_first_level(gaz, b):
            if gaz.names[b] == admin1 and abs(o.start - m.start) <= STATE_NEAR_CHARS:
                return True
        elif gaz.admin1(b) == admin1 and (
            gaz.kind[b] == KIND_REGION or (gaz.kind[b] == KIND_CITY and gaz.pop[b] < LOCAL_TOWN_MAX)
        ):
            return True
    for j, la, lo in anchors:
        b = matches[j].best
        if matches[j].key == m.key or b is None or is_first_level(gaz, b):
            continue
        if gaz.kind[b] != KIND_COUNTRY and _km(gaz.lat[e], gaz.lon[e], la, lo) <= LOCAL_KM:
            return True
    return False


CAPITAL_NEAR_CHARS = 250  # a country named this close to its capital's name vouches for it
CAPITAL_NEAR_BONUS = 1.0
HOLDS_TOWN_BONUS = 1.5
NEAREST_MACRO_BONUS = 0.5
ORG_NAMESAKE_BONUS = 1.0
# Organisations known far beyond their town (papers, universities, clubs, airlines) carry
# the name of the place the world knows by it; a council, court or police force is local.
NAMESAKE_ORG_HEADS = _words(
    "post times news herald tribune journal gazette telegraph chronicle university"
    " college institute club fc united airlines airways"
)


def _bare_capital(m: _Match, e: int, how: int, gaz: Gazetteer) -> bool:
    """Whether ``e`` is a national capital named by its own name, with no container or
    state after it ("Washington", not "Washington, Ga.")."""
    return e in gaz.capitals and how == NAME_MAIN and m.container is None and not m.state


def _capital_beside_country(m: _Match, e: int, gaz: Gazetteer, matches: list[_Match]) -> bool:
    """Whether capital ``e``, named bare, stands close to its country's name: "In
    Washington, diplomats expelled from the United States" is the capital even in a
    British story full of English towns, one of which shares the name."""
    cc = gaz.country_code(e)
    return any(
        o.key != m.key
        and abs(o.start - m.start) <= CAPITAL_NEAR_CHARS
        and any(
            gaz.kind[x] == KIND_COUNTRY and h != NAME_SKELETON and gaz.country_code(x) == cc
            for x, h in o.cands
        )
        for o in matches
    )


def _holds_contained(idx: int, e: int, gaz: Gazetteer, matches: list[_Match]) -> bool:
    """Whether first-level region ``e`` holds a town written just before it as its
    container ("Tacoma, Washington", "Columbus, Georgia"): after a town the name is the
    town's state or province, not the capital or country that shares it."""
    cc, name = gaz.country_code(e), gaz.names[e]
    # Only the comma form: "Times Square in New York" is the city.
    return any(
        o.container == idx
        and o.end + 2 == matches[idx].start
        and any(
            gaz.kind[x] == KIND_CITY
            and h != NAME_SKELETON
            and gaz.country_code(x) == cc
            and gaz.admin1(x) == name
            for x, h in o.cands
        )
        for o in matches
    )


def _nearest_macro(
    m: _Match,
    e: int,
    gaz: Gazetteer,
    matches: list[_Match],
    anchors: list[tuple[int, float, float]],
) -> bool:
    """Whether macro-region ``e`` is, of the several seas or regions a name can mean ("the
    Gulf": Persian Gulf or Gulf of Mexico), the one nearest the article's other places."""
    rivals = [x for x, h in m.cands if x in gaz.macro and x != e and h != NAME_SKELETON]
    points = [(la, lo) for j, la, lo in anchors if matches[j].key != m.key]
    if not rivals or not points:
        return False

    def spread(x: int) -> float:
        return sum(_km(gaz.lat[x], gaz.lon[x], la, lo) for la, lo in points)

    own = spread(e)
    return all(own < spread(x) for x in rivals)


def _biggest_namesake(m: _Match, e: int, how: int, gaz: Gazetteer) -> bool:
    """Whether town ``e`` is the biggest town of the name, for a name inside an
    organisation's name: newspapers, clubs and universities ("the Washington Post",
    "Leeds United") carry the name of the place the world knows by it, whatever the
    story's own setting."""
    if gaz.kind[e] != KIND_CITY or how != NAME_MAIN:
        return False
    return gaz.pop[e] >= max(
        gaz.pop[x] for x, h in m.cands if gaz.kind[x] == KIND_CITY and h == NAME_MAIN
    )


def _capital_of_story(m: _Match, e: int, ctx: _Context, gaz: Gazetteer) -> bool:
    """Whether capital ``e``, named bare, is the capital of the country two or more of the
    article's other names lie in: in a country's own news the capital's name means the
    capital (and stands for its government, "Washington said"), not a namesake town."""
    return len(ctx.local_votes.get(gaz.country_code(e), set()) - {m.key}) >= 2


def _local_candidates(m: _Match, gaz: Gazetteer) -> list[int]:
    """Candidates small enough to say where something is: towns and counties (not
    countries, continents or first-level regions), reached by an exact name."""
    return [
        e
        for e, h in m.cands
        if h != NAME_SKELETON
        and (
            gaz.kind[e] in (KIND_CITY, KIND_CUSTOM)
            or (gaz.kind[e] == KIND_REGION and gaz.country_code(e) and not is_first_level(gaz, e))
        )
    ]


def _colocated(matches: list[_Match], gaz: Gazetteer) -> dict[int, dict[int, int]]:
    """For each candidate of each name, how many *other* names of the article could
    denote a place within 60 km of it, whichever of their candidates is meant.

    Local news names a town together with its county or neighbours ("Paris and Henry
    County"): among the dozens of Parises and Henry Counties only the Tennessee pair lie
    together. Unlike distance to the other names' chosen places, this needs no earlier
    choice, so two ambiguous names can settle each other. A grid of one-degree cells
    keeps it linear in the number of candidates."""
    grid: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
    # A name that means a sea or macro-region ("Middle East") never vouches for, nor is
    # vouched for by, the hamlets named after it (Middle East and Damascus, Maryland).
    local = [
        []
        if any(e in gaz.macro and h != NAME_SKELETON for e, h in m.cands)
        else _local_candidates(m, gaz)
        for m in matches
    ]
    for m, cands in zip(matches, local, strict=True):
        top = max((gaz.pop[e] for e in cands), default=0)
        for e in cands:
            # A name vouches only with its plausible senses: a county, or a town at least
            # a tenth the size of its biggest namesake (London, Ontario does not make
            # Paris, Ontario of a story about London and Paris).
            if gaz.kind[e] == KIND_REGION or gaz.pop[e] * 10 >= top:
                grid[(math.floor(gaz.lat[e]), math.floor(gaz.lon[e]))].append((m.key, e))
    out: dict[int, dict[int, int]] = {}
    for idx, (m, cands) in enumerate(zip(matches, local, strict=True)):
        if len({*cands}) < 2 and len(m.cands) < 2:
            continue
        counts: dict[int, int] = {}
        for e in cands:
            la, lo = gaz.lat[e], gaz.lon[e]
            cell = (math.floor(la), math.floor(lo))
            keys = {
                k
                for dy in (-1, 0, 1)
                for dx in (-1, 0, 1)
                for k, x in grid.get((cell[0] + dy, cell[1] + dx), ())
                if k != m.key and x != e and _km(la, lo, gaz.lat[x], gaz.lon[x]) <= COLOCATED_KM
            }
            if keys:
                counts[e] = len(keys)
        if counts:
            out[idx] = counts
    return out


STATE_CUE_BONUS = 1.5
LISTED_BONUS = 1.5
BIG_NAMESAKE_PENALTY = 0.4


def _big_namesake_city(m: _Match, e: int, gaz: Gazetteer) -> bool:
    """Whether region ``e`` holds a town of the same name with at least a tenth of its
    people ("New York", "Kherson"): said bare, such a name is the town unless the words
    around it say otherwise; a small namesake (Minneota for "Minnesota") does not count."""
    cc = gaz.country_code(e)
    return any(
        gaz.kind[x] == KIND_CITY
        and h in (NAME_MAIN, NAME_ALT)
        and gaz.country_code(x) == cc
        and gaz.admin1(x) == gaz.names[e]
        and gaz.pop[x] * 10 >= gaz.pop[e]
        for x, h in m.cands
    )


def _state_reading_bonus(m: _Match, e: int, gaz: Gazetteer, matches: list[_Match]) -> float:
    """Extra weight for a first-level region whose name is framed as one: a state cue
    around it ("New York court", "upstate"), or a place in a list with another name
    resolved to a first-level region of the same country ("Oregon and Washington laws",
    "California or Washington"): lists join things of one kind."""
    bonus = STATE_CUE_BONUS if m.state_cue else 0.0
    cc = gaz.country_code(e)
    if any(
        (o := matches[j].best) is not None and is_first_level(gaz, o) and gaz.country_code(o) == cc
        for j in m.listed
        if matches[j].key != m.key
    ):
        bonus += LISTED_BONUS
    return bonus


def _link_lists(text: str, matches: list[_Match]) -> None:
    """Neighbouring names joined as a list ("A and B", "A, B or C") know each other."""
    for m in matches:
        m.listed = []
    for i, (a, b) in enumerate(pairwise(matches)):
        if re.fullmatch(r",? (?:and|or|&) |, ", text[a.end : b.start]):
            a.listed.append(i + 1)
            b.listed.append(i)


def _region_name_bonus(
    m: _Match, idx: int, e: int, ctx: _Context, gaz: Gazetteer, names_country: bool
) -> float:
    """Extra weight for a first-level region (or US county) named bare, where the
    article's other places say the writer means the region:

    * a country's name that also names a region ("Georgia") is the region when two or
      more other names of the article lie in the region's country and nothing but the
      name itself points to the country (no demonym, no town there);
    * among other first-level regions of the same country ("lawmakers from Ohio, New
      York and Iowa") a name that can be one is one, not its namesake city;
    * a region far bigger than every town of the same name ("Nevada", "Ontario") is the
      region: small towns named after a state or province are rarely meant bare."""
    cc = gaz.country_code(e)
    first_level = is_first_level(gaz, e)
    bonus = 0.0
    if names_country:
        local = len(ctx.local_votes.get(cc, set()) - {m.key})
        rivals = [gaz.country_code(x) for x, _ in m.cands if gaz.kind[x] == KIND_COUNTRY]
        rival_support = max(
            (
                len(ctx.local_votes.get(r, set()) - {m.key})
                + ctx.countries.get(r, 0.0)
                - ctx.own_countries[idx].get(r, 0.0)
                for r in rivals
            ),
            default=0.0,
        )
        if local >= 2 and rival_support <= 0:
            bonus += min(1.5, 0.5 * local)
    if not first_level:
        return bonus
    if len(ctx.state_votes.get(cc, set()) - {m.key}) >= 2:
        bonus += 0.8
    towns = [gaz.pop[x] for x, h in m.cands if gaz.kind[x] == KIND_CITY and h != NAME_SKELETON]
    big = towns and gaz.pop[e] >= 50 * max(towns)
    if big and not names_country and m.container is None and m.state is None:
        bonus += 0.8
    return bonus


def _resolve(
    text: str, matches: list[_Match], gaz: Gazetteer, outlet_country: str | None
) -> _Context:
    for m in matches:
        _trim_candidates(m, gaz)
    _link_containers(text, matches, gaz)
    _link_lists(text, matches)
    ctx = _context(text, matches, gaz)
    ctx.colocated = _colocated(matches, gaz)
    anchors: list[tuple[int, float, float]] = []
    for rnd in range(2):
        if rnd:
            _region_context(ctx, matches, gaz)
            ctx.votes = _country_votes(matches, gaz)
            ctx.local_votes = _country_votes(matches, gaz, local=True)
            ctx.state_votes = _state_votes(matches, gaz)
        for idx, m in enumerate(matches):
            m.scores = {
                e: _score(m, idx, e, how, ctx, gaz, matches, anchors, outlet_country)
                for e, how in m.cands
            }
            m.best = max(m.scores, key=lambda e: (m.scores[e], gaz.pop[e], -e))
        anchors = [
            (idx, gaz.lat[m.best], gaz.lon[m.best])
            for idx, m in enumerate(matches)
            if m.best is not None and gaz.kind[m.best] != KIND_COUNTRY and not m.team
        ]
    _county_of_story(matches, gaz)
    for m in matches:
        best = m.scores[m.best] if m.best is not None else 0.0
        z = sum(math.exp((v - best) / 0.3) for v in m.scores.values())
        m.confidence = 1.0 / z
    return ctx


def _story_states(matches: list[_Match], gaz: Gazetteer) -> dict[str, set[str]]:
    """US state → distinct names resolved to a town or county in it."""
    out: dict[str, set[str]] = defaultdict(set)
    for m in matches:
        e = m.best
        if e is None or gaz.country_code(e) != "US" or is_first_level(gaz, e):
            continue
        a = gaz.admin1(e)
        if a and gaz.kind[e] in (KIND_CITY, KIND_REGION):
            out[a].add(m.key)
    return out


COUNTY_TOWN_MAX = 100_000


def _county_of_story(matches: list[_Match], gaz: Gazetteer) -> None:
    """Local US news names counties without the word "County" ("DeKalb police", "north
    DeKalb"): a bare name resolved to a town of another state, with nothing else in the
    article in that state, is the county of that name in the state two or more of the
    article's other names lie in."""
    states = _story_states(matches, gaz)
    for m in matches:
        e = m.best
        if e is None or gaz.kind[e] != KIND_CITY or m.container is not None or m.state:
            continue
        if gaz.country_code(e) != "US" or m.key.endswith((" county", " parish")):
            continue
        if e in gaz.capitals or gaz.pop[e] >= COUNTY_TOWN_MAX:
            continue  # "Washington", "Houston": a capital or a big city is meant by name
        home = gaz.admin1(e)
        if len(states.get(home or "", set()) - {m.key}) > 0:
            continue
        story = [a for a, keys in states.items() if len(keys - {m.key}) >= 2]
        if len(story) != 1:
            continue
        county = next(
            (
                c
                for c, _ in gaz.lookup(m.key + " county") + gaz.lookup(m.key + " parish")
                if gaz.kind[c] == KIND_REGION
                and gaz.country_code(c) == "US"
                and gaz.admin1(c) == story[0]
            ),
            None,
        )
        if county is not None:
            m.best = county
            m.scores[county] = max(m.scores.values())


def _country_votes(
    matches: list[_Match], gaz: Gazetteer, *, local: bool = False
) -> dict[str, set[str]]:
    """Which distinct names resolved to each country: a namesake ("Paris", "Athens") is
    most likely in the country where the article's other places are. ``local`` counts
    only names resolved below the country (towns, counties, regions)."""
    votes: dict[str, set[str]] = defaultdict(set)
    for m in matches:
        if m.best is not None and not (local and gaz.kind[m.best] == KIND_COUNTRY):
            votes[gaz.country_code(m.best)].add(m.key)
    return votes


def _state_votes(matches: list[_Match], gaz: Gazetteer) -> dict[str, set[str]]:
    """Which distinct names resolved to a first-level region, by country."""
    votes: dict[str, set[str]] = defaultdict(set)
    for m in matches:
        if m.best is not None and is_first_level(gaz, m.best):
            votes[gaz.country_code(m.best)].add(m.key)
    return votes


def _supported(m: _Match, idx: int, ctx: _Context, gaz: Gazetteer, matches: list[_Match]) -> bool:
    """Whether anything besides the name itself backs the chosen town."""
    e = m.best
    assert e is not None
    loose = dict(m.cands).get(e) == NAME_SKELETON and m.first == m.last
    if gaz.kind[e] != KIND_CITY or gaz.gids[e] < 0 or (gaz.pop[e] >= TINY and not loose):
        return True
    cc = gaz.country_code(e)
    if ctx.countries.get(cc, 0.0) - ctx.own_countries[idx].get(cc, 0.0) > 0:
        return True
    if m.container is not None or m.state is not None:
        return True
    for o in matches:
        if (
            o.key != m.key
            and o.best is not None
            and gaz.kind[o.best] != KIND_COUNTRY
            and _km(gaz.lat[e], gaz.lon[e], gaz.lat[o.best], gaz.lon[o.best]) < 400
        ):
            return True
    return False


def _accept(m: _Match, idx: int, toks: list[_Token], ctx: _Context, gaz: Gazetteer) -> bool:
    """Recognition decision for dictionary words once the context is known: in a
    headline only a container ("Reading, Pennsylvania") vouches for them, at a sentence
    start also spaCy's GPE/LOC label; mid-sentence (capitalised for a reason) also a
    locative word ("in Reading"), a sea or macro-region ("the Pacific"), or a town of some
    size in a country the article names ("Atlanta" in a story that mentions the US)."""
    if not m.common or m.container is not None or m.state is not None:
        return True
    if toks[m.first].headline:
        return False
    if m.initial:
        return m.doc_place
    if m.locative or m.doc_place:
        return True
    if m.best is not None and m.best in gaz.macro:
        return True  # capitalised mid-sentence, "Pacific" or "Balkans" is the region
    e = m.best
    if e is None or gaz.pop[e] < TINY:
        return False
    cc = gaz.country_code(e)
    return ctx.countries.get(cc, 0.0) - ctx.own_countries[idx].get(cc, 0.0) > 0


# ----------------------------------------------------------------------- output
_PRECISION = {
    KIND_CITY: "town",
    KIND_REGION: "region",
    KIND_COUNTRY: "country",
    KIND_CUSTOM: "town",
}


def _mention(text: str, m: _Match, gaz: Gazetteer, factor: float) -> PlaceMention:
    assert m.best is not None
    ent = gaz.entry(m.best)
    kind = gaz.kind[m.best]
    return PlaceMention(
        start=m.start,
        end=m.end,
        text=text[m.start : m.end],
        name=ent.name,
        geonameid=ent.geonameid,
        country_code=ent.country_code,
        admin1=ent.admin1 if kind != KIND_COUNTRY else None,
        lat=round(ent.lat, 5),
        lon=round(ent.lon, 5),
        kind=KIND_NAMES[kind],  # type: ignore[arg-type]
        precision=_PRECISION[kind],  # type: ignore[arg-type]
        population=ent.population,
        score=round(max(0.0, min(1.0, m.confidence * factor)), 3),
    )


def _unresolved(
    text: str, start: int, end: int, enclosing: int | None, gaz: Gazetteer, score: float
) -> PlaceMention:
    """A place the gazetteer does not hold, placed at its enclosing unit if known."""
    if enclosing is None:
        return PlaceMention(
            start,
            end,
            text[start:end],
            text[start:end],
            None,
            None,
            None,
            None,
            None,
            kind="city",
            precision="unknown",
            population=0,
            score=score,
        )
    ent = gaz.entry(enclosing)
    kind = gaz.kind[enclosing]
    return PlaceMention(
        start,
        end,
        text[start:end],
        text[start:end],
        None,
        ent.country_code,
        ent.admin1 if kind != KIND_COUNTRY else None,
        round(ent.lat, 5),
        round(ent.lon, 5),
        kind="city",
        precision="country" if kind == KIND_COUNTRY else "region",
        population=0,
        score=score,
    )


def _enclosing_before(
    pos: int,
    resolved: list[tuple[int, int]],
    gaz: Gazetteer,
    exclude: set[str],
    demonyms: list[tuple[int, str]],
) -> int | None:
    """The nearest country or region named shortly before ``pos`` (same or previous
    sentence), skipping countries in ``exclude`` (those only mentioned as a border)."""
    best: tuple[int, int] | None = None
    for start, e in resolved:
        if (
            pos - 400 <= start < pos
            and gaz.kind[e] in (KIND_COUNTRY, KIND_REGION)
            and gaz.country_code(e) not in exclude
            and (best is None or start > best[0])
        ):
            best = (start, e)
    for start, cc in demonyms:
        if pos - 400 <= start < pos and cc not in exclude and (best is None or start > best[0]):
            ce = gaz.country_entry(cc)
            if ce is not None:
                best = (start, ce)
    return best[1] if best else None


def _unknown_places(
    text: str,
    toks: list[_Token],
    matches: list[_Match],
    mentions: list[PlaceMention],
    gaz: Gazetteer,
    doc: Doc | None,
) -> list[PlaceMention]:
    """Names the gazetteer lacks that the text frames as places (see module docstring)."""
    covered = [(p.start, p.end) for p in mentions]
    resolved = [(m.start, m.best) for m in matches if m.best is not None]
    starts = {t.start: t for t in toks}
    # "Russian-made" says where a thing came from, not where the text is.
    demonyms = [
        (mo.start(), DEMONYMS[mo.group(0).lower()])
        for mo in re.finditer(r"\b[A-Z][a-z]+\b(?!-)", text)
        if mo.group(0).lower() in DEMONYMS
    ]
    persons = (
        {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"} if doc else set()
    )
    out: list[PlaceMention] = []
    seen: set[int] = set()
    region_starts = {
        start for start, ent in resolved if gaz.kind[ent] in (KIND_COUNTRY, KIND_REGION)
    }
    for n, pat in enumerate(_UNKNOWN_PATTERNS):
        for mo in pat.finditer(text):
            s, e = mo.span("x")
            if n == 3 and e + 2 not in region_starts:
                continue
            if s in seen or any(a < e and s < b for a, b in covered):
                continue
            words = re.findall(r"[^\W\d_]+", mo.group("x"))
            tok = starts.get(s)
            if tok is None or (tok.initial and gaz.is_word(words[0].lower())):
                continue
            if any(
                w.lower() in HARD_STOP or w.lower() in DEMONYMS or gaz.is_word(w.lower())
                for w in words
            ):
                continue
            if any(a <= s and e <= b for a, b in persons):
                continue
            seen.add(s)
            out.append(_place_unknown(text, s, e, resolved, gaz, demonyms))
    return out


def _place_unknown(
    text: str,
    s: int,
    e: int,
    resolved: list[tuple[int, int]],
    gaz: Gazetteer,
    demonyms: list[tuple[int, str]],
) -> PlaceMention:
    """Place an unknown name at the unit the text encloses it in (see module docstring)."""
    after = text[e : e + 80]
    near = re.match(r",? (?:near|outside|close to) (?:the )?", after)
    if near:
        tail = e + near.end()
        border = re.match(r"([A-Z][a-z]+) border", text[tail : tail + 40])
        if border and border.group(1).lower() in DEMONYMS:
            # "near the Ukrainian border" says where it is not: use the country the text
            # was just talking about, other than the one across the border.
            exclude = {DEMONYMS[border.group(1).lower()]}
            enclosing = _enclosing_before(s, resolved, gaz, exclude, demonyms)
            return _unresolved(text, s, e, enclosing, gaz, 0.4)
    # The first country, region or (after "near") town named later in the same clause:
    # "X, Poland", "X in the Lublin province", "X, a village near Lviv".
    for start, ent in resolved:
        if not (e <= start <= e + 80) or re.search(r"[.;:!?]", text[e:start]):
            continue
        if gaz.kind[ent] in (KIND_COUNTRY, KIND_REGION):
            return _unresolved(text, s, e, ent, gaz, 0.5)
        if re.search(r"\b(?:near|outside|close to)\b", text[e:start]):
            u = _unresolved(text, s, e, ent, gaz, 0.4)
            u.precision = "region"  # somewhere around that town
            return u
        break
    enclosing = _enclosing_before(s, resolved, gaz, set(), demonyms)
    return _unresolved(text, s, e, enclosing, gaz, 0.3)


def find_places(
    text: str,
    doc: Doc | None = None,
    outlet_country: str | None = None,
    *,
    demonyms: bool = False,
) -> list[PlaceMention]:
    """Place mentions in ``text`` resolved to gazetteer entries, in text order.

    ``doc`` (a spaCy Doc over the same text) sharpens the filters; ``outlet_country``
    (ISO code of the outlet's home) is a weak prior for ambiguous names. ``demonyms``
    also reports nationality and continent words ("Russian", "Syrians", "European") as
    mentions of their country or continent: geoparsing benchmarks (GeoWebNews, LGL)
    annotate them as toponyms, but for an event brief they say whose, not where, so
    the default leaves them out."""
    gaz = Gazetteer.load()
    toks = _tokens(text)
    matches = _recognise(text, toks, gaz, doc)
    ctx = _resolve(text, matches, gaz, outlet_country)
    kept: list[_Match] = []
    mentions: list[PlaceMention] = []
    for idx, m in enumerate(matches):
        if not _accept(m, idx, toks, ctx, gaz):
            continue
        factor = _factor(m, gaz)
        if not _supported(m, idx, ctx, gaz, matches):
            if m.doc_place or (m.strong_locative and not toks[m.first].headline):
                mentions.append(_unresolved(text, m.start, m.end, None, gaz, 0.2))
            continue
        kept.append(m)
        mentions.append(_mention(text, m, gaz, factor))
    mentions.extend(_unknown_places(text, toks, kept, mentions, gaz, doc))
    if demonyms:
        mentions.extend(_demonym_mentions(text, mentions, gaz))
    mentions.sort(key=lambda p: (p.start, p.end))
    return mentions


# Nationality words that mostly name something else in news text: a language
# ("English" lessons) or a building standing for a government ("the Kremlin").
_DEMONYM_SKIP = _words("english kremlin")
_DEMONYM_WORD = re.compile(r"\b[A-Z][a-z]+\b")


def _demonym_target(word: str, gaz: Gazetteer) -> int | None:
    """The entry a nationality or continent word (or its plural) stands for."""
    key = fold(word).lower()
    if key in _DEMONYM_SKIP:
        return None
    continent = CONTINENT_ADJECTIVES.get(key.removesuffix("s"))
    if continent and continent != "Oceania":  # "Australian" is the country, not Oceania
        for e, _ in gaz.lookup(continent.lower()):
            if gaz.country_code(e) == "":
                return e
    if key in ("kurdish", "kurds", "balkan", "scandinavian", "siberian"):
        return region_adjective_entry(key, gaz)  # unambiguous single words only
    return _demonym_entry(key, gaz)


def _demonym_mentions(
    text: str, mentions: list[PlaceMention], gaz: Gazetteer
) -> list[PlaceMention]:
    """Nationality and continent words as mentions of their country or continent, where
    no other mention covers them (see ``demonyms`` in :func:`find_places`)."""
    taken = [(p.start, p.end) for p in mentions]
    out: list[PlaceMention] = []
    for mo in _DEMONYM_WORD.finditer(text):
        s, e = mo.span()
        if any(a < e and s < b for a, b in taken):
            continue
        target = _demonym_target(mo.group(0), gaz)
        if target is None:
            continue
        m = _Match(s, e, 0, 0, fold(mo.group(0)).lower(), [(target, NAME_DERIVED)])
        m.best = target
        m.confidence = 0.6  # the word names the country only by association
        out.append(_mention(text, m, gaz, 1.0))
    return out


def _factor(m: _Match, gaz: Gazetteer) -> float:
    """How much the recognition itself is trusted, on top of the resolver's margin."""
    assert m.best is not None
    f = 1.0
    if m.common:
        f *= 0.75
    if dict(m.cands).get(m.best) == NAME_SKELETON:
        f *= 0.85
    if gaz.kind[m.best] == KIND_CITY and gaz.pop[m.best] < TINY:
        f *= 0.8
    return f


def place_key(name: str) -> str:
    """The folded comparison form of a place name (for callers comparing names)."""
    return fold(name).lower()


# ------------------------------------------------------------ given spans
# Words that end the name of a feature the gazetteer does not hold (streets, buildings,
# rivers); a place name inside such a name says roughly where it is.
_FEATURE_WORDS = _words(
    """
    street st road rd avenue ave boulevard blvd lane drive highway square bridge church
    cathedral school college university hospital library park river creek lake airport
    station hall center centre building tower house embassy mall stadium arena museum
    market county parish borough township district base camp prison court
    """
)


def _span_tokens(toks: list[_Token], start: int, end: int) -> tuple[int, int] | None:
    """Indexes of the first and last token inside [start, end), if any."""
    inside = [i for i, t in enumerate(toks) if t.start >= start and t.end <= end]
    return (inside[0], inside[-1]) if inside else None


# Demonyms of the nations inside the United Kingdom: "English" is of England, not of
# the whole kingdom (GeoNames-based annotation places it in England).
NATION_DEMONYMS = {"english": "England", "scottish": "Scotland", "scots": "Scotland",
                   "welsh": "Wales"}  # fmt: skip


def _demonym_entry(key: str, gaz: Gazetteer) -> int | None:
    """The entry a nationality word stands for: its nation inside the UK, else its country."""
    nation = NATION_DEMONYMS.get(key)
    if nation is not None:
        region = gaz.region_entry("GB", nation)
        if region is not None:
            return region
    cc = _demonym_country(key)
    return gaz.country_entry(cc) if cc else None


def _demonym_country(key: str) -> str | None:
    """The country of a nationality word or its plural ("Syrians", "Americans")."""
    for form in (key, key.removesuffix("s"), key.removesuffix("es")):
        cc = DEMONYMS.get(form)
        if cc:
            return cc
    return None


def _dotted_state(
    text: str, toks: list[_Token], first: int, last: int, gaz: Gazetteer
) -> int | None:
    """The US state of a span written as a dotted abbreviation ("Ill.", "Ky.", "W.Va.").

    Checked before the name itself: through the loose key "Ill" would otherwise reach
    a town called Il and "Kan." Ganzhou; with its dot the word is only the state."""
    span = text[toks[first].start : toks[last].end]
    if text[toks[last].end : toks[last].end + 1] == ".":
        span += "."
    if not span.endswith(".") or len(span) > 6:
        return None
    state = _state_abbreviation(span)
    if state:
        return gaz.region_entry("US", state)
    province = CA_PROVINCES_AP.get(fold(span.rstrip(".")).lower().replace(".", " ").strip())
    return gaz.region_entry("CA", province) if province else None


def _postal_state(span: str, cands: list[tuple[int, int]], gaz: Gazetteer) -> int | None:
    """A given span written as a US postal code ("NJ", "TX") is its state when the name
    itself reaches nothing but loose spellings (a Gambian "Niji" for "NJ")."""
    if span not in US_STATES_POSTAL or any(h != NAME_SKELETON for _, h in cands):
        return None
    return gaz.region_entry("US", US_STATES_POSTAL[span])


def _span_candidates(
    text: str, toks: list[_Token], first: int, last: int, gaz: Gazetteer
) -> tuple[str, list[tuple[int, int]]]:
    """Key and candidates of a given span, trying in turn: a nationality word's country
    (before the name itself: "Syrian" must not reach Sirjan through a loose key), the
    name, the name without "the" or a possessive, a US state abbreviation, and the
    longest place name inside it ("Illinois State Armory" → Illinois)."""
    run = [(t.start, t.end, t.join) for t in toks[first : last + 1]]
    key = key_from_tokens(text, run)
    continent = CONTINENT_ADJECTIVES.get(key.removesuffix("s")) or UNION_CONTINENTS.get(key)
    if continent and continent != "Oceania":
        cands = [
            (e, NAME_DERIVED) for e, h in gaz.lookup(continent.lower()) if gaz.country_code(e) == ""
        ]
        if cands:
            return key, cands
    target = _demonym_entry(key, gaz)
    if target is None:
        target = region_adjective_entry(key, gaz)
    if target is not None:
        return key, [(target, NAME_DERIVED)]
    dotted = _dotted_state(text, toks, first, last, gaz)
    if dotted is not None:
        return key, [(dotted, NAME_ALT)]
    government = _government_capital(key, gaz)
    if government is not None:
        return key, [(government, NAME_DERIVED)]
    county = _named_county(text, toks, first, last, key, gaz)
    if county:
        return key + " county", county
    cands = _without_translations(key, gaz.lookup(key), gaz)
    postal = _postal_state(text[toks[first].start : toks[last].end], cands, gaz)
    if postal is not None:
        return key, [(postal, NAME_ALT)]
    state = US_STATES_AP.get(key) if len(key) >= 4 else None
    if state and all(gaz.kind[e] == KIND_CITY and gaz.pop[e] < TINY for e, _ in cands):
        region = gaz.region_entry("US", state)  # "Calif" without its dot, not a hamlet
        if region is not None:
            return key, [(region, NAME_ALT)]
    if cands:
        return key, cands
    trims = []
    if len(run) > 1 and key.startswith("the "):
        trims.append(run[1:])
    if len(run) > 1 and run[-1][2] == "" and text[run[-1][0] : run[-1][1]] == "s":
        trims.append(run[:-1])  # "Ukraine's" → "Ukraine"
    for trimmed in trims:
        k = key_from_tokens(text, trimmed)
        cands = gaz.lookup(k)
        if cands:
            return k, cands
    if key.endswith(" co") and len(run) > 1:
        cands = gaz.lookup(key[:-3] + " county")  # "Platte Co." is Platte County
        if cands:
            return key[:-3] + " county", cands
    for variant in _article_variants(key):
        cands = gaz.lookup(variant)
        if cands:
            return variant, cands
    state = _state_abbreviation(text[toks[first].start : toks[last].end + 1].strip())
    if state is None:
        state = _state_abbreviation(text[toks[first].start : toks[last].end])
    region = gaz.region_entry("US", state) if state else None
    if region is not None:
        return key, [(region, NAME_ALT)]
    if key.rsplit(" ", 1)[-1] in ("township", "twp"):
        # A civil township the gazetteer lacks: its first word ("Washington", "Franklin")
        # names dozens of places elsewhere, so it takes the article's own town instead.
        return key, []
    return _inner_place(text, toks, first, last, gaz)


def _named_county(
    text: str, toks: list[_Token], first: int, last: int, key: str, gaz: Gazetteer
) -> list[tuple[int, int]]:
    """The counties a bare name means when the same article also writes it out as "X
    County" ("the Suffolk Times" after "Suffolk County police"): one story uses one sense
    of a name, and the full form says which. Empty when the article never does."""
    name = text[toks[first].start : toks[last].end]
    if not re.search(rf"\b{re.escape(name)} County\b", text):
        return []
    counties = [(e, h) for e, h in gaz.lookup(key + " county") if h != NAME_SKELETON]
    states = {gaz.admin1(e) for e, _ in counties}
    # A town in a state that has the county ("DeKalb" and "DeKalb County", Illinois)
    # may be meant as itself: the county form then does not decide.
    towns = [e for e, h in gaz.lookup(key) if gaz.kind[e] == KIND_CITY and h != NAME_SKELETON]
    if any(gaz.country_code(e) == "US" and gaz.admin1(e) in states for e in towns):
        return []
    return counties


# Head words of buildings and streets. GeoNames keeps English *translations* of some
# towns' names among their alternates ("White House" for Casablanca, Dar el Beida); in
# English text such a phrase names the building, never the far town.
_BUILDING_HEADS = _words("house hall palace tower building church temple mosque street gate")


def _without_translations(
    key: str, cands: list[tuple[int, int]], gaz: Gazetteer
) -> list[tuple[int, int]]:
    """Candidates minus those reached only through an alternate name that is a plain
    English phrase ending in a building word (every word a dictionary word)."""
    words = key.split()
    if len(words) < 2 or words[-1] not in _BUILDING_HEADS:
        return cands
    if not all(gaz.is_word(w) for w in words):
        return cands
    return [(e, h) for e, h in cands if h == NAME_MAIN]


# A country's ministries, parliament and government sit in its capital: "the Russian
# Foreign Ministry" is in Moscow whatever town the story is about. (An embassy is not:
# it sits abroad.)
_GOVERNMENT_WORDS = _words("ministry parliament government cabinet presidency")


def _government_capital(key: str, gaz: Gazetteer) -> int | None:
    """The capital of the country whose nationality word opens a government body's name
    ("Russian Foreign Ministry", "the Israeli government")."""
    words = key.removeprefix("the ").split()
    if len(words) < 2 or not any(w in _GOVERNMENT_WORDS for w in words[1:]):
        return None
    cc = _demonym_country(words[0])
    return gaz.capital_entry(cc) if cc is not None else None


# Arabic place names are written with or without their article ("Qamishli" and "Al
# Qamishli", "al-Tanf" and "Tanf"); GeoNames often keeps only one form.
_ARABIC_ARTICLES = ("al ", "el ", "ar ", "as ", "ad ", "an ", "at ", "ash ", "az ")


def _article_variants(key: str) -> list[str]:
    """The same name with its Arabic article dropped, or with "al" added when it has none."""
    for art in _ARABIC_ARTICLES:
        if key.startswith(art) and len(key) > len(art) + 2:
            return [key[len(art) :]]
    return ["al " + key] if " " not in key and len(key) > 3 else []


INNER_MARK = ">"  # prefixes the key of a name found inside a longer given span


def _inner_place(
    text: str, toks: list[_Token], first: int, last: int, gaz: Gazetteer
) -> tuple[str, list[tuple[int, int]]]:
    """The longest run of capitalised words inside a longer name that is a place name
    ("British Embassy Tokyo" → Tokyo), skipping generic and nationality words. Its key
    carries ``INNER_MARK`` so the caller knows the reading is partial."""
    n = last - first + 1
    for length in range(n - 1, 0, -1):
        for i in range(first, last - length + 2):
            run = toks[i : i + length]
            if not (run[0].cap and run[-1].cap):
                continue
            k = key_from_tokens(text, [(t.start, t.end, t.join) for t in run])
            if length == 1 and (k in HARD_STOP or k in gaz.stop_words or k in DEMONYMS):
                continue
            if k in _FEATURE_WORDS:
                continue
            cands = [(e, h) for e, h in gaz.lookup(k) if h != NAME_SKELETON or length > 1]
            # A lone dictionary word ("Grace", "Bay") only counts if it names somewhere
            # well known (WordNet also lists "Tokyo").
            if length == 1 and gaz.is_word(k):
                cands = [(e, h) for e, h in cands if gaz.pop[e] >= 100_000]
            if cands:
                return INNER_MARK + k, cands
    return "", []


def resolve_spans(
    text: str, spans: list[tuple[int, int]], doc: Doc | None = None
) -> list[PlaceMention | None]:
    """Resolve place names whose spans are already known (from a human, another tagger or
    a benchmark), one result per span in the order given, None where nothing fits.

    The spans are resolved together with the places :func:`find_places` would recognise
    elsewhere in the text, so they get the same context (countries and regions named,
    containers, nearby places). Unlike :func:`find_places` nothing is dropped as an
    unsupported tiny town: the caller asserted that the span is a place. A span the
    gazetteer cannot place (a county, a street, a building) takes, with precision
    "region", the position of its US state for a county, else of the town the article
    is about (the town it names most often)."""
    gaz = Gazetteer.load()
    toks = _tokens(text)
    given = [_given_match(text, toks, start, end, gaz, doc) for start, end in spans]
    placed = [m for m in given if m is not None]
    found = [
        m
        for m in _recognise(text, toks, gaz, doc)
        if not any(g.start < m.end and m.start < g.end for g in placed)
    ]
    unique = {id(m): m for m in placed}
    matches = sorted([*unique.values(), *found], key=lambda m: (m.start, m.end))
    ctx = _resolve(text, matches, gaz, None)
    # Context only from names find_places would report too: dictionary words and
    # unsupported tiny towns ("Christmas", "Voters" → Walters) must not pull the given
    # names towards wherever those happen to exist.
    own = {id(m) for m in placed}
    keep = [
        m
        for idx, m in enumerate(matches)
        if id(m) in own
        or (_accept(m, idx, toks, ctx, gaz) and _supported(m, idx, ctx, gaz, matches))
    ]
    if len(keep) < len(matches):
        matches = keep
        ctx = _resolve(text, matches, gaz, None)
    focus = _focus(text, matches, gaz, frozenset(own))
    out: list[PlaceMention | None] = []
    for (start, end), m in zip(spans, given, strict=True):
        host = _facility_host(text, start, end, matches, gaz)
        if host is not None:
            mention = _mention(text, host, gaz, _factor(host, gaz))
            mention.start, mention.end, mention.text = start, end, text[start:end]
            mention.precision = "region"  # somewhere in that town, not the town itself
            out.append(mention)
            continue
        if m is None or m.best is None or _stray(m, matches, ctx, gaz, focus):
            out.append(_fallback(text, start, end, matches, gaz, frozenset(own)))
            continue
        mention = _mention(text, m, gaz, _factor(m, gaz))
        mention.start, mention.end, mention.text = start, end, text[start:end]
        out.append(mention)
    return out


# Words that make a name a facility or street: it lies in one town, which the text often gives
# right after it ("the Bambino Gesu Hospital in Rome", "California State University at
# San Marcos"). A place named inside the facility's name (California, Washington) says
# whom it is named after, not where it stands.
_FACILITY_WORDS = _words(
    """
    university college school academy hospital clinic embassy consulate museum gallery
    stadium arena airport cathedral church mosque temple synagogue hotel zoo studio studios
    library prison mall theatre theater gardens institute
    """
)
# A street is only placed by "in": "Royal Street at Washington Square" names a corner.
_STREET_WORDS = _words("street avenue road boulevard")
_FACILITY_IN = re.compile(r",?\s+(?:in|at)\s+(?:the\s+)?")
_STREET_IN = re.compile(r",?\s+in\s+(?:the\s+)?")


def _facility_host(
    text: str, start: int, end: int, matches: list[_Match], gaz: Gazetteer
) -> _Match | None:
    """The town a facility's name is placed in by the words right after it ("X Hospital
    in Rome"), if the span names a facility and a resolved town, county or region follows."""
    words = text[start:end].lower().split()
    if any(w in _FACILITY_WORDS for w in words):
        after = _FACILITY_IN.match(text, end)
    elif words and words[-1] in _STREET_WORDS:
        after = _STREET_IN.match(text, end)
    else:
        return None
    if after is None:
        return None
    host = next((o for o in matches if o.start == after.end() and o.best is not None), None)
    if host is None or host.best is None:
        return None
    if gaz.kind[host.best] == KIND_COUNTRY:
        # "the Russian Embassy in the U.S. capital": the country's capital.
        if not re.match(r"\s+capital\b", text[host.end :]):
            return None
        capital = gaz.capital_entry(gaz.country_code(host.best))
        if capital is None:
            return None
        seat = _Match(host.start, host.end, host.first, host.last, host.key, [(capital, NAME_MAIN)])
        seat.best, seat.confidence = capital, host.confidence
        return seat
    return host


STRAY_KM = 400.0  # farther than this from the article's town, a weak reading is doubted
STRAY_TOWN_MAX = 20_000  # below this a far town needs more than its country's backing
FOREIGN_TOWN_MAX = 100_000  # below this a far town needs its country to appear at all


def _stray(
    m: _Match, matches: list[_Match], ctx: _Context, gaz: Gazetteer, focus: int | None
) -> bool:
    """Whether a given span's reading is too weak to trust against the article's town: a
    town found only inside a longer name ("Liverpool Academy" in a Cairo story, "Buckland
    Elementary", "Robert Trent Jones Golf Club"), or a town under 5,000 people that
    nothing else in the article supports ("Booker" in a Santa Barbara story), lying more
    than ``STRAY_KM`` from the town the article is about. Such names are mostly
    buildings, schools or businesses named after somewhere else."""
    e = m.best
    if e is None or focus is None or gaz.kind[e] != KIND_CITY:
        return False
    if _km(gaz.lat[e], gaz.lon[e], gaz.lat[focus], gaz.lon[focus]) <= STRAY_KM:
        return False
    if m.inner:
        return True
    idx = next((i for i, o in enumerate(matches) if o is m), None)
    if idx is None:
        return False
    if not _supported(m, idx, ctx, gaz, matches):
        return True
    if gaz.pop[e] < FOREIGN_TOWN_MAX and not _country_support(m, idx, e, ctx, gaz):
        return True
    return gaz.pop[e] < STRAY_TOWN_MAX and not _near_support(m, idx, e, ctx, gaz, matches)


def _country_support(m: _Match, idx: int, e: int, ctx: _Context, gaz: Gazetteer) -> bool:
    """Whether anything but the name itself points to town ``e``'s country: a country,
    region or demonym named, or another name resolved there. "Laguna" in a Philippine
    story is the province the gazetteer lacks, not Laguna, California."""
    cc = gaz.country_code(e)
    if ctx.countries.get(cc, 0.0) - ctx.own_countries[idx].get(cc, 0.0) > 0:
        return True
    if m.container is not None or m.state is not None:
        return True
    return bool(ctx.votes.get(cc, set()) - {m.key})


def _near_support(
    m: _Match, idx: int, e: int, ctx: _Context, gaz: Gazetteer, matches: list[_Match]
) -> bool:
    """Whether something more specific than its country backs town ``e``: a container or
    state abbreviation, its region named, or another of the article's places within
    ``STRAY_KM``. A small town far from the story's setting that only its country backs
    ("Washington Square" or "Heathrow" read as little American towns in stories about New
    Orleans' streets or a London airport) is more likely a street, square or building."""
    if m.container is not None or m.state is not None:
        return True
    region = (gaz.country_code(e), gaz.admin1(e) or "")
    if ctx.regions.get(region, 0) - (ctx.own_regions.get(idx) == region) > 0:
        return True
    return any(
        o.key != m.key
        and o.best is not None
        and gaz.kind[o.best] != KIND_COUNTRY
        and _km(gaz.lat[e], gaz.lon[e], gaz.lat[o.best], gaz.lon[o.best]) < STRAY_KM
        for o in matches
    )


def _given_match(
    text: str, toks: list[_Token], start: int, end: int, gaz: Gazetteer, doc: Doc | None
) -> _Match | None:
    """A match for a given span with its context flags set (never vetoed)."""
    if not (0 <= start < end <= len(text)):
        return None
    idx = _span_tokens(toks, start, end)
    if idx is None:
        return None
    first, last = idx
    head_end, state = _span_state_tail(text, start, end)
    if state is not None:
        head = _span_tokens(toks, start, head_end)
        if head is not None:
            last = head[1]
    key, cands = _span_candidates(text, toks, first, last, gaz)
    if not cands:
        return None
    m = _Match(start, end, first, last, key, cands)
    m.inner = key.startswith(INNER_MARK)
    m.key = key.removeprefix(INNER_MARK)
    _annotate_match(text, toks, m, gaz, doc, set())
    m.embedded = False
    if state is not None:
        m.state = state
    return m


def _span_state_tail(text: str, start: int, end: int) -> tuple[int, str | None]:
    """For a given span written "Town, ST" ("Washington, D.C.", "Macon, Ga.") the end of
    the town's name and the US state the tail names; (end, None) otherwise."""
    span = text[start:end]
    comma = span.find(", ")
    if comma <= 0:
        return end, None
    tail = span[comma + 2 :].strip()
    if tail and not tail.endswith(".") and text[end : end + 1] == ".":
        tail += "."
    state = _state_abbreviation(tail)
    if state is None and tail in US_STATES_POSTAL.values():
        state = tail
    return (start + comma, state) if state else (end, None)


def _fallback(
    text: str,
    start: int,
    end: int,
    matches: list[_Match],
    gaz: Gazetteer,
    given: frozenset[int] = frozenset(),
) -> PlaceMention | None:
    """Where to put a given span the gazetteer lacks (see :func:`resolve_spans`)."""
    if not (0 <= start < end <= len(text)):
        return None
    county = _county_state(text[start:end], text[end : end + 12], matches, gaz)
    target = county if county is not None else _focus(text, matches, gaz, given)
    if target is None:
        return None
    m = _unresolved(text, start, end, None, gaz, 0.2)
    m.lat, m.lon = round(gaz.lat[target], 5), round(gaz.lon[target], 5)
    m.country_code = gaz.country_code(target)
    m.admin1 = gaz.admin1(target)
    m.precision = "region"
    return m


FOCUS_KM = 150.0  # other places this close to a town count as the same story's setting
DATELINE_WEIGHT = 3.0  # "CAIRO — ..." says where the story is written from


def _dateline(text: str, m: _Match) -> bool:
    """Whether a match is the dateline that opens the article ("CAIRO - ", "Kyiv, May 2 -")."""
    return not text[: m.start].strip() and bool(re.match(r"\s*(?:[-—–,(]|\Z)", text[m.end :]))


def _focus(
    text: str, matches: list[_Match], gaz: Gazetteer, given: frozenset[int] = frozenset()
) -> int | None:
    """The town the article is about: local news revolves around one place, and unnamed
    streets or buildings are most likely there. Each town counts its own mentions plus
    those of places within ``FOCUS_KM`` and of the region that holds it, each distinct
    name once (repeats add a fifth each, at most double), so a cluster of
    neighbouring towns outweighs one name repeated far away (a surname matching an English
    village, a street named after a French town). Names the caller asserted (``given``)
    weigh twice what recognition guessed; a dateline adds ``DATELINE_WEIGHT``. Without a
    town: the region, else the country, named most often."""
    per_name: dict[tuple[str, int], list[float]] = defaultdict(list)
    for m in matches:
        if m.best is not None:
            per_name[(m.key, m.best)].append(1.0 if not given or id(m) in given else 0.5)
    weights: dict[int, float] = defaultdict(float)
    for (_, e), ws in per_name.items():
        # Each distinct name counts once, repeats only a little: one name said six times
        # (a football club, a surname) must not outweigh five neighbouring towns.
        weights[e] += max(ws) * min(2.0, 1.0 + 0.2 * (len(ws) - 1))
    if not weights:
        return None
    towns = [e for e in weights if gaz.kind[e] in (KIND_CITY, KIND_CUSTOM)]
    if not towns:
        rank = {KIND_REGION: 0, KIND_COUNTRY: 1}
        return min(weights, key=lambda e: (rank[gaz.kind[e]], -weights[e], -gaz.pop[e]))
    opening = [m.best for m in matches[:1] if m.best is not None and _dateline(text, m)]

    def support(t: int) -> float:
        s = weights[t] + (DATELINE_WEIGHT if t in opening else 0.0)
        for e, w in weights.items():
            if e == t:
                continue
            inside = gaz.kind[e] == KIND_REGION and _contains(gaz, e, t)
            near = gaz.kind[e] != KIND_COUNTRY and (
                _km(gaz.lat[e], gaz.lon[e], gaz.lat[t], gaz.lon[t]) <= FOCUS_KM
            )
            if inside or near:
                s += w
        return s

    return max(towns, key=lambda t: (support(t), gaz.pop[t]))


def _county_state(name: str, after: str, matches: list[_Match], gaz: Gazetteer) -> int | None:
    """For "X County" / "X Parish" (or "X" followed by "county"): the entry of the US
    town the article names in a state that has such a county, else of that state."""
    words = name.split()
    if words and words[-1].lower() in ("county", "parish", "borough"):
        base = " ".join(words[:-1])
    elif re.match(r"\s*(?:and [A-Z][a-z]+ )?(?:count(?:y|ies)|parish(?:es)?)\b", after):
        base = name
    else:
        return None
    states = us_county_states(base)
    if not states:
        return None
    support: dict[str, int] = defaultdict(int)
    towns: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for m in matches:
        if m.best is None or gaz.country_code(m.best) != "US":
            continue
        a = gaz.admin1(m.best)
        if a in states:
            support[a] += 1
            if gaz.kind[m.best] == KIND_CITY:
                towns[a][m.best] += 1
    if support:
        state = max(support, key=lambda a: support[a])
    elif len(states) == 1:
        state = next(iter(states))
    else:
        return None
    if towns[state]:
        return max(towns[state], key=lambda e: towns[state][e])
    return gaz.region_entry("US", state)


__all__ = ["find_places", "place_key", "resolve_spans", "us_county_states"]
