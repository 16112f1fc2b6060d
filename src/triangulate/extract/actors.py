"""Actor mentions normalised to stable ids, and their role (perpetrator or target) in a sentence.

Contract: `find_actors(text, start, end) -> list[ActorMention]`; `roles(text, mentions, sentence)`
assigns each mention a perpetrator / target / None role from the words around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from triangulate.extract.numbers import number_words
from triangulate.resources import actors
from triangulate.textcase import Caseless

_ATTACK_VERBS = (
    r"(?:hit|hits|struck|strikes?|bombed|bombs|bombarded|shelled|shells|shelling|pounded|pounds|targeted|targets|"
    r"attacked|attacks|launched|launches|carried out|conducted|fired|fires|killed|kills|kill|killing|executed|"
    r"beheaded|raided|stormed|dropped|used|massacred|ambushed|detonated|blew up|seized|captured|shot|"
    r"opened fire|committed|staged|claimed responsibility|destroyed|razed|advanced|assaulted|"
    r"air ?strikes?|warplanes|jets|aircraft|artillery|rockets?|missiles?|mortars?|drones?|helicopters?|"
    r"car bomb|suicide|offensive|assault|bombing|raids?|shelling|attack)"
)
_PERP_AFTER = re.compile(rf"^(?:['’]s?)?(?:\s+[\w-]+){{0,3}}?\s+{_ATTACK_VERBS}\b", re.I)
_PERP_BEFORE = re.compile(
    r"\b(?:by|blamed on|blamed|blames?|accused|carried out by|launched by|conducted by|from|claimed by)\s+(?:the\s+)?$", re.I
)
_TARGET_BEFORE = re.compile(
    r"\b(?:on|against|targeting|targeted|hit|hitting|struck|striking|attacked|attacking|killed|killing|"
    r"positions of|position of|bases? of|ambushed|shelled|bombed|pounded|at)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)
# "40 Terrorists Killed in ...": the actor is who died; "Russian warplanes killed more than 20 people"
# (no auxiliary, and an object after the verb) is who killed
_VICTIM_AFTER = re.compile(r"^(?:\s+(?:militants|fighters|members|soldiers|troops|terrorists|jihadists|rebels|gunmen|"
                           r"personnel|officers|commanders|servicemen))?\s+(?P<aux>were\s+|have been\s+|had been\s+|was\s+)?"
                           r"(?:killed|wounded|injured|dead|executed|slain|massacred)\b", re.I)
_OBJECT_AFTER = re.compile(
    rf"\s+(?:at least|more than|over|nearly|almost|about|around|some|up to|\d|{number_words(1, 10)}|"
    r"dozens|scores|hundreds|several|many|a number|his|her|their|the|a|an|civilians|people)\b", re.I)
# "killed in Syrian Army Offensive", "in clashes with ..., during a regime assault": the actor acts
_AGENT_FRAME_BEFORE = re.compile(r"\b(?:in|during|amid|by|after)\s+(?:a\s+|an\s+|the\s+)?"
                                 r"(?:latest\s+|new\s+|ongoing\s+|fresh\s+)?$", re.I)
_AGENT_FRAME_AFTER = re.compile(
    r"^(?:['’]s?)?(?:\s+[\w-]+){0,2}?\s+(?:offensive|operations?|strikes?|air ?strikes|airstrikes|attacks?|assault|raids?|"
    r"bombardment|shelling|ambush|bombing|campaign|advance|fire)\b", re.I)
_TARGET_AFTER = re.compile(r"^\s+(?:positions?|troops|soldiers|checkpoints?|bases?|headquarters|convoy|"
                           r"fighters were|members were)\b", re.I)


# "rebel-held", "government-controlled": an area, not an actor doing something
_NOT_AREA = r"(?!-(?:held|controlled|run|dominated|besieged|allied|linked|affiliated)\b)"
_AGENT_WORDS = re.compile(
    r"\b(?:air ?strikes?|airstrikes|air raids?|air ?force|warplanes|war planes|jets|aircraft|helicopters?|"
    r"artillery|shelling|bombardment|bombing|raids?|drones?|missiles?|rockets?|barrel bombs?|strikes|aviation)\b", re.I
)


@dataclass(frozen=True, slots=True)
class ActorMention:
    actor: dict[str, Any]
    start: int
    end: int
    text: str

    @property
    def id(self) -> str:
        return str(self.actor["id"])


@cache
def _combined() -> tuple[Caseless, re.Pattern[str], list[dict[str, Any]]]:
    """Two alternations (case-insensitive aliases, case-sensitive acronyms) with one named group
    per actor, longer aliases first, so one scan finds every mention."""
    table = actors()
    ci_parts, cs_parts = [], []
    for n, a in enumerate(table):
        if a["aliases"]:
            ci_parts.append(f"(?P<a{n}>{'|'.join(sorted(a['aliases'], key=len, reverse=True))})")
        if a["aliases_cs"]:
            cs_parts.append(f"(?P<a{n}>{'|'.join(a['aliases_cs'])})")
    ci_parts.sort(key=len, reverse=True)
    ci = Caseless(rf"(?<![\w-])(?:{'|'.join(ci_parts)})(?![\w]){_NOT_AREA}")
    cs = re.compile(rf"(?<![\w-])(?:{'|'.join(cs_parts)})(?![\w]){_NOT_AREA}")
    return ci, cs, table


def actor_by_id(aid: str) -> dict[str, Any] | None:
    return next((a for a in actors() if a["id"] == aid), None)


def find_actors(text: str, start: int, end: int) -> list[ActorMention]:
    ci, cs, table = _combined()
    found: list[ActorMention] = []
    for pattern in (ci, cs):
        for m in pattern.finditer(text, start, end):
            actor = table[int((m.lastgroup or "a0")[1:])]
            found.append(ActorMention(actor, m.start(), m.end(), text[m.start():m.end()]))
    # longest mention wins where two overlap ("US-led coalition" over "US")
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[ActorMention] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def role(text: str, mention: ActorMention, sentence_start: int, sentence_end: int) -> str | None:
    """'perpetrator', 'target' or None, from the words right around the mention."""
    before = text[max(sentence_start, mention.start - 60): mention.start]
    after = text[mention.end: min(sentence_end, mention.end + 60)]
    victim = _VICTIM_AFTER.match(after)
    if victim and (victim.group("aux") or not _OBJECT_AFTER.match(after, victim.end())):
        return "target"
    if _AGENT_FRAME_BEFORE.search(before) and (_AGENT_FRAME_AFTER.match(after) or _AGENT_WORDS.search(mention.text)):
        # "killed in Russian strikes", "during a regime assault": the means names who acts
        return "perpetrator"
    if _PERP_BEFORE.search(before):
        return "perpetrator"
    if _TARGET_BEFORE.search(before) or _TARGET_AFTER.match(after):
        return "target"
    if _PERP_AFTER.match(after) or _AGENT_WORDS.search(mention.text):
        return "perpetrator"  # "ISIS militants launched", "Russian warplanes"
    return None
