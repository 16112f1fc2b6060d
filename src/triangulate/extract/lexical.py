"""Finders for the languages read from a lexicon file (French, Spanish, Russian, Ukrainian, Arabic).

Same contracts as the English finders, so the pipeline treats every language alike:
  find_numbers(lex, text, start, end)       -> [NumberMention]     (lexical_numbers.py)
  find_casualties(lex, text, sentence)      -> [CasualtyMention]   (here)
  background_cue(lex, text, start, end)     -> the period words that make a toll context, or None
  find_dates(lex, text, start, end, published) -> [DateMention]
  find_statements(lex, text, start, end)    -> [Statement]
  find_means(lex, text, start, end)         -> [MeansMention]
  find_actors(lex, text, start, end)        -> [ActorMention]      (these in lexical_fields.py)

How a casualty figure is read, in every language: a number (digits, number words in any of their
case and gender forms, a vague quantity such as "une soixantaine" or "десятки") is a count of the
dead or wounded when a casualty word of one kind is in the same clause near it (the nearest wins:
"tuant 12 civils et blessant 30 autres") and the number counts people: a victim noun follows it, or
a casualty noun does ("12 morts", "30 جريحا"), or the casualty verb is right beside it ("погибли 12").
A number followed by a unit ("12 ans", "5 km", "3 roquettes") is not a count; a subset word before
it ("dont cinq enfants", "среди них трое детей") makes it part of the figure before.
"""

from __future__ import annotations

import bisect
import re

from triangulate.extract.casualties import CasualtyMention
from triangulate.extract.lexical_numbers import find_numbers
from triangulate.extract.lexicon import WORD, Lexicon, group_key, lookup
from triangulate.extract.numbers import NumberMention
from triangulate.model import Span

NEAR_TOKENS = 7  # a casualty word further than this many words from the number is not its kind
NOUN_TOKENS = 3  # the victim or casualty noun comes within this many words after the number
SUBSET_TOKENS = 2  # "dont cinq enfants", "dont au moins cinq": at most one word between


class _Tokens:
    """Word starts in a sentence, to count the words between two offsets."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.spans = [(m.start(), m.end()) for m in WORD.finditer(text, start, end)]
        self.starts = [s for s, _ in self.spans]

    def index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def between(self, a: int, b: int) -> int:
        """Words strictly between offsets a (an end) and b (a start)."""
        return max(0, bisect.bisect_left(self.starts, b) - bisect.bisect_left(self.starts, a))

    def next_starts(self, offset: int, n: int) -> list[int]:
        i = bisect.bisect_left(self.starts, offset)
        return self.starts[i: i + n]


def _is_date(lex: Lexicon, text: str, n: NumberMention, start: int, end: int) -> bool:
    after = text[n.end: min(end, n.end + 24)]
    before = text[max(start, n.qual_start - 16): n.qual_start]
    if lex.month_re.match(after.lstrip()) and 1 <= n.value <= 31:
        return True  # "17 septembre", "17 сентября"
    if 1900 <= n.value <= 2100 and n.qualifier == "exact":
        return True  # a year: no report's count of one incident's dead is written like one
    return bool(lex.month_re.search(before)) and n.value <= 31


def find_casualties(lex: Lexicon, text: str, sentence: Span) -> list[CasualtyMention]:
    a, b = sentence.start, sentence.end
    triggers = [(m.start(), m.end(), group_key(m, lex.kind_keys)) for m in lex.kinds.finditer(text, a, b)]
    if not triggers:
        return []
    numbers = [n for n in find_numbers(lex, text, a, b) if not _is_date(lex, text, n, a, b)]
    toks = _Tokens(text, a, b)
    found: list[CasualtyMention] = []
    last_subset_end = -1  # where the last figure read as a subset ended
    for n in numbers:
        nexts = toks.next_starts(n.end, NOUN_TOKENS)
        if lex.units.match(text, nexts[0]) if nexts else False:
            continue  # "12 ans", "5 km", "3 roquettes": not people
        if _combined_near(lex, text, a, b, n, toks):
            continue  # the dead and the wounded counted together: neither toll
        victim = _victim_after(lex, text, nexts, numbers, n)
        # "12 morts", "12 قتيلا", "une dizaine de morts", "12 civils morts": the casualty noun right after the
        # figure, after its "de", or after its victim noun
        count_at = nexts[:2] if len(nexts) > 1 and text[nexts[0]:nexts[1]].strip().lower() in _OF else nexts[:1]
        if victim is not None:
            count_at = [*count_at, *toks.next_starts(victim.end(), 1)]
        count = next((m for p in count_at if (m := lex.count_nouns.match(text, p))), None)
        noun_first = None
        if victim is None and count is None and lex.data.get("number_after_noun"):
            noun_first = _noun_before(lex, text, max(a, n.qual_start - 30), n.qual_start)  # "مدنيين اثنين"
        beside = (victim and toks.between(n.end, victim.start()) == 0) or (count and toks.between(n.end, count.start()) == 0)
        if n.singular and not beside and noun_first is None:
            continue  # "une frappe a tué": "une" counts only the noun right beside it
        victim = victim or noun_first
        group_end = max(n.end, victim.end() if victim and victim.start() >= n.end else 0, count.end() if count else 0)
        vtype = group_key(victim, lex.victim_keys) if victim else "unspecified"
        subset = _after_subset_word(lex, text, a, n.qual_start, toks) or _partitive(lex, text, n, toks)
        if not subset and last_subset_end >= 0:  # "dont cinq enfants et deux femmes": the list goes on
            between = [w.group(0).lower() for w in WORD.finditer(text, last_subset_end, n.qual_start)]
            subset = len(between) == 1 and between[0] in lex.data.get("conjunctions", [])
        parent = next((c for c in reversed(found) if not c.subset), None)
        if subset:
            last_subset_end = victim.end() if victim is not None and victim.start() > n.end else n.end
        if subset and victim is not None and parent is not None:
            # "dont cinq enfants", "بينهم ثلاثة أطفال": part of the figure before, of its kind
            if vtype in ("children", "women"):
                setattr(parent, vtype, n.value)
                continue
            kind, trig_start, trig_end = parent.kind, n.qual_start, n.end
        elif count is not None:
            kind = group_key(count, lex.count_keys)
            trig_start, trig_end = count.start(), count.end()
            verb = next((t for t in triggers if t[1] <= n.qual_start and t[2] != kind
                         and text[t[1]:n.qual_start].strip().lower() in _OF | {""}), None)
            if verb is not None:  # "el fallecimiento de dos heridos": the wounded died
                kind, trig_start, trig_end = verb[2], verb[0], verb[1]
        else:
            best = _nearest_trigger(lex, text, n, group_end, triggers, numbers, toks, a)
            toll = _toll_before(lex, text, a, n, toks) if victim is None else None
            if toll is not None and (best is None or best[0] > 0):
                best = toll  # "Le bilan s'élève à 23", "ارتفع عدد القتلى إلى 12": the toll word says what is counted
            if best is None:
                continue
            d, trig_start, trig_end, kind = best
            counted_before = lex.count_before.search(text, max(a, n.qual_start - 12), n.qual_start) is not None
            helped = trig_start >= group_end and _only_auxiliaries(lex, text, group_end, trig_start)
            if victim is None and d > 0 and not counted_before and best is not toll and not helped:
                continue  # a bare number far from the verb: a time, a distance, a price
        span_start = min(n.qual_start, trig_start, victim.start() if victim else n.qual_start)
        span_end = max(group_end, trig_end)
        victim_text = victim.group(0) if victim else None
        mention = CasualtyMention(
            kind, n, _victims(vtype), victim_text, span_start, span_end,
            text[trig_start:trig_end], "count" if count is not None else "lexical", subset=subset,
        )
        if vtype in ("children", "women"):  # "cinq enfants tués": civilians, five of them children
            setattr(mention, vtype, n.value)
        found.append(mention)
    found.extend(_duals(lex, text, a, b, triggers, toks, found))
    found.extend(_singulars(lex, text, a, b, triggers, toks, found, numbers))
    return sorted(found, key=lambda c: c.start)


def _singulars(lex: Lexicon, text: str, a: int, b: int, triggers: list[tuple[int, int, str]], toks: _Tokens,
               taken: list[CasualtyMention], numbers: list[NumberMention]) -> list[CasualtyMention]:
    """A victim named in the singular right beside a casualty word is one: "загинула жінка", "погиб
    военнослужащий", "قتل طفل" (languages without an indefinite article write no "one")."""
    out = []
    glued = tuple(c for c in lex.data.get("conjunctions", []) if len(c) == 1)  # "وأصيب": a new clause
    for m in lex.singulars.finditer(text, a, b):
        beside_a_number = any((n.end <= m.start() and not text[n.end:m.start()].strip())
                              or (m.end() <= n.start and not text[m.end():n.start].strip()) for n in numbers)
        if beside_a_number or any(c.start <= m.start() < c.end for c in taken):
            continue  # "12 человек", "مدنيين اثنين": the figure is read already
        vtype = group_key(m, lex.singular_keys)
        before = [c for c in taken if c.end <= m.start()]
        if before and _after_subset_word(lex, text, a, m.start(), toks):
            if vtype in ("children", "women"):  # "أربعة مواطنين بينهم طفل": one of the four is a child
                parent = before[-1]
                setattr(parent, vtype, (getattr(parent, vtype) or 0) + 1)
            continue
        near = [(ts, te, k) for ts, te, k in triggers
                if (te <= m.start() and toks.between(te, m.start()) == 0 and not text[te:m.start()].strip(" ,"))
                or (ts >= m.end() and toks.between(m.end(), ts) == 0 and not text[m.end():ts].strip()
                    and not (glued and text[ts:te].startswith(glued)))]
        if not near:
            continue
        ts, te, kind = near[0]
        out.append(_noun_count(text, m, 1, vtype, kind, ts, te, "singular"))
    return out


def _noun_count(text: str, m: re.Match[str], value: int, vtype: str, kind: str, ts: int, te: int,
                shape: str) -> CasualtyMention:
    """A noun that is itself a count (a singular victim, an Arabic dual) with the casualty word beside it."""
    number = NumberMention(m.start(), m.end(), m.start(), value, value, value, "exact", m.group(0), singular=value == 1)
    mention = CasualtyMention(kind, number, _victims(vtype), m.group(0), min(ts, m.start()), max(te, m.end()),
                              text[ts:te], shape)
    if vtype in ("children", "women"):
        setattr(mention, vtype, value)
    return mention


_CLAUSE_BREAK = re.compile(r"[,;:،؛]")
_OF = {"de", "d'", "d’", "des", "del"}  # "une dizaine de morts", "el fallecimiento de dos heridos"


def _nearest_trigger(lex: Lexicon, text: str, n: NumberMention, group_end: int, triggers: list[tuple[int, int, str]],
                     numbers: list[NumberMention], toks: _Tokens, a: int) -> tuple[int, int, int, str] | None:
    """The casualty word nearest the number (in words), within NEAR_TOKENS; at equal distance the
    word before ("tuant 12 civils et blessant 30", "قتل 12 ... وأصيب 30"). A word before the number
    with another number in between is that number's ("tuant 12 civils et 30 soldats" is read the
    other way: both follow the verb, so only words after a number are shared)."""
    best = None
    conjunctions = lex.data.get("conjunctions", [])
    for ts, te, k in triggers:
        if te <= n.qual_start:
            d = toks.between(te, n.qual_start)
            if any(te < o.start < n.qual_start and not lex.subset.search(text, te, o.start)
                   for o in numbers if o is not n and not o.singular):
                d += 2  # "tuant 12 civils et blessant 30": the first verb is the first number's
            if any(w.group(0).lower() in conjunctions for w in WORD.finditer(text, te, n.qual_start)):
                d += 1  # "Пять человек погибли и 37 получили ранения": a new clause starts before the figure
        elif ts >= group_end:
            if any(te <= o.qual_start and toks.between(te, o.qual_start) <= 1 and not _CLAUSE_BREAK.search(text, te, o.qual_start)
                   and not any(w.group(0).lower() in conjunctions for w in WORD.finditer(text, te, o.qual_start))
                   and not lex.kinds.search(text, te, o.qual_start)  # "مصرعهم وأصيب 12": 12 has its own word
                   for o in numbers if o.start > n.end and not o.singular):  # "heridos en una emboscada": not a figure
                continue  # "ранены не менее 30 человек", "el asesinato de dos periodistas": the word is the next figure's
            lo = _after_subset_clause(lex, text, group_end, ts)
            d = 0 if _only_auxiliaries(lex, text, lo, ts) else toks.between(lo, ts)  # "12 ont été blessés"
        else:
            continue
        lo, hi = (te, n.qual_start) if te <= n.qual_start else (_after_subset_clause(lex, text, group_end, ts), ts)
        if _CLAUSE_BREAK.search(text, lo, hi):
            d += 1  # "Двое детей погибли, трое ранены": a comma puts the word before in another clause
        if d <= NEAR_TOKENS and (best is None or d < best[0]):
            best = (d, ts, te, k)
    return best


COMBINED_AFTER_TOKENS = 4  # "sept personnes ont été tuées ou blessées": the words that pool both come this close
TOLL_TOKENS = 5  # "le bilan provisoire s'élève désormais à 23": the toll word is this close before the number


def _toll_before(lex: Lexicon, text: str, a: int, n: NumberMention, toks: _Tokens) -> tuple[int, int, int, str] | None:
    last = None
    for m in lex.toll_words.finditer(text, max(a, n.qual_start - 80), n.qual_start):
        last = m
    if last is None or toks.between(last.end(), n.qual_start) > TOLL_TOKENS:
        return None
    if any(last.end() <= o.start < n.qual_start for o in find_numbers(lex, text, last.end(), n.qual_start)):
        return None  # "le bilan de 12 morts ... 30": the toll word is the first number's
    return (toks.between(last.end(), n.qual_start), last.start(), last.end(), group_key(last, lex.toll_keys))


def _combined_near(lex: Lexicon, text: str, a: int, b: int, n: NumberMention, toks: _Tokens) -> bool:
    """'مقتل وإصابة 12 شخصا', '12 человек убитыми и ранеными', 'sept personnes tuées ou blessées'."""
    for m in lex.combined.finditer(text, max(a, n.qual_start - 40), min(b, n.end + 60)):
        if m.end() <= n.qual_start and toks.between(m.end(), n.qual_start) <= 1:
            return True
        if m.start() >= n.end and toks.between(n.end, m.start()) <= COMBINED_AFTER_TOKENS \
                and not lex.number_re.search(text, n.end, m.start()):
            return True
    return False


def _victims(vtype: str) -> str:
    """The victim group a claim is filed under, as English files it: children and women are civilians
    (their count is kept beside the figure), "others" is unspecified."""
    return {"children": "civilians", "women": "civilians", "others": "unspecified"}.get(vtype, vtype)


def _after_subset_word(lex: Lexicon, text: str, a: int, pos: int, toks: _Tokens) -> bool:
    """'dont cinq', 'среди них трое', 'بينهم خمسة': a subset word right before the number, with no
    casualty word between them ("بينهم طفلان وأصيب 15": the 15 is another figure)."""
    start = max(a, pos - 40)
    for m in lex.subset.finditer(text, start, pos):
        if toks.between(m.end(), pos) < SUBSET_TOKENS and not lex.kinds.search(text, m.end(), pos):
            return True
    return False


def _after_subset_clause(lex: Lexicon, text: str, start: int, end: int) -> int:
    """Where the words after a figure resume once an inserted subset clause is skipped: in "Cinco
    personas, entre ellas un menor de edad, fueron asesinadas" the verb is read from "fueron"."""
    m = lex.subset.search(text, start, end)
    if m is None or text[start:m.start()].strip() not in (",", "(", "–", "—", "-"):
        return start
    close = re.compile(r"[,)–—]").search(text, m.end(), end)
    return close.end() if close else start


def _only_auxiliaries(lex: Lexicon, text: str, start: int, end: int) -> bool:
    """Nothing but auxiliary verbs between a bare figure and its casualty word: "37 получили ранения"."""
    words = list(WORD.finditer(text, start, end))
    return bool(words) and len(words) <= 2 and all(lex.auxiliaries.fullmatch(w.group(0)) for w in words) \
        and not _CLAUSE_BREAK.search(text, start, end)


def _partitive(lex: Lexicon, text: str, n: NumberMention, toks: _Tokens) -> bool:
    """'Trois des blessés', 'Dos de los heridos', 'двое из раненых': some of a toll already given."""
    nexts = toks.next_starts(n.end, 3)
    if len(nexts) < 2 or text[nexts[0]:nexts[1]].strip().lower() not in lex.data.get("partitive", []):
        return False
    return any(lex.count_nouns.match(text, p) or lex.kinds.match(text, p) for p in nexts[1:])


def _victim_after(lex: Lexicon, text: str, nexts: list[int], numbers: list[NumberMention],
                  n: NumberMention) -> re.Match[str] | None:
    """The victim noun in the few words after a figure, before any casualty word or other figure
    ("قتل جنديان اثنان وأصيب ثلاثة آخرون": the others are the three's)."""
    starts = {o.start for o in numbers if o is not n}
    stops = set(lex.data.get("victim_stops", []))
    for p in nexts:
        if p in starts or (p != nexts[0] and lex.kinds.match(text, p)):
            return None
        word = WORD.match(text, p)
        if word is not None and word.group(0).lower() in stops:
            return None  # "9 في اشتباكات مسلحة": past a preposition the words are the place's or the means'
        m = lex.victims.match(text, p)
        if m:
            return m
    return None


def _noun_before(lex: Lexicon, text: str, start: int, pos: int) -> re.Match[str] | None:
    last = None
    for m in lex.victims.finditer(text, start, pos):
        last = m
    return last if last is not None and not text[last.end(): pos].strip() else None


def _duals(lex: Lexicon, text: str, a: int, b: int, triggers: list[tuple[int, int, str]], toks: _Tokens,
           taken: list[CasualtyMention]) -> list[CasualtyMention]:
    """An Arabic dual noun is itself a count of two: "مقتل طفلين" (two children killed)."""
    out = []
    for m in lex.dual_re.finditer(text, a, b):
        if any(c.start <= m.start() < c.end for c in taken):
            continue
        vtype = lookup(lex.duals, m.group(0)) or "unspecified"
        before = [c for c in taken if c.start < m.start()]
        if before and _after_subset_word(lex, text, a, m.start(), toks):
            if vtype in ("children", "women"):  # "سبعة مدنيين بينهم طفلان": two of the seven are children
                setattr(max(before, key=lambda c: c.start), vtype, 2)
            continue
        near = [(toks.between(te, m.start()) if te <= m.start() else toks.between(m.end(), ts), ts, te, k)
                for ts, te, k in triggers]
        near = [x for x in near if x[0] <= 2]
        if not near:
            continue
        _, ts, te, kind = min(near)
        out.append(_noun_count(text, m, 2, vtype, kind, ts, te, "dual"))
    return out


