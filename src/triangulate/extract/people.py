"""Victims counted from prose, where no digit gives the number.

Contract: `find_counted(text, sentence) -> list[CasualtyMention]` for one sentence of the clean text.
Read shapes:
  forward   "a man was shot and killed", "a 13-year-old boy ... was killed", "the victim died",
            "John Smith, 25, was killed", "a mother and her three children were killed"
  backward  "killed his wife and two daughters", "fatally shot a 19-year-old man"
  own hand  "... before turning the gun on himself", "the bomber blew himself up": the
            perpetrator's death, counted apart (victim type `perpetrator`)
Each person phrase counts 1, a number word its value, a pair word 2; a list adds its parts. The count
keeps the span it was read from and says how it was counted (`CasualtyMention.extra["counted"]`).
The word lists are in data/people.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from triangulate.extract.casualties import CasualtyMention
from triangulate.extract.numbers import NumberMention, number_words, words_to_int
from triangulate.model import Span
from triangulate.resources import alternation, people, words

_NUMBER_WORDS = f"{number_words(2, 19, tens_to=20)}|\\d{{1,2}}"
_NOT_ADJ = "was|were|is|are|had|has|have|and|or|who|that|which|by|in|on|at|of|to|after|before|when|while|with|from"
# an age as a noun or adjective: "a 13-year-old", "a three-year-old", "an 18-month old", "a 2 year old"
_AGE = (rf"(?:\d{{1,3}}|(?:{number_words(tens_to=90)})(?:-(?:{number_words(1, 9)}))?)[- ](?:year|yr|month|week|day)s?[- ]old")
_ADJ = rf"(?:(?!(?:{_NOT_ADJ}|{_NUMBER_WORDS})\b)[a-z][a-z'’-]*|{_AGE})"


_OBJECT_AFTER = re.compile(
    rf"\s+(?:a|an|the|his|her|their|its|him|them|himself|herself|themselves|one|another|{_NUMBER_WORDS}|[A-Z][a-z])\b")
_INTRANSITIVE = frozenset({"died", "dies", "has died", "later died", "pronounced dead", "found dead", "killed instantly",
                           "succumbed", "lay dead", "is dead"})
_BARE_SUBJECTS = ("named person", "he", "she")
_REFLEXIVE_AFTER = re.compile(r"\s+(?:himself|herself|themselves)\b", re.IGNORECASE)
_DEAD_WORD = re.compile(r"\b(?:deceased|dead|slain|late)\b", re.IGNORECASE)
_DEFINITE = re.compile(r"(?:the|this|that)\s", re.IGNORECASE)
_WORD_START = re.compile(r"(?<![\w-])(?=[A-Za-z0-9])")


@dataclass(frozen=True, slots=True)
class _Part:
    start: int
    end: int
    count: int
    noun: str
    kind: str  # victim type of the noun, or "perpetrator"


@cache
def _tables() -> dict[str, Any]:
    data = people()
    noun_type: dict[str, str] = {}
    for vtype, nouns in data["person_nouns"].items():
        for n in nouns:
            noun_type[n] = "civilians" if vtype in ("children", "women") else vtype
    for n in data["perpetrator_nouns"]:
        noun_type[n] = "perpetrator"
    singular = alternation([re.escape(n) for n in noun_type])
    plural = alternation([re.escape(n) for n in data["plural_nouns"]])
    fixed = {**data["pairs"], **data["fixed_counts"]}
    pairs = alternation([re.escape(p) for p in fixed])
    # a possessor is a determiner too: "his ex-girlfriend's two teenage daughters", "the victim's mother"
    possessor = r"(?:(?:his|her|their|the|a|an)\s+)?[A-Za-z-]+['’]s\s+"
    det = f"(?:(?:a|an|one|the|his|her|their|its|another)\\s+|{possessor})"

    def np(determiner: str) -> re.Pattern[str]:
        one = rf"{determiner}(?:{_ADJ}\s+){{0,3}}?(?P<noun>{singular})(?![\w-])(?!['’]s\b)"
        age = rf"{determiner}(?:{_ADJ}\s+){{0,2}}?(?P<age>{_AGE})(?![\w-])"
        return re.compile(rf"(?:{pair}|{many}|{one}|{age})", re.IGNORECASE)

    many = (rf"(?:(?:his|her|their|the)\s+|{possessor})?(?P<num>{_NUMBER_WORDS})\s+(?:{_ADJ}\s+){{0,2}}?"
            rf"(?P<plural>{plural})(?![\w-])")
    pair = rf"(?P<pair>{pairs})(?![\w-])"
    return {
        "noun_type": noun_type,
        "pairs": {k.lower(): int(v) for k, v in fixed.items()},
        "children": frozenset(data["person_nouns"]["children"]),
        "women": frozenset(data["person_nouns"]["women"]),
        "np": np(det),
        "np_bare": np(f"(?:{det})?"),  # a headline or sentence may open without one: "Teen killed in ..."
        "name": re.compile(r"[A-Z][a-z'’]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-zA-Z'’-]+){1,2},\s*(?P<age>\d{1,3})(?:,|(?=[.;]))"),
        # a capital inside a name too: "Bobby McCullough", "DeShawn O'Neal"
        "subject_name": re.compile(
            r"(?:[A-Z][a-z'’]*[A-Z]?[a-z'’]+\s+(?:[A-Z]\.\s+)?){0,2}[A-Z][a-z'’]*[A-Z]?[a-z'’-]+(?![\w'’-])"),
        "pronoun": re.compile(rf"(?:{alternation(data['subject_pronouns'])})(?![\w'’-])", re.IGNORECASE),
        "object": re.compile(
            rf"(?:{alternation(data['object_words'])})(?=\s*(?:[.,;:!?)]|$|(?:and|or|as|in|on|at|with|after|before|while|"
            rf"during|near|outside|inside|early|late|last|this|when|because|over)\b))", re.IGNORECASE),
        # ", 25," ", a father of two," or a bracket: "The victim (Timothy Echols Jr.) died"
        # "A man in his 20s was shot and killed", "Both men inside the car were killed"
        "locative": re.compile(
            rf"\s+(?:{alternation(sorted(words('victim_locatives')))})\s+(?:[\w'’-]+\s+){{0,4}}?[\w'’-]+"
            r"(?=\s+(?:was|were|are|is|have been|has been|had been)\s)", re.IGNORECASE),
        "appositive": re.compile(r",\s*(?:\d{1,3}|[^,.;]{1,60}),|\s*\([^()]{1,60}\)"),
        "sep": re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|as well as\s+|along with\s+|alongside\s+)", re.IGNORECASE),
        # after a death: the others who died with the subject ("was killed along with his three children")
        "along": re.compile(r"\s+(?:along with|alongside|together with|with)\s+(?=(?:his|her|their|the|\d|[a-z]+\s))",
                            re.IGNORECASE),
        "died": re.compile(
            rf"\s*(?:,\s*(?=who\b))?(?:(?P<aux>{alternation(data['aux'])})\s+)?(?:(?:also|both|later|then|reportedly|allegedly|each|"
            rf"accidentally|apparently|critically|mortally)\s+)?"
            rf"(?P<pred>{alternation(data['died'])})\b", re.IGNORECASE),
        # "was shot several times and died at a hospital", "was taken to hospital and later died": a
        # wounding or a transfer, then the death, in one clause (no comma, no subordinate clause)
        "died_after": re.compile(
            rf"\s*(?:(?P<aux>{alternation(data['aux'])})\s+)?(?:[a-z]+ly\s+)?"
            rf"(?:{alternation(data['wounded_then'])})\b(?:(?!\b(?:{alternation(data['not_in_clause'])})\b)[^,.;:!?()])"
            rf"{{0,80}}?,?\s+(?:and|but)\s+(?:later\s+|then\s+|subsequently\s+)?(?P<pred>{alternation(data['died_later'])})\b",
            re.IGNORECASE),
        # "The 16-year-old boy who was shot was pronounced dead": the wounding in a relative clause
        "relative": re.compile(
            rf"\s+who\s+(?:was|had been|is)\s+(?:[a-z]+ly\s+)?(?:{alternation(data['wounded_then'])})\b"
            rf"(?:(?!\b(?:{alternation(data['not_in_clause'])})\b)[^,.;:!?()]){{0,40}}?(?=\s+(?:was|is|has|had|later|died)\b)",
            re.IGNORECASE),
        # "An Opelousas teen hospitalized after a weekend shooting has died": the wounding in a participle
        # clause, then one of the deaths that end it (`died_after_reduced`)
        "reduced": re.compile(
            rf"(?P<aux>)\s+(?:[a-z]+ly\s+)?(?:{alternation(data['wounded_then'])})\b"
            rf"(?:(?!\b(?:{alternation(data['not_in_clause'] + ['and', 'or'])})\b)[^,.;:!?()]){{0,60}}?"
            rf"\s+(?P<pred>{alternation(data['died_after_reduced'])})\b", re.IGNORECASE),
        # "a double homicide" (2), "quadruple murders" (4), "a murder-suicide" (its victim, and the
        # perpetrator's own death)
        "multiple": re.compile(
            rf"\b(?:(?P<mult>{alternation(list(data['multiples']))})[- ])?(?P<noun>{alternation(data['killing_nouns'])})s?"
            rf"(?P<suicide>[- ]suicides?)?\b", re.IGNORECASE),
        "multiples": {k.lower(): int(v) for k, v in data["multiples"].items()},
        # "leaving 27-year-old Brandon Lanier dead", "pronounced the victim dead"
        "left_dead": re.compile(r"\b(?:leaving|left|leaves|pronounced|declared)\s+", re.IGNORECASE),
        "dead": re.compile(r"\s+dead\b", re.IGNORECASE),
        "hurt_only": re.compile(rf"\b(?:{alternation(data['hurt']['hit'] + data['hurt']['wounded'])})\b", re.IGNORECASE),
        "predicate": re.compile(rf"\b(?:{alternation(data['died'] + data['hurt']['wounded'] + data['hurt']['hit'])})\b",
                                re.IGNORECASE),
        # "a 15-year-old boy was shot in the chest", "the victim was critically wounded": hit or wounded, alive
        "hurt": re.compile(
            rf"\s*(?:,\s*(?=who\b))?(?:(?P<aux>{alternation(data['aux'])})\s+)?(?:(?:also|both|reportedly|allegedly|"
            rf"accidentally|apparently|critically|seriously|badly|slightly|fatally)\s+)?"
            rf"(?P<pred>(?P<wounded>{alternation(data['hurt']['wounded'])})|(?P<hit>{alternation(data['hurt']['hit'])}))\b",
            re.IGNORECASE),
        "age_name": re.compile(r"\d{1,3}-(?:year|month|week|day)s?-old\s+(?:[A-Z][a-z'’]*[A-Z]?[a-z'’-]+\s+){1,2}"
                               r"[A-Z][a-z'’]*[A-Z]?[a-z'’-]+(?![\w'’-])"),
        "one": re.compile(r"(?<!\bno\s)(?<!\bNo\s)one(?=\s+(?:was\s+|is\s+|has been\s+)?(?:killed|dead|died)\b)",
                          re.IGNORECASE),
        "killing_of": re.compile(rf"\b(?:{alternation([v for v in data['killed_verbs'] if v.endswith(' of')])})\s+",
                                 re.IGNORECASE),
        "killed_verb": re.compile(rf"\b(?:{alternation(data['killed_verbs'])})\s+", re.IGNORECASE),
        "own_hand": re.compile(rf"\b(?:{alternation(data['own_hand'])})\b", re.IGNORECASE),
        # "5 dead, including the gunman": the toll holds the perpetrator's death
        "toll_includes": re.compile(
            rf"\s*[,(—–-]?\s*(?:{alternation(data['toll_includes'])})\s+(?:the\s+|a\s+|an\s+)?"
            rf"(?:suspected\s+|alleged\s+|lone\s+)?(?:{alternation(data['perpetrator_nouns'])})\b(?![-'’])\)?", re.IGNORECASE),
        "accident": re.compile(rf"\b(?:{alternation(data['accident_words'])})\b(?:\s+\S+){{0,3}}\s*$", re.IGNORECASE),
        # ... or just after it: "fatally shot himself in the head while playing with his father's gun"
        "accident_after": re.compile(rf"[^.;:!?]{{0,40}}?\b(?:{alternation(data['accident_words'])})\b", re.IGNORECASE),
        # "4 people dead in an apparent murder-suicide", "A man and his daughter were found dead outside
        # their home in a murder-suicide": the toll holds the perpetrator's death too
        "toll_in_suicide": re.compile(
            rf"(?:\s+[\w'’-]+){{0,8}}?\s+(?:{alternation(data['toll_in_suicide'])})\s+(?:an?\s+|the\s+|what\s+\w+\s+\w+\s+)?"
            rf"(?:[\w-]+\s+){{0,3}}?(?:(?:{alternation(list(data['multiples']))})[- ])?(?:{alternation(data['killing_nouns'])})s?"
            rf"[- /]suicides?\b", re.IGNORECASE),
        "denied": re.compile(rf"(?:^|\W)(?:{alternation(data['denials'])})\b[^.;:!?]{{0,40}}$", re.IGNORECASE),
        "uncounted": re.compile(rf"\b(?:{alternation(data['uncounted_adjectives'])})\b", re.IGNORECASE),
        "own_death_cause": re.compile(rf"[^\w.;:!?]*(?:{alternation(data['own_death_cause'])})\b", re.IGNORECASE),
    }


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3): pos]
    if before.endswith(":") and before[-2:-1].isdigit():
        return False  # a clock time ("17:27 Nine civilians..."): the minutes open nothing
    return pos == 0 or not before.strip() or before.rstrip()[-1:] in ".!?:\n\"“—-"


def _part_at(text: str, pos: int, end: int, *, role: str = "") -> _Part | None:
    """The person phrase at `pos`; `role` "subject" also reads a pronoun or a bare name ("Brown
    died"), "object" a pronoun or "another" after a killing verb ("killing another"), "of" also a bare
    name or a phrase without a determiner after a killing noun ("the killing of Qassem Soleimani")."""
    t = _tables()
    name = t["name"].match(text, pos, end)
    if name:
        return _Part(name.start(), name.end(), 1, "named person", "unspecified")
    m = t["np"].match(text, pos, end)
    if m is None and role in ("object", "of"):
        obj = t["object"].match(text, pos, end) or t["age_name"].match(text, pos, end)
        if obj:  # "killing another", "killed 22-year-old Dashwan Smith"
            noun = obj.group(0).lower() if obj.re is t["object"] else "named person"
            return _Part(obj.start(), obj.end(), 1, noun, "unspecified")
    if m is None and role == "of":  # after a killing noun, a first name and a surname: "the fatal shooting of
        # Daija McCall" ("the death of Aleppo" is none)
        bare = t["subject_name"].match(text, pos, end)
        if bare and len(bare.group(0).split()) > 1 and _is_person_name(bare.group(0), text):
            return _Part(bare.start(), bare.end(), 1, "named person", "unspecified")
    if m is None and role == "subject" and _sentence_start(text, pos):
        one = t["one"].match(text, pos, end)
        if one:  # a headline's "One killed, six injured"
            return _Part(one.start(), one.end(), 1, "one", "unspecified")
        m = t["np_bare"].match(text, pos, end)  # "Local teen shot to death": before "Local" is read as a name
    if m is None and role == "subject":
        pron = t["pronoun"].match(text, pos, end)
        if pron:
            return _Part(pron.start(), pron.end(), 1, pron.group(0).lower(), "unspecified")
        bare = t["subject_name"].match(text, pos, end)
        if bare and _is_person_name(bare.group(0), text):
            return _Part(bare.start(), bare.end(), 1, "named person", "unspecified")
    if m is None and _sentence_start(text, pos):
        m = t["np_bare"].match(text, pos, end)
    if m is None:
        return None
    if m.group("pair"):
        return _Part(m.start(), m.end(), t["pairs"][m.group("pair").lower()], m.group("pair").lower(), "civilians")
    if m.group("num"):
        value = int(m.group("num")) if m.group("num").isdigit() else words_to_int(m.group("num"))
        if value is None:
            return None
        noun = m.group("plural").lower()
        victims = "civilians" if noun in ("children", "women", "civilians") else "unspecified"
        return _Part(m.start(), m.end(), value, noun, victims)
    noun = (m.group("noun") or m.group("age") or "").lower()
    kind = t["noun_type"].get(noun, "unspecified")
    return _Part(m.start(), m.end(), 1, noun, kind)


def _is_person_name(name: str, text: str) -> bool:
    """A capitalised name that is no group, month, weekday or everyday word ("Syrians", "Police",
    "Saturday" are not one person)."""
    from triangulate.extract.places import is_group_word

    words = name.split()
    return not any(is_group_word(w, text) for w in words) and words[0].lower() not in _tables()["noun_type"]


def _list_at(text: str, pos: int, end: int, *, role: str = "") -> list[_Part]:
    parts: list[_Part] = []
    joined = False  # by "and", "as well as", "along with": a list; by commas alone, one person named twice
    worded = True  # the last separator had words: a bare name after a comma alone is an apposition ("her
    # daughter, Paris Williams") or the sentence's next clause ("a boy and his mother, Sheriff Rusty Hierholzer said")
    while pos < end:
        part = _part_at(text, pos, end, role=role if role != "of" or worded else "object")
        if part is None and parts:  # "his wife, son and daughter", "a woman and girl": the determiner is shared
            bare = _tables()["np_bare"].match(text, pos, end)
            words_ = bare.group(0).lower().split() if bare is not None else []
            if bare is not None and bare.group("noun") and len(words_) <= 2 and not any(
                    w.endswith("ing") or w in ("the", "a", "an", "his", "her", "their") for w in words_[:-1]) \
                    and not re.match(r"\s+of\b", text[bare.end(): bare.end() + 4]):  # "and son of an officer": who he is
                noun = bare.group("noun").lower()
                part = _Part(bare.start(), bare.end(), 1, noun, _tables()["noun_type"].get(noun, "unspecified"))
        if part is None:
            break
        parts.append(part)
        sep = _tables()["sep"].match(text, part.end, end)
        if sep is not None and not sep.group(0).strip(" ,") and parts:
            # "Two children, ages 3 and 5, and their mother": an appositive before the next member
            apposition = _tables()["appositive"].match(text, part.end, end)
            after = _tables()["sep"].match(text, apposition.end(), end) if apposition else None
            if after is not None and after.group(0).strip(" ,") and _part_at(text, after.end(), end, role=role):
                sep = after
        if sep is None:
            break
        worded = bool(sep.group(0).strip(" ,"))
        joined = joined or worded
        pos = sep.end()
    if len(parts) > 1 and not joined:
        # "his daughter, Akira Waters, 16,", "Rose, a 6-year-old girl": an apposition, not a list
        return parts[:1]
    return parts


def _mention(text: str, parts: list[_Part], start: int, end: int, trigger: str, shape: str, *,
             kind: str = "killed") -> CasualtyMention:
    uncounted = _tables()["uncounted"]
    parts = [p if not uncounted.search(text, p.start, p.end) else _Part(p.start, p.end, 0, p.noun, p.kind)
             for p in parts]  # "five adults and an unborn child": 5
    total = sum(p.count for p in parts)
    phrase = text[parts[0].start: parts[-1].end]
    counted = " + ".join(f"{p.noun} {p.count}" for p in parts)
    number = NumberMention(parts[0].start, parts[-1].end, parts[0].start, total, total, total, "exact", phrase)
    kinds = {p.kind for p in parts}
    victims = "perpetrator" if kinds == {"perpetrator"} else (
        kinds.pop() if len(kinds) == 1 else
        ("mixed" if len(kinds - {"unspecified"}) > 1 else next(iter(kinds - {"unspecified"}), "unspecified")))
    mention = CasualtyMention(kind, number, victims, phrase, start, end, trigger, shape)
    mention.extra["counted"] = counted if len(parts) > 1 or parts[0].count == 1 else ""
    if len(parts) == 1 and (parts[0].noun == "named person" or _DEFINITE.match(text, parts[0].start, parts[0].end)):
        # "Felder", "the boy": if the report has counted a death under the same word, the same person
        mention.extra["named_again"] = text[parts[0].start: parts[0].end].split(",")[0].split()[-1]
    elif len(parts) == 1 and parts[0].noun.startswith("one of"):
        mention.extra["named_again"] = "one of"  # "one of the men was injured": one of a group counted before
    t = _tables()
    children = sum(p.count for p in parts if p.noun in t["children"] or p.noun == "children")
    women = sum(p.count for p in parts if p.noun in t["women"] or p.noun == "women")
    mention.children = children or None
    mention.women = women or None
    return mention


def counts_by_noun(text: str, sentence: Span) -> bool:
    """The sentence names deaths by a counting noun ("a double homicide") or a killing noun and its
    victim ("the fatal shooting of 1-year-old Braylon Robinson"), with no casualty word."""
    t = _tables()
    return any(m.group("mult") or m.group("suicide") for m in t["multiple"].finditer(text, sentence.start, sentence.end)) \
        or t["killing_of"].search(text, sentence.start, sentence.end) is not None


def names_someone_hurt(text: str, sentence: Span) -> bool:
    """The sentence says someone was hit or hurt in words no casualty cue holds ("was grazed", "with a
    gunshot wound", "was hit in the leg", "accidentally shot himself in the arm")."""
    return _tables()["hurt_only"].search(text, sentence.start, sentence.end) is not None


def find_counted(text: str, sentence: Span) -> list[CasualtyMention]:
    """Deaths counted from person phrases in one sentence (see the module docstring)."""
    t = _tables()
    s, e = sentence.start, sentence.end
    found: list[CasualtyMention] = []
    taken_until = s
    # backward: "killed his wife and two daughters"
    for verb in t["killed_verb"].finditer(text, s, e):
        if verb.start() < taken_until:
            continue
        parts = _list_at(text, verb.end(), e, role="of" if t["killing_of"].match(text, verb.start(), e) else "object")
        if parts and not any(p.kind == "perpetrator" for p in parts):
            found.append(_mention(text, parts, verb.start(), parts[-1].end, verb.group(0).strip(), "backward"))
            taken_until = parts[-1].end
    # object then "dead": "leaving 27-year-old Brandon Lanier dead", "pronounced the victim dead"
    for verb in t["left_dead"].finditer(text, s, e):
        if verb.start() < taken_until:
            continue
        parts = _list_at(text, verb.end(), e, role="object")
        dead = t["dead"].match(text, parts[-1].end, e) if parts else None
        if dead and not any(p.kind == "perpetrator" for p in parts):
            found.append(_mention(text, parts, verb.start(), dead.end(), verb.group(0).strip() + " dead", "backward"))
            taken_until = dead.end()
    # forward: "a man was shot and killed", "John Smith, 25, was killed"; only the stretch before each
    # death predicate can hold its subject, so a long sentence costs its predicates, not its length
    for ws, we in _subject_windows(text, s, e):
        _forward(text, ws, we, e, found)
    # victims a noun counts: "a double homicide", "a murder-suicide"
    for m in t["multiple"].finditer(text, s, e):
        if not (m.group("mult") or m.group("suicide")) or any(f.start <= m.start() < f.end for f in found):
            continue
        count = t["multiples"].get((m.group("mult") or "").lower(), 1)
        number = NumberMention(m.start(), m.end(), m.start(), count, count, count, "exact", m.group(0))
        mention = CasualtyMention("killed", number, "unspecified", m.group("noun").lower(), m.start(), m.end(),
                                  m.group(0), "counted")
        mention.extra["counted"] = f"{m.group(0).lower()} {count}"
        found.append(mention)
        if m.group("suicide") and not t["denied"].search(text, max(s, m.start() - 50), m.start()):
            # the noun names the perpetrator's death as well (unless the text denies it was one)
            number = NumberMention(m.start(), m.end(), m.start(), 1, 1, 1, "exact", m.group(0))
            own = CasualtyMention("killed", number, "perpetrator", "perpetrator", m.start(), m.end(), m.group(0), "own_hand")
            own.extra["counted"] = "the perpetrator 1"
            found.append(own)
    # own hand: the perpetrator's death
    for m in t["own_hand"].finditer(text, s, e):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        if any(f.kind == "killed" and f.number.value == 1 and f.end <= m.start()
               and t["own_death_cause"].match(text, f.end, m.start()) for f in found):
            continue  # "a boy died after he accidentally shot himself": the death already counted
        if t["accident"].search(text, max(s, m.start() - 60), m.start()) or t["accident_after"].match(text, m.end(), e):
            continue  # "accidentally shot himself": an accident, no perpetrator
        number = NumberMention(m.start(), m.end(), m.start(), 1, 1, 1, "exact", m.group(0))
        mention = CasualtyMention("killed", number, "perpetrator", "perpetrator", m.start(), m.end(), m.group(0), "own_hand")
        mention.extra["counted"] = "the perpetrator 1"
        found.append(mention)
    found.sort(key=lambda f: f.start)
    return found


SUBJECT_REACH = 250  # characters before a death predicate where its subject (with an appositive) can start


def _subject_windows(text: str, s: int, e: int) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for m in _tables()["predicate"].finditer(text, s, e):
        start = max(s, m.start() - SUBJECT_REACH)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], m.start())
        else:
            windows.append((start, m.start()))
    return windows


def _forward(text: str, pos: int, until: int, e: int, found: list[CasualtyMention]) -> None:
    t = _tables()
    while pos < until:
        m = _WORD_START.search(text, pos, until)
        if m is None:
            break
        pos = m.start()
        if any(f.start <= pos < f.end for f in found):
            pos += 1
            continue
        parts = _list_at(text, pos, e, role="subject")
        if not parts:
            nxt = re.compile(r"[\w'’-]+\s*").match(text, pos, e)
            pos = nxt.end() if nxt else pos + 1
            continue
        after = parts[-1].end
        appositive = t["appositive"].match(text, after, e)
        at = appositive.end() if appositive else after
        # a death said of the phrase comes before a wounding in a relative clause: "A girl who was shot and
        # killed Thursday was identified" (the relative clause would take "shot and killed" as its wounding)
        died = _death_at(text, at, e)
        relative = None if died else t["relative"].match(text, at, e)
        if relative:
            at = relative.end()
            died = _predicate_at(text, at, e)
        elif died is None:
            died = t["hurt"].match(text, at, e)  # the deaths at `at` were just tried
        if (died is None or died.re is t["hurt"]) and not relative:
            died = t["reduced"].match(text, at, e) or died
        place = t["locative"].match(text, at, e) if died is None else None
        if place is not None and t["predicate"].search(text, place.start(), place.end()):
            place = None  # "Davienne Lewis from Springfield died after he was shot": a predicate ends the place
        if place is not None and not any(f.start < place.end() and place.start() < f.end for f in found):
            died = _predicate_at(text, place.end(), e)
        if died is None and len(parts) >= 2:
            # "One person, a 19-year-old man, was pronounced dead": the last part is an appositive
            appositive = t["appositive"].match(text, parts[-2].end, e)
            died = _predicate_at(text, appositive.end(), e) if appositive else None
            if died is not None:
                parts = parts[:-1]
        aux = (died.group("aux") or "").lower() if died else ""
        if died and (not aux or aux in ("who", "who later", "later") and not _REFLEXIVE_AFTER.match(text, died.end(), e)) \
                and _OBJECT_AFTER.match(text, died.end(), e) and died.group("pred").lower() not in _INTRANSITIVE:
            died = None  # "A father killed his wife", "officers who shot and killed a man": who killed, not who died
        if died and len(parts) == 1 and parts[0].noun in _BARE_SUBJECTS and (
                aux.split()[:1] in (["were"], ["are"], ["have"])
                or (not aux and died.group("pred").lower() not in _INTRANSITIVE)):
            died = None  # "Police were killed", "Among killed militants": no one person died here
        if died and died.re is t["hurt"] and _DEAD_WORD.search(text, parts[0].start, parts[-1].end):
            died = None  # "a deceased man with a gunshot wound": a death, told elsewhere if at all
        if died:
            kind = "killed" if died.re is not t["hurt"] else ("hit" if died.group("hit") else "wounded")
            end = died.end()
            along = t["along"].match(text, end, e)
            others = _list_at(text, along.end(), e, role="object") if along else []
            if others and not any(p.kind == "perpetrator" for p in others):
                parts, end = parts + others, others[-1].end  # "was killed along with his three children": 4
            found.append(_mention(text, parts, parts[0].start, end, died.group("pred"), "forward", kind=kind))
            pos = end
        else:
            pos = parts[-1].end


def _death_at(text: str, at: int, e: int) -> re.Match[str] | None:
    """A death said of a person phrase right after it ("was shot and killed", "was shot several times
    and died")."""
    t = _tables()
    found: re.Match[str] | None = t["died"].match(text, at, e) or t["died_after"].match(text, at, e)
    return found


def _predicate_at(text: str, at: int, e: int) -> re.Match[str] | None:
    """What is said of a person phrase right after it: a death (`_death_at`), else a wounding or a shot
    ("was critically wounded", "was shot in the leg")."""
    found: re.Match[str] | None = _death_at(text, at, e) or _tables()["hurt"].match(text, at, e)
    return found


def merge_counted(numeric: list[CasualtyMention], counted: list[CasualtyMention]) -> list[CasualtyMention]:
    """Add the prose counts to a sentence's numeric mentions: a count that overlaps a numeric
    mention replaces it only when it covers it and counts more ("a mother and her three children"
    is 4, not 3); otherwise the digits win. A figure before an active verb whose object the prose
    counts is the agent, as among the numeric mentions ("A man killed his wife and two daughters": 3,
    not the man)."""
    out = [n for n in numeric if not (n.shape == "forward" and any(
        c.shape == "backward" and c.kind == n.kind and c.start == n.end - len(n.trigger) for c in counted))]
    counted_ids = {id(c) for c in counted}
    for c in counted:  # (prose counts do not overlap each other but where one phrase names two deaths)
        overlapping = [n for n in out if id(n) not in counted_ids and n.start < c.end and c.start < n.end]
        if not overlapping:
            out.append(c)
        elif all(c.start <= n.start and n.end <= c.end and (
                n.kind == c.kind and (n.number.value < c.number.value or c.victims == "perpetrator" != n.victims)
                or n.kind in ("hit", "wounded") and c.kind == "killed" and n.number.value <= c.number.value)
                for n in overlapping) \
                or all(n.kind == "hit" and c.kind == "killed" and c.start <= n.start < c.end
                       and n.number.value <= c.number.value for n in overlapping):
            # more people counted; the perpetrator's own death ("a gunman who was shot and killed"); people
            # hit or wounded whom the count says died ("the deaths of a pastor, his wife and their three children
            # who were shot", "a soldier wounded in the shelling died")
            out = [n for n in out if n not in overlapping] + [c]
    out.sort(key=lambda m: m.start)
    return out


def take_in_perpetrator(text: str, mentions: list[CasualtyMention], end: int) -> None:
    """A death toll followed by "including the gunman" or "in a murder-suicide" holds the perpetrator's
    death: its span takes those words in (so the toll can tell its victims from the perpetrator, `includes_perpetrator`)."""
    t = _tables()
    for m in mentions:
        if m.kind == "killed" and m.victims != "perpetrator" and m.shape != "counted":
            hit = t["toll_includes"].match(text, m.end, end) or t["toll_in_suicide"].match(text, m.end, end)
            if hit:
                m.end = hit.end()


def includes_perpetrator(evidence: str) -> bool:
    """The toll's words put the perpetrator among its dead ("5 dead, including gunman")."""
    t = _tables()
    return t["toll_includes"].search(evidence) is not None or t["toll_in_suicide"].search(evidence) is not None
