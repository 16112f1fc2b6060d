"""Split a document's sentences into the incidents it tells of, and pick each one's facts.

Contract: `segment(text, sentences, ...) -> list[int]` gives each sentence an incident number
(0 = the lead incident); the `choose_*` helpers pick one date, place, actor pair and means for an
incident from the mentions in its sentences. Background tolls (war-wide totals) are recognised by
`war_wide_cue`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from functools import cache

from triangulate.extract.actors import ActorMention, role
from triangulate.extract.dates import DateMention
from triangulate.extract.means import MeansMention
from triangulate.extract.places import PlaceMention
from triangulate.model import Span
from triangulate.resources import alternation, cues
from triangulate.textcase import Caseless

LOCATIVE = re.compile(r"\b(?:in|near|at|outside|on|around|inside|across|of|targeting|hit|struck|into)\s+"
                       r"(?:the\s+)?(?:[\w-]+\s+){0,3}$", re.I)
AWAY = re.compile(r"\b(?:from|to|toward|towards|via|fled|border with|based in)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
AGREEING_PLACE_BONUS = 1.0  # per other place the report names in the same first-level division
_PRECISION_RANK = {"site": 0, "district": 0, "village": 0, "city": 0, "region": 1, "admin2": 1, "admin1": 2, "country": 3}


@cache
def _cue(name: str) -> Caseless:
    return Caseless(rf"\b(?:{alternation(cues()[name])})(?!\w)")


def war_wide_cue(text: str, start: int = 0, end: int | None = None) -> str | None:
    """The words that make a toll the whole war's or a period's, not this incident's, if any."""
    m = _cue("war_wide").search(text, start, len(text) if end is None else end)
    return m.group(0) if m else None


def segment(
    text: str,
    sents: list[Span],
    *,
    title: Span | None,
    has_claims: list[bool],
    dates: list[list[DateMention]],
    main_date: dt.date | None,
) -> list[int]:
    """Incident number for each sentence. Sticky cues ("Elsewhere", "In the same context") open an
    incident that later sentences join; one-off cues ("comes two weeks after", another date) open an
    incident for that sentence only."""
    labels: list[int] = []
    current = 0
    next_id = 1
    lead_told = False  # the lead incident has a claim sentence: a one-off cue can only split off another after it
    for i, sent in enumerate(sents):
        if title is not None and sent.start < title.end and sent.end > title.start:
            labels.append(0)
            continue
        if _cue("segment_sticky").search(text, sent.start, min(sent.end, sent.start + 40)):
            current = next_id
            next_id += 1
            labels.append(current)
            continue
        if has_claims[i] and (lead_told or current != 0):
            other_date = main_date is not None and any(
                abs((d.date - main_date).days) > 2 for d in dates[i]
            ) and not any(abs((d.date - main_date).days) <= 2 for d in dates[i])
            if _cue("segment_single").search(text, sent.start, sent.end) or other_date:
                labels.append(next_id)
                next_id += 1
                continue
        lead_told = lead_told or (has_claims[i] and current == 0)
        labels.append(current)
    return labels


def choose_date(
    dates_by_sentence: list[list[DateMention]], claim_sentences: list[int], lead: list[int], *,
    skip: Span | None,
) -> DateMention | None:
    """First date in a claim sentence, else in the lead sentences; the dateline itself is skipped. A
    period's start ("killed since Monday") is taken only when its sentences give no day of an event."""
    for group in (claim_sentences, lead):
        dates = [d for i in group for d in dates_by_sentence[i]
                 if skip is None or not (d.start < skip.end and d.end > skip.start)]
        if dates:
            return next((d for d in dates if not d.since), dates[0])
    return None


def choose_place(
    text: str, mentions: list[tuple[int, PlaceMention]], *, claim_sentences: set[int], title_sentences: set[int],
    lead: set[int], context: dict[str, int] | None = None, locative: re.Pattern[str] = LOCATIVE,
    away: re.Pattern[str] = AWAY,
) -> PlaceMention | None:
    """The place where it happened: mentions in claim sentences, the title and the lead count most;
    a mention after 'in/near/at' counts more than one after 'from/to'; the most precise place wins
    among places that agree (a city inside the governorate named)."""
    scores: dict[int, float] = defaultdict(float)
    by_key: dict[int, PlaceMention] = {}
    nations = {c: n for c, n in (context or {}).items() if "/" not in c}
    home = max(nations, key=lambda c: nations[c]) if nations else None
    for i, p in mentions:
        score = 1.0
        if i in claim_sentences:
            score += 3
        if i in title_sentences:
            score += 2
        if i in lead:
            score += 1.5
        before = text[max(0, p.start - 40): p.start]
        if locative.search(before):
            score += 1
        if away.search(before):
            score -= 2
        if p.entry.precision == "country":
            score -= 3
        if home and p.entry.country == home:
            score += 1.5  # the country the report is about: "near the Turkish border" is not the place
        key = id(p.entry)
        scores[key] += score
        by_key.setdefault(key, p)
    if not scores:
        return None
    # the report's other places are the prior: a "DeKalb County" beside Atlanta is Georgia's
    regions: dict[tuple[str | None, str | None], set[int]] = defaultdict(set)
    for key, p in by_key.items():
        if p.entry.admin1:
            regions[(p.entry.country, p.entry.admin1)].add(key)
    for key, p in by_key.items():
        others = len(regions.get((p.entry.country, p.entry.admin1), ())) - 1
        if others > 0:
            scores[key] += AGREEING_PLACE_BONUS * others
    best_key = max(scores, key=lambda k: scores[k])
    best = by_key[best_key]
    # prefer a more precise place inside the chosen area when the report names one
    if best.entry.precision in ("admin1", "country"):
        inside = [
            (scores[k], by_key[k]) for k in scores
            if _PRECISION_RANK[by_key[k].entry.precision] < _PRECISION_RANK[best.entry.precision]
            and by_key[k].entry.country == best.entry.country
            and (best.entry.precision == "country" or by_key[k].entry.admin1 == best.entry.admin1)
            and scores[k] >= scores[best_key] - 3
        ]
        if inside:
            best = max(inside, key=lambda t: t[0])[1]
    return best


def choose_actors(
    text: str, mentions: list[tuple[int, ActorMention]], sents: list[Span], *, claim_sentences: set[int],
    title_sentences: set[int], lead: set[int],
    role_of: Callable[[str, ActorMention, int, int], str | None] = role,
) -> tuple[ActorMention | None, ActorMention | None]:
    perp: dict[str, float] = defaultdict(float)
    targ: dict[str, float] = defaultdict(float)
    first: dict[str, ActorMention] = {}
    for i, m in mentions:
        weight = 1.0 + (2 if i in claim_sentences else 0) + (1.5 if i in title_sentences else 0) + (1 if i in lead else 0)
        r = role_of(text, m, sents[i].start, sents[i].end)
        first.setdefault(m.id, m)
        if r == "perpetrator":
            perp[m.id] += weight
        elif r == "target":
            targ[m.id] += weight
    p_id = max(perp, key=lambda k: perp[k]) if perp else None
    t_candidates = {k: v for k, v in targ.items() if k != p_id}
    t_id = max(t_candidates, key=lambda k: t_candidates[k]) if t_candidates else None
    return (first[p_id] if p_id else None), (first[t_id] if t_id else None)


def choose_means(
    mentions: list[tuple[int, MeansMention]], *, claim_sentences: list[int], title_sentences: set[int], lead: list[int],
    claim_positions: dict[int, list[int]],
) -> MeansMention | None:
    """Most specific means named near the toll in a claim sentence, else in the title, else the lead."""
    for group in (claim_sentences, sorted(title_sentences), lead):
        cands = [(i, m) for i, m in mentions if i in group]
        if cands:
            def key(t: tuple[int, MeansMention]) -> tuple[int, int, int]:
                i, m = t
                positions = claim_positions.get(i) or [m.start]
                distance = min(abs(m.start - p) for p in positions)
                # the means in the toll's own clause first, the most specific among those
                return (0 if distance <= 90 else 1, m.rank, distance)
            return min(cands, key=key)[1]
    return mentions[0][1] if mentions else None
