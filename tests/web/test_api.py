"""Every route of the app through a test client over a real ledger: status codes, bad ids and bad
parameters answered with a clear 4xx (never a 500), security headers, CSRF and the token."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from paths import SEEDS

from triangulate.store import Ledger
from triangulate.web.app import create_app, host_name, is_loopback, served_names

LOCAL = "http://127.0.0.1:8765"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "ledger.db"
    with Ledger(str(path)) as ledger:
        ledger.ingest([SEEDS])
    return str(path)


@pytest.fixture
def client(db):
    with TestClient(create_app(db), base_url=LOCAL, raise_server_exceptions=False) as c:
        yield c


def _incident(client):
    return client.get("/api/incidents").json()["incidents"][0]["id"]


@pytest.mark.parametrize("path", ["/", "/?contested=true&sort=toll", "/?q=deir&date_from=2016-09-01&date_to=2016-09-30",
                                  "/?country=SY&admin1=Deir+ez-Zor&actor=us_coalition&means=airstrike&grade=confirmed",
                                  "/sources/alalam", "/static/style.css"])
def test_pages_ok(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_incident_report_and_json_twins(client):
    iid = _incident(client)
    html = client.get(f"/incidents/{iid}")
    assert html.status_code == 200 and "contradiction" in html.text
    data = client.get(f"/api/incidents/{iid}").json()
    assert data["incident"]["killed_low"] == 62 and data["incident"]["killed_contradiction"] is True
    assert {"outlet:fna", "outlet:21wire", "outlet:rt"} <= set(data["lines"])
    report = re.search(r"/reports/([\w-]+)", html.text).group(1)
    assert client.get(f"/reports/{report}").status_code == 200
    assert client.get(f"/api/reports/{report}").json()["report"]["id"] == report
    assert client.get("/api/sources/alalam").json()["source"]["outlet"] == "alalam"
    listing = client.get("/api/incidents?q=audio").json()
    assert listing["total"] == 1 and listing["incidents"][0]["id"] == iid


@pytest.mark.parametrize("path, status", [
    ("/incidents/nope", 404), ("/api/incidents/nope", 404), ("/reports/nope", 404), ("/api/reports/nope", 404),
    ("/sources/nope", 404), ("/api/sources/nope", 404), ("/api/incidents?sort=bogus", 400),
    ("/api/incidents?after=0", 400), ("/api/incidents?per_page=1000", 422), ("/api/incidents?date_from=yesterday", 422),
    ("/api/incidents?date_from=2017-01-01&date_to=2016-01-01", 400), ("/?before=-3", 400), ("/api/incidents?contested=maybe", 422),
    ("/api/incidents?q=" + "x" * 500, 422), ("/nothing-here", 404),
])
def test_bad_requests_are_clear_4xx(client, path, status):
    r = client.get(path)
    assert r.status_code == status
    assert r.status_code < 500


def test_writes_need_the_csrf_token(client):
    iid = _incident(client)
    claim = client.get(f"/api/incidents/{iid}").json()["claims"][0]["id"]
    form = {"action": "claim_accept", "target": claim, "who": "t", "why": "checked", "csrf": "forged"}
    assert client.post("/corrections", data=form).status_code == 403
    client.get("/")  # sets the CSRF cookie
    form["csrf"] = client.cookies.get("triangulate_csrf")
    assert client.post("/corrections", data=form, headers={"origin": "http://evil.example"}).status_code == 403
    ok = client.post("/corrections", data=form, follow_redirects=False)
    assert ok.status_code == 303
    bad = client.post("/corrections", data={**form, "action": "claim_edit", "value": "lots"})
    assert bad.status_code == 400 and "whole number" in bad.json()["error"]
    missing = client.post("/corrections", data={**form, "target": "no-such-claim"})
    assert missing.status_code == 400


TOKEN = "s3cret-0123456789abcdef"


def test_token_guards_the_app(db):
    with TestClient(create_app(db, token=TOKEN), base_url=LOCAL, raise_server_exceptions=False) as c:
        refused = c.get("/api/incidents")
        assert refused.status_code == 401
        assert refused.headers["X-Frame-Options"] == "DENY" and "default-src" in refused.headers["Content-Security-Policy"]
        assert c.get("/api/incidents", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert c.get(f"/?token={TOKEN}").status_code == 200
        assert c.get("/api/incidents").status_code == 200  # the cookie set by ?token= now carries it


def test_refuses_to_bind_beyond_loopback_without_token(db):
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and not is_loopback("0.0.0.0")
    proc = subprocess.run([sys.executable, "-m", "triangulate", "serve", "--db", db, "--host", "0.0.0.0"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "without a token" in proc.stderr


def test_copies_fold_under_their_original(tmp_path):
    original = (SEEDS / "000_f40835fafc506217.txt").read_text(encoding="utf-8")
    copy = original.replace("Tue Sep 27, 2016 10:02:22", "Wed Sep 28, 2016 08:00:00") + "\nRepublished with permission.\n"
    (tmp_path / "a.txt").write_text(original, encoding="utf-8")
    (tmp_path / "b.txt").write_text(copy, encoding="utf-8")
    db = str(tmp_path / "l.db")
    with Ledger(db) as ledger:
        ledger.ingest([tmp_path])
        assert ledger.counts()["incidents"] == 1
        kinds = {e["kind"] for e in ledger.db.query("SELECT kind FROM provenance")}
        assert "copy" in kinds
        iid = ledger.incidents()[0].id
        assert ledger.incidents()[0].n_independent == 1  # a copy is not a second witness
    with TestClient(create_app(db), base_url=LOCAL) as c:
        data = c.get(f"/api/incidents/{iid}").json()
        assert len(data["lines"]) == 1
        rows = next(iter(data["lines"].values()))
        assert [r["copy_of"] is not None for r in rows] == [False, False, True, True]


def test_a_short_token_is_refused(db):
    with pytest.raises(ValueError, match="at least 16"):
        create_app(db, token="x")
    proc = subprocess.run([sys.executable, "-m", "triangulate", "serve", "--db", db, "--token", "x"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "at least 16" in proc.stderr


@pytest.fixture
def fresh(db, tmp_path):
    """A ledger of its own: the seeds, no corrections."""
    import shutil

    with Ledger(db) as ledger:  # fold the WAL into the file before copying it
        ledger.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = tmp_path / "fresh.db"
    shutil.copy(db, path)
    with Ledger(str(path)) as ledger:
        with ledger.db.transaction():
            ledger.db.execute("DELETE FROM corrections")
        ledger.relink()
    return str(path)


def test_dns_rebinding_is_refused(fresh):
    db = fresh
    """A page on evil.example whose name resolves to 127.0.0.1 carries Host: evil.example."""
    assert host_name("[::1]:8765") == "::1" and host_name("Evil.Example:80") == "evil.example"
    assert served_names("0.0.0.0") is None and "box.lan" in served_names("0.0.0.0", ["box.lan"])
    with TestClient(create_app(db), base_url="http://evil.example:8765", raise_server_exceptions=False) as c:
        assert c.get("/api/incidents").status_code == 421
        form = {"action": "claim_reject", "target": "x", "who": "a", "why": "b", "csrf": "t"}
        written = c.post("/corrections", data=form, cookies={"triangulate_csrf": "t"},
                         headers={"Origin": "http://evil.example:8765"})
        assert written.status_code == 421
    with Ledger(db) as ledger:
        assert ledger.corrections() == []
    with TestClient(create_app(db), base_url="http://localhost:8765") as c:
        assert c.get("/api/incidents").status_code == 200


def test_a_replayed_correction_is_recorded_once(fresh):
    db = fresh
    with Ledger(db) as ledger:
        claim = ledger.db.scalar("SELECT id FROM claims LIMIT 1")
        first = ledger.correct("claim_reject", claim, who="analyst", why="not this incident")
        again = ledger.correct("claim_reject", claim, who="analyst", why="not this incident")
        assert first == again and len(ledger.corrections(claim)) == 1
        ledger.correct("claim_accept", claim, who="analyst", why="second look")
        third = ledger.correct("claim_reject", claim, who="analyst", why="not this incident")
        assert third != first and [c["action"] for c in ledger.corrections(claim)] == [
            "claim_reject", "claim_accept", "claim_reject"]


def test_an_absurd_correction_is_refused_and_a_bad_stored_one_cannot_break_a_rebuild(fresh):
    db = fresh
    with Ledger(db) as ledger:
        claim = ledger.db.scalar("SELECT id FROM claims LIMIT 1")
        with pytest.raises(ValueError, match="between 0 and"):
            ledger.correct("claim_edit", claim, who="a", why="b", payload={"value": "10000000000000000000"})
        assert ledger.corrections(claim) == []
        with ledger.db.transaction():  # a row written by hand or by an older version
            ledger.db.execute("INSERT INTO corrections (id, at, who, action, target, payload, why) VALUES "
                              "('bad', '2020-01-01', 'x', 'claim_edit', ?, '{\"value\": 10000000000000000000}', 'y')",
                              (claim,))
            ledger.db.execute("INSERT INTO corrections (id, at, who, action, target, payload, why) VALUES "
                              "('worse', '2020-01-02', 'x', 'report_move', 'r', 'not json', 'y')")
        ledger.relink()
        assert ledger.counts()["incidents"] >= 1


def test_a_read_only_ledger_is_served_read_only(db, tmp_path):
    import os
    import shutil
    import stat

    if os.geteuid() == 0:
        pytest.skip("root writes to read-only files")
    copy = tmp_path / "ro.db"
    shutil.copy(db, copy)
    copy.chmod(stat.S_IRUSR)
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with TestClient(create_app(str(copy)), base_url=LOCAL, raise_server_exceptions=False) as c:
            page = c.get("/")
            assert page.status_code == 200 and "read-only" in page.text
            form = {"action": "claim_reject", "target": "x", "who": "a", "why": "b", "csrf": "t"}
            assert c.post("/corrections", data=form, cookies={"triangulate_csrf": "t"}).status_code == 403
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def test_an_outlet_id_with_a_slash_has_its_source_page(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({
        "text": "Shelling kills 4 in Homs\n\nFour civilians were killed by shelling in Homs, Syria, on Monday.",
        "outlet": "news/desk", "published": "2016-09-18"}) + "\n", encoding="utf-8")
    db = str(tmp_path / "l.db")
    with Ledger(db) as ledger:
        ledger.ingest([folder])
    with TestClient(create_app(db), base_url=LOCAL) as c:
        inc = c.get("/api/incidents").json()["incidents"][0]["id"]
        assert 'href="/sources/news/desk"' in c.get(f"/incidents/{inc}").text
        page = c.get("/sources/news/desk")
        assert page.status_code == 200 and "news/desk" in page.text


def test_head_answers_like_get_without_a_body_and_limit_is_per_page(client):
    head = client.head("/")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-type"].startswith("text/html")
    assert "Content-Security-Policy" in head.headers
    assert len(client.get("/api/incidents?limit=1").json()["incidents"]) == 1
    assert client.get("/api/incidents?limit=500").status_code == 422


def test_sources_index_lists_every_outlet_with_its_record(client):
    page = client.get("/sources")
    assert page.status_code == 200 and 'href="/sources/alalam"' in page.text
    data = client.get("/api/sources").json()["sources"]
    assert {s["outlet"] for s in data} == {"alalam", "21wire"}
    assert all(0 <= s["reliability"] <= 1 for s in data)
    assert 'href="/sources"' in client.get("/").text  # in the navigation


def test_a_report_in_arabic_shows_its_language_and_runs_right_to_left(tmp_path):
    (tmp_path / "ar.txt").write_text(
        "مقتل 12 مدنيا في غارة على حلب\n\nقتل ما لا يقل عن 12 مدنيا في غارة جوية على مدينة حلب شمال سوريا "
        "يوم الثلاثاء، بحسب المرصد السوري لحقوق الإنسان.\n", encoding="utf-8")
    db = str(tmp_path / "l.db")
    with Ledger(db) as ledger:
        ledger.ingest([tmp_path])
        iid = ledger.incidents()[0].id
    with TestClient(create_app(db), base_url=LOCAL) as c:
        page = c.get(f"/incidents/{iid}").text
        assert '<span class="lang">ar</span>' in page and '<div class="text" dir="auto" lang="ar">' in page
        assert "<mark" in page and "مدنيا" in page


def test_a_derived_wounded_figure_shows_how_it_was_made(tmp_path):
    """"Four people were shot, one fatally": the incident's wounded figure is 3, and the page and the API
    say it is a difference of the figures the text wrote, not a number it wrote."""
    (tmp_path / "a.txt").write_text("Four shot in Aleppo\n\nFour people were shot, one fatally, on Sunday in "
                                    "Aleppo, Syria, a local monitor said.\n", encoding="utf-8")
    db = str(tmp_path / "l.db")
    with Ledger(db) as ledger:
        ledger.ingest([tmp_path])
        inc = ledger.incidents()[0]
        assert (inc.killed_best, inc.wounded_best) == (1, 3)
    with TestClient(create_app(db), base_url=LOCAL) as c:
        claims = [r for rows in c.get(f"/api/incidents/{inc.id}").json()["lines"].values() for r in rows]
        wounded = [r for r in claims if r["kind"] == "wounded"]
        assert [(r["value"], r["counted"]) for r in wounded] == [(3, "derived: hit 4 - killed 1 (one fatally)")]
        page = c.get(f"/incidents/{inc.id}").text
        assert "derived: hit 4 - killed 1 (one fatally)" in page
        report = c.get(f"/reports/{wounded[0]['report_id']}").text
        assert "derived: hit 4 - killed 1 (one fatally)" in report
