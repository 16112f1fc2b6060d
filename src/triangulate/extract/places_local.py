"""Place names read in the languages with a lexicon: Cyrillic and Arabic names from the gazetteer's
alternate names, inflected forms ("в Харькове", "у Києві"), glued prepositions ("بحلب", "والرقة"),
and country names in each language ("Syrie", "Сирии", "سوريا").

Contract: `find_local_places(lex, text, start, end, context) -> [PlaceMention]` and
`local_countries(lex, text) -> {code: count}`. Latin-script city names in French and Spanish text are
read by the English finder (places.find_places), which this one adds to.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from triangulate.extract.lexicon import WORD, Lexicon, group_key, lexicon
from triangulate.extract.place_names import ARABIC_ARTICLE, fold_local
from triangulate.extract.places import Entry, PlaceMention, _choose, _division_entries, _index, fold, skeleton

_SPACES = re.compile(r"\s*")
MIN_SKELETON = 3  # consonants a transliterated name needs before its skeleton is looked up
MAX_NAME_WORDS = 3
BARE_MIN_POPULATION = 50_000  # an Arabic word with no place cue before it is read as a town only if it is this big
ARABIC_CLITICS = ("و", "ف", "ب", "ل", "ك")
COUNTRY_CHARS = 20_000  # the opening of a report is enough to tell which countries it is about
MAX_SCAN_CHARS = 200_000  # names past this far into a text are not read


@lru_cache(maxsize=100_000)
def _candidates(code: str, surface: str) -> tuple[tuple[Entry, ...], bool]:
    """Entries for a surface form, and whether it came with a glued preposition ("بحلب")."""
    lex = lexicon(code)
    index = _index()
    not_places = _not_places(code)
    key = fold_local(surface)
    tries = [(key, False)]
    if code == "ar":
        for c1 in ARABIC_CLITICS:
            if key.startswith(c1) and len(key) > 3:
                tries.append((key[1:], True))
                for c2 in ARABIC_CLITICS[2:]:
                    if key[1:].startswith(c2) and len(key) > 4:
                        tries.append((key[2:], True))
    endings = lex.data.get("place_endings")
    if endings:
        words = key.split()
        last = words[-1]
        alternation = endings.get("vowel_alternation", {})
        for strip in endings["strip"]:
            if last.endswith(strip) and len(last) - len(strip) >= 3:
                stem = last[: -len(strip)]
                stems = [stem]
                # Ukrainian і in a closed last syllable opens to о/е/є in the other cases: Києва -> Київ
                for pos in range(len(stem) - 1, max(len(stem) - 3, 0), -1):
                    if stem[pos] in alternation:
                        stems.append(stem[:pos] + alternation[stem[pos]] + stem[pos + 1:])
                        break
                for st in stems:
                    for add in endings["add"]:
                        tries.append((" ".join([*words[:-1], st + add]), False))
    for k, glued in tries:
        if k in not_places or ARABIC_ARTICLE + k in not_places:
            continue  # "للتحالف" is the coalition, not a village called Tahaluf
        numbers = index.local.get(k)
        if numbers:
            return tuple(index.entries[n] for n in numbers), glued
    return (), False


@lru_cache(maxsize=100_000)
def _transliterated(code: str, surface: str) -> tuple[Entry, ...]:
    """Entries whose Latin name has the consonant skeleton of the surface written in Latin letters
    (data file 'transliteration'): a village GeoNames knows only as "Kafr Nubl" is still found from
    "كفرنبل"; the caller keeps only those in a country the report is about."""
    table = lexicon(code).data.get("transliteration")
    key = fold_local(surface)
    if not table or key in _not_places(code):
        return ()
    if code == "ar" and key.startswith(ARABIC_ARTICLE):
        key = key[len(ARABIC_ARTICLE):]
    latin = "".join(table.get(ch, ch if ch == " " else "") for ch in key)
    k = skeleton(fold(latin))
    if len(k.replace(" ", "")) < MIN_SKELETON:
        return ()
    index = _index()
    return tuple(index.entries[n] for n in index.skeleton.get(k, ()))


@lru_cache(maxsize=16)
def _not_places(code: str) -> frozenset[str]:
    return frozenset(fold_local(w) for w in lexicon(code).data.get("not_places", []))


def _is_vocabulary(lex: Lexicon, text: str, s: int) -> bool:
    """A word the language file reads as something else (a month, a weekday, a casualty or victim
    word; in Arabic, which has no capitals to mark a name, a unit too)."""
    patterns = [lex.kinds, lex.victims, lex.month_re, lex.weekday_re, lex.count_nouns, lex.relative_re]
    if lex.code == "ar":
        patterns.append(lex.units)
    word = WORD.match(text, s)
    return word is not None and any(p.fullmatch(text, s, word.end()) for p in patterns)


class _Name(NamedTuple):
    start: int
    end: int
    surface: str
    cands: tuple[Entry, ...]
    division: bool  # "Донецкой области", "محافظة إدلب": the division the town names
    guessed: bool  # found by transliteration only: read only in the report's countries


@lru_cache(maxsize=4)
def _names(code: str, text: str) -> tuple[_Name, ...]:
    """Every place name in the text, longest names first, read once per document; which candidate
    a mention is depends on the report, and is chosen later."""
    lex = lexicon(code)
    words = list(WORD.finditer(text, 0, min(len(text), MAX_SCAN_CHARS)))
    cues = {fold_local(w) for w in lex.data.get("place_cues", [])}
    cased = code != "ar"  # scripts with capitals write names with one
    out: list[_Name] = []
    i = 0
    while i < len(words):
        taken = 0
        for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
            first, last = words[i], words[i + n - 1]
            if cased and not first.group(0)[:1].isupper():
                break
            surface = text[first.start(): last.end()]
            if len(surface) < 3:
                continue
            region = lex.regions.fullmatch(text, first.start(), last.end()) if n == 1 else None
            if region is not None:  # "на Харківщині": the oblast by its own name
                country, code1 = group_key(region, lex.region_keys).split("/")
                entry = _division_entries().get((country, code1))
                if entry is not None:
                    out.append(_Name(first.start(), last.end(), surface, (entry,), False, False))
                    taken = n
                    break
            cands, glued = _candidates(code, surface)
            guessed = False
            if not cands and n == 1 and _cued(code, words, i, text, cues):
                cands = tuple(c for c in _transliterated(code, surface) if c.precision != "country")
                guessed = bool(cands)
            if cands and n == 1 and _is_vocabulary(lex, text, first.start()):
                continue  # a month, a weekday, a casualty word that a town is also called
            if cands and code == "ar":
                cued = glued or guessed or (i > 0 and fold_local(words[i - 1].group(0)) in cues)
                cands = tuple(c for c in cands if c.precision == "country" or cued or c.population >= BARE_MIN_POPULATION)
            if not cands:
                continue
            after = _SPACES.match(text, last.end())  # \s* always matches
            division = bool(lex.division_after.match(text, after.end() if after else last.end()) or
                            lex.division_before.search(text, max(0, first.start() - 30), first.start()))
            out.append(_Name(first.start(), last.end(), surface, tuple(dict.fromkeys(cands)), division, guessed))
            taken = n
            break
        i += taken or 1
    return tuple(out)


def _cued(code: str, words: list[re.Match[str]], i: int, text: str, cues: set[str]) -> bool:
    """A place word by its place: after a locative cue word ("في", "قرية", "в", "біля")."""
    return i > 0 and fold_local(words[i - 1].group(0)) in cues


def find_local_places(lex: Lexicon, text: str, start: int, end: int, context: dict[str, int]) -> list[PlaceMention]:
    out: list[PlaceMention] = []
    for name in _names(lex.code, text):
        if not (start <= name.start and name.end <= end):
            continue
        cands = name.cands
        if name.division:  # "Донецкой области", "محافظة إدلب": the division the town names
            divisions = _division_entries()
            cands = tuple(dict.fromkeys(divisions.get((c.country or "", c.admin1 or ""), c) for c in cands))
        if name.guessed and not any(c.country in context for c in cands):
            continue  # a skeleton match abroad is a coincidence
        chosen = _choose(list(cands), name.surface, context)
        if chosen is not None:
            out.append(PlaceMention(chosen[0], name.start, name.end, name.surface, chosen[1]))
    return out


def local_countries(lex: Lexicon, text: str) -> dict[str, int]:
    """Countries the report names in its language, with counts (cities do not vote here)."""
    counts: dict[str, int] = {}
    for m in find_local_places(lex, text, 0, min(len(text), COUNTRY_CHARS), {}):
        if m.entry.precision == "country" and m.entry.country:
            counts[m.entry.country] = counts.get(m.entry.country, 0) + 1
    return counts
