"""The ledger over the seeds: one incident, a flagged contradiction, agreed wounded, the RT relay."""

from __future__ import annotations

import json

import pytest
from paths import FAKES, SEEDS


def test_seeds_form_one_contradictory_incident(ledger):
    result = ledger.ingest([SEEDS])
    assert (result.added, result.skipped, result.errors) == (2, 0, [])
    incidents = ledger.incidents()
    assert len(incidents) == 1
    inc = incidents[0]
    assert (inc.date, inc.place_name, inc.admin1, inc.means) == ("2016-09-17", "Deir ez-Zor", "Deir ez-Zor", "airstrike")
    assert (inc.perpetrator, inc.target) == ("us_coalition", "syria_gov")
    # killed: 62 vs at least 70 vs more than 90 cannot all hold
    assert inc.killed_contradiction is True
    assert inc.killed_low == 62 and inc.killed_high_open is True and inc.killed_high == 90
    assert "62 (rt)" in inc.summary["killed"]["rule"] and "more than 90 (fna)" in inc.summary["killed"]["rule"]
    # wounded: 100 everywhere
    assert (inc.wounded_low, inc.wounded_best, inc.wounded_high, inc.wounded_contradiction) == (100, 100, 100, False)
    assert inc.n_reports == 2 and inc.n_independent == 2
    assert inc.grade in ("confirmed", "fair")
    assert ledger.incidents(contested=True)[0].id == inc.id


def test_the_62_is_relayed_from_rt(ledger):
    ledger.ingest([SEEDS])
    detail = ledger.incident(ledger.incidents()[0].id)
    sixty_two = [c for c in detail["claims"] if c["kind"] == "killed" and c["value"] == 62]
    assert len(sixty_two) == 1 and sixty_two[0]["relayed_from"] == "rt"
    assert json.loads(sixty_two[0]["via"]) == ["RT"]
    edges = {(e["kind"], e["dst"]) for e in detail["provenance"]}
    assert ("relay", "outlet:rt") in edges and ("relay", "outlet:fna") in edges


def test_reingest_changes_nothing(ledger):
    ledger.ingest([SEEDS])
    before = ledger.counts()
    ids = [i.id for i in ledger.incidents()]
    again = ledger.ingest([SEEDS])
    assert (again.added, again.skipped) == (0, 2)
    assert ledger.counts() == before
    assert [i.id for i in ledger.incidents()] == ids


def test_a_new_report_joins_the_existing_incident(ledger, tmp_path):
    ledger.ingest([SEEDS])
    first = ledger.incidents()[0]
    extra = tmp_path / "sana.txt"
    extra.write_text(
        "US-led coalition airstrike kills Syrian soldiers in Deir Ezzor\n"
        "Sun Sep 18, 2016 09:00:00\n\n"
        "At least 62 Syrian army soldiers were killed on Saturday when US-led coalition warplanes struck army "
        "positions near Deir Ezzor airport, the General Command of the Army said.\n",
        encoding="utf-8")
    ledger.ingest([extra])
    incidents = ledger.incidents()
    assert len(incidents) == 1
    assert incidents[0].id == first.id  # the incident keeps its id when a report joins
    assert incidents[0].n_reports == 3


def test_bad_records_are_reported_not_fatal(ledger, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "seed.txt").write_text((SEEDS / "000_f40835fafc506217.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = ledger.ingest([tmp_path])
    assert result.added == 1 and len(result.errors) == 1 and "empty" in result.errors[0].message
    assert ledger.counts()["errors"] == 1


def test_fakes_ingest_counts(ledger):
    result = ledger.ingest([FAKES], columns={"text": "article_content", "title": "article_title", "outlet": "source",
                                             "id": "unit_id", "published": ""})
    counts = ledger.counts()
    assert result.added == counts["documents"] and result.added + result.skipped == 531
    assert counts["incidents"] < counts["reports"]
    sources = {s["outlet"]: s for s in ledger.sources()}
    assert {"sana", "ahram", "reuters"} <= set(sources)
    assert all(0 < s["reliability"] < 1 and s["uncertainty"] > 0 for s in sources.values())
    # an outlet never compared with another line keeps the prior Beta(2, 2): mean 0.5, sd 0.2236 (not the
    # 0.25 of an outlet the ledger has never seen), though its lone incidents' votes are not kept
    alone = [s for s in sources.values() if s["n_scored"] == 0]
    assert alone and all(s["reliability"] == 0.5 and s["uncertainty"] == pytest.approx(0.2236, abs=1e-4) for s in alone)


def test_incidents_as_a_frame(ledger):
    ledger.ingest([SEEDS])
    frame = ledger.incidents(as_frame=True)
    assert list(frame["killed_low"]) == [62] and frame.loc[0, "admin1"] == "Deir ez-Zor"


def test_every_list_filter_has_an_index():
    """The review app's filters (country, admin1, means, grade, actor, date) search an index, not every incident."""
    from triangulate.store import Ledger

    with Ledger(":memory:") as ledger:
        for where in ("country = 'SY'", "admin1 = 'Idlib'", "means = 'airstrike'", "grade = 'weak'",
                      "(perpetrator = 'x' OR target = 'x')", "date >= '2016-01-01'"):
            plan = " ".join(r["detail"] for r in ledger.db.query(f"EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE {where}"))
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, (where, plan)


@pytest.mark.parametrize("where, order", [
    ("(date, id) < ('2016-01-01', 'inc-0')", "date DESC, id DESC"),
    ("(killed_best, id) < (3, 'inc-0')", "killed_best DESC, id DESC"),
    ("(n_independent, id) < (3, 'inc-0')", "n_independent DESC, id DESC"),
    ("date IS NULL AND id < 'inc-0'", "id DESC"),
    ("(date, id) > ('2016-01-01', 'inc-0')", "date ASC, id ASC"),
    *[(f"{c} = 'x' AND (date, id) < ('2016-01-01', 'inc-0')", "date DESC, id DESC")
      for c in ("country", "admin1", "means", "grade", "attention")],
])
def test_a_page_deep_in_the_list_is_one_index_range_scan(where, order):
    """Keyset pages (web/views.py): the rows after the cursor come off an index in order, with no sort
    of everything before them (no temporary B-tree for the ORDER BY)."""
    from triangulate.store import Ledger

    with Ledger(":memory:") as ledger:
        plan = " ".join(r["detail"] for r in ledger.db.query(
            f"EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE {where} ORDER BY {order} LIMIT 51"))
    assert "USING" in plan and "INDEX" in plan and "TEMP B-TREE" not in plan, plan


def test_the_documents_an_update_links_are_found_from_an_index_alone(tmp_path):
    """`update()` reads the documents landed since its watermark (looking back a little) from an index
    holding their landing time, id and publication date: no document row is fetched (a big ledger's rows
    are its texts)."""
    import sqlite3

    from triangulate.store import Ledger
    from triangulate.store.link_index import LinkIndex, load_snapshot

    with Ledger(str(tmp_path / "l.db")) as ledger:
        ledger.ingest([SEEDS])
        statements: list[str] = []
        conn: sqlite3.Connection = ledger.db.conn
        conn.set_trace_callback(statements.append)
        snap = load_snapshot(ledger.db)
        assert snap is not None
        assert LinkIndex(ledger.db, snap).unindexed(since="2000-01-01") == []
        conn.set_trace_callback(None)
        [sql] = [s for s in statements if "ingested_at" in s]
        plan = " ".join(r["detail"] for r in ledger.db.query("EXPLAIN QUERY PLAN " + sql))
    assert "SEARCH d USING COVERING INDEX documents_landed (ingested_at>?)" in plan, plan


def test_the_incident_row_type_has_the_columns_of_the_table(ledger):
    """One description of an incident row: the `Incident` fields are the incidents table's columns."""
    from triangulate.model import INCIDENT_COLUMNS

    columns = [d[0] for d in ledger.db.execute("SELECT * FROM incidents LIMIT 0").description]
    assert tuple(columns) == INCIDENT_COLUMNS


def _seed_claim(ledger, value):
    return ledger.db.scalar("SELECT id FROM claims WHERE kind = 'killed' AND value = ?", (value,))


def test_corrections_are_stored_with_each_claim_when_its_incident_is_built(ledger):
    ledger.ingest([SEEDS])
    sixty_two, seventy = _seed_claim(ledger, 62), _seed_claim(ledger, 70)
    ledger.correct("claim_reject", sixty_two, who="analyst", why="a relayed figure")
    ledger.correct("claim_edit", seventy, who="analyst", why="misread", payload={"value": 71})
    rows = {r["id"]: r for r in ledger.db.query("SELECT c.id, c.value, v.review, v.revised FROM claims c"
                                                         " JOIN claim_reviews v ON v.claim_id = c.id")}
    assert rows[sixty_two]["review"] == "rejected" and rows[sixty_two]["revised"] is None
    assert rows[seventy]["review"] == "edited" and rows[seventy]["value"] == 70  # the source row keeps the text's
    assert json.loads(rows[seventy]["revised"]) == {"value": 71, "low": 71}  # "at least": still open above
    assert {r["review"] for i, r in rows.items() if i not in (sixty_two, seventy)} == {"extracted"}
    inc = ledger.incidents()[0]
    assert inc.killed_low == 71  # the 62 is out, the edit counts


def test_an_older_ledger_gains_its_claims_reviews_when_opened(tmp_path, monkeypatch):
    from triangulate.store import Ledger, derive

    path = tmp_path / "old.db"
    ledger = Ledger(path)
    ledger.ingest([SEEDS])
    claim = _seed_claim(ledger, 62)
    ledger.correct("claim_reject", claim, who="analyst", why="a relayed figure")
    with ledger.db.transaction():  # as a ledger written before migration 0014: no claim has a review state
        ledger.db.execute("DELETE FROM claim_reviews")
        ledger.db.execute("DELETE FROM migrations WHERE name = '0014_claim_reviews'")
    ledger.close()
    def no_rebuild(*args, **kwargs):
        raise AssertionError("a whole rebuild to fill the review columns")

    monkeypatch.setattr(derive, "rebuild", no_rebuild)  # only the corrected claims' incidents are built again
    reopened = Ledger(path)
    assert reopened.db.scalar("SELECT review FROM claim_reviews WHERE claim_id = ?", (claim,)) == "rejected"
    assert reopened.db.scalar("SELECT COUNT(*) FROM claims c LEFT JOIN claim_reviews v ON v.claim_id = c.id"
                              " WHERE v.review IS NULL") == 0  # the rest: as extracted
    assert reopened.incidents()[0].killed_low == 70
    reopened.close()


def test_a_linking_index_without_places_is_rebuilt_by_the_next_update(tmp_path):
    """Migration 0016 gives the linking index each report's place; an index made before it has none,
    so a ledger opened after it rebuilds its links on the next update (not new reports linked against
    an index that cannot say which of its reports are within reach)."""
    from triangulate.store import Ledger

    path = tmp_path / "old.db"
    ledger = Ledger(path)
    ledger.ingest([SEEDS])
    with ledger.db.transaction():  # as a ledger written before migration 0016
        for column in ("geonameid", "lat", "lon"):
            ledger.db.execute(f"ALTER TABLE link_reports DROP COLUMN {column}")
        ledger.db.execute("DELETE FROM migrations WHERE name = '0016_link_report_places'")
    ledger.close()
    reopened = Ledger(path)
    assert reopened.db.scalar("SELECT value FROM link_meta WHERE key = 'rebuild_pending'")
    reopened.update()
    assert reopened.db.scalar("SELECT value FROM link_meta WHERE key = 'rebuild_pending'") is None
    assert reopened.db.scalar("SELECT COUNT(*) FROM link_reports WHERE lat IS NOT NULL") >= 2
    assert len(reopened.incidents()) == 1 and reopened.incidents()[0].killed_low == 62
    reopened.close()


def test_a_ledger_keeping_incidents_in_its_report_rows_moves_them_to_derived_tables_when_opened(tmp_path):
    """Migration 0017 moves each report's incident and credibility, and each claim's line and review
    state, out of the source rows into `report_links` and `claim_reviews`: a ledger written before it
    shows the same incident, with the same corrections, without a relink."""
    from triangulate.store import Ledger

    path = tmp_path / "old.db"
    ledger = Ledger(path)
    ledger.ingest([SEEDS])
    ledger.correct("claim_reject", _seed_claim(ledger, 62), who="analyst", why="a relayed figure")
    before = ledger.incident(ledger.incidents()[0].id)
    with ledger.db.transaction():  # as a ledger written before migration 0017
        db = ledger.db
        for table, column in (("reports", "incident_id TEXT"), ("reports", "credibility DOUBLE PRECISION"),
                              ("claims", "line TEXT"), ("claims", "review TEXT"), ("claims", "revised TEXT")):
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
        db.execute("UPDATE reports SET incident_id = (SELECT incident_id FROM report_links WHERE report_id = reports.id),"
                   " credibility = (SELECT credibility FROM report_links WHERE report_id = reports.id)")
        db.execute("UPDATE claims SET line = (SELECT line FROM claim_reviews WHERE claim_id = claims.id),"
                   " review = (SELECT review FROM claim_reviews WHERE claim_id = claims.id),"
                   " revised = (SELECT revised FROM claim_reviews WHERE claim_id = claims.id)")
        db.execute("CREATE INDEX reports_incident ON reports(incident_id)")
        db.execute("DROP TABLE report_links")
        db.execute("DROP TABLE claim_reviews")
        db.execute("DELETE FROM migrations WHERE name = '0017_derived_tables'")
    ledger.close()
    reopened = Ledger(path)
    columns = {r["name"] for r in reopened.db.query("SELECT name FROM pragma_table_info('reports')")}
    assert not {"incident_id", "credibility"} & columns
    after = reopened.incident(before["incident"].id)
    assert after is not None and after["incident"].killed_low == 70  # the rejected 62 stays out
    assert [(r["id"], r["incident_id"], r["credibility"]) for r in after["reports"]] == [
        (r["id"], r["incident_id"], r["credibility"]) for r in before["reports"]]
    assert [(c["id"], c["line"], c["review"], c["revised"]) for c in after["claims"]] == [
        (c["id"], c["line"], c["review"], c["revised"]) for c in before["claims"]]
    assert {c["review"] for c in after["claims"]} >= {"rejected", "extracted"}
    reopened.close()


@pytest.fixture(scope="module")
def fakes40():
    """The first 40 FA-KES dev extractions, made once for the module's tests (each lands them on each backend)."""
    from paths import fakes_extractions

    return fakes_extractions(40)


def test_the_outlets_a_document_names_are_kept_as_it_lands_and_filled_in_for_an_older_ledger(ledger_target, fakes40):
    """`document_relays` (migration 0018): each document's credited and relayed outlets on its publication
    day, written as it lands (the seed that relays RT; FA-KES reports crediting SANA and others), and
    filled in from the documents and claims when a ledger from before it is opened."""
    from triangulate.store import Ledger

    ledger = Ledger(ledger_target)
    ledger.ingest([SEEDS])
    ledger.add(fakes40)
    rows = ledger.db.query("SELECT day, outlet, document_id FROM document_relays ORDER BY day, outlet, document_id")
    rt = [r for r in rows if r["outlet"] == "rt"]
    assert [(r["day"], r["document_id"]) for r in rt] == sorted(
        (d["published"] or "", d["id"]) for d in ledger.db.query("SELECT DISTINCT d.id, d.published FROM documents d"
                                                             " JOIN claims c ON c.document_id = d.id"
                                                             " WHERE c.relayed_from = 'rt'"))
    assert rt  # the seed that relays RT
    credited = {(r["published"] or "", o, r["id"]) for r in ledger.db.query("SELECT id, published, credited FROM documents")
                for o in json.loads(r["credited"] or "[]")}
    assert len(credited) >= 5 and credited <= {(r["day"], r["outlet"], r["document_id"]) for r in rows}
    with ledger.db.transaction():  # as a ledger written before migration 0018
        ledger.db.execute("DROP TABLE document_relays")
        ledger.db.execute("DELETE FROM migrations WHERE name = '0018_document_relays'")
    ledger.close()
    reopened = Ledger(ledger_target)
    assert reopened.db.query("SELECT day, outlet, document_id FROM document_relays ORDER BY day, outlet, document_id") == rows
    reopened.close()


def test_an_older_linking_index_gains_the_facts_of_its_reports_when_opened(ledger_target, fakes40):
    """Migration 0020 fills what linking compares of each indexed report (its document, whether it is the
    document's main report and dates itself, means, actors, toll, outlet) into `link_reports` from the
    report and document rows: the same values linking writes there as it indexes."""
    from triangulate.store import Ledger

    ledger = Ledger(ledger_target)
    ledger.ingest([SEEDS])
    ledger.add(fakes40)
    ledger.update()
    facts = ("document_id", "main", "dated", "means", "perpetrator", "target", "toll", "outlet")
    before = ledger.db.query(f"SELECT report_id, {', '.join(facts)} FROM link_reports ORDER BY report_id")
    assert len(before) >= 40 and {r["main"] for r in before} == {0, 1} and {r["dated"] for r in before} == {0, 1}
    assert sum(r["toll"] is not None for r in before) >= 10 and sum(r["outlet"] is not None for r in before) >= 30
    with ledger.db.transaction():  # as a ledger written before migration 0020
        for column in facts:
            ledger.db.execute(f"ALTER TABLE link_reports DROP COLUMN {column}")
        ledger.db.execute("DELETE FROM migrations WHERE name = '0020_link_report_facts'")
    ledger.close()
    reopened = Ledger(ledger_target)
    assert reopened.db.query(f"SELECT report_id, {', '.join(facts)} FROM link_reports ORDER BY report_id") == before
    reopened.close()


def test_an_older_pairs_table_is_keyed_by_report_when_opened(ledger_target, fakes40):
    """Migration 0022: every scored pair kept, and the strong pairs of a report read without a row lookup
    per pair (SQLite: the table keyed by (a, b), the index on b holds p and a; PostgreSQL: the index on b
    holds p and a)."""
    from triangulate.store import Ledger

    ledger = Ledger(ledger_target)
    ledger.ingest([SEEDS])
    ledger.add(fakes40)
    ledger.update()
    before = ledger.db.query("SELECT a, b, p, because FROM link_pairs ORDER BY a, b")
    assert len(before) >= 20
    with ledger.db.transaction():  # as a ledger written before migration 0022
        db = ledger.db
        db.execute("CREATE TABLE old_pairs (a TEXT NOT NULL, b TEXT NOT NULL, p DOUBLE PRECISION NOT NULL,"
                   " because TEXT, PRIMARY KEY (a, b))")
        db.execute("INSERT INTO old_pairs SELECT a, b, p, because FROM link_pairs")
        db.execute("DROP TABLE link_pairs")
        db.execute("ALTER TABLE old_pairs RENAME TO link_pairs")
        db.execute("CREATE INDEX link_pairs_b ON link_pairs(b)")
        db.execute("DELETE FROM migrations WHERE name = '0022_pairs_by_report'")
    ledger.close()
    reopened = Ledger(ledger_target)
    db = reopened.db
    assert db.query("SELECT a, b, p, because FROM link_pairs ORDER BY a, b") == before
    if db.kind == "sqlite":
        assert "WITHOUT ROWID" in db.scalar("SELECT sql FROM sqlite_master WHERE name = 'link_pairs'")
        plans = [" ".join(r["detail"] for r in db.query(f"EXPLAIN QUERY PLAN SELECT a, b FROM link_pairs WHERE p >= ?"
                                                        f" AND {side} IN (?, ?)", (0.5, "x", "y"))) for side in "ab"]
        assert plans == ["SEARCH link_pairs USING PRIMARY KEY (a=?)",
                         "SEARCH link_pairs USING COVERING INDEX link_pairs_b (b=? AND p>?)"]
    else:
        assert "(b, p, a)" in db.scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'link_pairs_b'")
    strong = {(r["a"], r["b"]) for r in before if r["p"] >= 0.45}
    assert strong  # the seeds' pair at least
    b_side = {(r["a"], r["b"]) for r in db.query("SELECT a, b FROM link_pairs WHERE p >= ? AND b IN ({})".format(
        ", ".join("?" * len({b for _, b in strong}))), (0.45, *sorted({b for _, b in strong})))}
    assert b_side == strong
    reopened.close()
