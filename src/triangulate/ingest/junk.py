"""Find scraping junk (code dumps, share menus, promotions, credits) as spans of the original text.

Contract: `find_junk(text) -> list[Span]`, sorted, non-overlapping. The text itself is never changed;
extraction works on `Document.clean_text()`, where these spans are blanked to spaces.
"""

from __future__ import annotations

import json
import re

from triangulate.model import Span
from triangulate.resources import junk_patterns

_PHP_DUMP = re.compile(r"string\((\d+)\)\s*\"")
_JSON_START = re.compile(r"\[\s*\{\s*\"|\{\s*\"[\w-]+\"\s*:")
_DECODER = json.JSONDecoder()


def _php_dump_end(text: str, body_start: int, nbytes: int) -> int:
    """End offset of a PHP `string(N) "..."` dump: N counts UTF-8 bytes, not characters."""
    seen = 0
    i = body_start
    while i < len(text) and seen < nbytes:
        seen += len(text[i].encode("utf-8", "surrogatepass"))
        i += 1
    if i < len(text) and text[i] == '"':
        i += 1
    return i


def _json_end(text: str, start: int) -> int | None:
    try:
        _, end = _DECODER.raw_decode(text, start)
    except ValueError:
        return None
    return end


def _merge(spans: list[Span]) -> list[Span]:
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in spans:
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = Span(last.start, span.end, last.kind)
            continue
        merged.append(span)
    return merged


_HEADLINE_WORD = r"(?:[A-Z0-9][\w'’-]*|in|of|to|from|the|a|an|for|on|at|and|with|by|as|after|over|near|into)"
_HEADLINE_RUN = re.compile(rf"(?<![\w,])(?:{_HEADLINE_WORD}\s+){{5,}}{_HEADLINE_WORD}(?![\w'’-])")
_HEADLINE_CUE = re.compile(r"\b(?:Kill|Kills|Killed|Dead|Die|Dies|Died|Toll|Wounded|Injured|Injures|Executes|Beheads|"
                           r"Massacre|Casualties)\b")


def find_related_headlines(text: str, *, skip: list[Span]) -> list[Span]:
    """Headlines of other stories left inline by the scraper ("Death Toll in Blast Targeting
    Evacuees From Besieged Towns in Aleppo Rises to 70"): title-case runs with a casualty word,
    outside the report's own title (and its copy at the top of the body)."""
    out: list[Span] = []
    for m in _HEADLINE_RUN.finditer(text):
        run = m.group(0)
        capitals = sum(1 for w in run.split() if w[:1].isupper() and len(w) > 3)
        if capitals < 5 or not _HEADLINE_CUE.search(run):
            continue
        if any(s.start <= m.start() < s.end or m.start() <= s.start < m.end() for s in skip):
            continue
        out.append(Span(m.start(), m.end(), "related_headline"))
    return out


def find_junk(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _PHP_DUMP.finditer(text):
        spans.append(Span(m.start(), _php_dump_end(text, m.end(), int(m.group(1))), "code_dump"))
    for m in _JSON_START.finditer(text):
        if any(s.start <= m.start() < s.end for s in spans):
            continue
        end = _json_end(text, m.start())
        if end is None:
            line_end = text.find("\n", m.start())
            candidate = text[m.start(): line_end if line_end >= 0 else len(text)]
            # a truncated dump: only treat as junk when it is clearly machine data
            if candidate.count('":') >= 3:
                end = m.start() + len(candidate)
        if end is not None and end - m.start() >= 20:
            spans.append(Span(m.start(), end, "code_dump"))
    lowered = text.lower()
    for kind, pattern, requires in junk_patterns():
        if requires and not any(r in lowered for r in requires):
            continue
        for m in pattern.finditer(text):
            if m.end() > m.start():
                spans.append(Span(m.start(), m.end(), kind))
    return _merge(spans)
