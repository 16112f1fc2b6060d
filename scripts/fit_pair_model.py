"""Fit the linking pair model (src/triangulate/link/pair_model.json) and report cross-validated figures.

Data: GVA dev (../shared/data/gva/, gold = the GVA incident) and FA-KES dev (gold = the crowd's
(date, governorate) key, a weak label). Each corpus is extracted into its own in-memory ledger and
reduced to the `ReportKey`s linking sees; candidate pairs come from the same blocking as at run time.

Cross-validation is grouped by incident (GroupKFold, 5 folds): a fold's incidents are never seen in
training. Per fold, a logistic regression is fitted on the candidate pairs among the training
reports, the clustering threshold is chosen on the training reports (best B-cubed F1 of a small
grid), and the test reports are clustered from scratch and scored. The printed figures are those
held-out scores; the shipped model is then fitted on everything, with the median chosen threshold.

    pip install -e '.[fit]' && python scripts/fit_pair_model.py --gva ../shared/data/gva --fakes ../shared/data/fa-kes/fa-kes-dev.csv
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from triangulate.evaluate.gva import COLUMNS as GVA_COLUMNS
from triangulate.evaluate.gva import bcubed, load_articles, pairwise
from triangulate.extract.pipeline import Extractor
from triangulate.ingest.readers import record_pending
from triangulate.link.build import report_keys
from triangulate.link.features import FEATURES, Corpus, ReportKey, pair_features
from triangulate.link.incidents import candidate_pairs, group
from triangulate.store.ledger import Ledger

OUT = Path(__file__).resolve().parents[1] / "src" / "triangulate" / "link" / "pair_model.json"
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
NAMES = [n for n, _ in FEATURES]


def _keys(pendings: list[Any], gold_of: dict[str, Hashable], corpus: str) -> list[tuple[ReportKey, Hashable]]:
    ledger = Ledger(":memory:")
    ledger.add(Extractor().pipe(pendings, n_process=2))
    db = ledger.db
    docs = db.query("SELECT id, outlet, published, title, substr(text, 1, 1500) AS text FROM documents")
    by_doc = {d["id"]: d for d in docs}
    reports = db.query(
        "SELECT id, document_id, main, date, country, admin1, geonameid, lat, lon, means, perpetrator, target,"
        " toll_killed FROM reports WHERE main = 1")
    keys = report_keys(reports, by_doc)
    ledger.close()
    return [(k, (corpus, gold_of[k.document_id])) for k in keys if k.document_id in gold_of]


def load(gva: Path, fakes: Path | None) -> list[tuple[ReportKey, Hashable]]:
    articles = load_articles(gva)
    pendings = [record_pending(a, source=f"gva:{a['id']}", columns=GVA_COLUMNS) for a in articles]
    gold = {p.id: a["incident"] for p, a in zip(pendings, articles)}
    data = _keys(pendings, gold, "gva")
    if fakes:
        from triangulate.evaluate.fakes import COLUMNS, gold as fakes_gold, load_rows

        rows = load_rows(fakes)
        pendings = [record_pending(r, source=f"fakes:{i}", columns=COLUMNS) for i, r in enumerate(rows)]
        keyed = {p.id: (fakes_gold(r)["date"], fakes_gold(r)["governorate"]) for p, r in zip(pendings, rows)}
        data += _keys(pendings, keyed, "fakes")
    return data


def pair_matrix(items: list[tuple[ReportKey, Hashable]]) -> tuple[np.ndarray, np.ndarray]:
    keys = [k for k, _ in items]
    corpus = Corpus(keys)
    X, y = [], []
    for i, j in candidate_pairs(keys, corpus):
        f = pair_features(keys[i], keys[j], corpus)
        X.append([f[n] for n in NAMES])
        y.append(int(items[i][1] == items[j][1]))
    return np.array(X), np.array(y)


def fit(items: list[tuple[ReportKey, Hashable]]) -> dict[str, float]:
    X, y = pair_matrix(items)
    lr = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=False)
    lr.fit(X, y)
    return {n: round(float(w), 4) for n, w in zip(NAMES, lr.coef_[0])}


def score(items: list[tuple[ReportKey, Hashable]], weights: dict[str, float], threshold: float) -> dict[str, Any]:
    keys = [k for k, _ in items]
    grouping = group(keys, threshold=threshold, weights=weights)
    pred = {i: grouping.incident_of[k.id] for i, k in enumerate(keys)}
    gold = {i: g for i, (_, g) in enumerate(items)}
    return {"pairwise": pairwise(pred, gold), "bcubed": bcubed(pred, gold)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gva", type=Path, required=True)
    ap.add_argument("--fakes", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    items = load(args.gva, args.fakes)
    groups = [str(g) for _, g in items]
    folds: list[dict[str, Any]] = []
    chosen = []
    for k, (train, test) in enumerate(GroupKFold(n_splits=args.folds).split(items, groups=groups)):
        tr = [items[i] for i in train]
        te = [items[i] for i in test]
        weights = fit(tr)
        best = max(THRESHOLDS, key=lambda t: score(tr, weights, t)["bcubed"]["f1"])
        chosen.append(best)
        per_corpus = {}
        for corpus in ("gva", "fakes"):
            sub = [x for x in te if x[1][0] == corpus]  # type: ignore[index]
            if sub:
                per_corpus[corpus] = score(sub, weights, best)
        folds.append({"fold": k, "threshold": best, **per_corpus})
        print(json.dumps(folds[-1]))
    summary: dict[str, Any] = {}
    for corpus in ("gva", "fakes"):
        rows = [f[corpus] for f in folds if corpus in f]
        if rows:
            summary[corpus] = {
                kind: {m: round(statistics.mean(r[kind][m] for r in rows), 4) for m in ("precision", "recall", "f1")}
                for kind in ("pairwise", "bcubed")}
    weights = fit(items)
    threshold = statistics.median(chosen)
    data = {
        "_about": "Pair model for incident linking: logistic regression over the features of link/features.py "
                  "(weights in the order and meaning of FEATURES), fitted by scripts/fit_pair_model.py. "
                  "cross_validated: held-out figures, folds grouped by incident (GVA: GVA incident; FA-KES: crowd "
                  "date+governorate key).",
        "fitted": dt.date.today().isoformat(),
        "data": {"gva_reports": sum(1 for _, g in items if g[0] == "gva"),  # type: ignore[index]
                 "fakes_reports": sum(1 for _, g in items if g[0] == "fakes")},  # type: ignore[index]
        "threshold": threshold,
        "weights": weights,
        "cross_validated": summary,
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"threshold": threshold, "weights": weights, "cross_validated": summary}, indent=1))


if __name__ == "__main__":
    main()
