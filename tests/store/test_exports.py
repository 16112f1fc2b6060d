"""Exports, each loaded with the reader a user would use."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
from paths import SEEDS

from triangulate.export import ACLED_COLUMNS, UCDP_COLUMNS, export


def _seeded(ledger):
    ledger.ingest([SEEDS])
    return ledger


def test_acled_csv(ledger, tmp_path):
    n = export(_seeded(ledger), "acled", tmp_path / "acled.csv")
    df = pd.read_csv(tmp_path / "acled.csv")
    assert n == 1 and list(df.columns) == ACLED_COLUMNS
    row = df.iloc[0]
    assert row["event_date"] == "2016-09-17"
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert row["actor1"] == "Military Forces of the United States" and row["actor2"] == "Military Forces of Syria"
    assert row["admin1"] == "Deir ez-Zor" and row["fatalities"] == 62  # the conservative figure
    assert abs(row["latitude"] - 35.33588) < 1e-4 and row["geo_precision"] == 1
    # codebook forms: the country's name and ISO number, an id with the country's acronym, a day's precision
    assert (row["country"], row["iso"], row["time_precision"]) == ("Syria", 760, 1)
    assert row["event_id_cnty"].startswith("SYR") and row["event_id_cnty"][3:].isdigit()
    assert row["notes"].startswith("On 2016-09-17, airstrike by Military Forces of the United States on Military Forces of Syria")
    assert row["notes"].endswith("in Deir ez-Zor killed 62-90+ (the sources contradict each other). Reported by "
                                 "21st Century Wire, Al Alam (2 independent lines of evidence).")


def test_ucdp_csv(ledger, tmp_path):
    export(_seeded(ledger), "ucdp", tmp_path / "ucdp.csv")
    df = pd.read_csv(tmp_path / "ucdp.csv")
    assert list(df.columns) == UCDP_COLUMNS
    row = df.iloc[0]
    assert (row["low"], row["best"], row["high"]) == (62, 70, 90)
    assert row["number_of_sources"] == 2 and "RT" not in row["side_a"]
    assert row["type_of_violence"] == 1  # a government is a side: state-based


def test_jsonl_parquet_geojson(ledger, tmp_path):
    _seeded(ledger)
    export(ledger, "jsonl", tmp_path / "x.jsonl")
    records = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1 and len(records[0]["claims"]) == 6 and records[0]["reports"][0]["record"]["claims"]
    export(ledger, "parquet", tmp_path / "x.parquet")
    table = pq.read_table(tmp_path / "x.parquet")
    assert table.num_rows == 1 and table.column("killed_low").to_pylist() == [62]
    export(ledger, "geojson", tmp_path / "x.geojson")
    geo = json.loads((tmp_path / "x.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection"
    assert geo["features"][0]["geometry"]["coordinates"] == [40.14084, 35.33588]
    assert all(f["geometry"] is not None for f in geo["features"])


def test_spreadsheet_formulas_in_exports_are_neutralised(ledger, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "f.jsonl").write_text(json.dumps({
        "text": "Shelling kills 4 in Homs\n\nFour civilians were killed by shelling in Homs, Syria, on Monday.",
        "outlet": "=HYPERLINK(\"http://evil.example\",\"click\")", "url": "@SUM(1+1)", "published": "2016-09-18",
    }) + "\n", encoding="utf-8")
    ledger.ingest([folder])
    for fmt, column in (("acled", "source"), ("ucdp", "source_article")):
        export(ledger, fmt, tmp_path / f"{fmt}.csv")
        cells = pd.read_csv(tmp_path / f"{fmt}.csv")[column].astype(str).tolist()
        assert cells and all(not c.startswith(("=", "+", "-", "@")) for c in cells), cells
        assert any("hyperlink" in c.lower() for c in cells), cells  # kept, as text


def test_ucdp_type_of_violence_from_the_sides():
    from triangulate.export import _type_of_violence

    assert _type_of_violence({"perpetrator": "isis", "target": "syria_gov", "victims": []}) == 1
    assert _type_of_violence({"perpetrator": "isis", "target": "nusra", "victims": []}) == 2
    assert _type_of_violence({"perpetrator": "isis", "target": None, "victims": ["civilians"]}) == 3
    assert _type_of_violence({"perpetrator": "isis", "target": None, "victims": ["civilians", "military"]}) == ""
    assert _type_of_violence({"perpetrator": None, "target": None, "victims": ["civilians"]}) == ""
