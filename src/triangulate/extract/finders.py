"""The finders each language reads with, in one registry (as spaCy's components sit in a plain registry).

Contract: `finders_for(code) -> Finders`. Every field has one signature for every language; the
pipeline calls them without knowing which language it reads. English uses the English finders of
this package; a language with a lexicon file (data/languages/<code>.json) uses the lexical finders
bound to its lexicon. Places are read by the gazetteer finder in every language; its name index
holds every script's names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache, partial

from triangulate.extract import lexical, lexical_fields
from triangulate.extract.actors import ActorMention, find_actors, role
from triangulate.extract.attribution import Statement, find_statements
from triangulate.extract.casualties import CasualtyMention, casualty_triggers, find_casualties
from triangulate.extract.dates import DateMention, find_dates
from triangulate.extract.incidents import AWAY, LOCATIVE, war_wide_cue
from triangulate.extract.lexicon import Lexicon, lexicon
from triangulate.extract.means import MeansMention, find_means
from triangulate.extract.people import (
    counts_by_noun,
    find_counted,
    merge_counted,
    names_someone_hurt,
    take_in_perpetrator,
)
from triangulate.extract.places import PlaceMention, countries_in, find_places
from triangulate.extract.places_local import find_local_places, local_countries
from triangulate.model import Span
from triangulate.resources import cues, numbers
from triangulate.textcase import Caseless


@dataclass(frozen=True, slots=True)
class Finders:
    language: str
    casualties: Callable[[str, Span], list[CasualtyMention]]
    background_cue: Callable[[str, int, int], str | None]  # "since 2011", "depuis le début de la guerre"
    background_term: Callable[[str], bool]  # a vague quantity that is no single incident's ("thousands")
    hedge: Callable[[str, int, int], str | None]
    statements: Callable[[str, int, int, list[Statement]], list[Statement]]
    dates: Callable[[str, int, int, dt.date | None], list[DateMention]]
    actors: Callable[[str, int, int], list[ActorMention]]
    actor_role: Callable[[str, ActorMention, int, int], str | None]
    means: Callable[[str, int, int], list[MeansMention]]
    countries: Callable[[str, str | None], dict[str, int]]  # (text, outlet's home country) -> counts
    places: Callable[[str, int, int, dict[str, int], bool], list[PlaceMention]]  # (..., context, upper_text)
    locative: re.Pattern[str]  # words before a place that say it happened there ("in", "à", "в")
    away: re.Pattern[str]  # words before a place that say it is elsewhere ("from", "depuis", "из")


@lru_cache(maxsize=2)
def _triggers(text: str) -> list[re.Match[str]]:
    return casualty_triggers(text)


def _english_casualties(text: str, sentence: Span) -> list[CasualtyMention]:
    triggers = _triggers(text)
    found = find_casualties(text, sentence, triggers=triggers)
    if any(sentence.start <= t.start() < sentence.end for t in triggers) or counts_by_noun(text, sentence):
        found = merge_counted(found, find_counted(text, sentence))
    elif names_someone_hurt(text, sentence):  # "was hit in the leg", "with a gunshot wound": hurt, no death said
        found = merge_counted(found, [m for m in find_counted(text, sentence) if m.kind != "killed"])
    take_in_perpetrator(text, found, sentence.end)
    return found


@cache
def _english_hedge() -> Caseless:
    return Caseless(rf"\b(?:{'|'.join(cues()['hedges_in_claim_sentence'])})\b")


def _english_hedge_in(text: str, start: int, end: int) -> str | None:
    m = _english_hedge().search(text, start, end)
    return m.group(0) if m else None


def _english_background_term(term: str) -> bool:
    return bool(numbers()["vague"].get(term.lower(), {}).get("background"))


def _english_countries(text: str, home: str | None) -> dict[str, int]:
    return countries_in(text, home=home)


def _english_places(text: str, start: int, end: int, context: dict[str, int], upper_text: bool) -> list[PlaceMention]:
    return find_places(text, start, end, context, upper_text=upper_text)


ENGLISH = Finders(
    language="en", casualties=_english_casualties, background_cue=war_wide_cue,
    background_term=_english_background_term, hedge=_english_hedge_in, statements=find_statements,
    dates=find_dates, actors=find_actors, actor_role=role, means=find_means,
    countries=_english_countries, places=_english_places, locative=LOCATIVE, away=AWAY,
)


def _lexicon_countries(lex: Lexicon, text: str, home: str | None) -> dict[str, int]:
    counts = countries_in(text, home=home)
    for code, n in local_countries(lex, text).items():
        counts[code] = counts.get(code, 0) + n
    return counts


def _lexicon_places(lex: Lexicon, text: str, start: int, end: int, context: dict[str, int],
                    upper_text: bool) -> list[PlaceMention]:
    """Latin-script names as English reads them, plus the language's own (other scripts, inflected
    forms, country names in the language); where both read the same words, the first found stays."""
    found = find_places(text, start, end, context, upper_text=upper_text)
    for m in find_local_places(lex, text, start, end, context):
        if not any(f.start < m.end and m.start < f.end for f in found):
            found.append(m)
    return sorted(found, key=lambda m: m.start)


@cache
def finders_for(code: str | None) -> Finders:
    """The finders for a language code; English when the code is None (too little text to tell)."""
    if code in (None, "en"):
        return ENGLISH
    lex = lexicon(code)
    return Finders(
        language=code,
        casualties=partial(lexical.find_casualties, lex),
        background_cue=partial(lexical_fields.background_cue, lex),
        background_term=partial(lexical_fields.is_background_term, lex),
        hedge=partial(lexical_fields.hedge, lex),
        statements=lambda text, start, end, history: lexical_fields.find_statements(lex, text, start, end),
        dates=partial(lexical_fields.find_dates, lex),
        actors=partial(lexical_fields.find_actors, lex),
        actor_role=partial(lexical_fields.actor_role, lex),
        means=partial(lexical_fields.find_means, lex),
        countries=partial(_lexicon_countries, lex),
        places=partial(_lexicon_places, lex),
        locative=lex.locative, away=lex.away,
    )
