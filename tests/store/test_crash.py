"""A real ingest process killed with SIGKILL mid-run leaves a consistent ledger; the rerun completes it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from paths import FAKES

COLUMNS = "text=article_content,title=article_title,outlet=source,id=unit_id,published="


def _consistent(db):
    conn = sqlite3.connect(db)
    try:
        docs = conn.execute("SELECT id, n_reports, n_claims FROM documents").fetchall()
        for doc_id, n_reports, n_claims in docs:
            assert conn.execute("SELECT COUNT(*) FROM reports WHERE document_id = ?", (doc_id,)).fetchone()[0] == n_reports
            assert conn.execute("SELECT COUNT(*) FROM claims WHERE document_id = ?", (doc_id,)).fetchone()[0] == n_claims
        orphans = conn.execute("SELECT COUNT(*) FROM reports WHERE document_id NOT IN (SELECT id FROM documents)").fetchone()[0]
        assert orphans == 0
        return len(docs)
    finally:
        conn.close()


def _unique_documents() -> int:
    from triangulate.evaluate.fakes import COLUMNS as MAP
    from triangulate.evaluate.fakes import load_rows
    from triangulate.ingest.readers import record_pending

    return len({record_pending(r, source="x", columns=MAP).id for r in load_rows(FAKES)})


def test_sigkill_midway_then_resume(tmp_path):
    unique = _unique_documents()  # FA-KES repeats a few articles
    db = str(tmp_path / "ledger.db")
    cmd = [sys.executable, "-m", "triangulate", "ingest", str(FAKES), "--db", db, "--columns", COLUMNS]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    landed = 0
    while time.time() < deadline:
        time.sleep(0.2)
        try:
            conn = sqlite3.connect(db)
            landed = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            continue
        if landed >= 100:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert landed >= 100
    partial = _consistent(db)
    assert 100 <= partial < unique  # killed midway: some documents, each whole
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{unique - partial} document(s) added" in rerun.stdout
    assert _consistent(db) == unique
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM reports r WHERE NOT EXISTS"
                        " (SELECT 1 FROM report_links l WHERE l.report_id = r.id)").fetchone()[0] == 0
    conn.close()
