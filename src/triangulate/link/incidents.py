"""Group reports that tell of the same incident.

Contract: `group(reports) -> dict[report_id, incident_key]`. Blocking keeps the cost near-linear:
reports are compared only within the same country and first-level division and a few days of each
other (sorted by date, a sliding window). A pair is linked when its score (date, place, means,
actors, tolls, wording) passes `THRESHOLD`; groups are the connected components (union-find), never
joining two reports of one document.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

WINDOW_DAYS = 4
THRESHOLD = 2.6
_COMPATIBLE = {
    frozenset({"airstrike", "missile"}), frozenset({"airstrike", "barrel_bomb"}), frozenset({"shelling", "missile"}),
    frozenset({"airstrike", "shelling"}), frozenset({"car_bomb", "suicide_attack"}), frozenset({"car_bomb", "explosion"}),
    frozenset({"suicide_attack", "explosion"}), frozenset({"ied", "explosion"}), frozenset({"chemical", "airstrike"}),
    frozenset({"chemical", "shelling"}), frozenset({"shooting", "armed_clash"}), frozenset({"execution", "shooting"}),
}


@dataclass(slots=True)
class ReportKey:
    id: str
    document_id: str
    date: dt.date | None
    country: str | None
    admin1: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    means: str | None
    perpetrator: str | None
    target: str | None
    toll: int | None
    words: frozenset[str] = field(default_factory=frozenset)
    published: dt.date | None = None


class _UnionFind:
    def __init__(self, items: list[str], docs: dict[str, str]) -> None:
        self.parent = {i: i for i in items}
        self.members: dict[str, set[str]] = {i: {docs[i]} for i in items}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.members[ra] & self.members[rb]:
            return False  # one document's reports are different incidents by construction
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        return True


def _km(a: ReportKey, b: ReportKey) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def score(a: ReportKey, b: ReportKey) -> float:
    """How strongly two reports look like one incident (higher is more)."""
    if a.date is None or b.date is None:
        return 0.0
    # the incident dates, or the publication dates when two reports of one day date it differently
    days = min(abs((x - y).days) for x in (a.date, a.published) for y in (b.date, b.published) if x and y)
    s = {0: 1.0, 1: 0.6, 2: 0.2}.get(days, -5.0)
    if a.geonameid and a.geonameid == b.geonameid:
        s += 0.8
    else:
        km = _km(a, b)
        if km is not None and km < 25:
            s += 0.5
        elif a.admin1 and a.admin1 == b.admin1:
            s += 0.3
    if a.means and b.means:
        if a.means == b.means:
            s += 0.4
        elif frozenset({a.means, b.means}) in _COMPATIBLE:
            s += 0.1
        else:
            s -= 0.5
    if a.perpetrator and b.perpetrator:
        s += 0.3 if a.perpetrator == b.perpetrator else -0.3
    if a.toll and b.toll:
        ratio = min(a.toll, b.toll) / max(a.toll, b.toll)
        s += 0.5 if ratio >= 0.6 else (0.1 if ratio >= 0.3 else -0.4)
    if a.words and b.words:
        overlap = len(a.words & b.words) / max(1, min(len(a.words), len(b.words)))
        s += 0.6 * overlap
    return s


def group(reports: list[ReportKey]) -> dict[str, str]:
    """Incident key (the smallest member report id) for every report."""
    uf = _UnionFind([r.id for r in reports], {r.id: r.document_id for r in reports})
    blocks: dict[tuple[str | None, str | None], list[ReportKey]] = defaultdict(list)
    for r in reports:
        if r.date is not None and (r.admin1 or r.country):
            blocks[(r.country, r.admin1)].append(r)
    pairs: list[tuple[float, str, str]] = []
    for members in blocks.values():
        members.sort(key=lambda r: r.date)  # type: ignore[arg-type,return-value]
        start = 0
        for i, r in enumerate(members):
            while (r.date - members[start].date).days > WINDOW_DAYS:  # type: ignore[operator]
                start += 1
            for other in members[start:i]:
                if other.document_id == r.document_id:
                    continue
                s = score(r, other)
                if s >= THRESHOLD:
                    pairs.append((s, r.id, other.id))
    for _, a, b in sorted(pairs, reverse=True):  # strongest links first
        uf.union(a, b)
    roots: dict[str, list[str]] = defaultdict(list)
    for r in reports:
        roots[uf.find(r.id)].append(r.id)
    return {rid: min(ids) for ids in roots.values() for rid in ids}
