"""Means of attack (airstrike, shelling, car bomb, chemical ...), mappable to ACLED sub-event types.

Contract: `find_means(text, start, end) -> list[MeansMention]`, rank = order in means.json
(more specific means first).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from triangulate.resources import means
from triangulate.textcase import Caseless


@dataclass(frozen=True, slots=True)
class MeansMention:
    id: str
    rank: int
    start: int
    end: int
    text: str


@cache
def _combined() -> Caseless:
    parts = [f"(?P<m{rank}>{'|'.join(m['cues'])})" for rank, m in enumerate(means())]
    return Caseless(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w])")


@cache
def means_info(mid: str | None) -> dict[str, Any] | None:
    return next((m for m in means() if m["id"] == mid), None)


def find_means(text: str, start: int, end: int) -> list[MeansMention]:
    """Means cues left to right; where several means share a cue position, the more specific one
    (earlier in means.json) wins because its alternative comes first."""
    table = means()
    found: list[MeansMention] = []
    for m in _combined().finditer(text, start, end):
        rank = int((m.lastgroup or "m0")[1:])
        found.append(MeansMention(table[rank]["id"], rank, m.start(), m.end(), text[m.start():m.end()]))
    return found
