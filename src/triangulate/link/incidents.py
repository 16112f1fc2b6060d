"""Group reports that tell of the same incident.

Contract: `group(reports) -> Grouping`: an incident key for every report and, for each report that
joined others, why (its strongest link and the features that weighed most).

1. Candidates (blocking keeps the cost near-linear): reports in the same country and first-level
   division within `WINDOW_DAYS` of each other (a sliding window over dates), and reports that share
   a rare name or street (an inverted index; names in more than `RARE_NAME_MAX_DF` reports are not
   keys) within `NAME_WINDOW_DAYS`, and reports whose leads share a rare LSH band within
   `BAND_WINDOW_DAYS` (`similar_leads`).
2. Each candidate pair gets a probability from the pair model: a logistic regression over the named
   features of `link/features.py`, fitted by `scripts/fit_pair_model.py` on GVA dev and FA-KES dev
   (its crowd keys a weak label: the precision bound is held on GVA) with cross-validation grouped by
   incident, shipped as `link/pair_model.json`.
3. Average-link clustering over those probabilities: two groups merge when the mean probability over
   all their cross pairs (a pair that is not a candidate counts 0) reaches the model's threshold. One
   strong link cannot chain two incidents together, as single-link union-find did. Two reports of
   one document never share an incident, nor two groups whose dates lie further apart than any
   candidate rule reaches.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from triangulate.link import features as _features
from triangulate.link.features import (
    FEATURES,
    NAME_WINDOW_DAYS,
    WINDOW_DAYS,
    Corpus,
    ReportKey,
    days_apart,
    key_within_reach,
    lead_bands,
    pair_features,
    within_reach,
)

__all__ = ["ReportKey", "Grouping", "group", "candidate_pairs", "probability"]
EXPLAIN_TOP = 3  # features named in a link's explanation


@dataclass(slots=True)
class Link:
    other: str
    probability: float
    because: list[str]


@dataclass(slots=True)
class Grouping:
    incident_of: dict[str, str]
    links: dict[str, Link] = field(default_factory=dict)

    def __getitem__(self, report_id: str) -> str:
        return self.incident_of[report_id]


@lru_cache(maxsize=1)
def model() -> dict[str, Any]:
    with resources.files("triangulate.link").joinpath("pair_model.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


LINK_RULES = 1  # the version of the candidate, feature and clustering code (`rules_version`)


def rules_version() -> str:
    """What every stored link depends on beyond the two reports: the pair model (weights, threshold), the
    features and their windows and cut-offs, the clustering's constants and the text keys' rules. A ledger
    linked under another version holds pairs scored by another model: its next update is a full relink
    (`store/derive.py` `rebuild_due`), since an update that mixed the two would match no rebuild."""
    import hashlib

    from triangulate.link.text_keys import VERSION as TEXT_RULES

    parts = (model()["weights"], model()["threshold"], FEATURES, LINK_RULES, UNSCORED_WEIGHT, TEXT_RULES,
             *(getattr(_features, name) for name in (
                 "WINDOW_DAYS", "NAME_WINDOW_DAYS", "BAND_WINDOW_DAYS", "FAR_KM", "NEAR_KM", "RARE_NAME_MAX_DF",
                 "RARE_BAND_MAX_DF", "OUTLET_IDF_MIN_REPORTS", "LEAD_LSH_TERMS", "LEAD_LSH_THRESHOLD")))
    return hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:12]


def probability(features: dict[str, float], weights: dict[str, float] | None = None) -> float:
    w = weights if weights is not None else model()["weights"]
    z = sum(w.get(name, 0.0) * features.get(name, 0.0) for name, _ in FEATURES)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def explain(features: dict[str, float], weights: dict[str, float] | None = None) -> list[str]:
    """The features that weighed most for this link, in words with their contribution."""
    w = weights if weights is not None else model()["weights"]
    described = dict(FEATURES)
    parts = sorted(((w.get(n, 0.0) * v, n) for n, v in features.items() if n != "bias" and v), reverse=True)
    return [f"{described[n]} ({c:+.2f})" for c, n in parts[:EXPLAIN_TOP] if c > 0]


def stored_reasons(features: dict[str, float], p: float) -> str | None:
    """`explain` as a scored pair keeps it (JSON), for the pairs that can be a report's strongest link in
    its incident: those at or above the threshold (average linking joins no report through weaker pairs,
    `_average_link`). Most scored pairs are weaker (99.6 % of 1.9 million at 100k reports): none is kept for
    them, which takes the pairs table and its index from 322 to 193 MB there. A report put in an incident
    by a correction alone shows its strongest link without reasons."""
    return json.dumps(explain(features)) if p >= model()["threshold"] else None


def scored_pair(a: ReportKey, b: ReportKey, corpus: Corpus) -> tuple[str, str, float, str | None]:
    """A pair as the ledger stores it, whichever path scored it (one process or partitioned workers): the
    ids in order, the probability (rounded, so that every path and backend stores the same figure) and
    its reasons where they can be shown (`stored_reasons`). Every scored pair is kept: a low score is
    evidence for the mean (`_average_link`)."""
    f = pair_features(a, b, corpus)
    p = round(probability(f), 12)
    first, second = sorted((a.id, b.id))
    return first, second, p, stored_reasons(f, p)


def candidate_pairs(reports: list[ReportKey], corpus: Corpus,
                    bands: Callable[[ReportKey], list[int]] | None = None) -> set[tuple[int, int]]:
    """Index pairs worth scoring: same place block and date window (and within reach, `within_reach`), a
    shared rare name, or a shared lead band."""
    pairs: set[tuple[int, int]] = set()
    blocks: dict[tuple[str | None, str | None], list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        if (r.date or r.published) is not None and (r.admin1 or r.country):
            blocks[(r.country, r.admin1)].append(i)
    for members in blocks.values():
        members.sort(key=lambda i: reports[i].date or reports[i].published)  # type: ignore[arg-type,return-value]
        start = 0
        for pos, i in enumerate(members):
            day = reports[i].date or reports[i].published
            while (day - (reports[members[start]].date or reports[members[start]].published)).days > WINDOW_DAYS:  # type: ignore[operator]
                start += 1
            for j in members[start:pos]:
                if within_reach(reports[i], reports[j]):
                    pairs.add((min(i, j), max(i, j)))
    postings: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        for name in r.names | r.streets:
            if corpus.rare(name):
                postings[name].append(i)
    for members in postings.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if key_within_reach(days_apart(reports[i], reports[j]), by_name=True):
                    pairs.add((min(i, j), max(i, j)))
    pairs |= similar_leads(reports, corpus, bands)
    return {(i, j) for i, j in pairs if reports[i].document_id != reports[j].document_id}


def similar_leads(reports: list[ReportKey], corpus: Corpus,
                  bands: Callable[[ReportKey], list[int]] | None = None) -> set[tuple[int, int]]:
    """Pairs whose leads share many distinctive words, found by MinHash LSH (datasketch) in about
    linear time, within `BAND_WINDOW_DAYS`: reports of one incident placed in different blocks (a
    town read in another division, or not placed)."""
    buckets: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        for band in set(bands(r) if bands else lead_bands(r)):
            if corpus.rare_band(band):  # a band in many reports is a template, not an incident
                buckets[band].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if key_within_reach(days_apart(reports[i], reports[j]), by_name=False):  # undated: no
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def group(reports: list[ReportKey], *, threshold: float | None = None,
          weights: dict[str, float] | None = None) -> Grouping:
    """Incident key (the smallest member report id) for every report, with the links that joined them."""
    threshold = model()["threshold"] if threshold is None else threshold
    corpus = Corpus(reports)
    prob: dict[tuple[int, int], float] = {}
    feats: dict[tuple[int, int], dict[str, float]] = {}
    for i, j in candidate_pairs(reports, corpus):
        f = pair_features(reports[i], reports[j], corpus)
        p = probability(f, weights)
        prob[(i, j)] = p  # every scored pair: a low score is evidence, unlike a pair never compared
        feats[(i, j)] = f
    clusters = _average_link(reports, prob, threshold)
    incident_of: dict[str, str] = {}
    links: dict[str, Link] = {}
    for members in clusters:
        key = min(reports[i].id for i in members)
        for i in members:
            incident_of[reports[i].id] = key
            best = max(((prob.get((min(i, j), max(i, j)), 0.0), j) for j in members if j != i), default=None)
            if best and best[0] > 0:
                pair = (min(i, best[1]), max(i, best[1]))
                links[reports[i].id] = Link(reports[best[1]].id, round(best[0], 3), explain(feats[pair], weights))
    return Grouping(incident_of, links)


# How much a pair of reports never compared (no candidate key in common) weighs in the mean that
# decides a merge, beside a scored pair (1): a pair never compared is weaker evidence of two incidents
# than a low score. Counted as a zero, it splits a story told for months (a mass shooting's arrests,
# trial and funerals); left out, one strong pair chains unrelated incidents.
# 0.25 by cross-validation on GVA dev (scripts/fit_pair_model.py): pairwise F1 0.793 at 1.0 (every
# unscored pair a zero), 0.810 at 0.5 and 0.25, 0.808 at 0.1, 0.799 at 0 (scored pairs only).
UNSCORED_WEIGHT = 0.25


def _average_link(reports: list[ReportKey], prob: dict[tuple[int, int], float], threshold: float) -> list[set[int]]:
    """Merge the pair of groups with the highest mean cross probability while it reaches the threshold;
    the mean counts each cross pair never scored at UNSCORED_WEIGHT (a merge still needs one scored
    cross pair at or above the threshold: the mean is never above the best scored pair)."""
    members: dict[int, set[int]] = {i: {i} for i in range(len(reports))}
    docs: dict[int, set[str]] = {i: {r.document_id} for i, r in enumerate(reports)}
    span: dict[int, tuple[dt.date, dt.date] | None] = {i: _span(r) for i, r in enumerate(reports)}
    total: dict[int, dict[int, float]] = defaultdict(dict)  # summed probability between groups
    known: dict[int, dict[int, int]] = defaultdict(dict)  # scored pairs between groups
    for (i, j), p in prob.items():
        total[i][j] = p
        total[j][i] = p
        known[i][j] = known[j][i] = 1

    def mean_of(a: int, b: int) -> float:
        n = len(members[a]) * len(members[b])
        k = known[a].get(b, 0)
        return total[a].get(b, 0.0) / (k + UNSCORED_WEIGHT * (n - k))

    heap = [(-p, i, j) for (i, j), p in prob.items() if p >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        mean = mean_of(a, b)
        if abs(mean + neg) > 1e-12:
            continue  # stale entry: the groups changed since it was pushed
        if docs[a] & docs[b]:
            continue  # one document's reports are different incidents by construction
        if _too_far_apart(span[a], span[b]):
            continue  # every cross pair is further apart than any candidate rule reaches (an undated bridge)
        if len(members[a]) < len(members[b]):
            a, b = b, a
        members[a] |= members.pop(b)
        docs[a] |= docs.pop(b)
        span[a] = _joined(span[a], span.pop(b))
        kb = known.pop(b)
        for c, s in total.pop(b).items():
            if c == a:
                continue
            total[c].pop(b, None)
            known[c].pop(b, None)
            total[a][c] = total[a].get(c, 0.0) + s
            total[c][a] = total[a][c]
            known[a][c] = known[a].get(c, 0) + kb.get(c, 0)
            known[c][a] = known[a][c]
        total[a].pop(b, None)
        known[a].pop(b, None)
        for c in total[a]:
            mean = mean_of(a, c)
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(a, c), max(a, c)))
    return list(members.values())


def _span(r: Any) -> tuple[dt.date, dt.date] | None:
    """The first and last of a report's incident and publication dates (None: neither known)."""
    days = [d for d in (r.date, r.published) if d is not None]
    return (min(days), max(days)) if days else None


def _joined(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date] | None:
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


def _too_far_apart(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    """Whether two groups' dated reports lie more than NAME_WINDOW_DAYS apart, every one of them: no cross
    pair could be a candidate by place, name or lead (no such rule reaches that far), so they are known
    apart, not merely never compared. Two such groups joined only through an undated report (a scraped
    page with no date, a template retold years later) stay two incidents. (A copy edge does reach that
    far; a copy republished more than NAME_WINDOW_DAYS after its original stays apart from it too.)"""
    if a is None or b is None:
        return False
    return max((b[0] - a[1]).days, (a[0] - b[1]).days) > NAME_WINDOW_DAYS
