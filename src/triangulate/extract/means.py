"""Means of attack (airstrike, shelling, car bomb, chemical ...), mappable to ACLED sub-event types.

Contract: `find_means(text, start, end) -> list[MeansMention]`, rank = order in means.json
(more specific means first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from triangulate.resources import means


@dataclass(frozen=True, slots=True)
class MeansMention:
    id: str
    rank: int
    start: int
    end: int
    text: str


@lru_cache(maxsize=None)
def _patterns() -> list[tuple[str, int, re.Pattern[str]]]:
    return [
        (m["id"], rank, re.compile(rf"(?<![\w-])(?:{'|'.join(m['cues'])})(?![\w])", re.I))
        for rank, m in enumerate(means())
    ]


@lru_cache(maxsize=None)
def means_info(mid: str | None) -> dict[str, Any] | None:
    return next((m for m in means() if m["id"] == mid), None)


def find_means(text: str, start: int, end: int) -> list[MeansMention]:
    found: list[MeansMention] = []
    for mid, rank, pattern in _patterns():
        for m in pattern.finditer(text, start, end):
            found.append(MeansMention(mid, rank, m.start(), m.end(), m.group(0)))
    found.sort(key=lambda m: (m.start, m.rank))
    kept: list[MeansMention] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            if m.rank < kept[-1].rank and m.end >= kept[-1].end:
                kept[-1] = m
            continue
        kept.append(m)
    return kept
