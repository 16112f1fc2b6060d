"""Where the shared fixtures live (shared/ sits beside the repository)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
FAKES = SHARED / "data" / "fa-kes" / "fa-kes-dev.csv"
AL_ALAM = SEEDS / "000_f40835fafc506217.txt"
WIRE21 = SEEDS / "003_9d19f88550dc7928.txt"
FAKES_COLUMNS = "text=article_content,title=article_title,outlet=source,id=unit_id,published="


def fakes_sample(folder: Path, rows: int) -> Path:
    """The first `rows` FA-KES dev rows as a CSV of their own, for tests that ingest a small corpus."""
    import csv

    with FAKES.open(encoding="utf-8", errors="replace", newline="") as fh:
        kept = list(csv.DictReader(fh))[:rows]
    sample = folder / "fakes.csv"
    with sample.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(kept[0]))
        writer.writeheader()
        writer.writerows(kept)
    return sample


def fakes_documents(rows: int) -> list[Any]:
    """The first `rows` FA-KES dev rows, read as documents."""
    from triangulate.ingest import read

    columns = dict(kv.split("=") for kv in FAKES_COLUMNS.split(","))
    return [d for _, d in zip(range(rows), read([FAKES], columns=columns))]


def fakes_extractions(rows: int) -> list[Any]:
    """The extractions of the first `rows` FA-KES dev rows (those that extract without errors)."""
    from triangulate.extract.pipeline import Extractor

    return [ex for ex in Extractor().pipe(fakes_documents(rows)) if not ex.errors]


def linking_sample(fakes_rows: int = 120, gva_articles: int = 120) -> list[Any]:
    """Extractions of real reports that link: the first FA-KES dev rows (one outlet's templates, several
    outlets per incident) and GVA dev articles of incidents that three or more articles tell."""
    from triangulate.evaluate.gva import COLUMNS as GVA_COLUMNS
    from triangulate.evaluate.gva import load_articles
    from triangulate.extract.pipeline import Extractor
    from triangulate.ingest.readers import record_pending

    fakes = fakes_documents(fakes_rows)
    by_incident: dict[Any, list[dict[str, Any]]] = {}
    for a in load_articles(SHARED / "data" / "gva"):
        by_incident.setdefault(a["incident"], []).append(a)
    several = [a for arts in by_incident.values() if len(arts) >= 3 for a in arts][:gva_articles]
    gva = [record_pending(a, source=f"gva:{a['id']}", columns=GVA_COLUMNS) for a in several]
    return [ex for ex in Extractor().pipe(fakes + gva) if not ex.errors]


def ledger_state(ledger: Any) -> dict[str, Any]:
    """What two ledgers built from the same reports must agree on: scored pairs, incidents (summary
    parsed), report incidents and credibility, provenance, sources, and each claim's line of evidence."""
    import json

    db = ledger.db
    incidents = db.query("SELECT * FROM incidents ORDER BY id")
    for row in incidents:
        row["summary"] = json.loads(row["summary"])
    return {
        "pairs": db.query("SELECT a, b, p, because FROM link_pairs ORDER BY a, b"),
        "incidents": incidents,
        "reports": db.query("SELECT r.id, l.incident_id, l.credibility FROM reports r"
                            " LEFT JOIN report_links l ON l.report_id = r.id ORDER BY r.id"),
        "provenance": db.query("SELECT src, dst, kind, detail FROM provenance ORDER BY src, dst, kind"),
        "sources": db.query("SELECT * FROM sources ORDER BY outlet"),
        "lines": db.query("SELECT c.id, v.line, v.review, v.revised FROM claims c"
                          " LEFT JOIN claim_reviews v ON v.claim_id = c.id ORDER BY c.id"),
    }


COPY_TEXT = ("Shells fell on a crowded market in Maarat al-Numan on Tuesday morning, killing nine people and wounding "
             "twenty, the local health office said. Residents said the shelling lasted an hour and hit shops and a "
             "bakery. Rescue workers pulled survivors from the rubble until late in the evening, and the market "
             "stayed closed the next day while the wounded were taken to hospitals in the countryside.")


def copy_extractions() -> tuple[Any, Any]:
    """A dated report and a near-verbatim copy of it with no date of its own (no publication date, none in
    its text): no place block, name or band window proposes the pair; only the copy edge does."""
    import datetime as dt

    from triangulate.extract.pipeline import Extractor
    from triangulate.model import Document

    original = Document(text=COPY_TEXT, title="Shelling kills nine at market", source="a",
                        published=dt.date(2016, 5, 3), outlet="a.example")
    copy = Document(text=COPY_TEXT.replace("the next day", "on Wednesday"), title="Nine killed in market shelling",
                    source="b", published=None, outlet="b.example")
    extract = Extractor()
    return extract(original), extract(copy)

