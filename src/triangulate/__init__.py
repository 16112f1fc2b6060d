"""triangulate: conflicting news reports of armed-conflict incidents -> a sourced incident ledger.

Library first: `triangulate.extract(text, published=..., outlet=...)` returns an `Extraction`
(dataclasses, every value with its evidence offsets); `triangulate.store.Ledger` keeps incidents
across outlets. The stage packages are `ingest`, `extract` (callable: the one-report API), `link`,
`reconcile`, `store`, and the interfaces on top (`cli`, `web`).
"""

from __future__ import annotations

from triangulate import extract
from triangulate.extract.pipeline import Extractor, extract_document
from triangulate.ingest import make_document, read
from triangulate.model import (
    ActorRef,
    Attribution,
    Claim,
    Document,
    Evidence,
    Extraction,
    Place,
    RecordError,
    Report,
    to_dict,
)

__version__ = "0.1.0"

__all__ = [
    "ActorRef", "Attribution", "Claim", "Document", "Evidence", "Extraction", "Extractor", "Place",
    "RecordError", "Report", "extract", "extract_document", "make_document", "read", "to_dict",
]
