"""Attribution: who is said to have said what, through whom, and how hedged.

Contract: `find_statements(text, sentence, history) -> list[Statement]` for one sentence.
`history` holds the statements of earlier sentences, used to resolve "he", "the source",
"the agency" and bare surnames ("Thomas") to the speaker named before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from triangulate.extract.dates import MONTHS, WEEKDAYS
from triangulate.ingest.metadata import outlet_id, outlet_name
from triangulate.resources import alternation, countries, cues, outlets, words
from triangulate.textcase import Caseless

_TOKEN = re.compile(r"[\w'’.-]+|[,\"“”]")
_NP_WORDS = words("speaker_nouns")
_NAME_PARTICLE = re.compile(r"(?:al|el|ad|as|ar|an|ash|az|ez|bin|ibn|abu|abdel|abd|de|van|von)-[A-Z]")
_CALENDAR = re.compile(rf"^(?:{'|'.join(WEEKDAYS)}|{'|'.join(MONTHS)})$")
_AUX_BEFORE_VERB = words("aux_before_verb")
_CONNECT = words("name_connectors")
_DETERMINERS = words("determiners")
_ORG_WORDS = words("organisation_words")
_TITLES = re.compile(
    r"^(?:Col|Colonel|Lt|Lieutenant|Gen|General|Maj|Major|Major-General|Maj\.-Gen|Lt\.-Gen|Brig|"
    r"Brigadier|Capt|Captain|Sgt|Dr|Mr|Mrs|Ms|Prof|President|Minister|Governor|Sheikh|Imam)\.?$"
)
_PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "group"}


@dataclass(slots=True)
class Statement:
    speaker: str | None
    speaker_type: str | None
    start: int  # of the speaker phrase (or the cue when there is no phrase)
    end: int
    cue_start: int
    cue_end: int
    via: list[str] = field(default_factory=list)
    confirms: list[str] = field(default_factory=list)
    hedged: bool = False
    hedge: str | None = None
    role: str | None = None


@cache
def _verb_re() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(cues()['speech_verbs'])})\b")


@cache
def _hedge_re() -> Caseless:
    return Caseless(rf"\b(?:{alternation(cues()['hedges'])})\b")


@cache
def outlet_names() -> re.Pattern[str]:
    """The outlet registry's names and aliases, as one pattern (speakers that are outlets)."""
    names = alternation([re.escape(a) for o in outlets() for a in [o["name"], *o["aliases"]] if len(a) > 1])
    return re.compile(rf"(?<![\w-])(?:{names})(?![\w-])")


_LEAD_NP = re.compile(r"(?:The |A |An )?(?:[A-Z][\w'’.-]*\s?){1,6}")
_QUOTED_BY = re.compile(
    r"\s+(?:was|were|has been|had been|is)\s+(?:also\s+)?quoted\s+(?:by|in)\s+(?P<via>[^.,;]{2,60}?)\s+as\s+saying", re.I
)
_ACCORDING = re.compile(r"\baccording to\s+(?P<sp>(?:[^,.;\"“”]|\.(?=\w)){2,90})", re.I)
_CITING = re.compile(r"\s*,?\s*(?:citing|quoting)\s+(?P<sp>(?:[^,.;\"“”]|\.(?=\w)){2,90})", re.I)
_TOLD = re.compile(r"^\s*(?P<via>(?:[A-Z][\w’'-]*\s?){1,4}?)"
                   r"(?:\s+(?:reporter|correspondent|news agency|television|TV))?(?=[\s,.]|$)")
_REPORT_BY = re.compile(r"^\s+(?:a |the )?(?:report|reports|claim|claims|statement) (?:by|from|of)\s+"
                        r"(?P<c>(?:the\s+)?[^,.;]{2,60}?)(?=\s+(?:that|which|saying|on|in)\b|[,.;]|$)", re.I)
_INVERTED = re.compile(r"^\s+(?P<sp>(?:the\s+|a\s+)?(?:[A-Z][\w'’.-]*\s?){1,5}|"
                       r"the (?:[\w-]+\s){0,3}?(?:source|official|monitor|spokesman|group|agency|observatory|ministry))", re.I)


def _np_before(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The noun phrase right before a speech verb: 'the Syrian Observatory for Human Rights said'."""
    toks = list(_TOKEN.finditer(text, start, end))
    keep: list[re.Match[str]] = []
    i = len(toks) - 1
    while i >= 0:
        tok = toks[i].group(0)
        low = tok.lower().rstrip(".")
        if not keep and (tok == "," or low in _AUX_BEFORE_VERB):
            i -= 1  # "Konashenkov, said", "a senior US spokesman has revealed"
            continue
        if _CALENDAR.match(tok):
            break
        if tok in (",",):
            # an appositive: "Col. John J. Thomas, a spokesman for US Central Command, told"
            if keep and i > 0 and (toks[i - 1].group(0)[:1].isupper() or toks[i - 1].group(0).lower() in _NP_WORDS):
                keep.append(toks[i])
                i -= 1
                continue
            break
        if tok in ('"', "“", "”"):
            break
        if low in _DETERMINERS and i >= 2 and toks[i - 1].group(0) == "," and toks[i - 2].group(0)[:1].isupper():
            keep.append(toks[i])  # "Col. John J. Thomas, a spokesman for ..., told"
            i -= 1
            continue
        if (tok[:1].isupper() or _NAME_PARTICLE.match(tok) or re.fullmatch(r"\d+(?:st|nd|rd|th)", low)
                or low in _NP_WORDS or low in _DETERMINERS or low in _CONNECT or low.endswith(("’s", "'s"))
                or low in _PRONOUNS):
            keep.append(toks[i])
            if low in _DETERMINERS or low in _PRONOUNS:
                break
            i -= 1
            continue
        break
    while keep and (keep[-1].group(0).lower() in _CONNECT or keep[-1].group(0) == ","):
        keep.pop()
    while keep and (keep[0].group(0).lower() in _CONNECT or keep[0].group(0) == ","):
        keep.pop(0)
    if not keep:
        return None
    s, e = keep[-1].start(), keep[0].end()
    phrase = text[s:e]
    words = phrase.lower().split()
    if not any(w[:1].isupper() for w in phrase.split()) and not any(w.strip(",") in _NP_WORDS or w in _PRONOUNS for w in words):
        return None
    return s, e


@cache
def _not_name_words() -> frozenset[str]:
    words = {"the", "a", "an", "us", "u.s", "un", "uk", "eu"}
    for c in countries():
        words.update(w.lower() for w in c["names"] + c["demonyms"])
    return frozenset(words)


def _bare(word: str) -> str:
    return re.sub(r"[’']s$", "", word.lower().strip(",")).rstrip(".")


def _person(phrase: str) -> str | None:
    """A person's name inside a phrase: a run of capitalised words with no organisation word."""
    best = None
    for m in re.finditer(r"(?:(?:[A-Z][\w'’-]*\.?(?:-[A-Z][\w'’]*\.?)?|"
                         r"(?:al|el|ad|as|ar|an|ash|az|ez|bin|ibn|abu|abd|de|van|von)-[A-Z][\w'’]*)\s?){2,6}", phrase):
        run = m.group(0).strip()
        words = run.split()
        while words and words[0].lower().rstrip(".") in _not_name_words():
            words.pop(0)
        run = " ".join(words)
        if any(_bare(w) in _ORG_WORDS or _bare(w) in _not_name_words() for w in words):
            continue
        if outlet_id(run) in {o["id"] for o in outlets()}:
            continue
        if sum(1 for w in words if not _TITLES.match(w)) < 2:
            continue
        if best is None or len(run) > len(best):
            best = run
    return best


def _classify(phrase: str) -> tuple[str, str, str | None]:
    """(speaker, speaker_type, role) for a speaker phrase."""
    clean = phrase.strip(" ,")
    low = clean.lower()
    bare = re.sub(r"^(?:the|a|an)\s+", "", low)
    if bare in _PRONOUNS:
        return clean, "pronoun", None
    outlet_m = outlet_names().search(clean)
    if outlet_m and not re.search(r"\b(?:source|sources|official|correspondent|reporter)\b", low):
        return outlet_name(outlet_id(outlet_m.group(0))) or clean, "outlet", None
    person = _person(clean)
    if person:
        role = clean.replace(person, "").strip(" ,") or None
        return person, "person", role
    if re.search(r"\b(?:sources?|activists?|witnesses|eyewitness(?:es)?|residents?|medics?|doctors?)\b", low) and not any(
        w[:1].isupper() for w in clean.split()[1:]
    ):
        return clean, "anonymous", None
    words = [_bare(w) for w in clean.split()]
    if not any(w in _ORG_WORDS for w in words) and any(
        w in ("official", "officials", "spokesman", "spokeswoman", "officer", "commander", "speaker") for w in words
    ):
        return clean, "role", None
    if any(w in _ORG_WORDS for w in words) or any(w[:1].isupper() for w in clean.split()):
        single = clean.split()
        if len(single) == 1 and single[0][:1].isupper() and single[0].lower() not in _ORG_WORDS:
            return clean, "surname", None
        return clean, "organisation", None
    return clean, "role", None


def _resolve(speaker: str, stype: str, history: list[Statement]) -> tuple[str | None, str | None]:
    """Resolve 'he', 'the source', 'the agency', 'Thomas' against earlier statements."""
    low = re.sub(r"^(?:the|a|an)\s+", "", speaker.lower())
    wants = _PRONOUNS.get(low)
    for prev in reversed(history):
        if prev.speaker is None or prev.speaker_type in ("pronoun", "surname"):
            continue
        for confirmed in reversed(prev.confirms):
            if speaker.lower().startswith("the ") and low and low.split()[-1] in confirmed.lower():
                return confirmed, "outlet" if outlet_names().search(confirmed) else "organisation"
        if stype == "pronoun":
            if (wants == "person") == (prev.speaker_type == "person"):
                return prev.speaker, prev.speaker_type
            continue
        if stype == "surname" and prev.speaker_type == "person" and prev.speaker.split()[-1] == speaker:
            return prev.speaker, prev.speaker_type
        if speaker.lower().startswith("the ") and low and low.split()[-1] in prev.speaker.lower():
            return prev.speaker, prev.speaker_type
    return speaker, "person" if stype == "surname" else stype


def find_statements(text: str, start: int, end: int, history: list[Statement]) -> list[Statement]:
    found: list[Statement] = []
    hedge = _hedge_re().search(text, start, end)
    # "X was quoted by Sputnik as saying"
    for m in _QUOTED_BY.finditer(text, start, end):
        np = _np_before(text, start, m.start())
        span = np or (start, m.start())
        found.append(_make(text, span, m.start(), m.end(), history, via=[m.group("via").strip()]))
    taken = [(s.cue_start, s.cue_end) for s in found]
    for m in _verb_re().finditer(text, start, end):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if re.search(r"(?:^|[\s,])and\s+$", text[start: m.start()]):
            # "The General Command called ..., and said": the subject opens the sentence
            lead = _LEAD_NP.match(text, start, m.start())
            np = (lead.start(), lead.start() + len(lead.group(0).rstrip())) if lead else None
        else:
            np = _np_before(text, start, m.start())
        if np is None:
            inv = _INVERTED.match(text, m.end(), end)
            if inv and re.search(r"[,\"”]\s*$", text[max(start, m.start() - 3): m.start()]):
                np = (inv.start("sp"), inv.start("sp") + len(inv.group("sp").rstrip()))
        if np is None:
            continue
        st = _make(text, np, m.start(), m.end(), history)
        rest = text[m.end(): end]
        told = re.match(r"\s+(?P<via>[^,.;]{2,40})", rest) if m.group(0) in ("told", "tells") else None
        if told:
            via_m = _TOLD.match(told.group("via"))
            outlet_m = outlet_names().search(via_m.group("via")) if via_m else None
            if via_m and outlet_m:
                st.via.append(outlet_name(outlet_id(outlet_m.group(0))) or via_m.group("via").strip())
        conf = _REPORT_BY.match(rest)
        if conf and m.group(0) in ("confirmed", "confirms", "denied", "cited", "quoted"):
            st.confirms.append(conf.group("c").strip())
        cite = _CITING.match(text, m.end(), end)
        if cite:
            # "the agency said citing the General Command": the command speaks, the agency relays
            st.via.insert(0, st.speaker or "")
            sp, stype, role = _classify(cite.group("sp"))
            st.speaker, st.speaker_type, st.role = sp, stype, role
            st.start, st.end = cite.start("sp"), cite.start("sp") + len(cite.group("sp").rstrip())
        found.append(st)
    for m in _ACCORDING.finditer(text, start, end):
        sp_text = re.split(r"\s+(?:who|which|that|on|in|as|to)\s+", m.group("sp"))[0]
        found.append(_make(text, (m.start("sp"), m.start("sp") + len(sp_text.rstrip())), m.start(), m.end(), history))
    found.sort(key=lambda s: s.cue_start)
    # an outlet credited in the same sentence relays the other speakers: "... the source said, FNA reported"
    outlets_here = [s for s in found if s.speaker_type == "outlet"]
    others = [s for s in found if s.speaker_type != "outlet"]
    if outlets_here and others:
        for s in others:
            for o in outlets_here:
                if o.speaker and o.speaker not in s.via:
                    s.via.append(o.speaker)
        found = others
    for s in found:
        if hedge:
            s.hedged, s.hedge = True, hedge.group(0)
    return found


def _make(text: str, span: tuple[int, int], cue_start: int, cue_end: int, history: list[Statement],
          via: list[str] | None = None) -> Statement:
    phrase = text[span[0]: span[1]]
    speaker: str | None
    stype: str | None
    speaker, stype, role = _classify(phrase)
    if stype in ("pronoun", "surname") or phrase.lower().startswith("the "):
        speaker, stype = _resolve(speaker, stype, history)
    if stype == "pronoun":
        speaker, stype = None, None
    via_names = [outlet_name(outlet_id(v)) if outlet_names().fullmatch(v) else v for v in (via or [])]
    return Statement(speaker, stype, span[0], span[1], cue_start, cue_end, via=[v for v in via_names if v], role=role)
