"""One language's words, compiled: the patterns the lexical finders (extract/lexical.py) match.

Contract: `lexicon(code) -> Lexicon` for a language with a file set under data/languages/<code>.json.
Everything a language needs is data in that file (number words with their case and gender forms,
qualifiers, casualty verbs and nouns, victim nouns, subset and period words, hedges, attribution
cues, calendar words, means and actor aliases); this module only compiles it, so a sixth language is
a new data file, not code.

Matching runs on the original text, so evidence offsets index it as it is: the patterns are made
tolerant instead of the text being normalised. For Arabic script, every letter of a pattern may be
followed by diacritics or tatweel (قُتِلَ, قتـل), and the letter variants writers mix (أ إ آ ا, ى ي,
ة ه) match each other. A language's clitic prefixes ("و", "ب", "ال") and its inflection (written
as `\\w*` endings in the data file) are part of each term's pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from triangulate.extract.place_names import fold_local
from triangulate.resources import alternation, language_data

# diacritics (harakat, shadda, sukun, superscript alef) and tatweel, which may follow any Arabic letter
_ARABIC_MARKS = "[\u064b-\u065f\u0670\u0640]*"
_ARABIC_VARIANTS = {"ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]", "ي": "[يى]", "ى": "[يى]",
                    "ة": "[ةه]", "ه": "[ةه]"}
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
DIGIT_CLASS = "[0-9٠-٩۰-۹]"
# a word: letters, digits, apostrophes, hyphens and Arabic marks inside it
WORD = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+(?:['’-][\w\u064b-\u065f\u0670\u0640]+)*")


def _is_arabic(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a" or ch in "\u0671\u067e\u0686\u06a4\u06af\u06cc"


def tolerant(pattern: str) -> str:
    """A data-file pattern made tolerant of Arabic marks and letter variants (a no-op for other
    scripts). Character classes are copied as they are."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i: i + 2])
            i += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        if _is_arabic(ch) and not in_class:
            out.append(_ARABIC_VARIANTS.get(ch, ch) + _ARABIC_MARKS)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


_MARKED_WORD = r"[\w\u064b-\u065f\u0670\u0640]"


def _terms(phrases: list[str], prefix: str = "") -> str:
    """An alternation of data-file phrases, each with the language's clitic prefix, whole words only;
    an inflected ending (\\w*) and the end of a word may carry Arabic marks ("مدنياً")."""
    body = alternation([tolerant(p).replace(" ", r"\s+").replace(r"\w*", _MARKED_WORD + "*") for p in phrases])
    return rf"(?<!{_MARKED_WORD})(?:{tolerant(prefix)})(?:{body}){_ARABIC_MARKS}(?!{_MARKED_WORD})"


def _grouped(table: dict[str, list[str]], prefix: str = "", tag: str = "g") -> tuple[re.Pattern[str], list[str]]:
    """One pattern with a named group per key (group names g0, g1 ... map back through the list)."""
    keys = [k for k, v in table.items() if v]
    parts = [rf"(?P<{tag}{n}>{_terms(table[k], prefix)})" for n, k in enumerate(keys)]
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE), keys


def group_key(m: re.Match[str], keys: list[str]) -> str:
    return keys[int((m.lastgroup or "g0")[1:])]


@dataclass(frozen=True, slots=True)
class Lexicon:
    code: str
    name: str
    data: dict[str, Any]
    number_words: dict[str, int]  # lower-cased form -> value
    multipliers: dict[str, int]
    singular: frozenset[str]
    joiner: str  # what may join number words ("-", " et ", "و")
    number_re: re.Pattern[str]
    vague: dict[str, dict[str, Any]]  # lower-cased phrase -> value, low, high, background
    qualifier_before: re.Pattern[str]
    qualifier_after: re.Pattern[str]
    qualifier_keys: list[str]
    kinds: re.Pattern[str]
    kind_keys: list[str]
    count_nouns: re.Pattern[str]
    count_keys: list[str]
    toll_words: re.Pattern[str]  # "le bilan ... s'élève à 23", "число погибших возросло до 12", "ارتفع عدد القتلى إلى"
    toll_keys: list[str]
    victims: re.Pattern[str]
    victim_keys: list[str]
    singulars: re.Pattern[str]  # "загинула жінка", "قتل طفل": a victim named in the singular is one
    singular_keys: list[str]
    duals: dict[str, str]  # a noun form that is itself a count of two (Arabic dual): form -> victim type
    dual_re: re.Pattern[str]
    subset: re.Pattern[str]
    combined: re.Pattern[str]  # "مقتل وإصابة 12", "12 убитыми и ранеными": dead and wounded together, neither figure
    auxiliaries: re.Pattern[str]  # "37 получили ранения", "12 ont été tués": may stand between a bare figure and its verb
    attack_words: re.Pattern[str]  # "frappe russe", "російський удар": an actor beside one of these acts
    regions: re.Pattern[str]  # "на Харківщині": a first-level division named by its own word
    region_keys: list[str]  # "<country>/<admin1 code>"
    locative: re.Pattern[str]  # "à", "en", "в", "في" before a place: where it happened
    away: re.Pattern[str]  # "depuis", "из", "من" before a place: where something came from
    division_after: re.Pattern[str]  # "Донецкой области": the name is its division's
    division_before: re.Pattern[str]  # "محافظة إدلب", "provincia de Idlib"
    count_before: re.Pattern[str]  # "ещё 30", "ще 30": a word before a number that makes it a count of people
    units: re.Pattern[str]
    background: re.Pattern[str]
    other_incident: re.Pattern[str]  # "une autre frappe", "в прошлом месяце", "في وقت سابق": an earlier incident recalled
    hedges: re.Pattern[str]
    speaker_types: dict[str, re.Pattern[str]]  # anonymous / organisation / role: words that type a speaker
    speaker_stops: frozenset[str]  # words that end a speaker phrase read after a verb ("que", "что", "إن")
    addressee: re.Pattern[str]  # "à l'AFP", "журналистам", "لفرانس برس": who was told, before the speaker
    speaker_glued: re.Pattern[str]  # a preposition glued to the speaker's first word ("لمصادر")
    according_to: re.Pattern[str]
    speech_verbs: re.Pattern[str]
    months: dict[str, int]
    month_re: re.Pattern[str]
    weekdays: dict[str, int]
    weekday_re: re.Pattern[str]
    relative: dict[str, int]
    relative_re: re.Pattern[str]
    means: re.Pattern[str]
    means_keys: list[str]
    actors: re.Pattern[str]
    actor_keys: list[str]
    agent_before: re.Pattern[str]
    target_before: re.Pattern[str]

    def word_value(self, word: str) -> int | None:
        return self.number_words.get(word.lower())


def _lower_keys(table: dict[str, Any]) -> dict[str, Any]:
    return {k.lower(): v for k, v in table.items()}


@cache
def lexicon(code: str) -> Lexicon:
    d = language_data(code)
    prefix = d.get("clitic_prefix", "")
    numbers = d["numbers"]
    words = _lower_keys(numbers["words"])
    multipliers = _lower_keys(numbers.get("multipliers", {}))
    joiner = numbers.get("joiner", r"\s+")
    vague = _lower_keys(d.get("vague", {}))
    word_alt = _terms(list(words) + list(multipliers), numbers.get("word_prefix", ""))
    digits = rf"{DIGIT_CLASS}{{1,3}}(?:[ ,.\u00a0\u202f]{DIGIT_CLASS}{{3}})+(?!{DIGIT_CLASS})|{DIGIT_CLASS}+"
    vague_alt = _terms(list(vague)) if vague else r"(?!x)x"
    mult_alt = _terms(list(multipliers)) if multipliers else r"(?!x)x"
    # digits stand alone, or glued to a conjunction the language writes as a prefix ("و30 جريحا")
    glue = numbers.get("digits_after")
    digits_start = rf"(?:(?<={glue})|(?<![\w.,/:-]))" if glue else r"(?<![\w.,/:-])"
    digits_end = r"(?![\w/:%])(?!\s*%)(?!-[^\W\d])"  # not "12%", "12 %", "12-летний", "5-storey"
    number_re = re.compile(
        rf"(?P<range_a>{DIGIT_CLASS}+)\s*(?:-|–|{numbers.get('range_word', '(?!x)x')})\s*(?P<range_b>{DIGIT_CLASS}+)"
        rf"(?!{DIGIT_CLASS})|{digits_start}(?P<digits>{digits})(?:\s+(?P<mult>{mult_alt}))?{digits_end}"
        rf"|(?P<vague>{vague_alt})"
        rf"|(?P<words>{word_alt}(?:{joiner}{word_alt})*)",
        re.IGNORECASE,
    )
    q_before = d.get("qualifiers", {})
    q_after = d.get("qualifiers_after", {})
    q_keys = sorted(set(q_before) | set(q_after))
    before_parts = [rf"(?P<g{n}>{_terms(q_before[k])})" for n, k in enumerate(q_keys) if q_before.get(k)]
    after_parts = [rf"(?P<g{n}>{_terms(q_after[k])})" for n, k in enumerate(q_keys) if q_after.get(k)]
    kinds, kind_keys = _grouped(d["kinds"], prefix)
    count_nouns, count_keys = _grouped(d.get("count_nouns", {}), prefix)
    toll_words, toll_keys = _grouped(d.get("toll_words", {}), prefix)
    victims, victim_keys = _grouped(d["victims"], prefix)
    singulars, singular_keys = _grouped(d.get("singular_victims", {}), "(?:و|ف)?" if code == "ar" else "")
    duals = {k: v for k, v in d.get("duals", {}).items()}
    cal = d.get("dates", {})
    months = _lower_keys(cal.get("months", {}))
    weekdays = _lower_keys(cal.get("weekdays", {}))
    relative = _lower_keys(cal.get("relative", {}))
    means, means_keys = _grouped(d.get("means", {}), prefix)
    regions, region_keys = _grouped(d.get("region_names", {}))
    actors, actor_keys = _grouped(d.get("actors", {}), prefix)

    def plain(key: str, pre: str = "") -> re.Pattern[str]:
        phrases = d.get(key) or []
        return re.compile(_terms(phrases, pre) if phrases else r"(?!x)x", re.IGNORECASE)

    never = r"(?!x)x"

    def compiled(pattern: str | None) -> re.Pattern[str]:
        return re.compile(pattern or never, re.IGNORECASE)

    def before(key: str, tail: str) -> re.Pattern[str]:
        return compiled(rf"(?:{_terms(d[key])}){tail}" if d.get(key) else None)

    return Lexicon(
        code=code, name=d["name"], data=d, number_words=words, multipliers=multipliers,
        singular=frozenset(w.lower() for w in numbers.get("singular", [])), joiner=joiner, number_re=number_re,
        vague=vague,
        qualifier_before=compiled(rf"(?:{'|'.join(before_parts) or never})\s*$"),
        qualifier_after=compiled(rf"^\s*(?:{'|'.join(after_parts) or never})"),
        qualifier_keys=q_keys, kinds=kinds, kind_keys=kind_keys, count_nouns=count_nouns, count_keys=count_keys,
        toll_words=toll_words, toll_keys=toll_keys,
        victims=victims, victim_keys=victim_keys, duals=duals, singulars=singulars, singular_keys=singular_keys,
        dual_re=compiled(_terms(list(duals), prefix) if duals else None),
        subset=plain("subset"), combined=plain("combined"), count_before=before("count_before", r"\s*$"),
        units=plain("units", prefix), auxiliaries=plain("auxiliaries"), attack_words=plain("attack_words"),
        division_after=plain("division_after"), division_before=before("division_before", r"\s*$"),
        locative=before("locative", r"\s*(?:\S+\s+){0,3}$"), away=before("away", r"\s*(?:\S+\s+){0,2}$"),
        background=plain("background"), other_incident=plain("other_incident"), hedges=plain("hedges"),
        speaker_types={k: compiled(_terms(d.get("speaker_types", {}).get(k, []))
                                   if d.get("speaker_types", {}).get(k) else None)
                       for k in ("anonymous", "organisation", "role")},
        speaker_stops=frozenset(w.lower() for w in d.get("speaker_stops", [])),
        addressee=re.compile(tolerant(d["addressee"]) if d.get("addressee") else never, re.IGNORECASE),
        speaker_glued=compiled(tolerant(d["speaker_glued"]) if d.get("speaker_glued") else None),
        according_to=plain("according_to"), speech_verbs=plain("speech_verbs"),
        months=months, month_re=compiled(_terms(list(months)) if months else None),
        weekdays=weekdays, weekday_re=compiled(_terms(list(weekdays), cal.get("weekday_prefix", "")) if weekdays else None),
        relative=relative, relative_re=compiled(_terms(list(relative)) if relative else None),
        means=means, means_keys=means_keys, actors=actors, actor_keys=actor_keys, regions=regions,
        region_keys=region_keys,
        agent_before=before("agent_before", r"\s+(?:\S+\s+){0,2}$"),
        target_before=before("target_before", r"\s+(?:\S+\s+){0,2}$"),
    )


def lookup(table: dict[str, Any], surface: str) -> Any:
    """A calendar or vague-number entry by its surface form: exact (lower-cased), then with Arabic
    marks removed and letter variants folded, as the tolerant pattern matched it."""
    key = surface.lower()
    if key in table:
        return table[key]
    folded = fold_local(key)
    for k, v in table.items():
        if fold_local(k) == folded:
            return v
    return None
