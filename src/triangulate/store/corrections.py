"""Analysts' corrections, applied every time the derived tables are rebuilt.

Contract: `validate(db, action, target, payload)` raises `ValueError` with a clear message;
`review(claims, corrections)` (every claim with its review state; a rejected claim counts nowhere) and
`apply_to_groups(incident_of, corrections)` return the corrected views. The source tables are never
edited: a correction is a row of its own, so re-ingesting the same documents (same content-hash ids)
finds it again and nothing is lost.
"""

from __future__ import annotations

import json
from typing import Any

from triangulate.extract.numbers import MAX_FIGURE
from triangulate.model import QUALIFIERS as MODEL_QUALIFIERS
from triangulate.model import VICTIM_TYPES
from triangulate.store.db import Database

CLAIM_FIELDS = {"value": int, "qualifier": str, "victims": str, "speaker": str}
QUALIFIERS = set(MODEL_QUALIFIERS)
VICTIMS = set(VICTIM_TYPES) - {"perpetrator"}  # the perpetrator's death is read, not set by hand
MAX_TEXT = 200  # a speaker's name, in a correction


def sane_edit(payload: Any) -> dict[str, Any]:
    """The fields of a stored claim_edit that are valid now: a row written by an older version, or
    by hand, can never break a rebuild (its invalid fields are ignored, the rest applies)."""
    if not isinstance(payload, dict):
        return {}
    out: dict[str, Any] = {}
    value = payload.get("value")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_FIGURE:
        out["value"] = value
    if payload.get("qualifier") in QUALIFIERS:
        out["qualifier"] = payload["qualifier"]
    if payload.get("victims") in VICTIMS:
        out["victims"] = payload["victims"]
    if isinstance(payload.get("speaker"), str) and len(payload["speaker"]) <= MAX_TEXT:
        out["speaker"] = payload["speaker"]
    return out


def validate(db: Database, action: str, target: str, payload: dict[str, Any]) -> None:
    if action.startswith("claim_"):
        if db.scalar("SELECT 1 FROM claims WHERE id = ?", (target,)) is None:
            raise ValueError(f"no claim {target!r}")
        if action == "claim_edit":
            unknown = set(payload) - set(CLAIM_FIELDS)
            if unknown or not payload:
                raise ValueError(f"claim_edit takes {', '.join(CLAIM_FIELDS)}; got {', '.join(payload) or 'nothing'}")
            if "value" in payload:
                try:
                    payload["value"] = int(str(payload["value"]).strip()[:20])
                except (TypeError, ValueError):
                    raise ValueError("value must be a whole number") from None
                if not 0 <= payload["value"] <= MAX_FIGURE:
                    raise ValueError(f"value must be between 0 and {MAX_FIGURE:,}")
            if "speaker" in payload and (not isinstance(payload["speaker"], str) or len(payload["speaker"]) > MAX_TEXT):
                raise ValueError(f"speaker must be text of at most {MAX_TEXT} characters")
            if "qualifier" in payload and payload["qualifier"] not in QUALIFIERS:
                raise ValueError(f"qualifier must be one of {', '.join(sorted(QUALIFIERS))}")
            if "victims" in payload and payload["victims"] not in VICTIMS:
                raise ValueError(f"victims must be one of {', '.join(sorted(VICTIMS))}")
        elif action not in ("claim_accept", "claim_reject"):
            raise ValueError(f"unknown action {action!r}")
        return
    if db.scalar("SELECT 1 FROM reports WHERE id = ?", (target,)) is None:
        raise ValueError(f"no report {target!r}")
    if action in ("report_move", "incident_merge"):
        key = "to_report" if action == "report_move" else "with_report"
        other = payload.get(key)
        if not other or db.scalar("SELECT 1 FROM reports WHERE id = ?", (other,)) is None:
            raise ValueError(f"{action} needs {key}: the id of a report in the other incident")
        if other == target:
            raise ValueError("a report cannot be moved to or merged with itself")
    elif action != "incident_split":
        raise ValueError(f"unknown action {action!r}")


def load(db: Database) -> list[dict[str, Any]]:
    rows = db.query("SELECT * FROM corrections ORDER BY at, id")
    for r in rows:
        try:
            r["payload"] = json.loads(r["payload"])
        except (TypeError, ValueError, RecursionError):
            r["payload"] = {}
        if not isinstance(r["payload"], dict):
            r["payload"] = {}
    return rows


REVISABLE = ("value", "low", "high", "qualifier", "victims", "speaker")  # what an edit can change


def review(claims: list[dict[str, Any]], corrections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every claim as the corrections leave it, with `review` (extracted / accepted / edited /
    rejected) and `revised` (the fields an edit changed, else None); the latest edit wins."""
    from triangulate.extract.numbers import interval

    by_target: dict[str, list[dict[str, Any]]] = {}
    for c in corrections:
        if c["action"].startswith("claim_"):
            by_target.setdefault(c["target"], []).append(c)
    out = []
    for claim in claims:
        state = "extracted"
        claim = dict(claim)
        original = {k: claim.get(k) for k in REVISABLE}
        for c in by_target.get(claim["id"], []):
            if c["action"] == "claim_reject":
                state = "rejected"
            elif c["action"] == "claim_accept":
                state = "accepted"
            elif c["action"] == "claim_edit":
                state = "edited"
                claim.update(sane_edit(c["payload"]))
                if claim.get("qualifier") != "range" and claim.get("value") is not None:
                    claim["low"], claim["high"] = interval(int(claim["value"]), claim.get("qualifier") or "exact")
        claim["review"] = state
        changed = {k: claim.get(k) for k in REVISABLE if claim.get(k) != original[k]}
        claim["revised"] = changed or None
        out.append(claim)
    return out


def apply_to_groups(incident_of: dict[str, str], corrections: list[dict[str, Any]]) -> dict[str, str]:
    """Moves, merges and splits, in the order they were made."""
    incident_of = dict(incident_of)
    for c in corrections:
        target = c["target"]
        if target not in incident_of:
            continue
        if c["action"] == "report_move":
            other = c["payload"].get("to_report")
            if other in incident_of:
                incident_of[target] = incident_of[other]
        elif c["action"] == "incident_merge":
            other = c["payload"].get("with_report")
            if other in incident_of:
                old, new = incident_of[other], incident_of[target]
                incident_of = {r: (new if k == old else k) for r, k in incident_of.items()}
        elif c["action"] == "incident_split":
            incident_of[target] = f"split:{target}"
    return incident_of
