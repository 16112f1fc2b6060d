"""Why the credibility score does not predict FA-KES's label: the label's balance within each outlet,
and, for the main reports that share their ledger incident with other outlets' reports, how often a report
labelled credible agrees with those others on each field (toll, perpetrator, means, date, governorate).

    python scripts/fakes_credibility_fields.py ../shared/data/fa-kes/fa-kes-dev.csv [--db ledger.db]

The ledger is built as `triangulate evaluate fa-kes-ledger` builds it. Agreement on a field: the report's
value equals the majority of the others' (tolls: within 10 %, or 1), among the others that state one.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

FIELDS = ("toll_killed", "perpetrator", "means", "date", "admin1")


def _agrees(field: str, mine: Any, others: list[Any]) -> bool:
    if field == "toll_killed":
        same = sum(abs(v - mine) <= max(1, 0.1 * max(v, mine)) for v in others)
    else:
        same = sum(v == mine for v in others)
    return bool(same / len(others) >= 0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--db", default=":memory:", help="build the ledger here (default: in memory)")
    args = parser.parse_args()

    from triangulate.evaluate.fakes import COLUMNS, load_rows
    from triangulate.extract.pipeline import Extractor
    from triangulate.ingest.readers import record_pending
    from triangulate.link.text_keys import with_text_key
    from triangulate.store.ledger import Ledger

    rows = load_rows(args.csv)
    pendings = [record_pending(r, source=f"{args.csv.name}:{i + 2}", columns=COLUMNS) for i, r in enumerate(rows)]
    ledger = Ledger(args.db)
    ledger.add(Extractor().pipe((p for p in pendings if not ledger.has_document(p.id)), then=with_text_key))
    ledger.relink()
    mains = {r["document_id"]: r for r in ledger.db.query(
        "SELECT r.document_id, r.toll_killed, r.perpetrator, r.means, r.date, r.admin1, l.incident_id FROM reports r"
        " JOIN report_links l ON l.report_id = r.id WHERE r.main = 1")}
    reports = []
    for row, p in zip(rows, pendings):
        if p.id in mains:
            reports.append({**mains[p.id], "label": int(row["label"]), "outlet": row["source"]})
    ledger.close()

    by_outlet: dict[str, list[int]] = defaultdict(list)
    for r in reports:
        by_outlet[r["outlet"]].append(r["label"])
    print(f"{len(reports)} main reports; labelled credible within each outlet:")
    for outlet, labels in sorted(by_outlet.items(), key=lambda kv: -len(kv[1])):
        print(f"  {outlet:16} {len(labels):4} reports  {sum(labels) / len(labels):.2f} credible")

    by_incident: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in reports:
        by_incident[r["incident_id"]].append(r)
    table: Counter[tuple[str, str, int]] = Counter()
    shared = 0
    for r in reports:
        others = [o for o in by_incident[r["incident_id"]] if o is not r and o["outlet"] != r["outlet"]]
        shared += bool(others)
        for field in FIELDS:
            values = [o[field] for o in others if o[field] is not None]
            if not others:
                continue
            state = "no value" if r[field] is None or not values else (
                "agrees" if _agrees(field, r[field], values) else "disagrees")
            table[(field, state, r["label"])] += 1
    print(f"\n{shared} reports share their incident with another outlet's; labelled credible, by agreement with those:")
    for field in FIELDS:
        cells = []
        for state in ("agrees", "disagrees", "no value"):
            n = table[(field, state, 0)] + table[(field, state, 1)]
            cells.append(f"{state} {table[(field, state, 1)]}/{n}" + (f" ({table[(field, state, 1)] / n:.2f})" if n else ""))
        print(f"  {field:12} " + "   ".join(cells))


if __name__ == "__main__":
    main()
