"""GVA (US shooting incidents and the local news that reports them) through the ledger.

The articles are filed by Gun Violence Archive incident: the gold grouping. This evaluator ingests the
articles that carry no quirk flag into a fresh ledger and scores, against the gold incidents and
GVA's facts:

- linking: pairwise and B-cubed precision / recall / F1, beside two baselines computed in the same
  run (every article alone; same publication day and same extracted place);
- counting: per article, the report's killed (victims plus perpetrator deaths, as GVA counts) and
  injured exact;
- per gold incident, through the ledger incident that holds most of its articles: the reconciled
  killed best, the place (admin1 equal to GVA's state; within 25 km of GVA's point) and the date
  (exact; within one day).

GVA's data stays in ../shared/data/gva/; nothing of it is copied into the package.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from triangulate.ingest.readers import record_pending
from triangulate.link.features import haversine_km
from triangulate.link.text_keys import with_text_key
from triangulate.store.ledger import Ledger

COLUMNS = {"text": "text", "title": "title", "published": "published", "outlet": "outlet", "url": "url", "id": ""}
NEAR_KM = 25.0
GVA_STATE_AS_GEONAMES = {"District of Columbia": "Washington, D.C."}  # GVA's name -> GeoNames' admin1 name


def load_articles(folder: Path, *, include_flagged: bool = False) -> list[dict[str, Any]]:
    with (folder / "gva-dev-articles.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if include_flagged or not r.get("flags")]


def load_incidents(folder: Path) -> dict[str, dict[str, Any]]:
    with (folder / "gva-dev-incidents.jsonl").open(encoding="utf-8") as fh:
        return {r["incident"]: r for r in (json.loads(line) for line in fh if line.strip())}


def _pairs(clusters: dict[int, Hashable]) -> set[tuple[int, int]]:
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for item, key in clusters.items():
        groups[key].append(item)
    return {p for members in groups.values() for p in itertools.combinations(sorted(members), 2)}


def _prf(tp: float, n_pred: float, n_ref: float) -> dict[str, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_ref if n_ref else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def pairwise(pred: dict[int, Hashable], gold: dict[int, Hashable], over: set[int] | None = None) -> dict[str, float]:
    """Pairwise precision / recall / F1 of a clustering against the gold one (same items); with
    `over`, only the pairs that hold at least one of those items (held-out scoring: a held-out report
    wrongly joined to a training one is a false pair)."""
    pp, gp = _pairs(pred), _pairs(gold)
    if over is not None:
        pp = {p for p in pp if p[0] in over or p[1] in over}
        gp = {p for p in gp if p[0] in over or p[1] in over}
    return {**_prf(len(pp & gp), len(pp), len(gp)), "pairs_predicted": len(pp), "pairs_gold": len(gp),
            "true_pairs": len(pp & gp)}


def bcubed(pred: dict[int, Hashable], gold: dict[int, Hashable], over: set[int] | None = None) -> dict[str, float]:
    """B-cubed precision / recall / F1 (Bagga and Baldwin): per item, the share of its predicted
    cluster that is in its gold cluster, and the reverse, averaged over items (over `over` only,
    when given, with clusters counted whole)."""
    by_pred: dict[Hashable, set[int]] = defaultdict(set)
    by_gold: dict[Hashable, set[int]] = defaultdict(set)
    for i in pred:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    p = r = 0.0
    items = [i for i in pred if over is None or i in over]
    for i in items:
        both = len(by_pred[pred[i]] & by_gold[gold[i]])
        p += both / len(by_pred[pred[i]])
        r += both / len(by_gold[gold[i]])
    n = len(items) or 1
    precision, recall = p / n, r / n
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f, 4)}


def _share(hits: Iterable[bool]) -> float:
    values = list(hits)
    return round(sum(values) / len(values), 4) if values else 0.0


def evaluate_gva(folder: Path, *, db: str = ":memory:", n_process: int = 1,
                 include_flagged: bool = False, keep_misses: int = 0) -> dict[str, Any]:
    """Ingest the articles into a fresh ledger and score it (see the module docstring)."""
    from triangulate.extract.pipeline import Extractor

    started = time.perf_counter()
    articles = load_articles(folder, include_flagged=include_flagged)
    facts = load_incidents(folder)
    pendings = [record_pending(a, source=f"gva:{a['id']}", columns=COLUMNS) for a in articles]
    ledger = Ledger(db)
    ledger.add(Extractor().pipe((p for p in pendings if not ledger.has_document(p.id)), n_process=n_process,
                              then=with_text_key))
    extracted = time.perf_counter()
    ledger.relink()
    linked = time.perf_counter()
    mains = {r["document_id"]: r for r in ledger.db.query(
        "SELECT r.document_id, l.incident_id, r.toll_killed, r.toll_wounded, r.record, r.country, r.admin1,"
        " d.published FROM reports r JOIN documents d ON d.id = r.document_id"
        " LEFT JOIN report_links l ON l.report_id = r.id WHERE r.main = 1")}
    incidents = {r["id"]: r for r in ledger.db.query("SELECT * FROM incidents")}
    ledger.close()

    pred: dict[int, Hashable] = {}
    gold: dict[int, Hashable] = {}
    alone: dict[int, Hashable] = {}
    day_place: dict[int, Hashable] = {}
    day_state: dict[int, Hashable] = {}
    killed_hits: list[bool] = []
    injured_hits: list[bool] = []
    misses: list[dict[str, Any]] = []
    by_gold: dict[str, list[str]] = defaultdict(list)
    seen_docs: set[str] = set()
    for i, (article, pending) in enumerate(zip(articles, pendings)):
        main = mains.get(pending.id)
        if main is None or pending.id in seen_docs:
            continue  # an article whose text another one repeats is stored once
        seen_docs.add(pending.id)
        fact = facts.get(article["incident"], {})
        pred[i], gold[i], alone[i] = main["incident_id"], article["incident"], i
        day_place[i] = (main["published"], main["country"], main["admin1"]) if main["country"] else ("alone", i)
        day_state[i] = (main["published"], fact.get("state"))
        by_gold[article["incident"]].append(main["incident_id"])
        record = json.loads(main["record"])
        killed = (main["toll_killed"] or 0) + int(record.get("perpetrator_deaths") or 0)
        injured = main["toll_wounded"] or 0
        killed_hits.append(killed == fact.get("killed"))
        injured_hits.append(injured == fact.get("injured"))
        if killed != fact.get("killed") and len(misses) < keep_misses:
            misses.append({"field": "killed", "article": article["id"], "incident": article["incident"],
                           "gold": fact.get("killed"), "ours": killed, "title": article.get("title")})

    best_hits, admin1_hits, near_hits, date_hits, date1_hits = [], [], [], [], []
    place_misses: list[dict[str, Any]] = []
    for gid, incs in by_gold.items():
        fact = facts.get(gid, {})
        inc = incidents.get(Counter(incs).most_common(1)[0][0], {})
        perpetrators = json.loads(inc["summary"]).get("perpetrator_deaths", 0) if inc.get("summary") else 0
        best_hits.append((inc.get("killed_best") or 0) + perpetrators == fact.get("killed"))
        state = GVA_STATE_AS_GEONAMES.get(fact.get("state") or "", fact.get("state"))
        admin1_hits.append(bool(inc.get("admin1")) and inc.get("admin1") == state)
        if not admin1_hits[-1] and len(place_misses) < keep_misses:
            place_misses.append({"field": "admin1", "incident": gid, "gold": fact.get("state"),
                                 "ours": inc.get("admin1"), "title": inc.get("title")})
        near = None not in (inc.get("lat"), fact.get("lat")) and \
            haversine_km(inc["lat"], inc["lon"], fact["lat"], fact["lon"]) <= NEAR_KM
        near_hits.append(bool(near))
        days = None
        if inc.get("date") and fact.get("date"):
            days = abs((date.fromisoformat(inc["date"][:10]) - date.fromisoformat(fact["date"][:10])).days)
        date_hits.append(days == 0)
        date1_hits.append(days is not None and days <= 1)
    finished = time.perf_counter()
    return {
        "corpus": "gva", "articles": len(pred), "gold_incidents": len(by_gold),
        "ledger_incidents": len(set(pred.values())),
        "linking": {"pairwise": pairwise(pred, gold), "bcubed": bcubed(pred, gold)},
        "baselines": {
            "every_article_alone": {"pairwise": pairwise(alone, gold), "bcubed": bcubed(alone, gold)},
            "same_day_same_place": {"pairwise": pairwise(day_place, gold), "bcubed": bcubed(day_place, gold)},
            "same_day_gold_state": {"pairwise": pairwise(day_state, gold), "bcubed": bcubed(day_state, gold)},
        },
        "per_article": {"killed_exact": _share(killed_hits), "injured_exact": _share(injured_hits)},
        "per_incident": {"killed_best_exact": _share(best_hits), "admin1_match": _share(admin1_hits),
                         f"within_{int(NEAR_KM)}_km": _share(near_hits), "date_exact": _share(date_hits),
                         "date_within_1_day": _share(date1_hits)},
        "seconds": {"extract_and_land": round(extracted - started, 1), "link": round(linked - extracted, 1),
                    "total": round(finished - started, 1)},
        "misses": misses + place_misses,
    }


def render(out: dict[str, Any]) -> str:
    lines = [f"GVA through the ledger: {out['articles']} articles, {out['gold_incidents']} gold incidents, "
             f"{out['ledger_incidents']} ledger incidents"]

    def row(name: str, block: dict[str, Any]) -> str:
        p, b = block["pairwise"], block["bcubed"]
        return (f"  {name:<26} pairwise P {p['precision']:.3f} R {p['recall']:.3f} F1 {p['f1']:.3f}   "
                f"B-cubed P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f}")

    lines.append("linking")
    lines.append(row("ledger", out["linking"]))
    for name, block in out["baselines"].items():
        lines.append(row(name.replace("_", " "), block))
    a, g = out["per_article"], out["per_incident"]
    lines.append(f"per article: killed exact {a['killed_exact']:.3f}, injured exact {a['injured_exact']:.3f}")
    lines.append(
        f"per gold incident: killed best exact {g['killed_best_exact']:.3f}, admin1 = GVA state {g['admin1_match']:.3f}, "
        f"within {int(NEAR_KM)} km {g[f'within_{int(NEAR_KM)}_km']:.3f}, date exact {g['date_exact']:.3f}, "
        f"within a day {g['date_within_1_day']:.3f}")
    s = out["seconds"]
    lines.append(f"time: {s['total']} s (extract and land {s['extract_and_land']} s, link {s['link']} s)")
    for m in out.get("misses", []):
        lines.append(f"  miss {m['field']} {m['incident']} gold {m['gold']} ours {m['ours']}: {m['title']}")
    return "\n".join(lines) + "\n"
