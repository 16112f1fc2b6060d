"""The other fields in the languages read from a lexicon file: period words, hedges, speakers and
their types, dates, means and actors with their roles.

Contract (each as the English finder's): `background_cue`, `is_background_term`, `hedge`,
`find_statements`, `speaker_type`, `find_dates`, `find_means`, `find_actors`, `actor_role`.
"""

from __future__ import annotations

import datetime as dt
import re

from triangulate.extract.actors import ActorMention, actor_by_id
from triangulate.extract.attribution import Statement, outlet_names
from triangulate.extract.dates import DateMention
from triangulate.extract.lexical_numbers import find_numbers
from triangulate.extract.lexicon import DIGITS, WORD, Lexicon, group_key, lookup
from triangulate.extract.means import MeansMention
from triangulate.resources import means as means_table

SPEAKER_WORDS = 8  # the longest speaker phrase read after "selon", "по данным", "بحسب"


def background_cue(lex: Lexicon, text: str, start: int, end: int) -> str | None:
    """The words that make a sentence's tolls context: a period ("depuis le début de la guerre") or
    an earlier incident recalled ("une autre frappe", "в прошлом месяце", "في وقت سابق")."""
    m = lex.background.search(text, start, end) or lex.other_incident.search(text, start, end)
    return m.group(0) if m else None


def is_background_term(lex: Lexicon, term: str) -> bool:
    spec = lookup(lex.vague, term)
    return bool(spec and spec.get("background"))


def hedge(lex: Lexicon, text: str, start: int, end: int) -> str | None:
    m = lex.hedges.search(text, start, end)
    return m.group(0) if m else None


_CLAUSE_END = re.compile(r"[,.;:!?«»\"“”()\n،؛]")


def find_statements(lex: Lexicon, text: str, start: int, end: int) -> list[Statement]:
    """'selon X', 'по данным X', 'بحسب X': X is the speaker; 'X a déclaré', 'заявил X', 'قال X': the
    words before the verb, or after it when nothing names the speaker before (verb-first order)."""
    out: list[Statement] = []
    h = hedge(lex, text, start, end)
    for m in lex.according_to.finditer(text, start, end):
        s, e = _phrase_after(lex, text, m.end(), end)
        if e > s:
            out.append(Statement(text[s:e], speaker_type(lex, text[s:e]), s, e, m.start(), m.end(),
                                 hedged=h is not None, hedge=h))
    for m in lex.speech_verbs.finditer(text, start, end):
        if any(st.cue_start <= m.start() < st.end for st in out):
            continue
        s, e = _phrase_before(lex, text, start, m.start())
        if e <= s:
            s, e = _phrase_after(lex, text, m.end(), end, after_verb=True)
        if e > s:
            out.append(Statement(text[s:e], speaker_type(lex, text[s:e]), s, e, m.start(), m.end(),
                                 hedged=h is not None, hedge=h))
    return out


def speaker_type(lex: Lexicon, phrase: str) -> str:
    """outlet (a registry outlet's name: "l'AFP", "Reuters"), anonymous ("des sources locales",
    "مصادر محلية"), organisation ("le ministère de la Santé", "المرصد السوري"), role ("губернатор
    області"), as English types them; a role is the default."""
    if _outlet_in(phrase):
        return "outlet"
    for kind in ("anonymous", "organisation", "role"):
        if lex.speaker_types[kind].search(phrase):
            return kind
    return "role"


def _outlet_in(phrase: str) -> bool:
    """A registry outlet named in the phrase ("l'AFP", "Reuters", "SANA")."""
    return outlet_names().search(phrase) is not None


def _phrase_after(lex: Lexicon, text: str, pos: int, end: int, *, after_verb: bool = False) -> tuple[int, int]:
    while pos < end and text[pos].isspace():
        pos += 1
    told = lex.addressee.match(text, pos, end) if after_verb else None
    if told and WORD.search(text, told.end(), end):
        pos = told.end()  # "a déclaré à l'AFP un porte-parole": who was told, not who told
    stop = _CLAUSE_END.search(text, pos, end)
    limit = stop.start() if stop else end
    words: list[re.Match[str]] = []
    skip = set(lex.data.get("speaker_skip", []))
    for w in list(WORD.finditer(text, pos, limit))[:SPEAKER_WORDS]:
        if w.group(0).lower() in lex.speaker_stops or lex.kinds.match(text, w.start()):
            break  # "قال المرصد إن ...", "заявил губернатор, что": the speaker ends where the said begins
        if not words and w.group(0).lower() in skip:
            continue  # "informaron este domingo las autoridades": when, not who
        words.append(w)
    if not words:
        return pos, pos
    first = words[0].start()
    glued = lex.speaker_glued.match(text, first)  # "وفقا لمصادر": the preposition glued to the speaker
    if glued and glued.end() < words[-1].end():
        first = glued.end()
    return first, words[-1].end()


def _phrase_before(lex: Lexicon, text: str, start: int, pos: int) -> tuple[int, int]:
    cut = max((m.end() for m in _CLAUSE_END.finditer(text, start, pos)), default=start)
    words = list(WORD.finditer(text, cut, pos))
    pronouns = set(lex.data.get("pronouns", []))
    words = [w for w in words[-6:]]
    while words and (words[0].group(0).lower() in pronouns or any(ch.isdigit() for ch in words[0].group(0))):
        words = words[1:]
    if not words or all(w.group(0).lower() in pronouns for w in words) or lex.kinds.search(text, words[0].start(), pos):
        return pos, pos
    return words[0].start(), words[-1].end()


def find_dates(lex: Lexicon, text: str, start: int, end: int, published: dt.date | None) -> list[DateMention]:
    """'17 septembre 2016', 'mardi', 'hier', '17 сентября', 'во вторник', 'أمس': resolved by calendar
    arithmetic against the publication date, as English dates are."""
    found: list[DateMention] = []
    for m in lex.month_re.finditer(text, start, end):
        month = lookup(lex.months, m.group(0))
        # "17 septembre", "1er mars", "3 de marzo", "12 من آذار"
        day_m = re.search(r"(\d{1,2})\s*(?:er|º|°)?\s*(?:de\s+|من\s+)?$",
                          text[max(start, m.start() - 10): m.start()].translate(DIGITS))
        if day_m is None or month is None:
            continue
        year_m = re.match(r"\s*(?:de\s+|del\s+)?(\d{4})", text[m.end(): m.end() + 12].translate(DIGITS))
        year = int(year_m.group(1)) if year_m else (published.year if published else None)
        if year is None:
            continue
        try:
            date = dt.date(year, int(month), int(day_m.group(1)))
        except ValueError:
            continue
        if published is not None and date > published + dt.timedelta(days=1):
            if year_m:
                continue
            try:
                date = date.replace(year=date.year - 1)
            except ValueError:
                continue
        s = m.start() - (len(text[max(start, m.start() - 10): m.start()]) - day_m.start())
        found.append(DateMention(date, s, m.end() + (year_m.end() if year_m else 0), "explicit"))
    if published is not None:
        taken = [(d.start, d.end) for d in found]
        for m in lex.weekday_re.finditer(text, start, end):
            if any(s <= m.start() < e for s, e in taken):
                continue
            target = lookup(lex.weekdays, m.group(0).split()[-1]) if lookup(lex.weekdays, m.group(0)) is None \
                else lookup(lex.weekdays, m.group(0))
            if target is None:
                continue
            delta = (published.weekday() - int(target)) % 7
            found.append(DateMention(published - dt.timedelta(days=delta), m.start(), m.end(), "relative"))
        for m in lex.relative_re.finditer(text, start, end):
            days = lookup(lex.relative, m.group(0))
            if days is not None:
                found.append(DateMention(published + dt.timedelta(days=int(days)), m.start(), m.end(), "relative"))
    found.sort(key=lambda d: d.start)
    return found


def find_means(lex: Lexicon, text: str, start: int, end: int) -> list[MeansMention]:
    ranks = {m["id"]: n for n, m in enumerate(means_table())}
    out = []
    for m in lex.means.finditer(text, start, end):
        mid = group_key(m, lex.means_keys)
        out.append(MeansMention(mid, ranks.get(mid, len(ranks)), m.start(), m.end(), m.group(0)))
    return out


def find_actors(lex: Lexicon, text: str, start: int, end: int) -> list[ActorMention]:
    out = []
    for m in lex.actors.finditer(text, start, end):
        actor = actor_by_id(group_key(m, lex.actor_keys))
        if actor is not None:
            out.append(ActorMention(actor, m.start(), m.end(), m.group(0)))
    return out


def actor_role(lex: Lexicon, text: str, mention: ActorMention, start: int, end: int) -> str | None:
    """'frappe menée par l'armée russe', 'удар со стороны ВСУ', 'من قبل الجيش': the actor acts; 'contre',
    'против', 'ضد': it is the target; an actor beside a means word ("l'aviation russe") acts."""
    before = text[max(start, mention.start - 40): mention.start]
    if lex.target_before.search(before):
        return "target"
    counted = find_numbers(lex, text, max(start, mention.start - 30), mention.start)
    if counted and not text[counted[-1].end: mention.start].strip(" \u00a0de'’"):
        return "target"  # "40 terroristes ont été neutralisés": the actor is who died
    if lex.agent_before.search(before):
        return "perpetrator"
    window_a, window_b = max(start, mention.start - 30), min(end, mention.end + 30)
    if lex.means.search(text, window_a, window_b) or lex.attack_words.search(text, window_a, window_b):
        return "perpetrator"
    return None
