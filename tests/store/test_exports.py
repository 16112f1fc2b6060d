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
    # actor types: the coalition is external forces (8), Syria's army is state forces at home (1)
    assert (row["inter1"], row["inter2"], row["interaction"]) == (8, 1, 18)
    assert (row["region"], row["disorder_type"], row["source_scale"]) == ("Middle East", "Political violence",
                                                                         "International")
    assert pd.isna(row["civilian_targeting"]) and row["timestamp"] > 1_600_000_000


def test_ucdp_csv(ledger, tmp_path):
    export(_seeded(ledger), "ucdp", tmp_path / "ucdp.csv")
    df = pd.read_csv(tmp_path / "ucdp.csv")
    assert list(df.columns) == UCDP_COLUMNS
    row = df.iloc[0]
    assert (row["low"], row["best"], row["high"]) == (62, 70, 90)
    assert row["number_of_sources"] == 2 and "RT" not in row["side_a"]
    assert row["type_of_violence"] == 1  # a government is a side: state-based
    assert (row["country"], row["region"], row["year"], row["date_prec"]) == ("Syria", "Middle East", 2016, 1)
    assert row["dyad_name"] == "Military Forces of the United States - Military Forces of Syria"
    # soldiers killed are side B's dead; the parts add up to best
    assert (row["deaths_a"], row["deaths_b"], row["deaths_civilians"], row["deaths_unknown"]) == (0, 70, 0, 0)
    assert row["geom_wkt"] == "POINT (40.14084 35.33588)"


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


def test_acled_actor_types_and_civilians():
    from triangulate.export import _interaction, inter_code, region

    assert inter_code("russia", "SY") == 8 and inter_code("russia", "RU") == 1 and inter_code("ukraine", "UA") == 1
    assert inter_code("isis", "IQ") == 2 and inter_code("unidentified_armed", "NG") == 3 and inter_code(None, "SY") == ""
    assert _interaction(8, 1) == 18 and _interaction(2, 7) == 27 and _interaction(3, "") == 30 and _interaction("", 7) == ""
    assert (region("SY"), region("UA"), region("ML"), region("YE"), region("CO")) == (
        "Middle East", "Europe", "Western Africa", "Middle East", "South America")
    assert (region("EG", "ucdp"), region("EG"), region("GE", "ucdp"), region("ML", "ucdp")) == (
        "Middle East", "Northern Africa", "Europe", "Africa")
    assert region("XX") == "" and region(None) == ""


def test_ucdp_type_of_violence_from_the_sides():
    from triangulate.export import _type_of_violence

    assert _type_of_violence({"perpetrator": "isis", "target": "syria_gov", "victims": []}) == 1
    assert _type_of_violence({"perpetrator": "isis", "target": "nusra", "victims": []}) == 2
    assert _type_of_violence({"perpetrator": "isis", "target": None, "victims": ["civilians"]}) == 3
    assert _type_of_violence({"perpetrator": "isis", "target": None, "victims": ["civilians", "military"]}) == ""
    assert _type_of_violence({"perpetrator": None, "target": None, "victims": ["civilians"]}) == ""
