"""The wounded among the people hit, when a report gives no wounded figure of its own.

Contract: `derive_wounded(report, text, among_hit) -> Claim | None`, a wounded claim the report's
words imply, never one they do not (`place_deaths_among_hit` and `place_people_named_again` first mark
the claims that are parts of others). Local and conflict reporting alike often count the people
*hit* and say which died: "four people were shot, one fatally", "Five people were shot outside a
restaurant ... one died at the hospital", "5 shot in west Baltimore". A coder reads 3, 4 and 5
wounded; a claim extractor that counts only the words "wounded" and "injured" reads none.

The derived claim is a wounded claim like the others (it reaches the toll, the incident's figures
and the exports) and says how it was made: `counted` holds the sum ("hit 4 - killed 1"), its
evidence spans the figure of people hit, and the killed figure it subtracts is a claim of the same
report with its own span. It is made only when

- the report states no wounded figure (a stated one always wins);
- the people hit are counted exactly (no "at least", no range, nothing vague);
- the deaths subtracted are the ones said to be among them ("one fatally", "two of them died"), or
  the report's death toll when it is smaller than the number hit (the hit include the dead: "Two men
  were shot ... One of them died"). A death toll as large as the number hit or larger leaves nothing
  to derive: whether the people hit are among the dead or beside them ("Three people were killed and
  a fourth was shot") the words do not say.
"""

from __future__ import annotations

import dataclasses
import re

from triangulate.extract.tolls import lead_toll
from triangulate.model import Claim, Evidence, Report

_ALSO = re.compile(r"\b(?:also|another|other)\b", re.IGNORECASE)
_BESIDE = re.compile(r"\b(?:others?|another|also|more)\b", re.IGNORECASE)
NEAR = 40  # characters between the people hit and the deaths among them that one span may join


def _own(report: Report, kind: str) -> list[tuple[int, Claim]]:
    return [(i, c) for i, c in enumerate(report.claims)
            if c.kind == kind and c.value is not None and c.context is None]


def place_people_named_again(report: Report, again: dict[int, str]) -> None:
    """A person hurt or hit whom the words name again is someone the report has counted before: a
    name or noun that a death of the report was counted under ("Antrez Felder died ... Felder was
    wounded in the head", "the boy"), or one of a group counted before it ("one of the men was
    injured"). Such a claim is kept as part of that figure (`part_of`), not counted again. `again`:
    claim index -> the word that names the person (or "one of")."""
    own = [(i, c) for i, c in enumerate(report.claims) if c.context is None and c.value is not None and c.part_of is None]
    for i, word in sorted(again.items()):
        claim = report.claims[i]
        if claim.kind not in ("wounded", "hit") or _ALSO.search(claim.evidence.text):
            continue
        if word == "one of":
            claim.part_of = next((j for j, c in own if j != i and c.kind in ("wounded", "hit") and (c.value or 0) > 1
                                  and c.evidence.start < claim.evidence.start), None)
            continue
        named = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
        claim.part_of = next((j for j, c in own if c.kind == "killed" and c.victims != "perpetrator"
                              and named.search(c.evidence.text)), None)


def place_deaths_among_hit(report: Report, among_hit: set[int]) -> None:
    """Deaths counted among people hit ("nine people were shot, three of them fatally") are the
    report's own deaths when those people are the report's first count of people hurt or hit (its
    lead); a breakdown of another group (a past shooting the article recalls, a related headline) is
    kept as part of its own figure (`part_of`), not added to the report's toll."""
    lead = next((c for c in report.claims if c.kind in ("hit", "wounded") and c.context is None and not c.in_title
                 and c.value is not None), None)
    for i in sorted(among_hit):
        dead = report.claims[i]
        group = min((j for j, c in enumerate(report.claims) if c.kind == "hit" and c.in_title == dead.in_title
                     and abs(c.evidence.start - dead.evidence.start) <= NEAR + len(c.evidence.text)),
                    key=lambda j: abs(report.claims[j].evidence.start - dead.evidence.start), default=None)
        if group is None or lead is None or dead.in_title:
            continue
        hit = report.claims[group]
        if hit is not lead and hit.value != lead.value:
            dead.part_of = group


def derive_wounded(report: Report, text: str, among_hit: set[int]) -> Claim | None:
    """The wounded the report's people-hit figure implies (see the module docstring); `text` is the
    document's text, for the evidence span; `among_hit`, the indexes of the report's killed claims
    that count deaths among the people hit before them ("one fatally")."""
    if _own(report, "wounded"):
        return None
    hits = _own(report, "hit")
    if not hits:
        return None
    body = [c for _, c in hits if not c.in_title]
    title = [c for _, c in hits if c.in_title and c.qualifier == "exact"]
    hit = (body or title or [c for _, c in hits])[0]
    if body and title and (title[0].value or 0) > (hit.value or 0):
        hit = title[0]  # "Four people shot near theater" over "a male with gunshot wounds": the whole, not a part
    if hit.qualifier != "exact" or not hit.value:
        return None
    of_hit = [c for i, c in _own(report, "killed") if i in among_hit and c.in_title == hit.in_title and c.part_of is None
              and hit.evidence.start - NEAR <= c.evidence.start <= hit.evidence.end + NEAR]
    if of_hit:
        killed, spans = of_hit[0].value or 0, of_hit[:1]
    else:
        toll = lead_toll(report, "killed")
        killed = toll.total
        spans = [report.claims[j] for j in toll.claims[:1]]
        if killed and _BESIDE.search(hit.evidence.text):
            killed, spans = 0, []  # "four other people were shot": hit beside the dead
        elif killed >= hit.value:
            return None
    wounded = hit.value - killed
    if wounded <= 0:
        return None
    beside = [c.evidence for c in spans if c.in_title == hit.in_title and abs(c.evidence.start - hit.evidence.end) <= NEAR]
    start = min([hit.evidence.start] + [ev.start for ev in beside])
    end = max([hit.evidence.end] + [ev.end for ev in beside])
    sum_text = f"hit {hit.value}" + (f" - killed {killed} ({spans[0].evidence.text})" if killed else "")
    return dataclasses.replace(
        hit, kind="wounded", value=wounded, low=wounded, high=wounded, part_of=None, children=None, women=None,
        evidence=Evidence(hit.evidence.document, start, end, text[start:end]),
        counted=f"derived: {sum_text}", number_text=hit.number_text if not killed else "")

