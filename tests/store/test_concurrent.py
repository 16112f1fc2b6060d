"""Two ingests into one ledger at once end equal to one sequential run."""

from __future__ import annotations

import subprocess
import sys

from paths import FAKES_COLUMNS, SEEDS, fakes_sample

from triangulate.store import Ledger


def _snapshot(db: str) -> tuple[dict[str, int], list[tuple[str, str]]]:
    with Ledger.open(db) as ledger:
        counts = ledger.counts()
        pairs = sorted((r["id"], r["incident_id"]) for r in ledger.db.query("SELECT report_id AS id, incident_id FROM report_links"))
    return counts, pairs


def test_two_ingests_at_once_equal_one_after_the_other(tmp_path):
    sample = fakes_sample(tmp_path, 80)
    args = [str(SEEDS), str(sample), "--columns", FAKES_COLUMNS]

    sequential = str(tmp_path / "sequential.db")
    for _ in range(2):
        subprocess.run([sys.executable, "-m", "triangulate", "ingest", *args, "--db", sequential],
                       check=True, capture_output=True, timeout=600)
    together = str(tmp_path / "together.db")
    procs = [subprocess.Popen([sys.executable, "-m", "triangulate", "ingest", *args, "--db", together],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "Traceback" not in err and "IntegrityError" not in err
    assert _snapshot(together) == _snapshot(sequential)


def test_processes_opening_a_new_ledger_at_once_all_get_it(tmp_path):
    """The WAL switch and the migrations race when several processes create one ledger at once."""
    db = str(tmp_path / "new.db")
    code = f"from triangulate.store import Ledger\nwith Ledger({db!r}) as ledger:\n    print(ledger.counts()['documents'])"
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(8)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, [err for _, err in outs if err]
    assert all(out.strip() == "0" for out, _ in outs)
    with Ledger.open(db) as ledger:
        names = [r["name"] for r in ledger.db.query("SELECT name FROM migrations ORDER BY name")]
    assert len(names) == len(set(names)) and names[0].startswith("0001")
