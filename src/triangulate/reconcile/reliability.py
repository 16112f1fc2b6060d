"""Source reliability from agreement across many incidents (truth discovery), and a credibility score
per report from how its toll sits against the consensus of the independent others.

Contract: `discover(incidents) -> (reliability, uncertainty)`; `credibility(incidents, reliability)`
and `credibility_of(votes, reliability)` -> each report's credibility.

Iterate: the consensus toll of each incident is the reliability-weighted median of its independent
lines; an outlet's reliability is the Beta-posterior mean of how often its reports agree with the
consensus of the *other* lines (prior Beta(2, 2): an outlet seen twice stays near 0.5, and its
uncertainty, the posterior standard deviation, says so).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

PRIOR_AGREE = 2.0
PRIOR_DISAGREE = 2.0
UNKNOWN_RELIABILITY = PRIOR_AGREE / (PRIOR_AGREE + PRIOR_DISAGREE)  # an outlet never scored: the prior's mean, 0.5
UNKNOWN_UNCERTAINTY = 0.25  # ... and about the prior's spread (Beta(2, 2) sd is 0.22)
AGREEMENT_SHARE = 0.7  # a report's credibility: this much its agreement with the independent others' consensus,
OUTLET_SHARE = 1.0 - AGREEMENT_SHARE  # the rest its outlet's record
ITERATIONS = 8


def weighted_median(values: list[tuple[int, float]]) -> int | None:
    """The value at half the total weight, (value, weight) pairs; None for no values."""
    if not values:
        return None
    values = sorted(values)
    total = sum(w for _, w in values)
    acc = 0.0
    for v, w in values:
        acc += w
        if acc >= total / 2:
            return v
    return values[-1][0]


@dataclass(slots=True)
class Vote:
    report_id: str
    outlet: str
    line: str  # independent line of evidence (copies and relays share one)
    value: int | None  # the report's lead killed toll (None: the report gives no toll)


def agrees(value: int | None, consensus: int | None) -> bool:
    if value is None or consensus is None:
        return value == consensus or (value in (None, 0) and consensus in (None, 0))
    return abs(value - consensus) <= max(1, 0.1 * max(value, consensus))


def _consensus(votes: list[Vote], weights: dict[str, float], *, exclude_line: str | None = None) -> int | None:
    per_line: dict[str, tuple[int, float]] = {}
    for v in votes:
        if v.line == exclude_line or v.value is None:
            continue
        w = weights.get(v.outlet, UNKNOWN_RELIABILITY)
        if v.line not in per_line or w > per_line[v.line][1]:
            per_line[v.line] = (v.value, w)
    return weighted_median(list(per_line.values()))


def scored(votes: list[Vote]) -> bool:
    """An incident scores its outlets only when two independent lines or more tell it."""
    return len({v.line for v in votes}) > 1


def discover(incidents: list[list[Vote]], outlets: Iterable[str] = ()) -> tuple[dict[str, float], dict[str, float]]:
    """Each outlet's reliability (how often its figures sit with the other lines' consensus, iterated
    with the consensus weighted by reliability) and its uncertainty; `outlets`: more outlets to give
    the prior's figures to (those seen only in incidents that are not scored, left out of `incidents`)."""
    outlets = set(outlets) | {v.outlet for votes in incidents for v in votes}
    weights = {o: UNKNOWN_RELIABILITY for o in outlets}
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _ in range(ITERATIONS):
        tally = defaultdict(lambda: [0, 0])
        for votes in incidents:
            if not scored(votes):
                continue
            for v in votes:
                others = _consensus(votes, weights, exclude_line=v.line)
                if others is None:
                    continue
                tally[v.outlet][0] += int(agrees(v.value, others))
                tally[v.outlet][1] += 1
        weights = {
            o: (PRIOR_AGREE + tally[o][0]) / (PRIOR_AGREE + PRIOR_DISAGREE + tally[o][1]) for o in outlets
        }
    uncertainty = {}
    for o in outlets:
        a = PRIOR_AGREE + tally[o][0]
        b = PRIOR_DISAGREE + tally[o][1] - tally[o][0]
        uncertainty[o] = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    return weights, uncertainty


def credibility(incidents: list[list[Vote]], weights: dict[str, float]) -> dict[str, float]:
    """Every report's credibility at these outlet weights."""
    out: dict[str, float] = {}
    for votes in incidents:
        out.update(credibility_of(votes, weights))
    return out


def credibility_of(votes: list[Vote], weights: dict[str, float]) -> dict[str, float]:
    """Each report's credibility in one incident: does its toll sit with the others' consensus."""
    out = {}
    for v in votes:
        others = _consensus(votes, weights, exclude_line=v.line)
        w = weights.get(v.outlet, UNKNOWN_RELIABILITY)
        # alone: only its outlet's record speaks
        out[v.report_id] = w if others is None else AGREEMENT_SHARE * float(agrees(v.value, others)) + OUTLET_SHARE * w
    return out


def counts(incidents: list[list[Vote]], weights: dict[str, float]) -> dict[str, tuple[int, int]]:
    """(agreements, comparisons) per outlet at the final weights: its track record."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for votes in incidents:
        if not scored(votes):
            continue
        for v in votes:
            others = _consensus(votes, weights, exclude_line=v.line)
            if others is not None:
                out[v.outlet][0] += int(agrees(v.value, others))
                out[v.outlet][1] += 1
    return {o: (a, n) for o, (a, n) in out.items()}
