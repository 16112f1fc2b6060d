"""Extract: `Document` -> `Extraction` (incidents with sourced claims)."""

from triangulate.extract.pipeline import Extractor, extract_document

__all__ = ["Extractor", "extract_document"]
