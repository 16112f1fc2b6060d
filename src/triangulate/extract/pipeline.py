"""The extraction pipeline: Document -> Extraction (incidents, claims, evidence, attribution).

Every stage reads the document's clean text (junk blanked, offsets unchanged) and returns offset
views; this module wires them together. `Extractor.pipe` runs many documents, optionally across
processes, and turns a failure on one document into that document's error.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from triangulate.extract.attribution import Statement
from triangulate.extract.casualties import CasualtyMention
from triangulate.extract.dates import DateMention
from triangulate.extract.finders import Finders, finders_for
from triangulate.extract.incidents import (
    choose_actors,
    choose_date,
    choose_means,
    choose_place,
    segment,
)
from triangulate.extract.places import PlaceMention, admin1_name, harmonise, is_upper_text
from triangulate.extract.wounded import derive_wounded, place_deaths_among_hit, place_people_named_again
from triangulate.ingest.language import detect_language, is_read, language_name
from triangulate.ingest.metadata import outlet_country, outlet_name
from triangulate.ingest.readers import Pending
from triangulate.model import (
    ActorRef,
    Attribution,
    Claim,
    Document,
    Evidence,
    Extraction,
    Place,
    RecordError,
    Report,
    Span,
)
from triangulate.sentences import sentences


def _relay_regions(doc: Document) -> list[tuple[int, int, str]]:
    """Stretches of text another outlet wrote: before 'Continue this article at RT' back to the
    last section break, or the whole text for a wire credit ('-REUTERS', '..., FNA reported')."""
    regions = []
    for span in doc.credits:
        kind, oid = span.kind.split(":", 1)
        if kind == "continue":
            breaks = [m.end() for m in re.finditer(r"\n[ \t]*\n[ \t]*\n", doc.text[: span.start])]
            regions.append((breaks[-1] if breaks else 0, span.start, oid))
        else:
            regions.append((0, len(doc.text), oid))
    return regions


def _evidence(doc: Document, start: int, end: int) -> Evidence:
    return Evidence(doc.id, start, end, doc.text[start:end])


def _attribution(doc: Document, statement: Statement | None, hedge: str | None, relay: str | None) -> Attribution:
    att = Attribution()
    if statement is not None:
        att.speaker = statement.speaker
        att.speaker_type = statement.speaker_type
        att.role = statement.role
        att.via = list(statement.via)
        att.confirms = list(statement.confirms)
        att.hedged, att.hedge = statement.hedged, statement.hedge
        att.evidence = _evidence(doc, statement.start, statement.end)
    if hedge and not att.hedged:
        att.hedged, att.hedge = True, hedge
    if relay:
        name = outlet_name(relay) or relay
        if name not in att.via:
            att.via.append(name)
    return att


def _place(doc: Document, p: PlaceMention | None) -> Place | None:
    if p is None:
        return None
    e = p.entry
    return Place(
        name=e.name, geonameid=e.geonameid, lat=e.lat, lon=e.lon, country=e.country,
        admin1=admin1_name(e.country, e.admin1), precision=e.precision,
        mention=_evidence(doc, p.start, p.end),
    )


TIME_BUDGET_SECONDS = 20.0  # per document; a 1 MB report of prose reads in about 2 s


class Extractor:
    """`extractor(doc) -> Extraction`; `extractor.pipe(docs, n_process=2)` for batches. A document
    whose sentences take longer than `budget` seconds to read becomes a per-record error."""

    budget: float = TIME_BUDGET_SECONDS

    def __call__(self, doc: Document) -> Extraction:
        text = doc.clean_text()
        if doc.language is None:
            doc.language = detect_language(text)
        if not is_read(doc.language):
            return Extraction(document=doc, notice=f"written in {language_name(doc.language)}, which triangulate "
                                                   "does not read: nothing extracted")
        extraction = self._extract(doc, text, finders_for(doc.language))
        if not any(r.claims for r in extraction.reports):
            extraction.notice = "no casualty figures found"
        return extraction

    def _extract(self, doc: Document, text: str, finders: Finders) -> Extraction:
        r = self._read(doc, text, finders)
        n = len(r.sents)
        has_claims = [bool(c) for c in r.casualties]
        # the incident's date is read where the body first states figures; the headline's only when the body
        # states none (a headline's "was to begin a job Monday" or "Nov. 2 shooting" dates no toll)
        first_claims = ([i for i in range(n) if has_claims[i] and i not in r.title_idx]
                        or [i for i in range(n) if has_claims[i]])[:2]
        main_date = choose_date(r.dates, first_claims, r.lead, skip=doc.dateline)
        labels = segment(
            text, r.sents, title=doc.title_span, has_claims=has_claims, dates=r.dates,
            main_date=main_date.date if main_date else None,
        )
        reports: list[Report] = []
        for label in sorted(set(labels)):
            idx = [i for i in range(n) if labels[i] == label]
            lead = [i for i in r.lead if i in idx] if label == 0 else idx[:1]
            report = _report(r, idx, label == 0, lead)
            if report.main or report.claims:
                reports.append(report)
        return Extraction(document=doc, reports=reports)

    def _read(self, doc: Document, text: str, finders: Finders) -> _Reading:
        """One pass over the sentences: casualty figures (and the background ones), statements."""
        sents = sentences(text)
        if doc.title_span is not None:
            sents = _split_at(sents, doc.title_span)
        n = len(sents)
        title_idx = {i for i, s in enumerate(sents)
                     if doc.title_span and s.start < doc.title_span.end and s.end > doc.title_span.start}
        context = finders.countries(text, outlet_country(doc.outlet, doc.url))
        upper_text = is_upper_text(text)
        r = _Reading(
            doc=doc, text=text, finders=finders, sents=sents, title_idx=title_idx,
            lead=[i for i in range(n) if i not in title_idx][:3], context=context, upper_text=upper_text,
            dates=_by_sentence(finders.dates(text, 0, len(text), doc.published), sents),
            regions=_relay_regions(doc),
            # the whole text's places vote in `harmonise`; its first 20,000 characters are enough
            document_places=finders.places(text, 0, min(len(text), 20_000), context, upper_text),
        )
        seen_bodies: set[str] = set()
        history: list[Statement] = []
        started = time.perf_counter()
        for i, s in enumerate(sents):
            if time.perf_counter() - started > self.budget:
                raise ExtractionTimeout(f"extraction stopped after {self.budget:g} s at sentence {i} of {n}: "
                                        "the text is quarantined rather than stalling the batch")
            key = " ".join(text[s.start: s.end].split()).lower()
            found = finders.casualties(text, s)
            cue = finders.background_cue(text, s.start, s.end) if found and key not in seen_bodies else None
            background = (cue or "", found if cue else [])
            if key in seen_bodies or cue:
                found = []  # a repeated sentence, or a war-wide total that is not this incident's (kept as context)
            vague = [c for c in found if c.number.vague_term and finders.background_term(c.number.vague_term)]
            if vague:  # "killed thousands": a campaign's or a war's toll, not one incident's
                background = (vague[0].number.vague_term or "", background[1] + vague)
                found = [c for c in found if c not in vague]
            seen_bodies.add(key)
            r.casualties.append(found)
            r.background.append(background)
            st = finders.statements(text, s.start, s.end, history)
            r.statements.append(st)
            history.extend(st)
        return r

    def pipe(self, docs: Iterable[Document | Pending | RecordError], *, n_process: int = 1,
             batch_size: int = 64, then: Callable[[Extraction], Extraction] | None = None) -> Iterator[Extraction]:
        """Extractions in input order; a read error or a crash on one document becomes its error.
        `Pending` records are built into documents where they are extracted (in the workers); `then`
        (a module-level function) is applied to each extraction there too."""
        if n_process <= 1:
            for doc in docs:
                yield self._safe(doc) if then is None else then(self._safe(doc))
            return
        with ProcessPoolExecutor(max_workers=n_process, initializer=_warm) as pool:
            yield from pool.map(partial(_extract_one, then=then), docs, chunksize=batch_size)

    def _safe(self, doc: Document | Pending | RecordError) -> Extraction:
        if isinstance(doc, RecordError):
            return Extraction(document=Document(text="", source=doc.source), errors=[doc])
        try:
            if isinstance(doc, Pending):
                doc = doc.build()
            return self(doc)
        except Exception as exc:  # one bad document must not stop the batch
            detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
            document = doc if isinstance(doc, Document) else Document(text="", source=doc.source)
            return Extraction(document=document, errors=[RecordError(doc.source, f"extraction failed: {detail}")])


@dataclass(slots=True)
class _Reading:
    """One document as the finders read it, sentence by sentence: what every report of it is built
    from (the per-document context each step below takes)."""

    doc: Document
    text: str
    finders: Finders
    sents: list[Span]
    title_idx: set[int]
    lead: list[int]
    context: dict[str, int]  # the countries the text names, with counts
    upper_text: bool
    dates: list[list[DateMention]]  # per sentence
    regions: list[tuple[int, int, str]]  # stretches another outlet wrote
    document_places: list[PlaceMention]
    casualties: list[list[CasualtyMention]] = field(default_factory=list)  # per sentence: this incident's figures
    background: list[tuple[str, list[CasualtyMention]]] = field(default_factory=list)  # per sentence: (cue, context figures)
    statements: list[list[Statement]] = field(default_factory=list)  # per sentence


def _report(r: _Reading, idx: list[int], main: bool, lead: list[int]) -> Report:
    """One incident's report from the sentences `idx`: claims, then date, place, actors and means,
    each read first where the claims, the headline and the lead are."""
    report = Report(main=main, sentences=[r.sents[i] for i in idx])
    claim_sentences = [i for i in idx if r.casualties[i]]
    _add_claims(r, report, idx)
    _add_date(r, report, claim_sentences, lead, main)
    focus, rest = _focus(r, idx, claim_sentences, lead)
    title = r.title_idx & set(idx)

    def scan(finder: Callable[..., list[Any]]) -> list[tuple[int, Any]]:
        found = [(i, m) for i in focus for m in finder(r.text, r.sents[i].start, r.sents[i].end)]
        if not found:
            found = [(i, m) for i in rest for m in finder(r.text, r.sents[i].start, r.sents[i].end)]
        return found

    place_mentions = scan(lambda t, a, b: r.finders.places(t, a, b, r.context, r.upper_text))
    place_mentions = list(zip([i for i, _ in place_mentions],
                              harmonise([m for _, m in place_mentions], document=r.document_places)))
    report.place = _place(r.doc, choose_place(
        r.text, place_mentions, claim_sentences=set(claim_sentences), title_sentences=title, lead=set(lead),
        context=r.context, locative=r.finders.locative, away=r.finders.away,
    ))
    perp, targ = choose_actors(r.text, scan(r.finders.actors), r.sents, claim_sentences=set(claim_sentences),
                               title_sentences=title, lead=set(lead), role_of=r.finders.actor_role)
    if perp:
        report.perpetrator = ActorRef(perp.id, perp.actor["name"], perp.actor["category"],
                                      _evidence(r.doc, perp.start, perp.end))
    if targ:
        report.target = ActorRef(targ.id, targ.actor["name"], targ.actor["category"], _evidence(r.doc, targ.start, targ.end))
    positions = {i: [c.start for c in r.casualties[i]] for i in claim_sentences}
    chosen = choose_means(scan(r.finders.means), claim_sentences=claim_sentences, title_sentences=title,
                          lead=lead, claim_positions=positions)
    if chosen:
        report.means = chosen.id
        report.means_evidence = _evidence(r.doc, chosen.start, chosen.end)
    return report


def _focus(r: _Reading, idx: list[int], claim_sentences: list[int], lead: list[int]) -> tuple[list[int], list[int]]:
    """Only parse what needs parsing: the claim sentences, the headline and the lead tell where, by
    whom and how; the rest of the report is read only when they are silent."""
    wanted = set(claim_sentences) | r.title_idx | set(lead)
    focus = [i for i in idx if i in wanted] or idx
    return focus, [i for i in idx if i not in focus]


def _add_claims(r: _Reading, report: Report, idx: list[int]) -> None:
    """The incident's figures with their attribution, then the background ones as context claims."""
    for i in idx:
        s = r.sents[i]
        hedge_word = r.finders.hedge(r.text, s.start, s.end)
        for c in r.casualties[i]:
            st = min(r.statements[i], key=lambda x: abs(x.cue_start - c.start), default=None)
            relay = next((oid for a, b, oid in r.regions if a <= c.start < b), None)
            claim = _claim(r.doc, c, i in r.title_idx, _attribution(r.doc, st, hedge_word, relay))
            claim.relayed_from, claim.counted = relay, c.extra.get("counted") or None
            report.claims.append(claim)
        report.statements.extend(_attribution(r.doc, st, None, None) for st in r.statements[i] if st.speaker)
    mentions = [c for i in idx for c in r.casualties[i]]
    _link_subsets(report.claims, mentions)
    among_hit = {k for k, m in enumerate(mentions) if m.shape == "of_hit"}
    place_deaths_among_hit(report, among_hit)
    place_people_named_again(report, {k: m.extra["named_again"] for k, m in enumerate(mentions) if m.extra.get("named_again")})
    wounded = derive_wounded(report, r.doc.text, among_hit)
    if wounded is not None:  # "four people were shot, one fatally": 3 wounded, and the sum that says so
        report.claims.append(wounded)
    for i in idx:  # background tolls last: the indexes of the incident's own claims stay as they were
        cue, mentions = r.background[i]
        for c in mentions:
            claim = _claim(r.doc, c, i in r.title_idx, _attribution(r.doc, None, None, None))
            claim.context, claim.children, claim.women = cue, None, None
            report.claims.append(claim)


def _claim(doc: Document, c: CasualtyMention, in_title: bool, attribution: Attribution) -> Claim:
    return Claim(
        kind=c.kind,  # type: ignore[arg-type]
        value=c.number.value, low=c.number.low, high=c.number.high,
        qualifier=c.number.qualifier,  # type: ignore[arg-type]
        victims=c.victims,  # type: ignore[arg-type]
        evidence=_evidence(doc, c.start, c.end), attribution=attribution,
        number_text=c.number.text, victim_text=c.victim_text, vague_term=c.number.vague_term,
        children=c.children, women=c.women, in_title=in_title,
    )


def _add_date(r: _Reading, report: Report, claim_sentences: list[int], lead: list[int], main: bool) -> None:
    d = choose_date(r.dates, claim_sentences, lead, skip=r.doc.dateline)
    if d is None and main:
        d = choose_date(r.dates, sorted(r.title_idx), [], skip=r.doc.dateline)
    if d is not None:
        report.date, report.date_basis = d.date, d.basis
        report.date_evidence = _evidence(r.doc, d.start, d.end)


class ExtractionTimeout(Exception):
    """A document's extraction ran over the time budget."""


_EXTRACTOR = Extractor()


def _warm() -> None:
    from triangulate.extract.places import _index

    _index()


def _extract_one(doc: Document | Pending | RecordError,
                 then: Callable[[Extraction], Extraction] | None = None) -> Extraction:
    ex = _EXTRACTOR._safe(doc)
    return ex if then is None else then(ex)


def _split_at(sents: list[Span], title: Span) -> list[Span]:
    """Make the title its own sentence when a flattened text runs it into the body."""
    out: list[Span] = []
    for s in sents:
        if s.start < title.end < s.end and s.start >= title.start:
            out.append(Span(s.start, title.end, s.kind))
            out.append(Span(title.end, s.end, s.kind))
        else:
            out.append(s)
    return [s for s in out if s.end > s.start]


def _by_sentence(dates: list[DateMention], sents: list[Span]) -> list[list[DateMention]]:
    out: list[list[DateMention]] = [[] for _ in sents]
    for d in dates:
        for i in range(len(sents)):
            if sents[i].start <= d.start < sents[i].end:
                out[i].append(d)
                break
    return out


def _link_subsets(claims: list[Claim], mentions: list[CasualtyMention]) -> None:
    """'at least 14 of the dead were rebels' is part of the toll before it; 'six civilians ... were
    among at least 22' is part of the toll after it."""
    for k, (claim, mention) in enumerate(zip(claims, mentions)):
        if mention.subset:
            parent = next((j for j in range(k - 1, -1, -1) if claims[j].kind == claim.kind and not mentions[j].subset), None)
            claim.part_of = parent
        elif mention.subset_of_next:
            later = next((j for j in range(k + 1, len(claims))
                          if claims[j].kind == claim.kind and not mentions[j].subset_of_next), None)
            claim.part_of = later
    for k, claim in enumerate(claims):
        if claim.part_of is None and claim.value == 1 and claim.victim_text:
            # "the death of a staff member" after "Thirteen staff members were killed": one of them
            head = _singular(claim.victim_text)
            claim.part_of = next((j for j in range(k - 1, -1, -1)
                                  if claims[j].kind == claim.kind and (claims[j].value or 0) > 1
                                  and claims[j].part_of is None
                                  and _singular(claims[j].victim_text or "") == head), None)


def _singular(noun: str) -> str:
    """A victim noun's head without a plural ending, to tell "member" and "members" are one noun."""
    word = noun.lower().split()[-1] if noun.split() else noun.lower()
    return re.sub(r"(?:es|s)$", "", word) if len(word) > 3 else word


def extract_document(doc: Document) -> Extraction:
    return _EXTRACTOR(doc)


def published_or_none(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)
