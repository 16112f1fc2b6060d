"""Where the shared fixtures live (shared/ sits beside the repository)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
FAKES = SHARED / "data" / "fa-kes" / "fa-kes-dev.csv"
AL_ALAM = SEEDS / "000_f40835fafc506217.txt"
WIRE21 = SEEDS / "003_9d19f88550dc7928.txt"
