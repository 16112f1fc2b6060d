"""Where the shared fixtures live (shared/ sits beside the repository)."""

from __future__ import annotations

from pathlib import Path

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
