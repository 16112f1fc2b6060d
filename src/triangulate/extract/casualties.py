"""Casualty mentions: a number tied to a casualty word (killed, wounded, missing, abducted).

Contract: `find_casualties(text, sentence) -> list[CasualtyMention]` for one sentence span of the
clean text. Three shapes are read, in this order of preference:
  forward   "62 Syrian government soldiers had been killed", "a hundred wounded"
  backward  "killed at least 70 soldiers", "killing six civilians and five militiamen"
  toll      "the death toll ... reached at least 112 people"
plus subsets ("at least 14 of the dead were rebels") and counts of children and women
("including five children"). A number is used once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from triangulate.extract.numbers import NumberMention, find_numbers, number_words, words_to_int
from triangulate.model import Span
from triangulate.resources import alternation, cues, people, victims, words
from triangulate.textcase import Caseless

_TOKEN = re.compile(r"[\w'’]+(?:[-.][\w'’]+)*|[^\w\s]")
_AUX = words("count_auxiliaries")
_STOP = words("count_stops")
_UNITS = words("count_units")
_PAST_FORMS = words("casualty_past_forms")
_LOCATIVES = words("victim_locatives")
_EMERGENCY_NUMBERS = words("emergency_numbers")
_SUBJECT_PRONOUNS = words("subject_pronouns")
# "Two people inside the house were killed": a short place phrase between the victims and their verb
_LOCATIVE = re.compile(
    rf"(?:{'|'.join(sorted(_LOCATIVES))})\s+(?:[\w'’-]+\s+){{0,6}}?[\w'’-]+(?:\s+|(?=,))"
    r"(?=(?:was|were|are|is|have been|has been|had been)\s|,)", re.IGNORECASE)
_INCLUDING_WORD = re.compile(r"\b(?:including|among them|among whom|of whom)\b", re.IGNORECASE)
APPOSITION_REACH = 160  # characters an apposition between the victims and their verb may take
_AUX_ONLY = re.compile(rf"\s+(?:(?:{alternation(sorted(words('apposition_auxiliaries')))})\s+){{0,3}}$", re.IGNORECASE)


@dataclass(slots=True)
class CasualtyMention:
    kind: str
    number: NumberMention
    victims: str
    victim_text: str | None
    start: int
    end: int
    trigger: str
    shape: str
    children: int | None = None
    women: int | None = None
    subset_of_next: bool = False
    subset: bool = False
    extra: dict[str, str] = field(default_factory=dict)


@cache
def _trigger_re() -> Caseless:
    parts = [rf"(?P<{kind}>{alternation(phrases)})" for kind, phrases in cues()["kinds"].items()]
    return Caseless(rf"\b(?:{'|'.join(parts)})\b")


@cache
def _victim_re() -> re.Pattern[str]:
    nouns = {n for k, v in victims().items() if k != "other" for n in v}
    return re.compile(rf"\b(?:{alternation([re.escape(n) for n in nouns])})\b", re.IGNORECASE)


@cache
def _victim_types() -> dict[str, str]:
    table: dict[str, str] = {}
    for kind in ("unspecified", "fighters", "military", "civilians"):
        for noun in victims()[kind]:
            table[noun] = kind
    for noun in victims()["children"] + victims()["women"]:
        table.setdefault(noun, "civilians")
    return table


_TOLL = re.compile(
    r"\b(?:death toll|toll|number of (?:the )?(?:dead|deaths|victims|people killed|fatalities))"
    r"(?P<gap>[^.;:]{0,90}?)\b(?:rose|risen|climbed|reached|jumped|increased|rises|reaches|stands|stood"
    r"|surpass(?:es|ed)?|exceed(?:s|ed)?|topped|tops|passed|hits|has hit|soared|mounted|went up to"
    r"|hit|went up|grew|is|was|now|has reached|of|at|to)(?:\s+(?:to|at|of))?\s*$",
    re.IGNORECASE,
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"  # month names as a date writes them
_DATES_IN_GAP = re.compile(
    rf"\b{_MONTH}[a-z]*\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}[a-z]*\b"
)
# around an emergency number, the words that make it one: "called 911", "a 911 call", "911 reporting"
_CALL_BEFORE = re.compile(rf"\b(?:{alternation(sorted(words('emergency_call_before')))})\s+$", re.IGNORECASE)
_CALL_AFTER = re.compile(rf"\s*(?:{alternation(sorted(words('emergency_call_after')))})\b", re.IGNORECASE)
# an object right after a verb with no auxiliary before it: the verb is active, its subject the shooter
_ACTIVE_OBJECT = re.compile(
    rf"\s+(?:a|an|the|his|her|their|its|him|them|another|{number_words(1, 10)}|\d+)\b")
# after people hit, in their clause: their death ("Two men who were shot have died")
_HIT_THEN_DIED = re.compile(rf"[^.;:,()]{{0,60}}?\b(?P<died>{'|'.join(cues()['hit_then_died'])})\b", re.IGNORECASE)
# a figure right after people hit that says how many of them died: "four people were shot, one fatally",
# "five were shot, two of them fatally", "three shot, one of whom died"
_BETWEEN_HIT_AND_FATAL = re.compile(r"^[^\w.;:!?]*(?:and\s+|with\s+|including\s+)?$", re.IGNORECASE)
_FATAL_OF_HIT = re.compile(
    r"\s*(?:of\s+(?:them|whom|those)\s+|(?:people|persons|victims)\s+)?(?:(?:was|were|have|has|had)\s+)?"
    rf"(?P<word>{alternation(cues()['deaths_among_hit'])})\b", re.IGNORECASE)
_AMONG_THOSE = re.compile(r"\bamong (?:those|the|them)\b", re.I)
_SUBSET = re.compile(
    r"^\s+of\s+(?:the\s+(?P<of>dead|killed|victims|wounded|injured|casualties)|them|whom|those\s+"
    r"(?P<those>killed|wounded|injured))\s+(?:were|are|was)\s+(?P<rest>[\w' -]{0,40})",
    re.IGNORECASE,
)
_INCLUDING = re.compile(
    r"\b(?:including|among them|among whom|of whom|of them|among the dead were|among the victims were)\s+$",
    re.IGNORECASE,
)


def classify_victims(phrase: str) -> tuple[str, str | None]:
    """Victim type of a noun phrase: the types of every victim noun in it; 'mixed' if several."""
    found = [m.group(0).lower() for m in _victim_re().finditer(phrase)]
    if not found:
        return "unspecified", None
    kinds = {_victim_types().get(n, "unspecified") for n in found} - {"unspecified"}
    if len(kinds) > 1:
        return "mixed", " ".join(found)
    if kinds:
        return kinds.pop(), found[-1]
    return "unspecified", found[-1]


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _is_number_token(tok: str) -> bool:
    return tok[0].isdigit()


def _forward(text: str, num: NumberMention, end: int, triggers: list[re.Match[str]]) -> CasualtyMention | None:
    """NUMBER [modifiers] VICTIM [aux] TRIGGER."""
    toks = _tokens(text, num.end, min(end, num.end + 160))
    if toks and toks[0][0].lower() in _DETERMINERS:
        return None  # "Image 1 of 16 A man died": a count is never followed by "a man"
    mods: list[tuple[str, int, int]] = []
    included: list[tuple[str, int]] = []
    place_at: int | None = None  # where a place phrase (or an apposition) after the victims starts
    located = False  # a place or group phrase has been read ("of one family", "in the house")
    k = 0
    while k < len(toks) and len(mods) < 9:
        tok, s, e = toks[k]
        k += 1
        inc = _INCLUDED.match(text, s, end)
        if inc:
            # "Thirteen civilians among them seven children were killed"
            vt, vx = classify_victims(inc.group("noun"))
            value = _to_count(inc.group("n"))
            if vx is not None and value is not None:
                included.append((vx, value))
            while k < len(toks) and toks[k][1] < inc.end():
                k += 1
            continue
        trig = next((t for t in triggers if t.start() == s), None)
        if trig is not None:
            kind = trig.lastgroup or "killed"
            if kind == "hit" and not (mods and mods[-1][0].lower() in _AUX) and _ACTIVE_OBJECT.match(text, trig.end()):
                return None  # "A man shot his wife": who shot, not who was hit
            died = _HIT_THEN_DIED.match(text, trig.end(), end) if kind == "hit" else None
            until = trig.end()
            if died and num.value > 1 and re.match(r"(?:has|was)\b", died.group("died"), re.IGNORECASE):
                died = None  # "[one of] three people hit by gunfire has died": not the three
            if died and not find_numbers(text, trig.end(), died.start("died"), limit=1):
                kind, until = "killed", died.end()  # "Two men who were shot have died": the people hit died
            phrase = text[num.end: place_at if place_at is not None else s]
            vtype, vtext = classify_victims(phrase)
            if place_at is not None and re.match(r"of\s", text[place_at: place_at + 3], re.IGNORECASE):
                group = text[place_at: s].split(",")[0]  # "members of one family[, including 11 children,]"
                of_type, of_text = classify_victims(group)  # who they are
                if of_text is not None:
                    vtype, vtext = of_type, of_text
            if vtext is None and tok.lower() in _PAST_FORMS:
                after = text[trig.end(): trig.end() + 40]
                head = re.match(r"\s+([\w' -]{0,30})", after)
                words = []
                for w in (head.group(1).split()[:3] if head else []):
                    if w.lower() in _STOP or _is_number_token(w) or w.lower() in ("and", "or"):
                        break
                    words.append(w)
                vt2, vx2 = classify_victims(" ".join(words))
                if vx2 is not None:
                    vtype, vtext = vt2, vx2
            if num.singular and vtext is None:
                return None
            if vtext is None and any(m[0].lower() in _SUBJECT_PRONOUNS for m in mods):
                return None  # "911 reporting she had shot": the pronoun is who shot; the figure counts no one
            if _REFLEXIVE.match(text, trig.end()):
                return None  # "a woman and girl then killed himself": the subject killed himself, no count
            if vtext is None and num.value > 1 and _SINGULAR_VERB.match(text, num.end, s):
                return None  # "John Smith, 27 has died": the man's age, not a count
            if vtext is None and num.value >= 1900 and num.value <= 2100 and num.qualifier == "exact":
                return None
            mention = CasualtyMention(kind, num, vtype, vtext, num.qual_start, until, text[s:until], "forward")
            if place_at is not None:
                mention.extra["phrase_from"] = str(place_at)
            among = _AMONG_THOSE.search(text, num.end, trig.start())
            if among and not _INCLUDED.match(text, among.start(), trig.start()):
                # "Nearly 70 children were among those killed"; not "15 civilians among them 11 children"
                mention.subset_of_next = True
            for noun, value in included:
                _count_subgroup(mention, noun, value)
            return mention
        low = tok.lower()
        if tok in (",", "–", "—") and classify_victims(text[num.end: place_at if place_at is not None else s])[1] is not None:
            closing = _apposition_end(text, s, end, tok, triggers)
            if closing is not None:
                inc = _INCLUDING_WORD.search(text, s, closing)  # ", including 11 children and two women,"
                for part in _COUNTED_GROUP.finditer(text, inc.start() if inc else closing, closing):
                    value = _to_count(part.group("n"))
                    if value is not None:
                        included.append((classify_victims(part.group("noun"))[1] or "", value))
                place_at = s if place_at is None else place_at
                while k < len(toks) and toks[k][1] < closing:
                    k += 1
                continue
        if (_is_number_token(tok) or low in _UNITS or not tok[0].isalnum()) and tok != "-":
            return None
        if words_to_int(low) is not None and k >= 2 and toks[k - 2][0] in ("-", "–", "—"):
            return None  # "three police officers - one fatally": the figure after the dash is the toll
        if low not in ("a", "an") and words_to_int(low) is not None and not _INCLUDING.search(text, max(0, s - 30), s):
            return None  # "a mobile home where three people were killed": the count is the later figure's
        if low in ("and", "or", "&"):
            nxt = text[e: e + 25].lstrip().lower()
            if not _victim_re().match(nxt):
                return None
        elif low in _STOP:
            place = _LOCATIVE.match(text, s, end) if low in _LOCATIVES and not located else None
            if place is None or not mods or classify_victims(mods[-1][0])[1] is None or any(
                    s <= t.start() < place.end() for t in triggers):
                return None
            place_at, located = (s if place_at is None else place_at), True
            while k < len(toks) and toks[k][1] < place.end():
                k += 1
            continue
        mods.append((tok, s, e))
    return None


def _backward(text: str, num: NumberMention, sent_start: int, triggers: list[re.Match[str]],
              prev: CasualtyMention | None) -> CasualtyMention | None:
    """TRIGGER [a total of] NUMBER [modifiers] VICTIM, and lists after it."""
    before = [t for t in triggers if t.end() <= num.qual_start]
    gap_ok = re.compile(r"^\s*(?:(?:a total of|the lives of|the life of|of|some|nearly|another|a further|up)\s*)?$", re.I)
    kind = None
    trig_start = num.qual_start
    trig_text = ""
    if before:
        t = before[-1]
        if gap_ok.match(text[t.end(): num.qual_start]) and t.group(0).lower() not in ("dead", "toll", "bodies", "lifeless"):
            kind, trig_start, trig_text = t.lastgroup, t.start(), t.group(0)
    if kind is None and prev is not None and prev.shape in ("backward", "list") and \
            re.match(r"^\s*(?:,|and|as well as|, and|along with)\s*$", text[prev.end: num.qual_start], re.I):
        kind, trig_start, trig_text = prev.kind, num.qual_start, prev.trigger
    if kind is None:
        return None
    after = text[num.end: num.end + 60]
    head = re.match(r"[\w'\s-]*", after)
    words = (head.group(0) if head else "").split()
    phrase_words: list[str] = []
    for w in words[:5]:
        if w.lower() in _STOP or w.lower() in ("and", "or"):
            break
        phrase_words.append(w)
    phrase = " ".join(phrase_words)
    vtype, vtext = classify_victims(phrase)
    if vtext is None:
        if num.singular or trig_text.lower() == "lost" or any(w.lower() in _UNITS for w in phrase_words[:1]):
            return None
        if phrase_words and phrase_words[0][:1].isalpha() and phrase_words[0][0].islower():
            return None  # "killed 3 in ..." is fine, "killed 3 tanks" is not
    end = num.end
    if vtext:
        # searched in the original text: a lower-cased copy can be longer ("İ" lowers to two
        # characters) and its offsets would not be the text's
        word = re.compile(re.escape(vtext.split()[-1]), re.IGNORECASE).search(text, num.end, num.end + 200)
        if word:
            end = word.end()
    shape = "backward" if trig_start != num.qual_start else "list"
    return CasualtyMention(kind, num, vtype, vtext, min(trig_start, num.qual_start), end, trig_text, shape)


def _toll(text: str, num: NumberMention, sent_start: int) -> CasualtyMention | None:
    if num.singular:
        return None
    window_start = max(sent_start, num.qual_start - 140)
    m = None
    for cand in _TOLL.finditer(text, window_start, num.qual_start):
        m = cand
    if m is None or re.search(r"\d", _DATES_IN_GAP.sub("", m.group("gap") or "")):
        return None  # another number stands between the toll and this one
    after = text[num.end: num.end + 40]
    vtype, vtext = classify_victims(" ".join(after.split()[:2]))
    return CasualtyMention("killed", num, vtype, vtext, m.start(), num.end, "death toll", "toll")


_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)$", re.IGNORECASE)
_PARENT_OF = re.compile(r"\b(?:father|mother|dad|mom|parent|grandfather|grandmother)\s+of\s+$", re.IGNORECASE)
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "his", "her", "their", "its"})
_REFLEXIVE = re.compile(r"\s+(?:himself|herself|themselves)\b", re.IGNORECASE)
_SINGULAR_VERB = re.compile(r"\s*,?\s*(?:has|was|is)\b", re.IGNORECASE)
_AGE_AFTER = re.compile(r"\s*-?\s*(?:year|yr|month|week|day)s?[- ]?old\b", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b{_MONTH}(?:[a-z]+|\.)?\s+$")
_GROUP_SUBSET = re.compile(r"\s*,?\s*(?:including|among them)\s+$", re.IGNORECASE)


@cache
def _uncounted() -> re.Pattern[str]:
    return re.compile(rf"\s+(?:{alternation(people()['uncounted_adjectives'])})\b", re.IGNORECASE)


def _take_in_groups(text: str, mention: CasualtyMention, loose: list[NumberMention]) -> None:
    """"2 adults, 3 children dead": the groups listed before the figure of a forward claim are its
    victims too (5, one span); each group is a number and a victim noun, joined by commas or "and"."""
    first = mention.number
    groups: list[tuple[NumberMention, str]] = []
    subsets: list[tuple[NumberMention, str]] = []  # "six civilians, including two children, and ...": in a group
    for num in reversed(loose):
        between = text[num.end: first.qual_start]
        sep = _GROUP_SUBSET.search(between) if subsets and subsets[-1][0] is first else None
        sep = sep or _LIST_SEP.search(between)
        noun = between[: sep.start()] if sep else ""
        words_ = noun.split()
        if _trigger_re().search(between):
            break  # "One dead, six injured": a casualty word ends the list (another claim)
        if sep is None or not 1 <= len(words_) <= 2 or classify_victims(words_[-1])[1] is None \
                or any(w.lower() in _STOP or w.lower() in _AUX for w in words_) or num.qualifier == "vague":
            break  # a group is a number and its noun ("2 adults"), not a clause ("3 people were shot")
        inside = _INCLUDING.search(text, max(0, num.qual_start - 30), num.qual_start) is not None
        (subsets if inside else groups).append((num, classify_victims(noun)[1] or ""))
        first = num
    if subsets and subsets[-1][0] is first:  # a subset with no group before it is the first group's part
        return
    if not groups:
        return
    for num, noun in groups + subsets:
        if noun in victims()["children"]:
            mention.children = (mention.children or 0) + num.value
        elif noun in victims()["women"]:
            mention.women = (mention.women or 0) + num.value
    n = mention.number
    total = n.value + sum(g.value for g, _ in groups)
    mention.number = NumberMention(n.start, n.end, n.qual_start, total,
                                   (n.low or n.value) + sum(g.low or g.value for g, _ in groups),
                                   (n.high or n.value) + sum(g.high or g.value for g, _ in groups),
                                   n.qualifier, text[first.qual_start: n.end])
    mention.victims, _ = classify_victims(text[first.end: mention.end])
    mention.start = first.qual_start


def casualty_triggers(text: str) -> list[re.Match[str]]:
    """Every casualty word of a document in one scan (cheaper than one scan per sentence)."""
    return list(_trigger_re().finditer(text))


MAX_NUMBERS_PER_SENTENCE = 60  # real sentences hold a handful; "7 7 7 ..." scraped junk holds thousands


_FINITE_AUX = alternation(sorted(words("finite_auxiliaries")))
_FINITE = re.compile(rf"\b(?:{_FINITE_AUX})\b", re.I)


def find_casualties(text: str, sentence: Span, *, triggers: list[re.Match[str]] | None = None) -> list[CasualtyMention]:
    s, e = sentence.start, sentence.end
    if triggers is None:
        triggers = list(_trigger_re().finditer(text, s, e))
    else:
        triggers = [t for t in triggers if s <= t.start() and t.end() <= e]
    if not triggers:
        return []  # every shape needs a casualty word: no need to read the numbers
    nums = find_numbers(text, s, e, limit=MAX_NUMBERS_PER_SENTENCE)  # a table or junk run, not prose: bounded work
    found: list[CasualtyMention] = []
    used: set[int] = set()
    loose: list[NumberMention] = []  # numbers no claim took, in order: groups a later figure's list may start with
    for num in nums:
        if num.start in used:
            continue
        if _AGE_AFTER.match(text, num.end) or _MONTH_BEFORE.search(text, max(s, num.qual_start - 12), num.qual_start) \
                or _PARENT_OF.search(text, max(s, num.qual_start - 16), num.qual_start):
            continue  # "a 17 year-old girl", "the Nov. 20 shooting death", "father of 5": an age, a day, a family
        if num.text in _EMERGENCY_NUMBERS and (_CALL_BEFORE.search(text, max(s, num.qual_start - 12), num.qual_start)
                                               or _CALL_AFTER.match(text, num.end)):
            continue  # "a 911 call reporting a person shot": a telephone number (words.json emergency_numbers)
        if num.singular and _uncounted().match(text, num.end):
            continue  # "an unborn child": no toll counts it (people.json uncounted_adjectives)
        prev = found[-1] if found else None
        # children/women inside a claim: "including five children"
        if found and _INCLUDING.search(text, max(s, num.qual_start - 30), num.qual_start):
            vtype, vtext = classify_victims(" ".join(text[num.end: num.end + 30].split()[:2]))
            if vtext is not None:
                _count_subgroup(found[-1], vtext, num.value)
                used.add(num.start)
                continue
        fatal = _FATAL_OF_HIT.match(text, num.end, e) if prev is not None and prev.kind in ("hit", "wounded") \
            and num.qualifier != "vague" and _BETWEEN_HIT_AND_FATAL.match(text[prev.end: num.qual_start]) else None
        if fatal and prev is not None:  # "Four people were shot, one fatally", "Three soldiers were wounded and one
            # died later": a death among the people hit or wounded
            found.append(CasualtyMention("killed", num, prev.victims, prev.victim_text, num.qual_start, fatal.end(),
                                         fatal.group("word"), "of_hit"))
            used.add(num.start)
            continue
        subset = _SUBSET.match(text[num.end: e])
        if subset and (subset.group("of") or found) and num.qualifier != "vague":
            vtype, vtext = classify_victims(subset.group("rest"))
            if vtext is None:
                continue
            which = (subset.group("of") or subset.group("those") or "dead").lower()
            kind = "wounded" if which in ("wounded", "injured") else "killed"
            if which in ("victims", "casualties") and (prev is not None and prev.kind == "hit" or prev is None and all(
                    t.lastgroup == "hit" for t in triggers)):
                continue  # "three of the victims were gang members" after people shot: some of them, not a toll
            part = CasualtyMention(kind, num, vtype, vtext, num.qual_start, num.end + subset.end(), which, "subset",
                                   subset=True)
            if vtext in victims()["children"]:
                part.children = num.value
            found.append(part)
            used.add(num.start)
            continue
        mention: CasualtyMention | None = None
        back = _backward(text, num, s, triggers, prev)
        fwd = _forward(text, num, e, triggers)
        if back and fwd:
            # "3 Civilians Killed 38 Injured": the casualty word before the number closes the previous
            # claim, so the forward reading wins; in "a bomber killed 30 people injured 90" it does not
            closes_previous = prev is not None and prev.end >= back.start and back.shape != "list"
            # "Girl killed two others injured in the attack": a casualty word with no figure of its own
            # after it takes the figure before it ("a bomber killed 30 people injured 90" does not)
            takes_it = back.kind != fwd.kind and not _figure_follows(text, fwd.end, e)
            # ... but not through a finite verb: "The gunman who killed three people was arrested" (the
            # gunman was, and the three are the dead)
            if takes_it and _FINITE.search(text, num.end, fwd.end - len(fwd.trigger)):
                takes_it = False
            mention = fwd if closes_previous or takes_it else back
        else:
            mention = back or fwd or _toll(text, num, s)
        if mention is None:
            loose.append(num)
            continue
        if mention.victim_text is None and mention.victims == "unspecified" and prev is not None:
            mention.victims = prev.victims  # "... killed and a hundred wounded" in one sentence
        if mention.victim_text and mention.victim_text.lower() in victims()["other"] and prev is not None:
            mention.victims = prev.victims
        vt = (mention.victim_text or "").lower()
        if vt in victims()["children"]:
            mention.children = num.value
        elif vt in victims()["women"]:
            mention.women = num.value
        if mention is fwd and mention.shape == "forward":
            of_them = _part_of_before(text, mention, s)
            if of_them is not None:  # "Two of the three men were killed": two died, of three
                mention.number, mention.start = of_them, of_them.qual_start
            _take_in_groups(text, mention, loose)
            if "phrase_from" in mention.extra:  # a figure inside "Five members of one family were killed" counts no one
                used.update(n.start for n in nums if int(mention.extra["phrase_from"]) <= n.start < mention.end)
        found.append(mention)
        used.add(num.start)
        if mention.kind == "hit":
            dead = _dead_among_hit(text, mention, s, e)
            if dead is not None:
                found.append(dead)
    found.sort(key=lambda m: m.start)
    _link_among(text, found, e)
    return [a for a in found if not _is_agent(a, found)]


def _part_of_before(text: str, mention: CasualtyMention, s: int) -> NumberMention | None:
    """"Two of the three men were killed", "One of the two soldiers was killed": the figure before "of the"
    is who the verb tells of, when an auxiliary stands before it ("Five of the 12 people killed were
    children" keeps 12: "killed" there only says which people)."""
    of = _N_OF_THE.search(text, max(s, mention.number.qual_start - 25), mention.number.qual_start)
    if of is None or not _AUX_BEFORE_VERB.search(text, mention.number.end, mention.end - len(mention.trigger)):
        return None
    value = _to_count(of.group("n"))
    if value is None or value >= mention.number.value:
        return None
    return NumberMention(of.start("n"), of.end("n"), of.start("n"), value, value, value, "exact", of.group("n"))


_N_OF_THE = re.compile(rf"\b(?P<n>{number_words(1, 10)}|\d{{1,3}})\s+of\s+(?:the|those|these)\s+$",
                       re.IGNORECASE)
_AUX_BEFORE_VERB = re.compile(rf"\b(?:{_FINITE_AUX})\s+(?:(?:also|later|reportedly|allegedly|been|all)\s+)*$", re.IGNORECASE)


def _dead_among_hit(text: str, hit: CasualtyMention, s: int, e: int) -> CasualtyMention | None:
    """"One of five people shot outside the bar has died": the one is a death among the people hit."""
    one_of = _ONE_OF.search(text, max(s, hit.start - 20), hit.start)
    died = _DIES.search(text, hit.end, e) if one_of else None
    if one_of is None or died is None:
        return None
    value = _to_count(one_of.group("n"))
    if value is None or value >= hit.number.value:
        return None
    number = NumberMention(one_of.start(), one_of.start() + len(one_of.group("n")), one_of.start(), value, value, value,
                           "exact", one_of.group("n"))
    return CasualtyMention("killed", number, hit.victims, hit.victim_text, one_of.start(), died.end(), died.group(0),
                           "of_hit")


_ONE_OF = re.compile(rf"\b(?P<n>{number_words(1, 5)}|\d{{1,2}})\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_DIES = re.compile(rf"\b(?:{'|'.join(cues()['later_deaths'])})\b", re.IGNORECASE)


def _apposition_end(text: str, start: int, end: int, mark: str, triggers: list[re.Match[str]]) -> int | None:
    """Where an apposition opened at `start` by `mark` (a comma or a dash) closes, when the victims' verb
    follows it: "Fifteen members of two families, including 11 children and two women, were killed", "at
    least 11 civilians – including one woman and seven children – were killed". Only auxiliaries may stand
    between the closing mark and the casualty word, and the apposition holds no casualty word of its own
    (", killing one and wounding the other," is a clause, its verb not the victims')."""
    marks = (",",) if mark == "," else ("–", "—")
    stop = min(end, start + APPOSITION_REACH)
    inner = [t for t in triggers if start < t.start() < stop]
    for pos in range(start + 1, stop):
        ch = text[pos]
        if ch in ".;:!?" or (inner and inner[0].start() < pos):
            return None
        if ch in marks:
            after = pos + 1
            word = after
            while word < stop and text[word].isspace():
                word += 1
            group = _LOCATIVE.match(text, word)
            frm = group.end() - 1 if group else after  # "– of the Abu Shuaib family were killed"
            verb = next((t for t in triggers if frm < t.start() <= frm + 50), None)
            if verb is not None and _AUX_ONLY.match(text, frm, verb.start()):
                return after
    return None


def _figure_follows(text: str, pos: int, end: int) -> bool:
    """A figure right after a casualty word: its object ("injured 90", "killed at least 30")."""
    after = find_numbers(text, pos, min(end, pos + 40), limit=1)
    return bool(after) and not text[pos: after[0].qual_start].strip()


def _is_agent(a: CasualtyMention, found: list[CasualtyMention]) -> bool:
    """"Two gunmen killed three people", "two suicide bombers have killed at least 30": the figure
    before an active casualty verb that has its own object is who did the killing, not who died."""
    trigger_start = a.end - len(a.trigger)
    return a.shape == "forward" and any(b.shape == "backward" and b.kind == a.kind and b.start == trigger_start
                                        for b in found)


_INCLUDED = re.compile(
    rf"(?:including|among them|among whom|of whom|of them)\s+(?P<n>\d+|a|an|{number_words(tens_to=90)})"
    rf"(?:[\s-]+(?:{number_words(1, 9)}))?"
    r"\s+(?P<noun>(?:[\w-]+\s+){0,2}?(?:children|child|kids|boys|boy|girls|girl|minors|infants|babies|baby|women|woman|mothers|"
    r"civilians|soldiers|fighters|rebels|members|militants))\b",
    re.IGNORECASE,
)


# one group of a list after "including": "11 children", "and two women"
_COUNTED_GROUP = re.compile(
    r"(?:including\s+|,\s*(?:and\s+)?|and\s+)(?:at least\s+|more than\s+|some\s+)?"
    rf"(?P<n>\d+|a|an|{number_words(tens_to=50)})"
    rf"\s+(?P<noun>(?:[\w-]+\s+){{0,2}}?(?:{alternation(sorted(set(victims()['children'] + victims()['women'])))}))\b",
    re.IGNORECASE)


def _to_count(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() else words_to_int(raw)


def _count_subgroup(parent: CasualtyMention, noun: str, value: int) -> None:
    noun = noun.lower()
    if noun in victims()["children"]:
        parent.children = value
    elif noun in victims()["women"]:
        parent.women = value


_AMONG_RE = re.compile(r"\b(?:were|are|was)\s+among\b", re.IGNORECASE)


def _link_among(text: str, found: list[CasualtyMention], end: int) -> None:
    """'six civilians including a child were among at least 22 killed': 6 is part of 22."""
    for a, b in zip(found, found[1:]):
        if a.shape == "subset":
            continue
        if _AMONG_RE.search(text, a.number.end, b.number.qual_start):
            a.subset_of_next = True
