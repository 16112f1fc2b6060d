"""FA-KES: accuracy per field of the main report against the crowd-extracted facts.

The crowd's `date` column is a label, not an input: documents are built from the title, content
and outlet only, and the publication date comes from the dateline in the text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from triangulate.extract.actors import actor_by_id
from triangulate.extract.dates import find_dates
from triangulate.extract.means import means_info
from triangulate.extract.pipeline import Extractor
from triangulate.extract.tolls import lead_toll
from triangulate.ingest.readers import decode, record_pending
from triangulate.model import Extraction, Report

FIELDS = ("killed", "civilians", "noncivilians", "governorate", "actor", "cause", "date", "date_published")
GOALS = {"killed": 0.85, "governorate": 0.95, "actor": 0.85, "cause": 0.85, "date": 0.90}
COLUMNS = {"text": "article_content", "title": "article_title", "outlet": "source", "id": "unit_id", "published": "", "url": ""}


def crosswalk() -> dict[str, Any]:
    with resources.files("triangulate.evaluate").joinpath("fakes_crosswalk.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def load_rows(path: Path) -> list[dict[str, str]]:
    text = decode(path.read_bytes(), fallback=True)
    return list(csv.DictReader(io.StringIO(text, newline="")))


def killed_figures(report: Report | None) -> dict[str, int]:
    """The report's lead killed toll split as FA-KES splits it: a toll with no victim group counts
    as civilian, as the crowd counted it."""
    toll = lead_toll(report, "killed")
    return {
        "killed": toll.total,
        "civilians": toll.civilians + toll.unspecified,
        "noncivilians": toll.noncivilians,
    }


def predicted(ex: Extraction) -> dict[str, Any]:
    main = ex.main
    figures = killed_figures(main)
    place = main.place if main else None
    gov = None
    if place is not None and place.admin1:
        gov = crosswalk()["governorates"].get(place.admin1)
    actor = "unknown"
    if main and main.perpetrator:
        a = actor_by_id(main.perpetrator.id)
        actor = a["fakes"] if a else "unknown"
    info = means_info(main.means) if main else None
    date = (main.date if main else None) or ex.document.published
    return {**figures, "governorate": gov, "actor": actor, "cause": info["fakes"] if info else "unknown", "date": date,
            "date_published": ex.document.published}


def gold(row: dict[str, str]) -> dict[str, Any]:
    def num(k: str) -> int:
        try:
            return int(float(row.get(k) or 0))
        except ValueError:
            return 0

    civ, nonciv = num("nb_civilians"), num("nb_noncivilians")
    try:
        date: dt.date | None = dt.datetime.strptime(row["date"].strip(), "%m/%d/%y").date()
    except (KeyError, ValueError):
        date = None
    return {
        "killed": civ + nonciv, "civilians": civ, "noncivilians": nonciv,
        "governorate": (row.get("location") or "").strip().lower(),
        "actor": (row.get("actor") or "").strip().lower(),
        "cause": (row.get("cause_of_death") or "").strip().lower(),
        "date": date,
        "date_published": date,
    }


def match(field: str, pred: Any, ref: Any) -> bool:
    if field in ("date", "date_published"):
        return pred is not None and ref is not None and abs((pred - ref).days) <= 1
    return bool(pred == ref)


def evaluate_fakes(path: Path, *, n_process: int = 1, keep_misses: int = 0) -> dict[str, Any]:
    rows = load_rows(path)
    docs = [record_pending(r, source=f"{path.name}:{i + 2}", columns=COLUMNS) for i, r in enumerate(rows)]
    hits: Counter[str] = Counter()
    misses: dict[str, list[dict[str, Any]]] = {f: [] for f in FIELDS}
    confusion: dict[str, Counter[tuple[str, str]]] = {f: Counter() for f in ("actor", "cause", "governorate")}
    reachable_dates = 0
    for row, ex in zip(rows, Extractor().pipe(docs, n_process=n_process)):
        p, g = predicted(ex), gold(row)
        text_dates = [d.date for d in find_dates(ex.document.clean_text(), 0, len(ex.document.text), ex.document.published)]
        if any(match("date", d, g["date"]) for d in text_dates + [ex.document.published]):
            reachable_dates += 1
        for f in FIELDS:
            if match(f, p[f], g[f]):
                hits[f] += 1
            else:
                if f in confusion:
                    confusion[f][(str(g[f]), str(p[f]))] += 1
                if len(misses[f]) < keep_misses:
                    misses[f].append({"source": ex.document.source, "title": ex.document.title,
                                      "gold": str(g[f]), "predicted": str(p[f])})
    n = len(rows)
    result: dict[str, Any] = {
        "corpus": "fa-kes", "file": str(path), "documents": n,
        "accuracy": {f: round(hits[f] / n, 4) for f in FIELDS},
        "goals": GOALS,
        "date_ceiling": round(reachable_dates / n, 4),
        "top_confusions": {f: [{"gold": a, "predicted": b, "count": c} for (a, b), c in confusion[f].most_common(6)]
                           for f in confusion},
    }
    if keep_misses:
        result["misses"] = misses
    return result


def render(result: dict[str, Any], console: Any, *, misses: int = 0) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"FA-KES: {result['documents']} reports, main report vs crowd facts")
    for col in ("field", "accuracy", "goal"):
        table.add_column(col)
    for f, acc in result["accuracy"].items():
        goal = result["goals"].get(f)
        table.add_row(f, f"{acc:.3f}", f"≥ {goal:.2f}" if goal else "")
    console.print(table)
    console.print(Text(
        f"date: incident date (publication date when the text gives none). date_published: the dateline "
        f"read from the text. Ceiling: for {result['date_ceiling']:.3f} of reports some date in the text is "
        f"within a day of the crowd's date."
    ))
    for f, rows in result["top_confusions"].items():
        console.print(Text(f"top {f} confusions (gold → predicted): " + "; ".join(
            f"{r['gold']} → {r['predicted']} ×{r['count']}" for r in rows)))
    if misses:
        for f, rows in result.get("misses", {}).items():
            for r in rows:
                console.print(Text(f"[{f}] {r['source']}: gold {r['gold']} / predicted {r['predicted']} · {r['title']}"))
