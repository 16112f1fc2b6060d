"""Place names read in the languages with a lexicon: Cyrillic and Arabic names from the gazetteer's
alternate names, inflected forms ("в Харькове", "у Києві"), glued prepositions ("بحلب", "والرقة"),
and country names in each language ("Syrie", "Сирии", "سوريا").

Contract: `find_local_places(lex, text, start, end, context) -> [PlaceMention]` and
`local_countries(lex, text) -> {code: count}`. Latin-script city names in French and Spanish text are
read by the English finder (places.find_places), which this one adds to.
"""

from __future__ import annotations

from triangulate.extract.lexicon import WORD, Lexicon
from triangulate.extract.place_names import fold_local
from triangulate.extract.places import Entry, PlaceMention, _choose, _index

MAX_NAME_WORDS = 3
BARE_MIN_POPULATION = 50_000  # an Arabic word with no place cue before it is read as a town only if it is this big
ARABIC_CLITICS = ("و", "ف", "ب", "ل", "ك")
COUNTRY_CHARS = 20_000  # the opening of a report is enough to tell which countries it is about


def _candidates(lex: Lexicon, surface: str, not_places: set[str]) -> tuple[list[Entry], bool]:
    """Entries for a surface form, and whether it came with a glued preposition ("بحلب")."""
    index = _index()
    key = fold_local(surface)
    tries = [(key, False)]
    if lex.code == "ar":
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
        if k in not_places:
            continue
        numbers = index.local.get(k)
        if numbers:
            return [index.entries[n] for n in numbers], glued
    return [], False


def _is_vocabulary(lex: Lexicon, text: str, s: int) -> bool:
    return any(p.match(text, s) for p in (lex.kinds, lex.victims, lex.units, lex.month_re, lex.weekday_re,
                                           lex.count_nouns, lex.relative_re))


def find_local_places(lex: Lexicon, text: str, start: int, end: int, context: dict[str, int]) -> list[PlaceMention]:
    words = list(WORD.finditer(text, start, end))
    not_places = {fold_local(w) for w in lex.data.get("not_places", [])}
    cues = {fold_local(w) for w in lex.data.get("place_cues", [])}
    cased = lex.code != "ar"  # scripts with capitals write names with one
    out: list[PlaceMention] = []
    i = 0
    while i < len(words):
        taken = 0
        for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
            first, last = words[i], words[i + n - 1]
            surface = text[first.start(): last.end()]
            if cased and not first.group(0)[:1].isupper():
                break
            if fold_local(surface) in not_places or len(surface) < 3 or (n == 1 and _is_vocabulary(lex, text, first.start())):
                continue
            cands, glued = _candidates(lex, surface, not_places)
            if not cands:
                continue
            if lex.code == "ar":
                cued = glued or (i > 0 and fold_local(words[i - 1].group(0)) in cues)
                cands = [c for c in cands if c.precision == "country" or cued or c.population >= BARE_MIN_POPULATION]
                if not cands:
                    continue
            chosen = _choose(cands, surface, context)
            if chosen is None:
                continue
            entry, score = chosen
            out.append(PlaceMention(entry, first.start(), last.end(), surface, score))
            taken = n
            break
        i += taken or 1
    return out


def local_countries(lex: Lexicon, text: str) -> dict[str, int]:
    """Countries the report names in its language, with counts (cities do not vote here)."""
    counts: dict[str, int] = {}
    for m in find_local_places(lex, text, 0, min(len(text), COUNTRY_CHARS), {}):
        if m.entry.precision == "country" and m.entry.country:
            counts[m.entry.country] = counts.get(m.entry.country, 0) + 1
    return counts
