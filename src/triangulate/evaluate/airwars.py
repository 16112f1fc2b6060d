"""Airwars (Israel-Gaza 2023 civilian-harm records): per incident, the figures read from Airwars' own
English assessment against the figures its researchers coded.

Each record holds a narrative (`Airwars_assessment`: Airwars' synthesis of local and social-media
sources, not a news article) and the coded facts of one incident: civilians reported killed and
injured (a number, or a range such as "12–24"), the date, the point and the suspected belligerent.
The assessment is read as one document ("Incident" as its title, no publication date: a relative
date cannot be resolved, so the date is scored only where the text names it) and its main report is
scored:

- killed / injured: the report's lead toll within the coded figure or range (injured only where
  Airwars coded a figure; "NA" is no figure, not zero);
- date: the incident date the text gives, equal to the coded date;
- place: within 25 km of the coded point (where one is coded);
- perpetrator: the coded belligerent's actor id (`data/actors.json` aliases), where one is coded.

The file stays in ../shared/data/airwars-gaza-2023/ (no licence is stated: internal evaluation only,
SOURCE.md); nothing of it is copied into the package.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

from triangulate.evaluate.fakes import load_rows
from triangulate.extract.actors import find_actors
from triangulate.extract.pipeline import Extractor
from triangulate.extract.tolls import lead_toll
from triangulate.link.features import haversine_km
from triangulate.model import Document, Extraction

NEAR_KM = 25.0
FIELDS = ("killed", "injured", "date", "within_25_km", "perpetrator")
_RANGE = re.compile(r"^\s*(\d+)\s*(?:[–-]\s*(\d+))?\s*$")


def coded_range(value: str | None) -> tuple[int, int] | None:
    """"12–24" -> (12, 24), "5" -> (5, 5); "Unknown", "NA", "" -> None (nothing coded)."""
    m = _RANGE.match(value or "")
    if m is None:
        return None
    low = int(m.group(1))
    return low, int(m.group(2)) if m.group(2) else low


def coded_date(value: str | None) -> dt.date | None:
    """"october-7-2023" -> 2023-10-07."""
    try:
        return dt.datetime.strptime((value or "").strip(), "%B-%d-%Y").date()
    except ValueError:
        return None


def coded_point(row: dict[str, str]) -> tuple[float, float] | None:
    try:
        return float(row.get("lat") or ""), float(row.get("long") or row.get("lon") or "")
    except ValueError:
        return None


def coded_actor(row: dict[str, str]) -> str | None:
    """The coded belligerent as an actor id, through the registry's own aliases."""
    name = (row.get("Known belligerent") or "NA").strip()
    if name == "NA":
        name = (row.get("Suspected belligerent") or "NA").strip()
    if name == "NA":
        return None
    found = find_actors(name, 0, len(name))
    return found[0].id if found else f"unregistered:{name}"


def _document(i: int, row: dict[str, str]) -> Document:
    return Document(text="Incident\n\n" + (row.get("Airwars_assessment") or ""), source=f"airwars:{row.get('Incidence_id') or i}",
                    title="Incident", outlet="airwars")


def scored(row: dict[str, str], ex: Extraction) -> dict[str, bool | None]:
    """Per field: True / False, or None where Airwars coded nothing to score against."""
    report = ex.main
    killed, injured = lead_toll(report, "killed").total, lead_toll(report, "wounded").total
    k, w = coded_range(row.get("Civilians reported killed")), coded_range(row.get("Civilians reported injured"))
    date, point, actor = coded_date(row.get("Incidence_date")), coded_point(row), coded_actor(row)
    place = report.place if report else None
    return {
        "killed": None if k is None else k[0] <= killed <= k[1],
        "injured": None if w is None else w[0] <= injured <= w[1],
        "date": None if date is None else bool(report and report.date == date),
        "within_25_km": None if point is None else bool(
            place and place.lat is not None and place.lon is not None
            and haversine_km(place.lat, place.lon, point[0], point[1]) <= NEAR_KM),
        "perpetrator": None if actor is None else bool(report and report.perpetrator and report.perpetrator.id == actor),
    }


def evaluate_airwars(path: Path, *, n_process: int = 1) -> dict[str, Any]:
    rows = load_rows(path)
    hits: Counter[str] = Counter()
    scored_n: Counter[str] = Counter()
    for row, ex in zip(rows, Extractor().pipe((_document(i, r) for i, r in enumerate(rows)), n_process=n_process)):
        for field, ok in scored(row, ex).items():
            if ok is not None:
                scored_n[field] += 1
                hits[field] += int(ok)
    return {
        "corpus": "airwars-gaza-2023", "file": str(path), "incidents": len(rows),
        "accuracy": {f: round(hits[f] / scored_n[f], 4) if scored_n[f] else None for f in FIELDS},
        "scored": {f: scored_n[f] for f in FIELDS},
    }


def render(out: dict[str, Any]) -> str:
    lines = [f"Airwars Gaza 2023: {out['incidents']} incidents, the assessment's main report vs Airwars' coding"]
    for f in FIELDS:
        acc = out["accuracy"][f]
        lines.append(f"  {f:<13} {acc:.3f}  (of {out['scored'][f]} incidents with a coded figure)" if acc is not None
                     else f"  {f:<13} -")
    return "\n".join(lines) + "\n"
