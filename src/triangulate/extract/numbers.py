"""Numbers as written in reports: digits, number words, vague quantities, with their qualifier.

Contract: `find_numbers(text, start, end) -> list[NumberMention]`, each an offset view with the
value, the interval it implies and the qualifier ("at least", "more than", ...).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from text_to_num import text2num

from triangulate.resources import alternation, cues, numbers

ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")  # ONES[n - 1] is n
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")  # TENS[k - 2] is 10 k


def number_words(first: int = 1, last: int = 19, *, tens_to: int = 0) -> str:
    """The English number words from `first` to `last` (1-19), then the tens up to `tens_to` (20-90), as a
    regex alternation in counting order: each pattern that reads a count in words says how far it reaches."""
    return "|".join(ONES[first - 1: last] + TENS[: max(0, tens_to // 10 - 1)])


_WORDS = f"zero|{number_words(tens_to=90)}|hundred|thousand|million"
_SINGULAR = "a|an|one|single"
MAX_FIGURE = 10_000_000  # a figure above this is no report's count of people: not a claim
MAX_DIGITS = 12  # longer digit runs are identifiers, phone numbers or junk, never read as a number


_DATE_BEFORE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?$"
    r"|\b\d{1,2}[./-]\d{1,2}[./-]$",
    re.IGNORECASE,
)


_AGE_AFTER = re.compile(r"-(?:year|month|week|day)s?-old|\s+(?:years?|months?)\s+old\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NumberMention:
    start: int  # of the number words (qualifier excluded)
    end: int
    qual_start: int  # of the qualifier, or == start
    value: int
    low: int | None
    high: int | None
    qualifier: str
    text: str
    vague_term: str | None = None
    singular: bool = False  # "a"/"an"/"one": only a number next to a singular noun


@cache
def _number_re() -> re.Pattern[str]:
    vague = alternation([re.escape(v) for v in numbers()["vague"]])
    word_num = rf"(?:(?:a|an|one)\s+)?(?:{_WORDS})(?:(?:\s*-\s*|\s+)(?:and\s+)?(?:{_WORDS}))*"
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?:\s+(?:thousand|million))?"
    return re.compile(
        rf"(?<![\w.,/:-])(?:(?P<range_a>\d+)\s*(?:-|–|to)\s*(?P<range_b>\d+)(?![\w/:])"
        rf"|between\s+(?P<btw_a>\d+|{word_num})\s+and\s+(?P<btw_b>\d+|{word_num})"
        rf"|(?P<digits>{digits})(?![\w/:%])"
        rf"|(?P<vague>(?:{vague}))(?:\s+of)?(?=\s|[.,;]|$)"
        rf"|(?P<words>{word_num})(?![\w-])"
        rf"|(?P<single>{_SINGULAR})(?=\s))",
        re.IGNORECASE,
    )


@cache
def _qualifier_re() -> re.Pattern[str]:
    parts = []
    for name, phrases in cues()["qualifiers"].items():
        parts.append(rf"(?P<{name}>\b(?:{alternation([re.escape(p) for p in phrases])}))")
    return re.compile(rf"(?:{'|'.join(parts)})\s+$", re.IGNORECASE)


def words_to_int(phrase: str) -> int | None:
    norm = re.sub(r"\s*-\s*", " ", phrase.lower()).strip()
    norm = re.sub(r"^(?:a|an)\s+", "one ", norm)
    if norm in numbers()["words"]:
        return int(numbers()["words"][norm])
    try:
        return int(text2num(norm, "en"))
    except ValueError:
        return None


def _to_int(raw: str) -> int | None:
    raw = raw.strip()
    lower = raw.lower()
    mult = 1
    for word, factor in (("thousand", 1000), ("million", 1_000_000)):
        if lower.endswith(word) and raw[0].isdigit():
            mult = factor
            lower = lower[: -len(word)].strip()
    if lower[:1].isdigit():
        digits = lower.replace(",", "")
        if len(digits) > MAX_DIGITS:
            return None  # no count of people is written with this many digits
        try:
            value = int(Decimal(digits) * mult)  # exact: a float loses digits above 2^53
        except (InvalidOperation, ValueError):
            return None
        return value if value <= MAX_FIGURE else None
    worded = words_to_int(raw)
    return worded if worded is None or worded <= MAX_FIGURE else None


def interval(value: int, qualifier: str) -> tuple[int | None, int | None]:
    """The interval a qualified figure implies (the rule the README documents)."""
    if qualifier == "at_least":
        return value, None
    if qualifier == "more_than":
        return value + 1, None
    if qualifier == "about":
        return math.floor(value * 0.9), math.ceil(value * 1.1 - 1e-9)
    if qualifier == "nearly":
        return math.floor(value * 0.9), value
    if qualifier == "up_to":
        return 0, value
    return value, value


def find_numbers(text: str, start: int = 0, end: int | None = None, *, limit: int | None = None) -> list[NumberMention]:
    """The numbers in text[start:end], in order; at most `limit` of them."""
    end = len(text) if end is None else end
    found: list[NumberMention] = []
    for m in _number_re().finditer(text, start, end):
        if limit is not None and len(found) >= limit:
            break
        qualifier = "exact"
        qual_start = m.start()
        q = _qualifier_re().search(text, max(start, m.start() - 30), m.start())
        if q:
            qualifier = next(k for k, v in q.groupdict().items() if v)
            qual_start = q.start()
        singular = False
        if m.group("range_a") or m.group("btw_a"):
            a = _to_int(m.group("range_a") or m.group("btw_a"))
            b = _to_int(m.group("range_b") or m.group("btw_b"))
            if a is None or b is None or a >= b:
                continue
            found.append(NumberMention(m.start(), m.end(), qual_start, a, a, b, "range", m.group(0)))
            continue
        if m.group("vague"):
            term = m.group("vague").lower()
            spec = numbers()["vague"][term]
            found.append(NumberMention(
                m.start(), m.start() + len(m.group("vague")), qual_start, int(spec["value"]),
                spec["low"], spec["high"], "vague", m.group("vague"), vague_term=term,
            ))
            continue
        raw = m.group("digits") or m.group("words") or m.group("single")
        value = _to_int(raw)
        if value is None:
            continue
        if m.group("digits") and _AGE_AFTER.match(text, m.end()):
            continue  # an age, not a count: "a 13-year-old boy"
        if m.group("digits") and 1900 <= value <= 2100 and _DATE_BEFORE.search(text, max(start, m.start() - 16), m.start()):
            continue  # the year of a date: "Sunday 24 Aug 2014 Syrian troops killed 32"
        singular = bool(m.group("single")) or raw.lower() in ("one",)
        if qualifier == "exact" and re.match(r"\s+or more\b", text[m.end(): m.end() + 10], re.I):
            qualifier = "at_least"
        low, high = interval(value, qualifier)
        found.append(NumberMention(
            m.start(), m.start() + len(raw), qual_start, value, low, high, qualifier, raw,
            singular=singular,
        ))
    return found
