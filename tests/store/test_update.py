"""Incremental linking on each ledger backend (SQLite, and PostgreSQL when CI starts one): batches
landed with `update()` give the tables a rebuild on the same reports gives."""

from __future__ import annotations

import json

import paths
import pytest


@pytest.fixture(scope="module")
def fakes_extractions():
    return paths.fakes_extractions(90)


def _state(ledger):
    incidents = ledger.db.query("SELECT * FROM incidents ORDER BY id")
    for row in incidents:
        row["summary"] = json.loads(row["summary"])
    return (incidents, ledger.db.query("SELECT r.id, l.incident_id, l.credibility FROM reports r"
                                       " LEFT JOIN report_links l ON l.report_id = r.id ORDER BY r.id"),
            ledger.db.query("SELECT src, dst, kind FROM provenance ORDER BY src, dst, kind"),
            ledger.db.query("SELECT * FROM sources ORDER BY outlet"))


def test_batches_equal_a_rebuild(ledger, fakes_extractions, monkeypatch):
    from triangulate.store import derive as build

    monkeypatch.setattr(build, "REFRESH_GROWTH", 100.0)
    ledger.add(fakes_extractions[:40])
    ledger.relink()
    for start in range(40, len(fakes_extractions), 17):
        ledger.add(fakes_extractions[start:start + 17])
        ledger.update()
    batches = _state(ledger)
    assert sum(1 for i in batches[0] if i["n_reports"] > 1) >= 5
    with ledger.db.transaction():
        build.rebuild(ledger.db, refresh=False)
    assert _state(ledger) == batches


def test_the_refresh_schedule_is_the_users(ledger, fakes_extractions):
    from triangulate.store.link_index import load_snapshot

    ledger.refresh_growth = float("inf")  # recount only on `relink`
    ledger.add(fakes_extractions[:20])
    ledger.update()  # the first update counts: there is nothing to go on yet
    counted = load_snapshot(ledger.db).n
    ledger.add(fakes_extractions[20:60])
    ledger.update()
    assert load_snapshot(ledger.db).n == counted  # tripled, not recounted
    ledger.refresh_growth = 2.0
    ledger.add(fakes_extractions[60:61])
    ledger.update()
    assert load_snapshot(ledger.db).n > counted  # past twice the counted size: recounted


def test_the_ledger_clusters_with_each_reports_dates(ledger, fakes_extractions, monkeypatch):
    # the ledger's clustering gets each report's dates from the linking index, so that groups whose
    # dates lie beyond every candidate rule's reach are never merged through an undated report
    from triangulate.store import link_index

    seen = []

    def spy(reports, prob, threshold):
        seen.extend(reports)
        return real(reports, prob, threshold)

    real = link_index._average_link
    monkeypatch.setattr(link_index, "_average_link", spy)
    ledger.add(fakes_extractions[:20])
    ledger.update()
    stored = {r["report_id"]: (r["date"], r["published"]) for r in ledger.db.query(
        "SELECT x.report_id, x.date, x.published FROM link_reports x")}
    docs = {r["id"]: r["document_id"] for r in ledger.db.query("SELECT id, document_id FROM reports")}
    dated = [d for d in seen if d.date is not None]
    assert len(dated) >= 10
    for d in dated:
        assert any(str(d.date) == stored[rid][0] and docs[rid] == d.document_id for rid in stored)


def test_a_copy_joins_its_originals_incident_with_no_date_of_its_own(ledger):
    # the copy edge (MinHash of the opening) proposes the pair, and it is the same story
    original, copy = paths.copy_extractions()
    ledger.add([original])
    ledger.update()
    ledger.add([copy])
    ledger.update()
    original, copy = original.document, copy.document
    edges = ledger.db.query("SELECT src, dst FROM provenance WHERE kind = 'copy'")
    assert {(e["src"], e["dst"]) for e in edges} == {(copy.id, original.id)}
    incident = {r["document_id"]: r["incident_id"] for r in ledger.db.query(
        "SELECT r.document_id, l.incident_id FROM reports r JOIN report_links l ON l.report_id = r.id WHERE r.main = 1")}
    assert incident[copy.id] == incident[original.id]
    # and a rebuild gives the same
    ledger.relink()
    again = {r["document_id"]: r["incident_id"] for r in ledger.db.query(
        "SELECT r.document_id, l.incident_id FROM reports r JOIN report_links l ON l.report_id = r.id WHERE r.main = 1")}
    assert again == incident


def test_a_ledger_linked_under_another_model_is_relinked_by_the_next_update(ledger, monkeypatch):
    """Stored pairs were scored by the model of their day: after an upgrade that ships another pair model,
    an update that added new pairs beside the old ones would match no rebuild, so the next update relinks
    everything under the new model (and the one after is incremental again)."""
    from paths import SEEDS

    from triangulate.link import incidents
    from triangulate.store import derive

    ledger.ingest([SEEDS])
    assert [i.killed_low for i in ledger.incidents()] == [62]  # the seeds: one incident
    shipped = incidents.model()
    strict = {**shipped, "weights": {**shipped["weights"], "bias": -40.0}}  # a model that links nothing
    monkeypatch.setattr(incidents, "model", lambda: strict)
    rebuilds = []
    real = derive.rebuild
    monkeypatch.setattr(derive, "rebuild", lambda db, **kw: rebuilds.append(1) or real(db, **kw))
    ledger.update()  # nothing new landed: only the model changed
    assert len(rebuilds) == 1
    assert sorted(i.killed_low for i in ledger.incidents()) == [62, 90]  # the seeds apart, as the new model says
    assert ledger.db.scalar("SELECT MAX(p) FROM link_pairs") < 1e-9
    ledger.update()
    assert len(rebuilds) == 1  # the rules recorded: incremental again


@pytest.mark.parametrize("norms_stored", [True, False], ids=["norms stored", "indexed before norms"])
def test_a_candidate_is_compared_by_its_stored_norms_not_by_its_words_frequencies(
        ledger, fakes_extractions, monkeypatch, norms_stored):
    """A candidate's cosine with a new report needs the frequencies of the words they share (the new
    report's, read with it) and the candidate's norm, stored when it was indexed: not the frequencies of
    all its words. A ledger indexed before the norms were stored works them out when first needed, stores
    them, and links as a rebuild does either way."""
    from triangulate.link.text_keys import TextKey
    from triangulate.store import derive as build
    from triangulate.store.link_index import StoredCorpus

    monkeypatch.setattr(build, "REFRESH_GROWTH", 100.0)
    ledger.add(fakes_extractions[:60])
    ledger.relink()
    norms = ledger.db.scalar("SELECT COUNT(*) FROM link_norms")
    assert norms >= 50  # every main report with a lead
    if not norms_stored:
        with ledger.db.transaction():
            ledger.db.execute("DELETE FROM link_norms")
    asked: set[str] = set()
    load_terms = StoredCorpus.load_terms

    def spy(self, terms, outlet_terms):
        asked.update(terms)
        return load_terms(self, terms, outlet_terms)

    monkeypatch.setattr(StoredCorpus, "load_terms", spy)
    new = fakes_extractions[60:90]
    ledger.add(new)
    ledger.update()
    new_words = set().union(*(TextKey.from_json(r["key"]).lead_terms for r in query_keys(ledger, new)))
    old_words = set().union(*(TextKey.from_json(r["key"]).lead_terms for r in query_keys(ledger, fakes_extractions[:60])))
    new_docs = {ex.document.id for ex in new}
    fresh = {r["report_id"] for r in ledger.db.query("SELECT report_id, document_id FROM link_reports")
             if r["document_id"] in new_docs}
    met = [r for r in ledger.db.query("SELECT a, b FROM link_pairs") if (r["a"] in fresh) != (r["b"] in fresh)]
    assert len(met) >= 10  # new reports met old candidates
    if norms_stored:
        assert asked <= new_words and old_words - new_words  # the candidates' own words were never looked up
    else:
        assert asked & (old_words - new_words)  # worked out for the candidates met...
        assert ledger.db.scalar("SELECT COUNT(*) FROM link_norms") > 30  # ... and stored
    batches = _state(ledger)
    pairs = ledger.db.query("SELECT a, b, p FROM link_pairs ORDER BY a, b")
    with ledger.db.transaction():
        build.rebuild(ledger.db, refresh=False)
    assert _state(ledger) == batches
    assert ledger.db.query("SELECT a, b, p FROM link_pairs ORDER BY a, b") == pairs  # to the last digit


def query_keys(ledger, extractions):
    ids = [ex.document.id for ex in extractions]
    return ledger.db.query(f"SELECT key FROM link_texts WHERE document_id IN ({', '.join('?' * len(ids))})", ids)
