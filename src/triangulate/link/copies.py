"""Provenance: which document copies which (near-duplicate text, MinHash LSH) and which relays whom
(wire credits, "Continue this article at RT", claims relayed from an outlet).

Contract: `copy_edges(docs) -> list[Edge]`, `relay_edges(docs, claims) -> list[Edge]`. An edge points
from the derived document to its origin: a document id, or `outlet:<id>` for an outlet whose own
article is not in the ledger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datasketch import MinHash

from triangulate.link.bands import keys_of, keys_of_values, minhash

NUM_PERM = 64
COPY_THRESHOLD = 0.5
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Edge:
    src: str
    dst: str
    kind: str  # copy | relay
    detail: str = ""


def _shingles(text: str, size: int = 4, limit: int = 160) -> set[bytes]:
    words = _WORD.findall(text.lower())[:limit]
    return {" ".join(words[i:i + size]).encode() for i in range(max(1, len(words) - size + 1))}


def signature(text: str) -> MinHash:
    return minhash(sorted(_shingles(text)), NUM_PERM)


def bands(sig: MinHash) -> list[int]:
    """The LSH band keys of a document's opening: documents sharing one are compared."""
    return keys_of(sig, b"copy", COPY_THRESHOLD, NUM_PERM)


def bands_of_values(values: tuple[int, ...]) -> list[int]:
    """`bands` of a signature kept as its hash values (link/text_keys.py)."""
    return keys_of_values(values, b"copy", COPY_THRESHOLD, NUM_PERM)


def copy_edge(a: dict[str, object], b: dict[str, object], jaccard: float) -> Edge:
    """The later-published (then the larger id) of two near-duplicates is the copy."""
    first, second = sorted([a, b], key=lambda x: (str(x.get("published") or "9999"), str(x["id"])))
    return Edge(str(second["id"]), str(first["id"]), "copy", f"jaccard {jaccard:.2f}")


def copy_edges(docs: list[dict[str, object]]) -> list[Edge]:
    """Near-duplicates by the opening of their text; the later-published (then the larger id) is the
    copy. `docs` rows need id, published, text."""
    buckets: dict[int, list[int]] = {}
    sigs = [signature(str(d["text"])) for d in docs]
    seen: set[tuple[int, int]] = set()
    edges: list[Edge] = []
    for j, sig in enumerate(sigs):
        for band in bands(sig):
            for i in buckets.setdefault(band, []):
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                jaccard = sig.jaccard(sigs[i])
                if jaccard >= COPY_THRESHOLD:
                    edges.append(copy_edge(docs[i], docs[j], jaccard))
            buckets[band].append(j)
    return edges


def relay_edges(docs: list[dict[str, object]], relayed: dict[str, set[str]],
                origins: list[dict[str, object]] | None = None) -> list[Edge]:
    """A document that credits an outlet, or holds claims relayed from it, derives from that outlet;
    from that outlet's own document when the ledger has one of the same day (among `origins`, by
    default `docs`)."""
    by_outlet: dict[str, list[dict[str, object]]] = {}
    for d in docs if origins is None else origins:
        if d.get("outlet"):
            by_outlet.setdefault(str(d["outlet"]), []).append(d)
    edges: list[Edge] = []
    for d in docs:
        credited: list[str] = list(d.get("credited") or [])  # type: ignore[call-overload]  # a JSON list
        outlets = set(credited) | relayed.get(str(d["id"]), set())
        for outlet in sorted(outlets):
            if outlet == d.get("outlet"):
                continue
            origin = min(
                (o for o in by_outlet.get(outlet, []) if o["id"] != d["id"] and o.get("published") == d.get("published")),
                key=lambda o: str(o["id"]), default=None,
            )
            dst = str(origin["id"]) if origin else f"outlet:{outlet}"
            edges.append(Edge(str(d["id"]), dst, "relay", outlet))
    return edges
