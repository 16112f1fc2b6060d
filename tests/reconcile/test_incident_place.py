"""The place an incident takes from its reports."""

from __future__ import annotations

from triangulate.reconcile.incident import _place


def _report(rid: str, name: str, country: str, admin1: str, geonameid: int | None, precision: str = "city") -> dict:
    return {"id": rid, "main": 1, "document_id": f"d{rid}", "place_name": name, "country": country, "admin1": admin1,
            "geonameid": geonameid, "place_precision": precision}


def test_the_division_most_reports_give_outweighs_a_lone_namesake():
    reports = [_report("a", "Mesa", "US", "Arizona", 1), _report("b", "Palisade", "US", "Colorado", 2),
               _report("c", "Mesa County", "US", "Colorado", 3, "admin2")]
    docs = {f"d{r['id']}": {"published": "2016-01-0" + str(i + 1)} for i, r in enumerate(reports)}
    assert _place(reports, docs)["place_name"] == "Palisade"  # in Colorado, and a city


def test_within_the_division_the_place_most_reports_give_wins():
    reports = [_report("a", "Aleppo", "SY", "Aleppo", 1), _report("b", "Aleppo", "SY", "Aleppo", 1),
               _report("c", "Azaz", "SY", "Aleppo", 2), _report("d", "Idlib", "SY", "Idlib", 3)]
    docs = {f"d{r['id']}": {"published": "2016-01-01"} for r in reports}
    assert _place(reports, docs)["place_name"] == "Aleppo"
