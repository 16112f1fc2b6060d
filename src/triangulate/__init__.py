"""triangulate: conflicting news reports of armed-conflict incidents -> a sourced incident ledger.

Library first: `triangulate.extract(text, published=..., outlet=...)` returns an `Extraction`
(dataclasses, every value with its evidence offsets). The stage packages are `ingest`, `extract`
(the submodule; the function of the same name below shadows it on purpose, as the public API),
and the interfaces on top (`cli`).
"""

from __future__ import annotations

import datetime as dt

import triangulate.extract as _extract_stage  # noqa: F401  (import the stage before shadowing its name)
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


def extract(
    text: str,
    *,
    published: dt.date | str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str = "<text>",
) -> Extraction:
    """Extract incidents and sourced claims from one report's text."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published[:10])
    doc = make_document(text, source=source, title=title, published=published, outlet=outlet, url=url)
    return extract_document(doc)


__all__ = [
    "ActorRef", "Attribution", "Claim", "Document", "Evidence", "Extraction", "Extractor", "Place",
    "RecordError", "Report", "extract", "extract_document", "make_document", "read", "to_dict",
]
