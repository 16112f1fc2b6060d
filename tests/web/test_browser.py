"""The analyst's desk in a real browser: the seeds' contradiction, evidence highlighted, the RT relay,
a correction that survives re-ingest and reaches the export, and hostile reports that stay inert."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

import pandas as pd
from conftest import SCREENSHOTS, XSS
from paths import SEEDS

AL_ALAM_REPORT = "51c4a4e55c19ff4c-0"  # content-hash id of the Al Alam seed's main report


def _seed_incident(server: str) -> str:
    with urllib.request.urlopen(server + f"/api/reports/{AL_ALAM_REPORT}") as r:
        return str(json.load(r)["report"]["incident_id"])


def test_seed_incident_shows_the_contradiction_evidence_and_relay(server, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + "/?contested=true")
    assert page.locator("table.incidents tbody tr").count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "list.png"), full_page=False)
    page.goto(server + f"/incidents/{_seed_incident(server)}")
    figures = page.locator("table.figures").inner_text()
    assert "contradiction" in figures and "62" in figures and "90" in figures
    rule = page.locator("td.rule").first.inner_text()
    assert "62 (rt)" in rule and "more than 90 (fna)" in rule
    marks = [m.replace("\xa0", " ") for m in page.locator("mark").all_inner_texts()]
    assert "over 90 military personnel killed" in marks
    assert any(m.startswith("62 Syrian government soldiers") for m in marks)
    assert "killed at least 70 soldiers" in marks
    assert page.locator(".relay", has_text="relayed from RT").count() >= 1
    assert page.locator("span.junk").count() >= 3  # the PHP dump, the share menu, the promotion, shown greyed
    assert page.locator("svg.map path.land").count() > 3 and page.locator("svg.chart circle").count() >= 6
    page.screenshot(path=str(SCREENSHOTS / "incident-top.png"), full_page=False)
    page.screenshot(path=str(SCREENSHOTS / "incident.png"), full_page=True)


def _killed(server: str, incident: str) -> dict:
    with urllib.request.urlopen(server + f"/api/incidents/{incident}") as r:
        return dict(json.load(r)["incident"]["summary"]["killed"])


def test_correction_survives_reingest_and_changes_the_export(server, ledger_path, page, tmp_path):
    incident = _seed_incident(server)
    assert "62 (rt)" in _killed(server, incident)["rule"]
    page.goto(server + f"/incidents/{incident}")
    row = page.locator("tr", has=page.locator("q", has_text="62 Syrian government soldiers"))
    row.locator("summary", has_text="Correct").click()
    form = row.locator("form")
    form.locator("select[name=action]").select_option("claim_reject")
    form.locator("input[name=who]").fill("analyst-1")
    form.locator("input[name=why]").fill("CENTCOM's 62 counts a different group")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "rejected" in page.locator("tr", has=page.locator("q", has_text="62 Syrian government soldiers")).inner_text()
    killed = _killed(server, incident)
    assert "(rt)" not in killed["rule"]  # the reconciled figures no longer count the rejected claim
    low = killed["low"]
    assert page.locator("table.figures tbody tr").first.locator("td").first.inner_text() == str(low)
    assert "analyst-1" in page.locator("main").inner_text() and "counts a different group" in page.locator("main").inner_text()
    # the same documents again: the correction stays
    again = subprocess.run([sys.executable, "-m", "triangulate", "ingest", str(SEEDS), "--db", str(ledger_path)],
                           capture_output=True, text=True, timeout=300)
    assert "0 document(s) added" in again.stdout
    page.goto(server + f"/incidents/{incident}")
    assert "rejected" in page.locator("tr", has=page.locator("q", has_text="62 Syrian government soldiers")).inner_text()
    assert _killed(server, incident) == killed
    out = tmp_path / "acled.csv"
    subprocess.run([sys.executable, "-m", "triangulate", "export", "--db", str(ledger_path), "--format", "acled", "-o", str(out)],
                   check=True, capture_output=True, timeout=300)
    acled = pd.read_csv(out)
    # ACLED's id form: the country's acronym and the incident id's number
    row = acled.loc[acled["event_id_cnty"] == f"SYR{int(incident.removeprefix('inc-'), 16)}"].iloc[0]
    assert int(row["fatalities"]) == low and f"killed {low}" in row["notes"]


def test_hostile_reports_render_as_text(server, page):
    for name in XSS:
        with urllib.request.urlopen(server + "/api/incidents?per_page=200&q=" + {"script.txt": "azaz", "onerror.txt": "homs",
                                                                               "javascript.txt": "idlib"}[name]) as r:
            found = json.load(r)["incidents"]
        hits = []  # the incident holding the hostile document (it may have joined another report's incident)
        for inc in found:
            with urllib.request.urlopen(server + f"/api/incidents/{inc['id']}") as r:
                if any("<" in (t.get("title") or "") for t in json.load(r)["texts"]):
                    hits.append(inc)
        assert hits, name
        page.goto(server + f"/incidents/{hits[0]['id']}")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None
        assert page.dialogs == []
        body = page.locator("main").inner_text()
        assert "<script>" in body or "onerror=" in body or "javascript:" in body  # shown, as text
        assert page.locator("main script, main img, main iframe, main style, main a[href^='javascript']").count() == 0
        report_link = page.locator("article.report h3 a").first.get_attribute("href")
        page.goto(server + report_link)
        page.wait_for_timeout(200)
        assert page.evaluate("window.__xss") is None
        assert page.locator("body").is_visible()  # the <style> trick did not hide the page
