"""FA-KES through the ledger: incident grouping against the crowd's (date, governorate) keys, and the
per-report credibility score against the credibility label.

The crowd's keys are the nearest thing to gold for grouping (reports on one date and governorate are
mostly one incident); the label was made by checking each report's facts against the VDC database of
documented deaths, so agreement with independent reports is the signal a credibility score can use.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from triangulate.evaluate.fakes import COLUMNS, gold, load_rows
from triangulate.ingest.readers import record_pending
from triangulate.link.text_keys import with_text_key
from triangulate.store.ledger import Ledger

THRESHOLD = 0.5
BOOTSTRAP_RESAMPLES = 1000  # for the credibility figures' 95 % intervals (a fixed seed: the same run prints the same)


def pairwise(pred: dict[int, str], ref: dict[int, tuple[Any, ...]]) -> dict[str, float]:
    """Pairwise precision / recall / F1 of a grouping (row -> cluster) against reference keys."""
    rows = sorted(pred)
    tp = fp = fn = 0
    by_pred: dict[str, list[int]] = defaultdict(list)
    by_ref: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for r in rows:
        by_pred[pred[r]].append(r)
        by_ref[ref[r]].append(r)
    pred_pairs = {p for members in by_pred.values() for p in itertools.combinations(sorted(members), 2)}
    ref_pairs = {p for members in by_ref.values() for p in itertools.combinations(sorted(members), 2)}
    tp = len(pred_pairs & ref_pairs)
    fp = len(pred_pairs - ref_pairs)
    fn = len(ref_pairs - pred_pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "pairs_predicted": len(pred_pairs), "pairs_reference": len(ref_pairs), "true_pairs": tp}


def macro_f1(y_true: list[int], y_pred: list[int]) -> float:
    scores = []
    for label in (0, 1):
        tp = sum(1 for t, p in zip(y_true, y_pred) if t == label and p == label)
        fp = sum(1 for t, p in zip(y_true, y_pred) if t != label and p == label)
        fn = sum(1 for t, p in zip(y_true, y_pred) if t == label and p != label)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(scores) / len(scores)


def bootstrap_interval(y_true: list[int], y_pred: list[int], metric: Any, *, seed: int = 0) -> list[float]:
    """The 95 % percentile-bootstrap interval of `metric(y_true, y_pred)` over the reports, so two runs'
    figures can be told apart from resampling noise (on ~450 reports, accuracy moves by about ±0.045)."""
    import random

    rng = random.Random(seed)
    n = len(y_true)
    if not n:
        return [0.0, 0.0]
    values = []
    for _ in range(BOOTSTRAP_RESAMPLES):
        idx = [rng.randrange(n) for _ in range(n)]
        values.append(metric([y_true[i] for i in idx], [y_pred[i] for i in idx]))
    values.sort()
    return [round(values[int(0.025 * len(values))], 4), round(values[int(0.975 * len(values)) - 1], 4)]


def accuracy_of(y_true: list[int], y_pred: list[int]) -> float:
    return sum(int(t == p) for t, p in zip(y_true, y_pred)) / len(y_true) if y_true else 0.0


def evaluate_fakes_ledger(path: Path, *, db: str = ":memory:", n_process: int = 1) -> dict[str, Any]:
    rows = load_rows(path)
    pendings = [record_pending(r, source=f"{path.name}:{i + 2}", columns=COLUMNS) for i, r in enumerate(rows)]
    ledger = Ledger(db)
    from triangulate.extract.pipeline import Extractor

    ledger.add(Extractor().pipe((p for p in pendings if not ledger.has_document(p.id)), n_process=n_process,
                              then=with_text_key))
    ledger.relink()
    mains = {r["document_id"]: r for r in ledger.db.query(
        "SELECT r.document_id, l.incident_id, l.credibility, i.n_independent FROM reports r"
        " JOIN report_links l ON l.report_id = r.id JOIN incidents i ON i.id = l.incident_id WHERE r.main = 1")}
    pred: dict[int, str] = {}
    ref: dict[int, tuple[Any, ...]] = {}
    y_true, y_pred, scores, corroborated = [], [], [], []
    for i, (row, p) in enumerate(zip(rows, pendings)):
        main = mains.get(p.id)
        if main is None:
            continue
        g = gold(row)
        pred[i] = main["incident_id"]
        ref[i] = (g["date"], g["governorate"])
        y_true.append(int(row["label"]))
        score = main["credibility"] if main["credibility"] is not None else 0.5
        scores.append(score)
        y_pred.append(int(score >= THRESHOLD))
        corroborated.append((main["n_independent"] or 0) >= 2)
    accuracy = accuracy_of(y_true, y_pred)
    sub = [(t, p) for t, p, c in zip(y_true, y_pred, corroborated) if c]
    sub_acc = accuracy_of([t for t, _ in sub], [p for _, p in sub])
    grouping = pairwise(pred, ref)
    sizes = Counter(Counter(pred.values()).values())
    ledger.close()
    return {
        "corpus": "fa-kes", "documents": len(pred), "grouping": grouping,
        "incident_sizes": dict(sorted(sizes.items())),
        "credibility": {"threshold": THRESHOLD, "accuracy": round(accuracy, 4),
                        "macro_f1": round(macro_f1(y_true, y_pred), 4),
                        "accuracy_95ci": bootstrap_interval(y_true, y_pred, accuracy_of),
                        "macro_f1_95ci": bootstrap_interval(y_true, y_pred, macro_f1),
                        "predicted_credible": sum(y_pred), "labelled_credible": sum(y_true),
                        "with_independent_others": len(sub), "accuracy_with_independent_others": round(sub_acc, 4),
                        "macro_f1_with_independent_others": round(macro_f1([t for t, _ in sub], [p for _, p in sub]), 4)},
    }
