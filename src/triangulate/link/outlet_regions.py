"""An outlet's home region, learned from its own reports, as the prior for an ambiguous place name.

Contract: `reread_places(reports, by_doc, homes=None) -> int` re-reads, in memory, the place of each main
report its outlet's home region disputes: the report row's place fields are replaced for linking and for
the incident, never in the stored report. A name with a namesake in the home region takes it (a Macon,
Georgia station's "Jacksonville" is more likely Florida's than North Carolina's); a name the gazetteer
knows only elsewhere (a neighbourhood: a Chicago station's "Austin", "Lawndale") is read as the home
region itself, at that precision, unless it names the division it was read in (a city named like its
governorate, "Deir Ezzor"). An outlet's home region is the first-level division that at least MIN_SHARE
of its placed reports fall in, when it has MIN_REPORTS of them. A place bound to its region in the text
("Jacksonville, N.C.") is left alone. Local outlets everywhere work this way; an outlet that covers a
whole country spreads over its divisions and has no home region.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from triangulate.extract.places import admin1_name, division_entry, is_division_name, namesakes, region_after

MIN_REPORTS = 3  # placed reports an outlet needs before it has a home region
MIN_SHARE = 0.5  # share of them in one division (a plurality of at least half)


def count_regions(reports: list[dict[str, Any]], by_doc: dict[str, dict[str, Any]],
                  seen: dict[str, Counter[tuple[str, str]]] | None = None) -> dict[str, Counter[tuple[str, str]]]:
    """Placed main reports per outlet and division (added to `seen`: a ledger is counted in chunks)."""
    seen = defaultdict(Counter) if seen is None else seen
    for r in reports:
        outlet = by_doc.get(r["document_id"], {}).get("outlet")
        if r["main"] and outlet and r["country"] and r["admin1"]:
            seen[outlet][(r["country"], r["admin1"])] += 1
    return seen


def home_regions(reports: list[dict[str, Any]], by_doc: dict[str, dict[str, Any]]) -> dict[str, tuple[str, str]]:
    return homes_from(count_regions(reports, by_doc))


def homes_from(seen: dict[str, Counter[tuple[str, str]]]) -> dict[str, tuple[str, str]]:
    homes = {}
    for outlet, regions in seen.items():
        region, n = regions.most_common(1)[0]
        total = sum(regions.values())
        if total >= MIN_REPORTS and n >= MIN_SHARE * total:
            homes[outlet] = region
    return homes


def disputed(r: dict[str, Any], by_doc: dict[str, dict[str, Any]], homes: dict[str, tuple[str, str]]) -> bool:
    """Whether the report's outlet's home region disputes its place: only these are re-read (and only
    their stored records, with the place's evidence, need reading)."""
    home = homes.get(by_doc.get(r["document_id"], {}).get("outlet") or "")
    if not r["main"] or home is None or (r["country"], r["admin1"]) == home:
        return False  # (a namesake abroad is re-read too: a Nashville station's "Bordeaux" is its own suburb)
    # (a division abroad is re-read too: a Kansas City station's "Northland")
    return r["place_precision"] in ("city", "admin2") or (r["place_precision"] == "admin1" and r["country"] != home[0])


def reread_places(reports: list[dict[str, Any]], by_doc: dict[str, dict[str, Any]],
                  homes: dict[str, tuple[str, str]] | None = None) -> int:
    """`homes`: the outlets' home regions (a ledger keeps them with its linking statistics); learned
    from `reports` when not given."""
    homes = home_regions(reports, by_doc) if homes is None else homes
    changed = 0
    for r in reports:
        if not disputed(r, by_doc, homes):
            continue
        doc = by_doc.get(r["document_id"], {})
        home = homes[doc["outlet"]]
        try:
            evidence = (json.loads(r["record"] or "{}").get("place") or {}).get("evidence") or {}
        except ValueError:
            continue
        name, end = evidence.get("text"), evidence.get("end")
        if not name:
            continue
        text = doc.get("text") or ""
        if isinstance(end, int) and end < len(text) and region_after(text, end) is not None:
            continue  # "Jacksonville, N.C.": the text says which one
        options = [e for e in namesakes(name, home[0], r["place_precision"])
                   if admin1_name(e.country, e.admin1) == home[1]]
        if options:
            e = max(options, key=lambda e: e.population)
            r.update(country=home[0], admin1=home[1], geonameid=e.geonameid, lat=e.lat, lon=e.lon,
                     place_name=e.name)
            changed += 1
            continue
        division = division_entry(*home)
        own_division = r["country"] == home[0] and is_division_name(name, r["country"], r["admin1"])
        if division is not None and not own_division:
            # no namesake at home the gazetteer knows (a neighbourhood: a Chicago station's "Lawndale", a
            # Nashville one's "Madison", a Kansas City one's "Northland"): the outlet's own division, at that
            # precision, rather than a town or region of the name far away; a division's own city in the home
            # country ("Deir Ezzor", "Hasaka") stands
            r.update(country=home[0], admin1=home[1], geonameid=None, lat=division.lat, lon=division.lon,
                     place_name=f"{name} ({home[1]})", place_precision="admin1")
            changed += 1
    return changed
