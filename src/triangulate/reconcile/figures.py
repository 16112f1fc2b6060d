"""Reconcile one incident's casualty claims into low / best / high, in UCDP's sense, and tell
contradictions from updates and from copies.

Contract: `reconcile(claims, weights) -> Figure`. Each claim is an interval from its qualifier
("at least 70" = [70, open), "over 90" = [91, open), "62" = [62, 62], "up to 200" = [0, 200]).
Claims are grouped into independent lines of evidence by their `origin` (the named speaker; else the
outlet that first published the words, following copies and relays), so ten outlets repeating one
ministry's figure are one line.

The intervals decide what contradicts what ("62" and "over 90" cannot both hold). The reconciled
figures are *written* figures, so each is a number some source gave and low <= best <= high holds by
construction: low is the lowest figure written (a range's lower end), high the highest (a range's
upper end; *open* when a source gives only a lower bound), best the reliability-weighted median of
each line's latest figure. "More than 100" alone is 100-100-100+ (its interval, [101, open), only
serves the contradiction check), "about 100" alone 100-100-100.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from triangulate.model import QUALIFIER_WORDS
from triangulate.reconcile.reliability import UNKNOWN_RELIABILITY, weighted_median

_UPDATE = re.compile(r"\b(?:rose|risen|rises|climbed|increased|jumped|new toll|updated|revised|has reached|now stands|"
                     r"mounted)\b", re.I)


@dataclass(slots=True)
class Figure:
    low: int | None = None
    best: int | None = None
    high: int | None = None
    high_open: bool = False
    contradiction: bool = False
    n_claims: int = 0
    n_lines: int = 0
    rule: str = ""
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    updates: list[tuple[str, str]] = field(default_factory=list)


def _written_low(c: dict[str, Any]) -> int:
    """The lowest figure a claim writes: a range's (or vague term's) lower end, else its figure."""
    return int(c["low"]) if c["qualifier"] in ("range", "vague") and c["low"] is not None else int(c["value"])


def _written_high(c: dict[str, Any]) -> int:
    return int(c["high"]) if c["qualifier"] in ("range", "vague") and c["high"] is not None else int(c["value"])


def _label(c: dict[str, Any]) -> str:
    words = "" if c["qualifier"] == "vague" else QUALIFIER_WORDS.get(c["qualifier"], "")
    return f"{words}{c['value']} ({c.get('origin_label') or c['origin']})"


def reconcile(claims: list[dict[str, Any]], weights: dict[str, float] | None = None) -> Figure:
    """`claims`: dicts with value, low, high, qualifier, origin, outlet, published, ev_text, id."""
    weights = weights or {}
    claims = [c for c in claims if c.get("value") is not None]
    if not claims:
        return Figure(rule="no figure given")
    fig = Figure(n_claims=len(claims), n_lines=len({c["origin"] for c in claims}))
    active = list(claims)
    while True:
        lo = max(active, key=lambda c: c["low"] if c["low"] is not None else 0)
        hi = min(active, key=lambda c: c["high"] if c["high"] is not None else float("inf"))
        if hi["high"] is None or (lo["low"] or 0) <= hi["high"] or lo["origin"] == hi["origin"]:
            break
        earlier, later = hi, lo
        if (earlier.get("published") and later.get("published") and str(earlier["published"]) < str(later["published"])
                and _UPDATE.search(later.get("ev_text") or "")):
            fig.updates.append((earlier["id"], later["id"]))  # a later, higher toll that says it rose
            active.remove(earlier)
            continue
        fig.contradiction = True
        fig.conflicts.append((hi["id"], lo["id"]))
        break
    fig.low = min(_written_low(c) for c in active)
    fig.high = max(_written_high(c) for c in active)
    fig.high_open = any(c["high"] is None for c in active)
    per_line: dict[str, tuple[int, float]] = {}
    for c in sorted(active, key=lambda c: str(c.get("published") or "")):
        # the latest figure of each line, weighed by its outlet's reliability
        per_line[c["origin"]] = (int(c["value"]), weights.get(str(c.get("outlet")), UNKNOWN_RELIABILITY))
    fig.best = weighted_median(list(per_line.values()))
    assert fig.best is None or fig.low <= fig.best <= fig.high, (fig.low, fig.best, fig.high)
    lowest = min(active, key=_written_low)
    fig.rule = (
        f"low = lowest figure given: {_label(lowest)}; "
        f"high = highest figure given{' (open: a source gives only a lower bound)' if fig.high_open else ''}; "
        f"best = reliability-weighted median of the latest figure of each of {len(per_line)} independent line(s)"
    )
    if fig.contradiction:
        a = next(c for c in claims if c["id"] == fig.conflicts[0][0])
        b = next(c for c in claims if c["id"] == fig.conflicts[0][1])
        fig.rule += f"; contradiction: {_label(a)} and {_label(b)} cannot both hold"
    if fig.updates:
        fig.rule += f"; {len(fig.updates)} earlier figure(s) superseded by a later report that says the toll rose"
    return fig
