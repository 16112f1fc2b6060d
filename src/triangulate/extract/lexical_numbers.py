"""Numbers in the languages read from a lexicon file: digits (Arabic-Indic too, grouped thousands,
times a multiplier word), number words in every case, gender and dual form, vague quantities, each
with its qualifier.

Contract: `find_numbers(lex, text, start, end) -> [NumberMention]`, offset views into the text.
"""

from __future__ import annotations

import re

from triangulate.extract.lexicon import DIGITS, Lexicon, group_key, lookup
from triangulate.extract.numbers import MAX_DIGITS, MAX_FIGURE, NumberMention, interval

QUALIFIER_CHARS = 40  # how far before a number its qualifier may start
_NUMBER_PART = re.compile(r"[\w\u064b-\u065f\u0670\u0640'’]+")


def _pieces(lex: Lexicon, text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """The numbers a run of number words writes, as (start, end, value): units add, multipliers
    ("cents", "тысяч", "آلاف") multiply, forms of more than one word ("quatre-vingt", "أحد عشر") are
    matched first. A run splits where an addend could not follow the one before ("cinq et dix" is
    five and ten, not fifteen; "vingt et un", "двадцать пять" and, in Arabic, a unit before its ten,
    "خمسة وعشرون", are one number)."""
    parts = [(m.start(), m.end(), m.group(0).lower()) for m in _NUMBER_PART.finditer(text, start, end)]
    units_first = bool(lex.data["numbers"].get("units_before_tens"))
    out: list[tuple[int, int, int]] = []
    total = current = 0
    last: int | None = None
    first_at = last_end = -1
    i = 0

    def close() -> None:
        if first_at >= 0 and total + current > 0:
            out.append((first_at, last_end, total + current))

    while i < len(parts):
        word, size = None, 1
        for size in (3, 2, 1):
            chunk = [p[2] for p in parts[i: i + size]]
            if len(chunk) < size:
                continue
            word = next((j.join(chunk) for j in ("-", " ") if j.join(chunk) in lex.number_words), None)
            if word is None and size == 1:
                word = _strip_prefix(lex, chunk[0])
            if word is not None and (word in lex.number_words or word in lex.multipliers or size == 1):
                break
        s0, e0 = parts[i][0], parts[i + size - 1][1]
        i += size
        if word in lex.multipliers and first_at >= 0:
            factor = lex.multipliers[word]
            current = max(current, 1) * factor
            if factor >= 1000:
                total, current = total + current, 0
            last, last_end = None, e0
        elif word in lex.number_words:
            v = lex.number_words[word]
            follows = last is None or v < last or (units_first and last < 10 and v % 10 == 0 and 20 <= v <= 90)
            if first_at < 0 or not follows:
                close()
                total, current, first_at = 0, 0, s0
            current += v
            last, last_end = v, e0
        elif word in lex.multipliers:  # a multiplier with nothing before it: "mille", "тысяча"
            close()
            total, current, first_at, last, last_end = lex.multipliers[word], 0, s0, None, e0
    close()
    return out


def _strip_prefix(lex: Lexicon, word: str) -> str:
    for p in lex.data["numbers"].get("strip_prefixes", []):
        if word.startswith(p) and word[len(p):] in lex.number_words:
            return word[len(p):]
    return word


def find_numbers(lex: Lexicon, text: str, start: int, end: int) -> list[NumberMention]:
    found: list[NumberMention] = []
    for m in lex.number_re.finditer(text, start, end):
        qualifier, qual_start = "exact", m.start()
        q = lex.qualifier_before.search(text, max(start, m.start() - QUALIFIER_CHARS), m.start())
        if q:
            qualifier, qual_start = group_key(q, lex.qualifier_keys), q.start()
        if m.group("range_a"):
            a, b = int(m.group("range_a").translate(DIGITS)), int(m.group("range_b").translate(DIGITS))
            if a < b <= MAX_FIGURE:
                found.append(NumberMention(m.start(), m.end(), qual_start, a, a, b, "range", m.group(0)))
            continue
        if m.group("vague"):
            spec = lookup(lex.vague, m.group("vague"))
            if spec is None:
                continue
            found.append(NumberMention(m.start(), m.end(), qual_start, int(spec["value"]), spec["low"], spec["high"],
                                       "vague", m.group(0), vague_term=m.group(0).lower()))
            continue
        if m.group("words"):
            for ps, pe, piece in _pieces(lex, text, m.start(), m.end()):
                q_name, q_start = qualifier, qual_start
                if ps > m.start():  # a later number of the run has its own qualifier, if any
                    q_name, q_start = "exact", ps
                    q = lex.qualifier_before.search(text, max(start, ps - QUALIFIER_CHARS), ps)
                    if q:
                        q_name, q_start = group_key(q, lex.qualifier_keys), q.start()
                found.append(_mention(lex, text, ps, pe, q_start, piece, q_name, end))
            continue
        raw = m.group("digits")
        if m.group("digits"):
            digits = re.sub(r"[ ,.\u00a0\u202f]", "", raw).translate(DIGITS)
            if len(digits) > MAX_DIGITS:
                continue
            value = int(digits)
            if m.group("mult"):  # "300 ألف", "10 тысяч", "2 mil"
                factor = lex.multipliers.get(m.group("mult").lower()) or lookup(lex.multipliers, m.group("mult"))
                value = value * int(factor) if factor else value
                raw = m.group(0)
        found.append(_mention(lex, text, m.start(), m.end(), qual_start, value, qualifier, end))
    return [n for n in found if n.value <= MAX_FIGURE]


def _mention(lex: Lexicon, text: str, start: int, end: int, qual_start: int, value: int, qualifier: str,
             limit: int) -> NumberMention:
    if qualifier == "exact":
        after = lex.qualifier_after.match(text, end, limit)  # "12 شخصا على الأقل"
        if after:
            qualifier = group_key(after, lex.qualifier_keys)
    low, high = interval(value, qualifier)
    raw = text[start:end]
    return NumberMention(start, end, qual_start, value, low, high, qualifier, raw, singular=raw.lower() in lex.singular)


