"""Named migrations, applied in order and recorded in the database (sqlite-utils style).

Source tables (documents, reports, claims) are written as documents land; derived tables (incidents,
`report_links`, `claim_reviews`, provenance, sources, and the linking index `link_*`, `copy_bands`) are
kept by `Ledger.update()` (what is new, one transaction) and rebuilt by `Ledger.relink()` (into copies,
swapped in by one transaction: store/shadow.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from triangulate.store.db import Database

Step = str | Callable[[Database], None]  # a statement, or a step in Python where SQL differs between SQLite and PostgreSQL


def _fill_document_relays(db: Database) -> None:
    """0018: the outlets each landed document credits (a JSON list, read here rather than by each database's
    JSON functions); the outlets its claims relay are filled by a statement."""
    last = ""
    while True:
        rows = db.query("SELECT id, published, credited FROM documents WHERE id > ? AND credited IS NOT NULL"
                        " AND credited <> '[]' ORDER BY id LIMIT 5000", (last,))
        if not rows:
            return
        last = rows[-1]["id"]
        db.executemany("INSERT INTO document_relays (day, outlet, document_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       [(r["published"] or "", o, r["id"]) for r in rows for o in sorted(set(json.loads(r["credited"])))
                        if isinstance(o, str) and o])


def _pairs_by_report(db: Database) -> None:
    """0022: a report's scored pairs read together. Clustering asks for the strong pairs of a set of reports,
    `p >= threshold AND a IN (...)` and `... b IN (...)`: with `link_pairs` a rowid table, each of the
    report's pairs (about 19 a report) was a row fetched from its own page of the table to read `p`, at
    random in a big ledger's file (10 s of a +1,000 update on a million reports). SQLite: the table is
    keyed by its primary key (WITHOUT ROWID: a report's pairs as `a` lie side by side) and indexed on
    (b, p), which holds `a` too; PostgreSQL: the index on `b` holds `p` and `a`."""
    if db.kind == "postgres":
        db.execute("DROP INDEX IF EXISTS link_pairs_b")
        db.execute("CREATE INDEX link_pairs_b ON link_pairs (b, p, a)")
        return
    db.execute("DROP TABLE IF EXISTS link_pairs__keyed")
    db.execute("""CREATE TABLE link_pairs__keyed (
            a TEXT NOT NULL, b TEXT NOT NULL, p DOUBLE PRECISION NOT NULL, because TEXT, PRIMARY KEY (a, b))
            WITHOUT ROWID""")
    db.execute("INSERT INTO link_pairs__keyed (a, b, p, because) SELECT a, b, p, because FROM link_pairs ORDER BY a, b")
    db.execute("DROP TABLE link_pairs")
    db.execute("ALTER TABLE link_pairs__keyed RENAME TO link_pairs")
    db.execute("CREATE INDEX link_pairs_b ON link_pairs (b, p)")


MIGRATIONS: list[tuple[str, list[Step]]] = [
    ("0001_initial", [
        """CREATE TABLE IF NOT EXISTS documents (
            id TEXT PRIMARY KEY, source TEXT, outlet TEXT, title TEXT, published TEXT, url TEXT,
            credited TEXT, text TEXT NOT NULL, junk TEXT, n_reports INTEGER NOT NULL,
            n_claims INTEGER NOT NULL, ingested_at TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS reports (
            id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id), idx INTEGER NOT NULL,
            main INTEGER NOT NULL, date TEXT, date_basis TEXT, place_name TEXT, geonameid INTEGER,
            lat DOUBLE PRECISION, lon DOUBLE PRECISION, country TEXT, admin1 TEXT, place_precision TEXT,
            perpetrator TEXT, target TEXT, means TEXT, toll_killed INTEGER, toll_wounded INTEGER,
            record TEXT NOT NULL, incident_id TEXT, credibility DOUBLE PRECISION)""",
        """CREATE TABLE IF NOT EXISTS claims (
            id TEXT PRIMARY KEY, report_id TEXT NOT NULL REFERENCES reports(id),
            document_id TEXT NOT NULL REFERENCES documents(id), idx INTEGER NOT NULL, kind TEXT NOT NULL,
            value INTEGER, low INTEGER, high INTEGER, qualifier TEXT, victims TEXT, children INTEGER,
            women INTEGER, vague_term TEXT, part_of INTEGER, in_title INTEGER, lead INTEGER,
            relayed_from TEXT, speaker TEXT, speaker_type TEXT, speaker_role TEXT, via TEXT,
            hedged INTEGER, hedge TEXT, ev_start INTEGER, ev_end INTEGER, ev_text TEXT)""",
        """CREATE TABLE IF NOT EXISTS incidents (
            id TEXT PRIMARY KEY, date TEXT, date_end TEXT, place_name TEXT, geonameid INTEGER,
            lat DOUBLE PRECISION, lon DOUBLE PRECISION, country TEXT, admin1 TEXT, place_precision TEXT,
            means TEXT, perpetrator TEXT, target TEXT, title TEXT,
            killed_low INTEGER, killed_best INTEGER, killed_high INTEGER, killed_high_open INTEGER,
            killed_contradiction INTEGER, wounded_low INTEGER, wounded_best INTEGER, wounded_high INTEGER,
            wounded_high_open INTEGER, wounded_contradiction INTEGER, grade TEXT, contested INTEGER,
            n_reports INTEGER, n_documents INTEGER, n_independent INTEGER, n_outlets INTEGER,
            summary TEXT)""",
        """CREATE TABLE IF NOT EXISTS provenance (
            src TEXT NOT NULL, dst TEXT NOT NULL, kind TEXT NOT NULL, detail TEXT,
            PRIMARY KEY (src, dst, kind))""",
        """CREATE TABLE IF NOT EXISTS sources (
            outlet TEXT PRIMARY KEY, reliability DOUBLE PRECISION, uncertainty DOUBLE PRECISION,
            n_documents INTEGER, n_scored INTEGER, n_agree INTEGER)""",
        """CREATE TABLE IF NOT EXISTS errors (
            id TEXT PRIMARY KEY, source TEXT, message TEXT, at TEXT)""",
        "CREATE INDEX IF NOT EXISTS reports_document ON reports(document_id)",
        "CREATE INDEX IF NOT EXISTS reports_incident ON reports(incident_id)",
        "CREATE INDEX IF NOT EXISTS claims_report ON claims(report_id)",
        "CREATE INDEX IF NOT EXISTS incidents_date ON incidents(date)",
    ]),
    ("0002_corrections", [
        """CREATE TABLE IF NOT EXISTS corrections (
            id TEXT PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,
            target TEXT NOT NULL, payload TEXT NOT NULL, why TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS corrections_target ON corrections(target)",
    ]),
    ("0003_incident_indexes", [
        "CREATE INDEX IF NOT EXISTS incidents_best ON incidents(killed_best)",
        "CREATE INDEX IF NOT EXISTS incidents_lines ON incidents(n_independent)",
        "CREATE INDEX IF NOT EXISTS incidents_admin1 ON incidents(admin1, date)",
        "CREATE INDEX IF NOT EXISTS incidents_grade ON incidents(grade, date)",
        "CREATE INDEX IF NOT EXISTS incidents_means ON incidents(means, date)",
        "CREATE INDEX IF NOT EXISTS incidents_perpetrator ON incidents(perpetrator, date)",
        "CREATE INDEX IF NOT EXISTS provenance_src ON provenance(src)",
    ]),
    ("0004_incident_search", [
        "ALTER TABLE incidents ADD COLUMN search TEXT",
        "ALTER TABLE incidents ADD COLUMN attention INTEGER",
        "CREATE INDEX IF NOT EXISTS incidents_attention ON incidents(attention, date)",
    ]),
    ("0005_watched", [
        # what `triangulate watch` has taken in: a file (path + size + mtime) or a feed item's URL, and
        # each feed's ETag / Last-Modified for conditional requests
        """CREATE TABLE IF NOT EXISTS watched (
            key TEXT PRIMARY KEY, kind TEXT NOT NULL, seen_at TEXT NOT NULL, outcome TEXT)""",
        """CREATE TABLE IF NOT EXISTS feeds (
            url TEXT PRIMARY KEY, etag TEXT, modified TEXT, checked_at TEXT)""",
    ]),
    ("0006_filter_indexes", [
        # every filter of the review app's list has an index (country and target had none)
        "CREATE INDEX IF NOT EXISTS incidents_country ON incidents(country, date)",
        "CREATE INDEX IF NOT EXISTS incidents_target ON incidents(target, date)",
    ]),
    ("0007_link_index", [
        # what incremental linking keeps (store/link_index.py): the frozen statistics, each indexed report's
        # date block, rare names and lead LSH bands, each document's copy bands, and every scored pair
        "CREATE TABLE IF NOT EXISTS link_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS link_df (
            kind TEXT NOT NULL, outlet TEXT NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL,
            PRIMARY KEY (kind, outlet, term))""",
        "CREATE TABLE IF NOT EXISTS link_documents (document_id TEXT PRIMARY KEY)",
        """CREATE TABLE IF NOT EXISTS link_reports (
            report_id TEXT PRIMARY KEY, block TEXT, day TEXT, date TEXT, published TEXT)""",
        "CREATE INDEX IF NOT EXISTS link_reports_block ON link_reports(block, day)",
        "CREATE TABLE IF NOT EXISTS link_names (name TEXT NOT NULL, report_id TEXT NOT NULL, PRIMARY KEY (name, report_id))",
        "CREATE TABLE IF NOT EXISTS link_bands (band BIGINT NOT NULL, report_id TEXT NOT NULL, PRIMARY KEY (band, report_id))",
        """CREATE TABLE IF NOT EXISTS copy_bands (
            band BIGINT NOT NULL, document_id TEXT NOT NULL, PRIMARY KEY (band, document_id))""",
        """CREATE TABLE IF NOT EXISTS link_pairs (
            a TEXT NOT NULL, b TEXT NOT NULL, p DOUBLE PRECISION NOT NULL, because TEXT, PRIMARY KEY (a, b))""",
        "CREATE INDEX IF NOT EXISTS link_pairs_b ON link_pairs(b)",
        "CREATE INDEX IF NOT EXISTS provenance_dst ON provenance(dst, kind)",
        "CREATE INDEX IF NOT EXISTS documents_published ON documents(published)",
        "CREATE INDEX IF NOT EXISTS documents_outlet ON documents(outlet)",
    ]),
    ("0008_keyset_indexes", [
        # the review app pages by keyset on (sort column, id): each sort, alone or after a filter, is one
        # index range scan
        "CREATE INDEX IF NOT EXISTS incidents_date_id ON incidents(date, id)",
        "CREATE INDEX IF NOT EXISTS incidents_best_id ON incidents(killed_best, id)",
        "CREATE INDEX IF NOT EXISTS incidents_lines_id ON incidents(n_independent, id)",
        "DROP INDEX IF EXISTS incidents_date",
        "DROP INDEX IF EXISTS incidents_best",
        "DROP INDEX IF EXISTS incidents_lines",
        *[f"CREATE INDEX IF NOT EXISTS incidents_{c}_date_id ON incidents({c}, date, id)"
          for c in ("admin1", "grade", "means", "perpetrator", "target", "country", "attention")],
        *[f"DROP INDEX IF EXISTS incidents_{c}" for c in ("admin1", "grade", "means", "perpetrator", "target", "country",
                                                          "attention")],
    ]),
    ("0009_relay_lookups", [
        # a new document's relay origins are its credited outlets' documents of the same day
        "CREATE INDEX IF NOT EXISTS documents_outlet_day ON documents(outlet, published)",
    ]),
    ("0010_claim_lines", [
        # each claim's independent line of evidence, worked out once when its incident is built (the
        # review app reads it; it no longer works it out a second way)
        "ALTER TABLE claims ADD COLUMN line TEXT",
    ]),
    ("0011_context_claims", [
        # a background figure ("15,000 killed since the conflict began"): kept and shown, never reconciled
        "ALTER TABLE claims ADD COLUMN context TEXT",
    ]),
    ("0012_landing_order", [
        # `update` looks only at documents landed since it last ran
        "CREATE INDEX IF NOT EXISTS documents_ingested ON documents(ingested_at)",
    ]),
    ("0013_document_language", [
        # the language a document is written in (ISO 639-1, detected or given) and why nothing was
        # read from it ("written in German, which triangulate does not read", "no casualty figures found")
        "ALTER TABLE documents ADD COLUMN language TEXT",
        "ALTER TABLE documents ADD COLUMN notice TEXT",
    ]),
    ("0014_claim_reviews", [
        # each claim as the analysts' corrections leave it, worked out once when its incident is built
        # (the review app reads it instead of applying the corrections a second time): `review` is
        # extracted / accepted / edited / rejected, `revised` the edited fields as JSON
        "ALTER TABLE claims ADD COLUMN review TEXT",
        "ALTER TABLE claims ADD COLUMN revised TEXT",
    ]),
    ("0015_link_texts", [
        # what linking reads of each document's text (link/text_keys.py), worked out once: a rebuild
        # reads it back instead of reading every text again; `version` says which rules made it
        """CREATE TABLE IF NOT EXISTS link_texts (
            document_id TEXT PRIMARY KEY REFERENCES documents(id), version TEXT NOT NULL, key TEXT NOT NULL)""",
    ]),
    ("0016_link_report_places", [
        # the place an indexed report is linked by (as its outlet's home region leaves it): a block pair more
        # than FAR_KM apart is no candidate (link/features.py `within_reach`). An index made before has no
        # places, so the next update rebuilds it
        "ALTER TABLE link_reports ADD COLUMN geonameid INTEGER",
        "ALTER TABLE link_reports ADD COLUMN lat DOUBLE PRECISION",
        "ALTER TABLE link_reports ADD COLUMN lon DOUBLE PRECISION",
        "INSERT INTO link_meta (key, value) SELECT 'rebuild_pending', '0016_link_report_places'"
        " WHERE EXISTS (SELECT 1 FROM link_reports) ON CONFLICT DO NOTHING",
    ]),
    ("0017_derived_tables", [
        # what linking and reconciling derive for a report (its incident, its credibility) and a claim (its line
        # of evidence, its review state) leaves the source rows for tables of their own: a relink writes a row
        # of a few dozen bytes instead of a report row with its record (4 kB), and every derived table can be
        # rebuilt beside the one readers use and swapped in (store/derive.py)
        """CREATE TABLE IF NOT EXISTS report_links (
            report_id TEXT PRIMARY KEY, incident_id TEXT NOT NULL, credibility DOUBLE PRECISION)""",
        "CREATE INDEX IF NOT EXISTS report_links_incident ON report_links(incident_id)",
        "INSERT INTO report_links (report_id, incident_id, credibility)"
        " SELECT id, incident_id, credibility FROM reports WHERE incident_id IS NOT NULL",
        "CREATE TABLE IF NOT EXISTS claim_reviews (claim_id TEXT PRIMARY KEY, line TEXT, review TEXT, revised TEXT)",
        "INSERT INTO claim_reviews (claim_id, line, review, revised) SELECT id, line, review, revised FROM claims"
        " WHERE line IS NOT NULL OR review IS NOT NULL OR revised IS NOT NULL",
        "DROP INDEX IF EXISTS reports_incident",
        "ALTER TABLE reports DROP COLUMN incident_id",
        "ALTER TABLE reports DROP COLUMN credibility",
        "ALTER TABLE claims DROP COLUMN line",
        "ALTER TABLE claims DROP COLUMN review",
        "ALTER TABLE claims DROP COLUMN revised",
    ]),
    ("0018_document_relays", [
        # the outlets a document names as its source (credited, or relayed by one of its claims), on its
        # publication day ('' for none), written as it lands: linking a new document looks up the older ones
        # of its day that name its outlet here instead of reading every document of that day and its claims
        """CREATE TABLE IF NOT EXISTS document_relays (
            day TEXT NOT NULL, outlet TEXT NOT NULL, document_id TEXT NOT NULL REFERENCES documents(id),
            PRIMARY KEY (day, outlet, document_id))""",
        "INSERT INTO document_relays (day, outlet, document_id) SELECT DISTINCT COALESCE(d.published, ''),"
        " c.relayed_from, d.id FROM claims c JOIN documents d ON d.id = c.document_id"
        " WHERE c.relayed_from IS NOT NULL AND c.relayed_from <> '' ON CONFLICT DO NOTHING",
        _fill_document_relays,
    ]),
    ("0019_documents_landed", [
        # the documents landed since the linking watermark, with what `update()` orders them by, read from the
        # index alone: the watermark looks back an hour for clock skew, and fetching each row of that hour
        # (its id and publication date) from a big ledger's file was 3 s of a +1000 update on a cold cache
        "DROP INDEX IF EXISTS documents_ingested",
        "CREATE INDEX IF NOT EXISTS documents_landed ON documents(ingested_at, id, published)",
    ]),
    ("0020_link_report_facts", [
        # what linking compares of an indexed report, beside its place: a candidate's key is read from its
        # link_reports row and its document's text key, not from its report row and document row (on a big
        # ledger each a page of its own, seldom in memory). Filled in from the reports and documents here
        *[f"ALTER TABLE link_reports ADD COLUMN {c}" for c in (
            "document_id TEXT", "main INTEGER", "dated INTEGER", "means TEXT", "perpetrator TEXT", "target TEXT",
            "toll INTEGER", "outlet TEXT")],
        "UPDATE link_reports SET document_id = r.document_id, main = r.main, dated = CASE WHEN r.date IS NULL THEN 0"
        " ELSE 1 END, means = r.means, perpetrator = r.perpetrator, target = r.target, toll = r.toll_killed,"
        " outlet = d.outlet FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id = link_reports.report_id",
    ]),
    ("0021_link_norms", [
        # each indexed report's TF-IDF norms (overall; under its outlet's frequencies), fixed while the statistics
        # are: a candidate's cosine with a new report then needs the frequencies of the words they share only,
        # not of all its words. A report indexed before has none: worked out and stored when first needed
        """CREATE TABLE IF NOT EXISTS link_norms (
            report_id TEXT PRIMARY KEY, norm DOUBLE PRECISION NOT NULL, outlet_norm DOUBLE PRECISION)""",
    ]),
    ("0022_pairs_by_report", [_pairs_by_report]),
]

# a ledger migrated past these has derived columns no rebuild has filled yet: `Ledger` fills them once
# (`Ledger._fill_reviews`)
NEEDS_RELINK = {"0014_claim_reviews"}


def migrate(db: Database) -> list[str]:
    """Apply the migrations not yet recorded; returns their names."""
    with db.transaction():
        db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {r["name"] for r in db.query("SELECT name FROM migrations")}
    applied = []
    for name, statements in MIGRATIONS:
        if name in done:
            continue
        with db.transaction():
            # checked again under the write lock: another process opening the same new ledger may
            # have applied it since we looked
            if db.scalar("SELECT 1 FROM migrations WHERE name = ?", (name,)) is not None:
                continue
            for step in statements:
                if isinstance(step, str):
                    db.execute(step)
                else:
                    step(db)
            db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                       (name, dt.datetime.now(dt.UTC).isoformat()))
        applied.append(name)
    return applied
