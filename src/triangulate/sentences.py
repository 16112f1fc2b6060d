"""Sentence spans over a document's clean text (junk blanked, offsets unchanged)."""

from __future__ import annotations

import re
from functools import cache

from triangulate.model import Span
from triangulate.resources import cues


@cache
def _boundary() -> re.Pattern[str]:
    # a sentence starts with a capital (Latin with accents, Cyrillic), a digit, or an Arabic letter
    # (Arabic has no capitals); Spanish opens questions and exclamations with ¿ ¡, quotes open with « „
    start = "A-Z0-9\u00c0-\u00d6\u00d8-\u00de\u0400-\u042f\u0490\u0600-\u06ff"
    return re.compile(rf"[.!?؟]+[\"'”’)»]*(?=\s+[\"“'‘(«„¿¡]?[{start}])|\n\s*\n|\n(?=\s*\S)")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(a.lower() for a in cues()["abbreviations"])


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at `dot` ends an abbreviation or an initial (Col., J., U.S.)."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in ".-"):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "John J. Thomas"
    return word in _abbreviations() or word.split("-")[-1] in _abbreviations()


def sentences(text: str, *, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans in text[start:end], trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    cursor = start
    for m in _boundary().finditer(text, start, end):
        if text[m.start()] == "." and _is_abbreviation(text, m.start()):
            continue
        _add(text, cursor, m.end() if text[m.start()] in ".!?" else m.start(), spans)
        cursor = m.end()
    _add(text, cursor, end, spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2:
        spans.append(Span(start, end, "sentence"))
