"""The public Python API for one report: `triangulate.extract(text, published=..., outlet=...)`."""

from __future__ import annotations

import datetime as dt

from triangulate.extract.pipeline import extract_document
from triangulate.ingest.readers import make_document
from triangulate.model import Extraction


def extract(
    text: str,
    *,
    published: dt.date | str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str = "<text>",
    language: str | None = None,
) -> Extraction:
    """Extract incidents and sourced claims from one report's text. `language` (ISO 639-1: "fr",
    "ar") skips detection; the document's `language` says which was read, `notice` why nothing was."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published[:10])
    doc = make_document(text, source=source, title=title, published=published, outlet=outlet, url=url,
                        language=language)
    return extract_document(doc)
