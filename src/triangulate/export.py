"""Exports that ACLED and UCDP users load as they are, plus full-fidelity JSONL, Parquet and GeoJSON.

Contract: `export(ledger, fmt, path) -> int` (rows written). Formats: acled, ucdp, jsonl, parquet,
geojson. Figures follow each data set's conventions: ACLED `fatalities` is the conservative figure (the
reconciled low), UCDP GED carries best/low/high.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from triangulate.extract.actors import actor_by_id
from triangulate.extract.means import means_info
from triangulate.ingest.metadata import outlet_name

FORMATS = ("acled", "ucdp", "jsonl", "parquet", "geojson")
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "actor2",
                 "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
                 "fatalities"]
UCDP_COLUMNS = ["id", "date_start", "date_end", "side_a", "side_b", "country", "adm_1", "where_coordinates",
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
    for inc in incidents:
        inc["sources"] = by_incident.get(inc["id"], [])
        inc["summary"] = json.loads(inc["summary"] or "{}")
    return list(incidents)


def _acled(inc: dict[str, Any]) -> dict[str, Any]:
    info = means_info(inc["means"])
    outlets = sorted({outlet_name(s["outlet"]) or "unknown" for s in inc["sources"]})
    killed = inc["summary"].get("killed", {})
    notes = (f"On {inc['date']}, {inc['title'] or 'an incident'}"
             f"{' at ' + inc['place_name'] if inc['place_name'] else ''}. Killed: {killed.get('rule', 'no figure')}. "
             f"Grade: {inc['grade']}.")
    return {
        "event_id_cnty": inc["id"], "event_date": inc["date"], "year": (inc["date"] or "")[:4],
        "event_type": info["acled"][0] if info else "", "sub_event_type": info["acled"][1] if info else "",
        "actor1": _actor(inc["perpetrator"]), "actor2": _actor(inc["target"]), "country": inc["country"] or "",
        "admin1": inc["admin1"] or "", "location": inc["place_name"] or "",
        "latitude": inc["lat"], "longitude": inc["lon"],
        "geo_precision": _GEO_PRECISION.get(inc["place_precision"] or "", 3) if inc["lat"] is not None else "",
        "source": "; ".join(outlets), "notes": notes,
        "fatalities": inc["killed_low"] if inc["killed_low"] is not None else 0,
    }


def _ucdp(inc: dict[str, Any]) -> dict[str, Any]:
    articles = sorted({f"{outlet_name(s['outlet']) or 'unknown'}, {s['published'] or 'n.d.'}, \"{s['title'] or ''}\""
                       for s in inc["sources"]})
    return {
        "id": inc["id"], "date_start": inc["date"], "date_end": inc["date_end"],
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
