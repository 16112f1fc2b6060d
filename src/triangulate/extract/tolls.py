"""A report's own toll: the figure it leads with, split by victim group.

Contract: `lead_toll(report, kind) -> Toll`. A report often states the same toll several times
(headline, lead, a quote) and mentions other incidents' tolls further down; the lead figure is what
a reader (and a coder) takes from it: the first body sentence that states the kind, else the
headline; a headline figure larger than that sentence's is the whole the lead gives a part of.
Groups stated side by side in that sentence add up ("six civilians and five militiamen"); a subset
("14 of the dead were rebels") splits its parent without being added again. A toll that holds the
perpetrator ("5 dead, including the gunman") is 4 victims and the perpetrator's death, as a report
that tells them apart ("killed four before turning the gun on himself") gives them.
"""

from __future__ import annotations

from dataclasses import dataclass

from triangulate.extract.people import includes_perpetrator
from triangulate.model import Claim, Report


@dataclass(frozen=True, slots=True)
class Toll:
    total: int
    civilians: int
    military: int
    fighters: int
    unspecified: int
    claims: tuple[int, ...]  # indexes into report.claims the figure came from
    perpetrator: int = 0  # the perpetrator's own death ("before turning the gun on himself"), not in total

    @property
    def noncivilians(self) -> int:
        return self.military + self.fighters


def _sentence_of(report: Report, claim: Claim) -> int:
    for i, s in enumerate(report.sentences):
        if s.start <= claim.evidence.start < s.end:
            return i
    return -1


def lead_toll(report: Report | None, kind: str = "killed") -> Toll:
    if report is None:
        return Toll(0, 0, 0, 0, 0, ())
    everything = [(i, c) for i, c in enumerate(report.claims)
                  if c.kind == kind and c.value is not None and c.context is None]  # background is no toll
    indexed = [(i, c) for i, c in everything if c.victims != "perpetrator"]
    perpetrator = _perpetrator_deaths(report, everything)
    tops = [(i, c) for i, c in indexed if c.part_of is None]
    body = [(i, c) for i, c in tops if not c.in_title]
    title = [(i, c) for i, c in tops if c.in_title]
    if not body and not title:
        return Toll(0, 0, 0, 0, 0, (), perpetrator)
    holds = {c.value for _, c in title if includes_perpetrator(c.evidence.text)}  # "4 dead in murder-suicide"
    toll = _first_sentence_toll(report, body or title, indexed, perpetrator, holds)
    if body and any(c.qualifier != "vague" for _, c in title):
        # a headline that counts more than the lead sentence: the lead gives a part ("four children were
        # among the dead") or an earlier count, the headline the whole ("Air raids kill 11 civilians")
        headline = _first_sentence_toll(report, [(i, c) for i, c in title if c.qualifier != "vague"], indexed,
                                        perpetrator, holds)
        if headline.total > toll.total:
            return headline
    return toll


def _first_sentence_toll(report: Report, pool: list[tuple[int, Claim]], indexed: list[tuple[int, Claim]],
                         perpetrator: int, holds: set[int | None]) -> Toll:
    """The toll of the first sentence of `pool`; `holds`: headline figures said to hold the
    perpetrator's death, so the same figure in the body holds it too."""
    first_sentence = min(_sentence_of(report, c) for _, c in pool)
    lead = [(i, c) for i, c in pool if _sentence_of(report, c) == first_sentence]
    groups = {"civilians": 0, "military": 0, "fighters": 0}
    general = 0
    for _, c in lead:
        # the largest figure per group: a headline copied into the lead repeats the same toll
        if c.victims in ("unspecified", "mixed"):
            general = max(general, c.value or 0)
        else:
            groups[c.victims] = max(groups[c.victims], c.value or 0)
    lead_ids = {i for i, _ in lead}
    held = [c for _, c in lead if c.value and (includes_perpetrator(c.evidence.text) or c.value in holds)]
    if held:  # "5 dead, including the gunman": 4 victims and the gunman
        c = held[0]
        if c.victims in ("unspecified", "mixed") and general == c.value:
            general, perpetrator = general - 1, 1
        elif c.victims in groups and groups[c.victims] == c.value:
            groups[c.victims], perpetrator = groups[c.victims] - 1, 1
    typed = sum(groups.values())
    if general and typed <= general:
        # subsets of the general toll split it: "at least 14 of the dead were rebels"
        for _, c in indexed:
            if c.part_of in lead_ids and c.victims in groups:
                parent = report.claims[c.part_of]
                if parent.victims in ("unspecified", "mixed"):
                    groups[c.victims] += c.value or 0
        typed = min(sum(groups.values()), general)
        return Toll(general, groups["civilians"], groups["military"], groups["fighters"], general - typed,
                    tuple(sorted(lead_ids)), perpetrator)
    return Toll(typed, groups["civilians"], groups["military"], groups["fighters"], 0, tuple(sorted(lead_ids)),
                perpetrator)


def _perpetrator_deaths(report: Report, claims: list[tuple[int, Claim]]) -> int:
    """The perpetrator died (own hand, or killed): 1 when the body says so, whatever it repeats."""
    return int(any(c.victims == "perpetrator" and not c.in_title for _, c in claims))
