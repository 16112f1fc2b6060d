"""The ledger's linking index: what lets a batch of new reports be linked against the ledger without
reading all of it, with the same result as a full rebuild on the same reports.

Contract:
- `Snapshot`: the statistics linking weighs words and places by (document frequencies of lead words
  and names, overall and per outlet; each outlet's home region). `refresh_snapshot(db)` counts them
  over the whole ledger, streaming; `load_snapshot(db)` reads the stored one. Between refreshes they
  are frozen, so every pair's probability depends on the two reports alone.
- `LinkIndex(db, snapshot).add(report_ids)` indexes new reports (date block, rare names, lead LSH
  bands, copy bands), scores each against the candidates the ledger holds (stored pairs), and
  re-clusters only the strong components it touches. Returns the incident ids that went away and the
  ones to (re)compute.

Why this equals a rebuild: candidates are a pairwise predicate (same block within the window and within reach, a
rare name within `NAME_WINDOW_DAYS`, a shared LSH band) and a pair's score depends only on the pair and
the snapshot. Average-link merges two groups only when a cross pair reaches the threshold, so every
incident lies inside one connected component of the pairs at or above the threshold, and clustering
one component never looks outside it. A batch changes only the components it joins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from triangulate.link.copies import copy_edge, relay_edges
from triangulate.link.features import (
    RARE_BAND_MAX_DF,
    RARE_NAME_MAX_DF,
    WINDOW_DAYS,
    Corpus,
    ReportKey,
    days_apart,
    key_within_reach,
    lead_bands,
    within_reach,
)
from triangulate.link.incidents import (
    _average_link,
    candidate_pairs,
    model,
    scored_pair,
)
from triangulate.link.outlet_regions import count_regions, disputed, homes_from, reread_places
from triangulate.link.text_keys import TEXT_CHARS, VERSION, TextKey, copy_jaccard, stored_copy, text_key
from triangulate.store.corrections import apply_to_groups
from triangulate.store.db import Database

CHUNK = 500  # ids per IN (...) query
CORPUS_CACHE = 300_000  # word, name and band frequencies kept between batches before they are read afresh
CLUSTER_CHUNK = 2_000  # reports without an incident clustered at a time (with their components)
KEY_CACHE = 8_000  # report keys kept from one batch to the next (about 8 kB each)

REPORT_SQL = (
    "SELECT r.id, r.document_id, r.main, r.date, r.country, r.admin1, r.geonameid, r.lat, r.lon, r.means,"
    " r.perpetrator, r.target, r.toll_killed, r.toll_wounded, r.place_name, r.place_precision,"
    " l.incident_id FROM reports r LEFT JOIN report_links l ON l.report_id = r.id")  # not the record (4 kB a
# report): read where it is needed
DOC_SQL = f"SELECT id, outlet, published, credited, title, substr(text, 1, {TEXT_CHARS}) AS text FROM documents"
RELAY_SQL = "SELECT id, outlet, published, credited FROM documents"


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for x in items:
        batch.append(x)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def query_in(db: Database, sql: str, values: Iterable[Any], *, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """`sql` with one `{}` standing for a placeholder list, run once per chunk of `values`."""
    out: list[dict[str, Any]] = []
    for batch in chunks(sorted(set(values))):
        out.extend(db.query(sql.format(", ".join("?" * len(batch))), (*params, *batch)))
    return out


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


# -- reading reports and documents ----------------------------------------------------------------
def load_documents(db: Database, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    docs = query_in(db, DOC_SQL + " WHERE id IN ({})", ids)
    for d in docs:
        d["credited"] = json.loads(d["credited"] or "[]")
    return {d["id"]: d for d in docs}


def load_reports(db: Database, ids: Iterable[str], homes: dict[str, tuple[str, str]],
                 by_doc: dict[str, dict[str, Any]], *, records: bool = False) -> list[dict[str, Any]]:
    """Report rows (sorted by id) with their outlet's home region applied to ambiguous places;
    `by_doc` is filled with their documents. `records`: every row with its stored record (the
    extraction as JSON); otherwise only the rows whose place is re-read have it."""
    rows = sorted(query_in(db, REPORT_SQL + " WHERE r.id IN ({})", ids), key=lambda r: r["id"])
    by_doc.update(load_documents(db, {r["document_id"] for r in rows} - by_doc.keys()))
    wanted = {r["id"] for r in rows if records or disputed(r, by_doc, homes)}
    record = {row["id"]: row["record"] for row in query_in(db, "SELECT id, record FROM reports WHERE id IN ({})", wanted)}
    for r in rows:
        r["record"] = record.get(r["id"])
    reread_places(rows, by_doc, homes)
    return rows


def report_keys(reports: list[dict[str, Any]], by_doc: dict[str, dict[str, Any]],
                texts: dict[str, TextKey] | None = None) -> list[ReportKey]:
    """What linking needs of each report: its facts, its document's headline words and opening
    (a secondary report of a document is linked by its own facts, not its document's lead). `texts`:
    the documents' text keys (`load_text_keys`); made from `by_doc`'s title and text when not given."""
    keys = []
    for r in reports:
        doc = by_doc[r["document_id"]]
        text: dict[str, Any] = {}
        if r["main"]:
            t = texts[r["document_id"]] if texts is not None else text_key(doc.get("title"), doc.get("text"))
            text = t.report_fields()
        keys.append(ReportKey(
            r["id"], r["document_id"], _date(r["date"]) or _date(doc.get("published")), r["country"], r["admin1"],
            r["geonameid"], r["lat"], r["lon"], r["means"], r["perpetrator"], r["target"], r["toll_killed"],
            published=_date(doc.get("published")), outlet=doc.get("outlet"), dated=r["date"] is not None, **text))
    return keys


INDEXED_COLUMNS = ("report_id AS id, document_id, main, dated, means, perpetrator, target, toll, outlet, block, date,"
                   " published, geonameid, lat, lon")
INDEXED_SQL = f"SELECT {INDEXED_COLUMNS} FROM link_reports WHERE report_id IN ({{}})"


def indexed_keys(db: Database, ids: Iterable[str],
                 known: dict[str, dict[str, Any]] | None = None) -> tuple[list[ReportKey], list[str]]:
    """The keys of reports already indexed, as `report_keys` made them when they were, from their
    `link_reports` rows (the place they were linked by, their outlet's home region applied, and the facts
    linking compares) and their documents' text keys: neither the report rows, nor their stored records,
    nor their documents are read (on a big ledger, pages seldom in memory: a report row and a document
    row are each a page of their own). Returns the keys, and the ids of the reports indexed with no place
    block (no date or no place: the index does not hold their country) or before `link_reports` held
    these facts (migration 0020 fills them): those are read the long way (`load_reports`). `known`: index
    rows already read (`INDEXED_COLUMNS`, by report id), not read again."""
    known = known or {}
    ids = set(ids)
    rows = sorted([known[i] for i in ids if i in known] + query_in(db, INDEXED_SQL, ids - known.keys()),
                  key=lambda r: r["id"])
    rows, unplaced = [r for r in rows if r["block"] and r["main"] is not None], [
        r["id"] for r in rows if not r["block"] or r["main"] is None]
    texts = load_text_keys(db, {r["document_id"] for r in rows if r["main"]})
    keys = []
    for r in rows:
        country, admin1 = r["block"].split("|", 1)
        text = texts[r["document_id"]].report_fields() if r["main"] else {}
        keys.append(ReportKey(
            r["id"], r["document_id"], _date(r["date"]), country or None, admin1 or None, r["geonameid"],
            r["lat"], r["lon"], r["means"], r["perpetrator"], r["target"], r["toll"],
            published=_date(r["published"]), outlet=r["outlet"], dated=bool(r["dated"]), **text))
    return keys, unplaced


def stored_keys(db: Database, ids: Iterable[str], homes: dict[str, tuple[str, str]],
                by_doc: dict[str, dict[str, Any]], known: dict[str, dict[str, Any]] | None = None) -> list[ReportKey]:
    """The keys of reports already indexed: from their index rows (`indexed_keys`; `known`: those read
    already), and the few the index holds no place block for the long way (`load_reports`, filling `by_doc`
    with their documents)."""
    keys, unplaced = indexed_keys(db, ids, known)
    rows = load_reports(db, unplaced, homes, by_doc)
    return keys + report_keys(rows, by_doc, load_text_keys(db, {r["document_id"] for r in rows if r["main"]}))


def load_copy_signatures(db: Database, document_ids: Iterable[str]) -> dict[str, np.ndarray[Any, np.dtype[np.uint64]]]:
    """The copy signatures of the documents' text keys, read without the rest of each key (the database
    takes it out of the JSON: a copy's older partners, mostly of other stories, are compared by it
    alone); a key not stored under these rules is made as `load_text_keys` makes it."""
    wanted = set(document_ids)
    field = "json_extract(key, '$.c')" if db.kind == "sqlite" else "(key::json)->>'c'"
    out = {row["document_id"]: stored_copy(row["c"]) for row in query_in(
        db, f"SELECT document_id, {field} AS c FROM link_texts WHERE version = ? AND document_id IN ({{}})", wanted,
        params=(VERSION,)) if row["c"] is not None}
    if wanted - out.keys():
        out.update((d, k.copy_array()) for d, k in load_text_keys(db, wanted - out.keys()).items())
    return out


def load_text_keys(db: Database, document_ids: Iterable[str]) -> dict[str, TextKey]:
    """The documents' text keys as stored; those not stored yet, or stored by other rules (another
    `VERSION`), are made from the text and stored (unless the ledger is open read-only)."""
    out: dict[str, TextKey] = {}
    wanted = set(document_ids)
    for row in query_in(db, "SELECT document_id, version, key FROM link_texts WHERE document_id IN ({})", wanted):
        if row["version"] == VERSION:
            out[row["document_id"]] = TextKey.from_json(row["key"])
    missing = wanted - out.keys()
    if not missing:
        return out
    made = []
    for d in query_in(db, f"SELECT id, title, substr(text, 1, {TEXT_CHARS}) AS text FROM documents WHERE id IN ({{}})",
                      missing):
        out[d["id"]] = text_key(d["title"], d["text"])
        made.append((d["id"], VERSION, out[d["id"]].to_json()))
    if made and not db.read_only:
        db.executemany("INSERT INTO link_texts (document_id, version, key) VALUES (?, ?, ?) ON CONFLICT (document_id)"
                       " DO UPDATE SET version = excluded.version, key = excluded.key", made)
    return out


def block_of(k: ReportKey) -> str | None:
    """The place block a report is compared within (None: no date or no place, no block)."""
    if (k.date or k.published) is None or not (k.admin1 or k.country):
        return None
    return f"{k.country or ''}|{k.admin1 or ''}"


# -- the statistics snapshot ------------------------------------------------------------------------
@dataclass(slots=True)
class Snapshot:
    n: int = 0  # reports counted
    outlet_n: dict[str, int] = field(default_factory=dict)
    homes: dict[str, tuple[str, str]] = field(default_factory=dict)
    at: str = ""

    def to_json(self) -> str:
        return json.dumps({"n": self.n, "outlet_n": self.outlet_n, "homes": {o: list(h) for o, h in self.homes.items()},
                           "at": self.at})

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        d = json.loads(text)
        return cls(d["n"], d["outlet_n"], {o: (h[0], h[1]) for o, h in d["homes"].items()}, d.get("at", ""))


def load_snapshot(db: Database) -> Snapshot | None:
    text = db.scalar("SELECT value FROM link_meta WHERE key = 'snapshot'")
    return Snapshot.from_json(text) if text else None


def all_report_ids(db: Database) -> Iterator[list[str]]:
    """Every report id, a chunk at a time (keyset pagination: flat memory)."""
    last = ""
    while True:
        rows = db.query("SELECT id FROM reports WHERE id > ? ORDER BY id LIMIT ?", (last, 5000))
        if not rows:
            return
        last = rows[-1]["id"]
        yield [r["id"] for r in rows]


def refresh_snapshot(db: Database) -> Snapshot:
    """Count the statistics over every report, a chunk at a time, and store them."""
    df: Counter[str] = Counter()
    name_df: Counter[str] = Counter()
    band_df: Counter[int] = Counter()
    outlet_n: Counter[str] = Counter()
    outlet_df: dict[str, Counter[str]] = defaultdict(Counter)
    regions: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    n = 0
    for ids in all_report_ids(db):
        by_doc: dict[str, dict[str, Any]] = {}
        rows = sorted(query_in(db, REPORT_SQL + " WHERE r.id IN ({})", ids), key=lambda r: r["id"])
        by_doc.update(load_documents(db, {r["document_id"] for r in rows}))
        count_regions(rows, by_doc, regions)
        texts = load_text_keys(db, {r["document_id"] for r in rows if r["main"]})
        for k in report_keys(rows, by_doc, texts):
            n += 1
            df.update(k.lead_terms.keys())
            name_df.update(k.names | k.streets)
            band_df.update(lead_bands(k))
            if k.outlet:
                outlet_n[k.outlet] += 1
                outlet_df[k.outlet].update(k.lead_terms.keys())
    snap = Snapshot(n, dict(outlet_n), homes_from(regions), dt.datetime.now(dt.UTC).isoformat())
    db.execute("DELETE FROM link_df")
    db.executemany("INSERT INTO link_df (kind, outlet, term, df) VALUES ('t', '', ?, ?)", df.items())
    # a name is a key while it is rare: only the names that are not need storing
    db.executemany("INSERT INTO link_df (kind, outlet, term, df) VALUES ('n', '', ?, ?)",
                   [(t, c) for t, c in name_df.items() if c > RARE_NAME_MAX_DF])
    db.executemany("INSERT INTO link_df (kind, outlet, term, df) VALUES ('b', '', ?, ?)",
                   [(str(b), c) for b, c in band_df.items() if c > RARE_BAND_MAX_DF])
    for outlet, counts in outlet_df.items():
        db.executemany("INSERT INTO link_df (kind, outlet, term, df) VALUES ('o', ?, ?, ?)",
                       [(outlet, t, c) for t, c in counts.items()])
    db.execute("DELETE FROM link_meta WHERE key = 'snapshot'")
    db.execute("INSERT INTO link_meta (key, value) VALUES ('snapshot', ?)", (snap.to_json(),))
    return snap


class StoredCorpus(Corpus):
    """A `Corpus` over the stored snapshot, holding only the frequencies of the words it was asked for."""

    def __init__(self, db: Database, snap: Snapshot) -> None:
        super().__init__([])
        self.db = db
        self.n = max(1, snap.n)
        self.outlet_n.update(snap.outlet_n)
        self.outlet_df = defaultdict(Counter)
        self._terms: set[str] = set()
        self._names: set[str] = set()
        self._bands: set[int] = set()
        self._outlet_terms: dict[str, set[str]] = defaultdict(set)
        # `_norms` also holds the norms stored in `link_norms` (overall and under the report's outlet's
        # frequencies): fixed while the statistics are, so a candidate's words need no frequencies read, only
        # the words it shares with a new report (which are the new report's, read with it)

    def idf(self, term: str, outlet: str | None = None) -> float:
        """As `Corpus.idf`, the term's frequency read first if no key asked for it yet (a word of a report
        whose stored norms spared reading its frequencies: never counted as a word no report has)."""
        if term not in (self._terms if outlet is None else self._outlet_terms[outlet]):
            self.load_terms({term} if outlet is None else set(), {outlet: {term}} if outlet is not None else {})
        return super().idf(term, outlet)

    def stored_norms(self, keys: list[ReportKey]) -> list[ReportKey]:
        """Read the stored norms of these reports; returns the reports that have none stored (indexed
        before the ledger kept them), whose frequencies must be read (`load`) and norms stored (`keep_norms`)."""
        rows = {row["report_id"]: row for row in query_in(
            self.db, "SELECT report_id, norm, outlet_norm FROM link_norms WHERE report_id IN ({})", {k.id for k in keys})}
        missing = []
        for k in keys:
            row = rows.get(k.id)
            if row is None or (row["outlet_norm"] is None and self.own_outlet(k.outlet)):
                missing.append(k)
                continue
            self._norms[(k.id, None)] = row["norm"]
            if k.outlet and row["outlet_norm"] is not None:
                self._norms[(k.id, k.outlet)] = row["outlet_norm"]
        return missing

    def norms_for(self, keys: list[ReportKey]) -> None:
        """Make the norms of these reports known: the stored ones read, the others worked out from their
        words' frequencies (read for them) and stored."""
        missing = self.stored_norms([k for k in keys if k.lead_terms and (k.id, None) not in self._norms])
        if not missing:
            return
        terms: set[str] = set()
        outlet_terms: dict[str, set[str]] = defaultdict(set)
        for k in missing:
            terms.update(k.lead_terms)
            if self.own_outlet(k.outlet):
                outlet_terms[k.outlet].update(k.lead_terms)  # type: ignore[index]
        self.load_terms(terms, outlet_terms)
        self.keep_norms(missing)

    def keep_norms(self, keys: list[ReportKey]) -> None:
        """Store these reports' norms (their frequencies loaded), unless the ledger is read-only (`norm`
        keeps each in the cache as it works it out)."""
        rows = [(k.id, self.norm(k), self.norm(k, k.outlet) if self.own_outlet(k.outlet) else None) for k in keys]
        if rows and not self.db.read_only:
            self.db.executemany("INSERT INTO link_norms (report_id, norm, outlet_norm) VALUES (?, ?, ?)"
                                " ON CONFLICT (report_id) DO NOTHING", rows)

    def load(self, keys: Iterable[ReportKey]) -> None:
        terms: set[str] = set()
        names: set[str] = set()
        bands: set[int] = set()
        outlet_terms: dict[str, set[str]] = defaultdict(set)
        for k in keys:  # gathered first, the ones already read taken out once (not a set difference per key)
            terms.update(k.lead_terms)
            names.update(k.names)
            names.update(k.streets)
            bands.update(lead_bands(k))
            if k.outlet and self.outlet_n.get(k.outlet, 0):
                outlet_terms[k.outlet].update(k.lead_terms)
        names -= self._names
        bands -= self._bands
        for row in query_in(self.db, "SELECT term, df FROM link_df WHERE kind = 'n' AND outlet = '' AND term IN ({})",
                            names):
            self.name_df[row["term"]] = row["df"]
        for row in query_in(self.db, "SELECT term, df FROM link_df WHERE kind = 'b' AND outlet = '' AND term IN ({})",
                            {str(b) for b in bands}):
            self.band_df[int(row["term"])] = row["df"]
        self._names |= names
        self._bands |= bands
        self.load_terms(terms, outlet_terms)

    def load_terms(self, terms: set[str], outlet_terms: dict[str, set[str]]) -> None:
        """Read the frequencies of these lead words, overall and under these outlets, not read yet."""
        terms = terms - self._terms
        for row in query_in(self.db, "SELECT term, df FROM link_df WHERE kind = 't' AND outlet = '' AND term IN ({})",
                            terms):
            self.df[row["term"]] = row["df"]
        for outlet, wanted in outlet_terms.items():
            wanted = wanted - self._outlet_terms[outlet]
            counts = self.outlet_df.setdefault(outlet, Counter())
            for row in query_in(self.db, "SELECT term, df FROM link_df WHERE kind = 'o' AND outlet = ? AND term IN ({})",
                                wanted, params=(outlet,)):
                counts[row["term"]] = row["df"]
            self._outlet_terms[outlet] |= wanted
        self._terms |= terms
        self._idf.clear()  # frequencies just read may change what was worked out without them

    def drop(self, k: ReportKey) -> None:
        """Forget one report's TF-IDF norms (overall and its outlet's): its key left a cache."""
        for key in ((k.id, None), (k.id, k.outlet)):
            self._norms.pop(key, None)

    def oversized(self) -> bool:
        return max(sum(map(len, self._idf.values())), len(self._terms), len(self._names),
                   len(self._bands)) > CORPUS_CACHE

    def forget(self) -> None:
        """Drop the per-report caches (a rebuild goes through the ledger a batch at a time), and the
        frequencies read so far once they pass CORPUS_CACHE entries: lead bands are mostly unique to
        their report, so the set of bands looked up grows with the ledger (28 a report)."""
        self._norms.clear()
        if self.oversized():
            self._idf.clear()
            self._terms.clear()
            self._names.clear()
            self._bands.clear()
            self.df.clear()
            self.name_df.clear()
            self.band_df.clear()
            self.outlet_df.clear()
            self._outlet_terms.clear()


# -- the index --------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Dated:
    """The dates of an indexed report (what the candidate windows compare)."""

    date: dt.date | None
    published: dt.date | None


@dataclass(slots=True)
class _Place:
    """An indexed report's place (what `within_reach` compares)."""

    geonameid: int | None
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class Change:
    gone: set[str] = field(default_factory=set)  # incident ids no longer in the ledger
    changed: set[str] = field(default_factory=set)  # incident ids to (re)compute


class LinkIndex:
    def __init__(self, db: Database, snap: Snapshot, *, corrections: list[dict[str, Any]] | None = None) -> None:
        self.db = db
        self.snap = snap
        self.corpus = StoredCorpus(db, snap)
        self.threshold: float = model()["threshold"]
        self.corrections = corrections or []
        self._bands: dict[str, list[int]] = {}
        self._keys: OrderedDict[str, ReportKey] = OrderedDict()
        self._corrected: dict[str, set[str]] = defaultdict(set)  # reports a correction ties together
        for c in self.corrections:
            other = (c.get("payload") or {}).get("to_report") or (c.get("payload") or {}).get("with_report")
            self._corrected[c["target"]].add(c["target"])
            if other:
                self._corrected[c["target"]].add(other)
                self._corrected[other].add(c["target"])

    def _remember(self, keys: list[ReportKey]) -> None:
        """Recent reports' keys, kept for the next batch (a rebuild goes oldest first, so the next
        batch's candidates are mostly this one's reports); at most KEY_CACHE of them."""
        for k in keys:
            self._keys[k.id] = k
            self._keys.move_to_end(k.id)
        while len(self._keys) > KEY_CACHE:
            self._keys.popitem(last=False)

    def lead_bands(self, k: ReportKey) -> list[int]:
        """The report's LSH bands that are keys (shared by few enough reports in the snapshot)."""
        if k.id not in self._bands:
            self._bands[k.id] = [b for b in lead_bands(k) if self.corpus.rare_band(b)]
        return self._bands[k.id]

    # indexing ---------------------------------------------------------------------------------
    def unindexed(self, since: str | None = None) -> list[str]:
        """Documents in the ledger that linking has not seen, oldest first; `since`: only those landed
        at or after this time (an index range, not a scan of every document)."""
        where = "WHERE NOT EXISTS (SELECT 1 FROM link_documents l WHERE l.document_id = d.id)"
        if not since:  # a rebuild's million ids: read off the cursor, not as a million one-column dicts first
            return [row[0] for row in self.db.execute(f"SELECT id FROM documents d {where} ORDER BY published, id")]
        # sorted here, not by the query: asked to, SQLite walks the publication-date index over every document
        # (27.6 s on a million) instead of the landing-time range
        rows = self.db.query(f"SELECT id, published FROM documents d {where} AND d.ingested_at >= ?", (since,))
        return [r["id"] for r in sorted(rows, key=lambda r: (r["published"] is not None, str(r["published"] or ""), r["id"]))]

    def add(self, document_ids: list[str]) -> Change:
        """Index, score and cluster the reports of documents linking has not seen."""
        keys, by_doc, moved_docs = self.index(document_ids)
        self._remember(keys)  # the next batch's candidates are mostly these
        pairs = self._score(keys, by_doc)
        self.db.executemany("INSERT INTO link_pairs (a, b, p, because) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                            pairs)
        seeds = {k.id for k in keys}
        if moved_docs:  # a copy's original changed: its incident's lines of evidence did
            seeds |= {r["id"] for r in query_in(self.db, "SELECT id FROM reports WHERE document_id IN ({})", moved_docs)}
        return self.recluster(seeds)

    def index(self, document_ids: list[str]) -> tuple[list[ReportKey], dict[str, dict[str, Any]], set[str]]:
        """Index the reports of these documents (date block, rare names, lead bands) and their copy and
        relay edges, without scoring them: their keys, their documents, and the older documents whose
        original changed."""
        self._bands = {}  # caches live for one batch: memory stays flat over a rebuild
        self.corpus.forget()
        by_doc: dict[str, dict[str, Any]] = {}
        report_ids = [r["id"] for r in query_in(self.db, "SELECT id FROM reports WHERE document_id IN ({})", document_ids)]
        rows = load_reports(self.db, report_ids, self.snap.homes, by_doc)
        by_doc.update(load_documents(self.db, set(document_ids) - by_doc.keys()))
        self.db.executemany("INSERT INTO link_documents (document_id) VALUES (?)", [(d,) for d in sorted(set(document_ids))])
        texts = load_text_keys(self.db, document_ids)
        keys = report_keys(rows, by_doc, texts)
        self.corpus.load(keys)
        self.corpus.keep_norms([k for k in keys if k.lead_terms])
        moved_docs = self._provenance(list(by_doc.values()), set(document_ids), texts)
        self._store_keys(keys, {r["id"] for r in rows if r["main"]})
        return keys, by_doc, moved_docs

    def _store_keys(self, keys: list[ReportKey], mains: set[str]) -> None:
        self.db.executemany(
            "INSERT INTO link_reports (report_id, block, day, date, published, geonameid, lat, lon, document_id, main,"
            " dated, means, perpetrator, target, toll, outlet) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(k.id, block_of(k), _iso(k.date or k.published), _iso(k.date), _iso(k.published), k.geonameid, k.lat, k.lon,
              k.document_id, int(k.id in mains), int(k.dated), k.means, k.perpetrator, k.target, k.toll, k.outlet)
             for k in keys])
        self.db.executemany("INSERT INTO link_names (name, report_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                            [(n, k.id) for k in keys for n in k.names | k.streets if self.corpus.rare(n)])
        self.db.executemany("INSERT INTO link_bands (band, report_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                            [(b, k.id) for k in keys for b in self.lead_bands(k)])

    def _candidates(self, keys: list[ReportKey], copies: set[tuple[str, str]],
                    rows: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
        """Indexed reports (not in this batch), each with the new reports it is a candidate pair with
        (`copies`: the batch's copy pairs, `_copy_pairs`). The index rows the block pass reads whole go
        into `rows` (by report id), so their keys are made without reading them again."""
        new = {k.id for k in keys}
        found: dict[str, set[str]] = defaultdict(set)  # old id -> new ids it may pair with
        by_block: dict[str, list[ReportKey]] = defaultdict(list)
        for k in keys:
            block = block_of(k)
            if block:
                by_block[block].append(k)
        for block, members in by_block.items():
            # one range query per run of overlapping windows: a batch's reports of one block are spread over
            # years, and one query from the first to the last would read the block's whole history
            for lo, hi, near in _windows(members):
                for row in self.db.query(f"SELECT {INDEXED_COLUMNS}, day FROM link_reports WHERE block = ?"
                                         " AND day BETWEEN ? AND ?", (block, lo.isoformat(), hi.isoformat())):
                    if row["id"] in new:
                        continue
                    day, there = _date(row["day"]), _Place(row["geonameid"], row["lat"], row["lon"])
                    for m in near:
                        if abs((day - (m.date or m.published)).days) <= WINDOW_DAYS and within_reach(m, there):  # type: ignore[operator]
                            found[row["id"]].add(m.id)
                            rows[row["id"]] = row
        # rare names (within NAME_WINDOW_DAYS, or undated) and lead bands (within BAND_WINDOW_DAYS): key_within_reach
        name_of: dict[str, list[ReportKey]] = defaultdict(list)
        for k in keys:
            for n in k.names | k.streets:
                if self.corpus.rare(n):
                    name_of[n].append(k)
        band_of: dict[int, list[ReportKey]] = defaultdict(list)
        for k in keys:
            for b in self.lead_bands(k):
                band_of[b].append(k)
        hits: list[tuple[str, ReportKey, bool]] = []
        for row in query_in(self.db, "SELECT name, report_id FROM link_names WHERE name IN ({})", name_of):
            hits += [(row["report_id"], k, True) for k in name_of[row["name"]]]
        for row in query_in(self.db, "SELECT band, report_id FROM link_bands WHERE band IN ({})", band_of):
            hits += [(row["report_id"], k, False) for k in band_of[row["band"]]]
        dated = {row["report_id"]: _Dated(_date(row["date"]), _date(row["published"])) for row in query_in(
            self.db, "SELECT report_id, date, published FROM link_reports WHERE report_id IN ({})",
            {h[0] for h in hits if h[0] not in new})}
        for old, k, by_name in hits:
            if old in new:
                continue
            if key_within_reach(days_apart(dated[old], k), by_name):  # type: ignore[arg-type]  # reads .date, .published
                found[old].add(k.id)
        for x, y in copies:  # a copy tells its original's story, whatever its date or place
            if y not in new:
                found[y].add(x)
            elif x not in new:
                found[x].add(y)
        return found

    def _copy_pairs(self, keys: list[ReportKey]) -> set[tuple[str, str]]:
        """The main reports of each new document and of the documents it copies or is copied by (copy edges
        of `provenance`, made by `_provenance` before the batch is scored), as pairs of report ids."""
        docs = {k.document_id for k in keys}
        edges = {(row["src"], row["dst"]) for sql in (
            "SELECT src, dst FROM provenance WHERE kind = 'copy' AND src IN ({})",
            "SELECT src, dst FROM provenance WHERE kind = 'copy' AND dst IN ({})") for row in query_in(self.db, sql, docs)}
        if not edges:
            return set()
        main = {row["document_id"]: row["id"] for row in query_in(
            self.db, "SELECT id, document_id FROM reports WHERE main = 1 AND document_id IN ({})",
            {d for e in edges for d in e})}
        return {(main[a], main[b]) for a, b in edges if a in main and b in main}

    def _score(self, keys: list[ReportKey], by_doc: dict[str, dict[str, Any]]) -> list[tuple[str, str, float, str | None]]:
        """Every scored pair (a < b by id), with the features that weighed most."""
        copies = self._copy_pairs(keys)
        rows: dict[str, dict[str, Any]] = {}
        found = self._candidates(keys, copies, rows)
        have = {r: self._keys[r] for r in found if r in self._keys}
        fetched = stored_keys(self.db, [r for r in found if r not in have], self.snap.homes, by_doc, rows)
        self._remember(fetched)
        have.update((k.id, k) for k in fetched)
        old_keys = [have[r] for r in sorted(found)]
        self.corpus.norms_for(old_keys)  # not their words' frequencies: a shared word is a new report's
        everyone = keys + old_keys
        pairs = set(candidate_pairs(keys, self.corpus, self.lead_bands))
        new_index = {k.id: i for i, k in enumerate(keys)}
        pairs |= {(min(new_index[a], new_index[b]), max(new_index[a], new_index[b])) for a, b in copies
                  if a in new_index and b in new_index}
        for j, o in enumerate(old_keys, start=len(keys)):
            pairs |= {(new_index[k], j) for k in found[o.id]}
        return [scored_pair(everyone[i], everyone[j], self.corpus) for i, j in pairs
                if everyone[i].document_id != everyone[j].document_id]

    # provenance ---------------------------------------------------------------------------------
    def _provenance(self, docs: list[dict[str, Any]], new_docs: set[str], texts: dict[str, TextKey]) -> set[str]:
        """Copy and relay edges of the new documents; returns the documents whose original changed."""
        new = [d for d in docs if d["id"] in new_docs]
        sigs = {d["id"]: texts[d["id"]] for d in new}
        bands = {d["id"]: sigs[d["id"]].copy_bands() for d in new}
        partners: dict[str, set[str]] = defaultdict(set)
        docs_of_band: dict[int, list[str]] = defaultdict(list)
        for did, bs in bands.items():
            for b in set(bs):
                docs_of_band[b].append(did)
        for row in query_in(self.db, "SELECT band, document_id FROM copy_bands WHERE band IN ({})", docs_of_band):
            for did in docs_of_band[row["band"]]:
                partners[did].add(row["document_id"])
        by_band: dict[int, list[str]] = defaultdict(list)
        for d in sorted(new, key=lambda d: d["id"]):
            for b in bands[d["id"]]:
                for other in by_band[b]:
                    partners[d["id"]].add(other)
                by_band[b].append(d["id"])
        # an older partner is compared by its stored copy signature; only a copy's date is read
        old_sigs = load_copy_signatures(self.db, {o for ps in partners.values() for o in ps} - sigs.keys())
        arrays = {did: key.copy_array() for did, key in sigs.items()}
        copies_found = []
        for did, others in partners.items():
            for other in others:
                if other in sigs and other > did:
                    continue  # a pair of new documents is compared once
                theirs = arrays[other] if other in arrays else old_sigs.get(other)
                jaccard = copy_jaccard(arrays[did], theirs) if theirs is not None else 0.0
                if jaccard >= 0.5:
                    copies_found.append((did, other, jaccard))
        everyone = {d["id"]: d for d in query_in(self.db, "SELECT id, published FROM documents WHERE id IN ({})",
                                                 {other for _, other, _ in copies_found} - sigs.keys())}
        everyone.update((d["id"], d) for d in new)
        edges = [copy_edge(everyone[a], everyone[b], jaccard) for a, b, jaccard in copies_found]
        self.db.executemany("INSERT INTO copy_bands (band, document_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                            [(b, did) for did, bs in bands.items() for b in set(bs)])
        self.db.executemany(
            "INSERT INTO provenance (src, dst, kind, detail) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(e.src, e.dst, e.kind, e.detail) for e in edges])
        self._relays(new)
        moved = {e.src for e in edges if e.src not in new_docs}
        frontier = set(moved)
        while frontier:  # copies of a copy follow it to its new original
            rows = query_in(self.db, "SELECT src FROM provenance WHERE kind = 'copy' AND dst IN ({})", frontier)
            frontier = {r["src"] for r in rows} - moved
            moved |= frontier
        return moved

    def _relays(self, new: list[dict[str, Any]]) -> None:
        """Relay edges of the new documents, and of the older ones whose origin a new document may
        now be (same day, crediting or relaying its outlet): only those are recomputed."""
        same_day = "published = ?"
        recompute = {d["id"] for d in new}
        outlets_of: dict[Any, set[str]] = defaultdict(set)  # day -> the outlets that published on it
        for d in new:
            if d["outlet"]:
                outlets_of[d["published"]].add(d["outlet"])
        # documents of those days that credit one of the day's outlets, or relay a claim from one (written
        # as they landed: `document_relays`), a day at a time
        for day, outlets in outlets_of.items():
            recompute |= {r["document_id"] for r in self.db.query(
                f"SELECT document_id FROM document_relays WHERE day = ? AND outlet IN ({', '.join('?' * len(outlets))})",
                (day or "", *sorted(outlets)))}
        docs = query_in(self.db, RELAY_SQL + " WHERE id IN ({})", recompute)
        for d in docs:
            d["credited"] = json.loads(d["credited"] or "[]")
        relayed: dict[str, set[str]] = defaultdict(set)
        for row in query_in(self.db, "SELECT DISTINCT r.document_id, c.relayed_from FROM claims c"
                                     " JOIN reports r ON r.id = c.report_id"
                                     " WHERE c.relayed_from IS NOT NULL AND r.document_id IN ({})", recompute):
            relayed[row["document_id"]].add(row["relayed_from"])
        wanted = {(o, d["published"]) for d in docs for o in set(d["credited"]) | relayed.get(d["id"], set())
                  if o != d["outlet"]}
        origins: list[dict[str, Any]] = []
        for outlet, day in sorted(wanted, key=str):
            when = same_day if day else "published IS NULL"
            origins += self.db.query(f"{RELAY_SQL} WHERE outlet = ? AND {when}", (outlet, *((day,) if day else ())))
        for batch in chunks(sorted(recompute)):
            self.db.execute(f"DELETE FROM provenance WHERE kind = 'relay' AND src IN ({', '.join('?' * len(batch))})",
                            batch)
        self.db.executemany(
            "INSERT INTO provenance (src, dst, kind, detail) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(e.src, e.dst, e.kind, e.detail) for e in relay_edges(docs, relayed, origins)])

    # clustering ---------------------------------------------------------------------------------
    def component(self, seeds: set[str]) -> set[str]:
        """Every report joined to `seeds` by a pair at or above the threshold, by a correction, or by
        sharing an incident with one of them."""
        members = set(seeds)
        frontier = set(seeds)
        while frontier:
            found: set[str] = set()
            for row in query_in(self.db, "SELECT a, b FROM link_pairs WHERE p >= ? AND a IN ({})", frontier,
                                params=(self.threshold,)):
                found.add(row["b"])
            for row in query_in(self.db, "SELECT a, b FROM link_pairs WHERE p >= ? AND b IN ({})", frontier,
                                params=(self.threshold,)):
                found.add(row["a"])
            for r in frontier:
                found |= self._corrected.get(r, set())
            incidents = {row["incident_id"] for row in query_in(
                self.db, "SELECT incident_id FROM report_links WHERE report_id IN ({})", frontier)}
            found |= {row["report_id"] for row in query_in(
                self.db, "SELECT report_id FROM report_links WHERE incident_id IN ({})", incidents)}
            frontier = found - members
            members |= frontier
        return members

    def cluster_unassigned(self) -> None:
        """Cluster every report that has no incident yet (a rebuild whose pairs were scored apart),
        a chunk of them at a time, each with its whole component."""
        last = ""
        while True:
            seeds = [r["id"] for r in self.db.query(
                "SELECT r.id FROM reports r WHERE r.id > ? AND NOT EXISTS"
                " (SELECT 1 FROM report_links l WHERE l.report_id = r.id) ORDER BY r.id LIMIT ?", (last, CLUSTER_CHUNK))]
            if not seeds:
                return
            last = seeds[-1]
            with self.db.transaction():
                self.recluster(set(seeds))

    def recluster(self, seeds: set[str]) -> Change:
        members = self.component(seeds)
        ids = sorted(members)
        rows = query_in(self.db, "SELECT r.id, r.document_id, l.incident_id, x.date, x.published FROM reports r"
                                 " LEFT JOIN report_links l ON l.report_id = r.id"
                                 " LEFT JOIN link_reports x ON x.report_id = r.id WHERE r.id IN ({})", ids)
        docs = {row["id"]: _Doc(row["document_id"], _date(row["date"]), _date(row["published"])) for row in rows}
        pos = {r: i for i, r in enumerate(ids)}
        prob: dict[tuple[int, int], float] = {}
        for row in query_in(self.db, "SELECT a, b, p FROM link_pairs WHERE a IN ({})", ids):
            if row["b"] in pos:
                prob[(pos[row["a"]], pos[row["b"]])] = row["p"]
        groups = _average_link([docs[r] for r in ids], prob, self.threshold)  # type: ignore[misc]  # reads .document_id, dates
        incident_of = {ids[i]: min(ids[j] for j in g) for g in groups for i in g}
        incident_of = apply_to_groups(incident_of, self.corrections)
        now = {rid: incident_id(key) for rid, key in incident_of.items()}
        before = {row["id"]: row["incident_id"] for row in rows}
        self.db.executemany("INSERT INTO report_links (incident_id, report_id) VALUES (?, ?) ON CONFLICT (report_id)"
                            " DO UPDATE SET incident_id = excluded.incident_id",
                            [(iid, rid) for rid, iid in sorted(now.items()) if before.get(rid) != iid])
        # an incident is computed again when its members changed or one of them is a seed (new, corrected,
        # or its document's original moved); the rest of the component is left as it is
        members_now: dict[str, set[str]] = defaultdict(set)
        members_before: dict[str, set[str]] = defaultdict(set)
        for rid, iid in now.items():
            members_now[iid].add(rid)
        for rid, iid in before.items():
            if iid:
                members_before[iid].add(rid)
        changed = {iid for iid, rs in members_now.items() if rs != members_before.get(iid) or rs & seeds}
        return Change(set(members_before) - set(members_now), changed)


def _windows(members: list[ReportKey]) -> list[tuple[dt.date, dt.date, list[ReportKey]]]:
    """The block's date windows (each report's day +- WINDOW_DAYS), overlapping ones merged: (first day,
    last day, the reports whose window it is). Every member has a day (`block_of`)."""
    reach = dt.timedelta(days=WINDOW_DAYS)
    dated = sorted(((m.date or m.published, m.id, m) for m in members), key=lambda t: (t[0], t[1]))
    out: list[tuple[dt.date, dt.date, list[ReportKey]]] = []
    for day, _, m in dated:
        assert day is not None
        if out and day - reach <= out[-1][1]:
            out[-1][2].append(m)
            out[-1] = (out[-1][0], day + reach, out[-1][2])
        else:
            out.append((day - reach, day + reach, [m]))
    return out


@dataclass(slots=True)
class _Doc:
    document_id: str
    date: dt.date | None = None
    published: dt.date | None = None


def incident_id(key: str) -> str:
    return "inc-" + hashlib.sha1(key.encode()).hexdigest()[:12]
